#pragma once

#include <QAbstractItemModel>
#include <QList>

#include "ui/client/types.h"

namespace loom::ui {

// The inventory as a tree: each host, the networks it has endpoints on, and those endpoints
// (an endpoint sits inside its host, as on the designer's canvas). A refresh that leaves the
// shape alone only changes cells; a new or removed object rebuilds the tree.
class InventoryTreeModel : public QAbstractItemModel {
    Q_OBJECT
public:
    enum class Kind { Host, Network, Endpoint };
    enum Role { KindRole = Qt::UserRole + 1, IdRole };

    using QAbstractItemModel::QAbstractItemModel;

    void setInventory(const Inventory& inventory);

    QModelIndex index(int row, int column, const QModelIndex& parent = {}) const override;
    QModelIndex parent(const QModelIndex& child) const override;
    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    struct Node {
        Kind kind = Kind::Host;
        QString id;
        QString name, detail;  // the two columns
        bool failed = false;
        QString tooltip;
        int parent = -1;  // index in m_nodes; -1 for a host
        int row = 0;      // under its parent
        QList<int> children;
        bool sameShape(const Node& o) const {
            return kind == o.kind && id == o.id && parent == o.parent && row == o.row &&
                   children == o.children;
        }
    };
    static QList<Node> build(const Inventory& inventory);

    QList<Node> m_nodes;
    QList<int> m_roots;
};

}  // namespace loom::ui
