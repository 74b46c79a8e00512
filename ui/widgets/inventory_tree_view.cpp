#include "ui/widgets/inventory_tree_view.h"

#include <QHeaderView>

#include "ui/models/inventory_tree_model.h"

namespace loom::ui {

InventoryTreeView::InventoryTreeView(InventoryTreeModel* model, QWidget* parent)
    : QTreeView(parent) {
    setModel(model);
    header()->setStretchLastSection(true);
    header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    // Fitted to the rows in sight: measuring a thousand rows after every insertion took
    // milliseconds of the GUI thread.
    header()->setResizeContentsPrecision(0);
    connect(model, &QAbstractItemModel::modelReset, this, &QTreeView::expandAll);
    setContextMenuPolicy(Qt::CustomContextMenu);
    connect(this, &QTreeView::customContextMenuRequested, this, [this](const QPoint& at) {
        QModelIndex index = indexAt(at);
        if (!index.isValid()) return;
        auto kind =
            static_cast<InventoryTreeModel::Kind>(index.data(InventoryTreeModel::KindRole).toInt());
        // Charts are of hosts, networks and endpoints; a service's rows have none of their own.
        if (kind == InventoryTreeModel::Kind::Service || kind == InventoryTreeModel::Kind::Backend)
            return;
        // The host an object sits under in the tree.
        QModelIndex host = index;
        while (host.parent().isValid()) host = host.parent();
        ObjectRef ref{kind == InventoryTreeModel::Kind::Host      ? TargetKind::Host
                      : kind == InventoryTreeModel::Kind::Network ? TargetKind::Network
                                                                  : TargetKind::Endpoint,
                      index.data(InventoryTreeModel::IdRole).toString(),
                      host.data(InventoryTreeModel::IdRole).toString()};
        emit menuRequested(ref, viewport()->mapToGlobal(at));
    });
    connect(selectionModel(), &QItemSelectionModel::currentChanged, this,
            [this](const QModelIndex& current) {
                emit objectSelected(current.data(InventoryTreeModel::IdRole).toString());
            });
}

}  // namespace loom::ui
