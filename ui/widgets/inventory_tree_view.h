#pragma once

#include <QTreeView>

#include "ui/dashboard/chart_menu.h"

namespace loom::ui {

class InventoryTreeModel;

// The inventory tree as the console's dock shows it: the name column fitted to the rows in
// sight, expanded after a reset, and a context menu asked for with the object under the mouse
// (and the host it sits under).
class InventoryTreeView : public QTreeView {
    Q_OBJECT
public:
    explicit InventoryTreeView(InventoryTreeModel* model, QWidget* parent = nullptr);

signals:
    void menuRequested(const loom::ui::ObjectRef& object, const QPoint& globalPos);
    // The id of the object that became current.
    void objectSelected(const QString& id);
};

}  // namespace loom::ui
