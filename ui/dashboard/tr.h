#pragma once

#include <QCoreApplication>

namespace loom::ui {

// Translations of the dashboard's free functions (units, menus, panel titles): one context,
// which lupdate finds through this declaration.
struct Tr {
    Q_DECLARE_TR_FUNCTIONS(loom::ui::Dashboard)
};

}  // namespace loom::ui
