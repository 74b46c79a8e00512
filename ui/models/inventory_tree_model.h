#pragma once

#include <QAbstractItemModel>
#include <QHash>
#include <QList>

#include "ui/client/types.h"

namespace loom::ui {

// The inventory as a tree: each host, the networks it has endpoints on, and those endpoints
// (an endpoint sits inside its host, as on the designer's canvas); after the hosts, the services
// (they span the cluster), each with its backends and whether each is in the healthy set. An update
// inserts and removes only the rows that came and went, and changes only the cells that changed, so
// that views keep their selection and expansion and a thousand-endpoint tree is not rebuilt for one
// endpoint.
class InventoryTreeModel : public QAbstractItemModel {
    Q_OBJECT
public:
    enum class Kind { Host, Network, Endpoint, Service, Backend };
    enum Role { KindRole = Qt::UserRole + 1, IdRole };

    using QAbstractItemModel::QAbstractItemModel;

    void setInventory(const Inventory& inventory);
    // The same as setInventory(inventory) when only what `change` names can differ from what
    // the model holds: a burst of endpoint events moves, changes, adds and removes those rows
    // alone, without building the tree again.
    void update(const Inventory& inventory, const InventoryChange& change);

    QModelIndex index(int row, int column, const QModelIndex& parent = {}) const override;
    QModelIndex parent(const QModelIndex& child) const override;
    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    // What a row shows; `key` names it among its siblings ("h:ID", "n:ID", "e:ID").
    struct Row {
        Kind kind = Kind::Host;
        QString key, id;
        QString name, detail;  // the two columns
        bool failed = false;
        bool encrypted = false;  // a network whose traffic between hosts is in ESP: a lock
        QString tooltip;
        QList<Row> children;
        bool sameCells(const Row& o) const {
            return name == o.name && detail == o.detail && failed == o.failed &&
                   tooltip == o.tooltip && encrypted == o.encrypted;
        }
    };
    // A row as the model holds it: its handle (the index's internal id) stays the same for as
    // long as the row exists.
    struct Node {
        Row row;              // without children
        quintptr parent = 0;  // 0 for a host
        QList<quintptr> children;
    };
    static QList<Row> build(const Inventory& inventory);
    static Row networkRow(const QString& id, const NetworkInfo* network);
    static Row endpointRow(const EndpointInfo& e);
    static Row serviceRow(const ServiceInfo& s);
    // One endpoint's row taken out, with its network's row if that was the last under the host.
    void removeEndpoint(quintptr handle);
    // One endpoint's row put in its place (by name and id, under its network's row likewise).
    void insertEndpoint(const EndpointInfo& e, const QList<NetworkInfo>& networks);
    // Brings the children of `parent` (0: the roots) in line with `wanted`, rows in place.
    void sync(quintptr parent, const QList<Row>& wanted);
    quintptr add(quintptr parent, const Row& row);
    void drop(quintptr handle);
    QList<quintptr>& childrenOf(quintptr parent) {
        return parent ? m_nodes[parent].children : m_roots;
    }
    const QList<quintptr>& childrenOf(quintptr parent) const {
        return parent ? m_nodes.find(parent)->children : m_roots;
    }
    QModelIndex indexOf(quintptr handle, int column = 0) const;

    QHash<quintptr, Node> m_nodes;
    QList<quintptr> m_roots;
    QHash<QString, quintptr> m_hostRows, m_endpointRows;  // by id
    quintptr m_next = 1;
};

}  // namespace loom::ui
