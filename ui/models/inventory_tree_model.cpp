#include "ui/models/inventory_tree_model.h"

#include <QBrush>
#include <QIcon>
#include <QMap>
#include <QSet>

namespace loom::ui {

QList<InventoryTreeModel::Row> InventoryTreeModel::build(const Inventory& inv) {
    QList<Row> roots;
    // Hosts in name order, then under each its networks (by name) and their endpoints.
    QList<HostInfo> hosts = inv.hosts;
    std::sort(hosts.begin(), hosts.end(),
              [](const HostInfo& a, const HostInfo& b) { return a.name < b.name; });
    QMap<QString, const NetworkInfo*> networks;
    for (const auto& n : inv.networks) networks.insert(n.id, &n);
    // host id -> network id -> endpoints
    QHash<QString, QMap<QString, QList<const EndpointInfo*>>> placed;
    for (const auto& e : inv.endpoints) placed[e.hostId][e.networkId].append(&e);
    for (const auto& h : hosts) {
        Row host;
        host.kind = Kind::Host;
        host.key = QStringLiteral("h:") + h.id;
        host.id = h.id;
        host.name = h.name;
        host.detail = h.alive ? h.vtep : tr("down");
        host.failed = !h.alive;
        const auto& byNetwork = placed[h.id];
        QList<QString> order = byNetwork.keys();
        std::sort(order.begin(), order.end(), [&](const QString& a, const QString& b) {
            QString na = networks.value(a) ? networks.value(a)->name : a;
            QString nb = networks.value(b) ? networks.value(b)->name : b;
            return na < nb;
        });
        for (const auto& netId : order) {
            Row net;
            net.kind = Kind::Network;
            net.key = QStringLiteral("n:") + netId;
            net.id = netId;
            const NetworkInfo* n = networks.value(netId);
            net.name = n ? n->name : netId;
            net.detail = n ? n->subnet : QString();
            auto eps = byNetwork.value(netId);
            std::sort(eps.begin(), eps.end(), [](const EndpointInfo* a, const EndpointInfo* b) {
                return a->name < b->name;
            });
            for (const auto* e : eps) {
                Row ep;
                ep.kind = Kind::Endpoint;
                ep.key = QStringLiteral("e:") + e->id;
                ep.id = e->id;
                ep.name = e->name;
                ep.detail = e->ip;
                ep.failed = e->state == QStringLiteral("failed");
                ep.tooltip = e->stateMessage;
                net.children.append(std::move(ep));
            }
            host.children.append(std::move(net));
        }
        roots.append(std::move(host));
    }
    return roots;
}

void InventoryTreeModel::setInventory(const Inventory& inventory) {
    sync(0, build(inventory));
}

quintptr InventoryTreeModel::add(quintptr parent, const Row& row) {
    quintptr handle = m_next++;
    Node node;
    node.row = row;
    node.row.children.clear();
    node.parent = parent;
    m_nodes.insert(handle, node);
    for (const auto& child : row.children) {
        quintptr c = add(handle, child);  // first: it grows m_nodes, which may move every node
        m_nodes[handle].children.append(c);
    }
    return handle;
}

void InventoryTreeModel::drop(quintptr handle) {
    auto it = m_nodes.find(handle);
    if (it == m_nodes.end()) return;
    const QList<quintptr> children = it->children;
    for (quintptr c : children) drop(c);
    m_nodes.remove(handle);
}

void InventoryTreeModel::sync(quintptr parent, const QList<Row>& wanted) {
    QModelIndex parentIndex = parent ? indexOf(parent) : QModelIndex();
    QSet<QString> keep;
    keep.reserve(wanted.size());
    for (const auto& r : wanted) keep.insert(r.key);
    // Rows that went, last first (each removal its own signal: usually one or a few).
    for (int i = static_cast<int>(childrenOf(parent).size()) - 1; i >= 0; --i) {
        quintptr handle = childrenOf(parent)[i];
        if (keep.contains(m_nodes[handle].row.key)) continue;
        beginRemoveRows(parentIndex, i, i);
        drop(handle);
        childrenOf(parent).removeAt(i);
        endRemoveRows();
    }
    // Rows that came, in place; a row whose place changed (renamed) is taken out and put back.
    for (int i = 0; i < wanted.size(); ++i) {
        const QList<quintptr>& have = childrenOf(parent);
        if (i < have.size() && m_nodes[have[i]].row.key == wanted[i].key) continue;
        int found = -1;
        for (int j = i + 1; j < have.size(); ++j) {
            if (m_nodes[have[j]].row.key == wanted[i].key) {
                found = j;
                break;
            }
        }
        if (found >= 0) {
            quintptr moved = have[found];
            beginRemoveRows(parentIndex, found, found);
            drop(moved);
            childrenOf(parent).removeAt(found);
            endRemoveRows();
        }
        beginInsertRows(parentIndex, i, i);
        quintptr handle = add(parent, wanted[i]);
        childrenOf(parent).insert(i, handle);
        endInsertRows();
    }
    // The cells of rows that stayed, and their children.
    const QList<quintptr> now = childrenOf(parent);
    for (int i = 0; i < wanted.size() && i < now.size(); ++i) {
        Node& node = m_nodes[now[i]];
        if (!node.row.sameCells(wanted[i])) {
            Row cells = wanted[i];
            cells.children.clear();
            node.row = cells;
            QModelIndex left = createIndex(i, 0, now[i]);
            emit dataChanged(left, left.siblingAtColumn(1));
        }
        sync(now[i], wanted[i].children);
    }
}

QModelIndex InventoryTreeModel::indexOf(quintptr handle, int column) const {
    auto it = m_nodes.find(handle);
    if (it == m_nodes.end()) return {};
    int row = static_cast<int>(childrenOf(it->parent).indexOf(handle));
    return row < 0 ? QModelIndex() : createIndex(row, column, handle);
}

QModelIndex InventoryTreeModel::index(int row, int column, const QModelIndex& parent) const {
    if (column < 0 || column >= 2 || row < 0) return {};
    if (parent.isValid() && parent.column() != 0) return {};
    const QList<quintptr>& children = childrenOf(parent.isValid() ? parent.internalId() : 0);
    if (row >= children.size()) return {};
    return createIndex(row, column, children[row]);
}

QModelIndex InventoryTreeModel::parent(const QModelIndex& child) const {
    if (!child.isValid()) return {};
    auto it = m_nodes.find(child.internalId());
    if (it == m_nodes.end() || !it->parent) return {};
    return indexOf(it->parent);
}

int InventoryTreeModel::rowCount(const QModelIndex& parent) const {
    if (!parent.isValid()) return static_cast<int>(m_roots.size());
    if (parent.column() != 0) return 0;
    auto it = m_nodes.find(parent.internalId());
    return it == m_nodes.end() ? 0 : static_cast<int>(it->children.size());
}

int InventoryTreeModel::columnCount(const QModelIndex&) const {
    return 2;
}

QVariant InventoryTreeModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid)) return {};
    auto it = m_nodes.find(index.internalId());
    if (it == m_nodes.end()) return {};
    const Row& n = it->row;
    switch (role) {
        case Qt::DisplayRole:
            return index.column() == 0 ? n.name : n.detail;
        case Qt::DecorationRole:
            if (index.column() != 0) return {};
            return QIcon(n.kind == Kind::Host      ? QStringLiteral(":/icons/host.svg")
                         : n.kind == Kind::Network ? QStringLiteral(":/icons/network.svg")
                                                   : QStringLiteral(":/icons/endpoint.svg"));
        case Qt::ToolTipRole:
            return n.tooltip.isEmpty() ? QVariant() : n.tooltip;
        case Qt::ForegroundRole:
            return n.failed ? QVariant(QBrush(Qt::red)) : QVariant();
        case KindRole:
            return static_cast<int>(n.kind);
        case IdRole:
            return n.id;
    }
    return {};
}

QVariant InventoryTreeModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    if (section == 0) return tr("Name");
    if (section == 1) return tr("Address");
    return {};
}

}  // namespace loom::ui
