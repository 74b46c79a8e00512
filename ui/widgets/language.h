#pragma once

#include <QString>

class QTranslator;

namespace loom::ui {

// Loads the console's translation into `translator`: `language` ("de", "zh_CN") when given,
// else the first of the system's UI languages that Loom has. False when there is none (the
// strings stay English).
bool loadLanguage(QTranslator& translator, const QString& language = {});

}  // namespace loom::ui
