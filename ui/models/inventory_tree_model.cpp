#include "ui/models/inventory_tree_model.h"

#include <QBrush>
#include <QIcon>
#include <QMap>

namespace loom::ui {

QList<InventoryTreeModel::Node> InventoryTreeModel::build(const Inventory& inv) {
    QList<Node> nodes;
    // Hosts in name order, then under each its networks (by name) and their endpoints.
    QList<HostInfo> hosts = inv.hosts;
    std::sort(hosts.begin(), hosts.end(),
              [](const HostInfo& a, const HostInfo& b) { return a.name < b.name; });
    QMap<QString, const NetworkInfo*> networks;
    for (const auto& n : inv.networks) networks.insert(n.id, &n);
    for (const auto& h : hosts) {
        Node host;
        host.kind = Kind::Host;
        host.id = h.id;
        host.name = h.name;
        host.detail = h.alive ? h.vtep : tr("down");
        host.failed = !h.alive;
        host.row = static_cast<int>(nodes.size());  // fixed below for roots
        int hostIndex = static_cast<int>(nodes.size());
        nodes.append(host);
        // network id -> endpoints of this host, by name
        QMap<QString, QList<const EndpointInfo*>> byNetwork;
        for (const auto& e : inv.endpoints) {
            if (e.hostId == h.id) byNetwork[e.networkId].append(&e);
        }
        QList<QString> order = byNetwork.keys();
        std::sort(order.begin(), order.end(), [&](const QString& a, const QString& b) {
            QString na = networks.value(a) ? networks.value(a)->name : a;
            QString nb = networks.value(b) ? networks.value(b)->name : b;
            return na < nb;
        });
        for (const auto& netId : order) {
            Node net;
            net.kind = Kind::Network;
            net.id = netId;
            const NetworkInfo* n = networks.value(netId);
            net.name = n ? n->name : netId;
            net.detail = n ? n->subnet : QString();
            net.parent = hostIndex;
            net.row = static_cast<int>(nodes[hostIndex].children.size());
            int netIndex = static_cast<int>(nodes.size());
            nodes[hostIndex].children.append(netIndex);
            nodes.append(net);
            auto eps = byNetwork.value(netId);
            std::sort(eps.begin(), eps.end(), [](const EndpointInfo* a, const EndpointInfo* b) {
                return a->name < b->name;
            });
            for (const auto* e : eps) {
                Node ep;
                ep.kind = Kind::Endpoint;
                ep.id = e->id;
                ep.name = e->name;
                ep.detail = e->ip;
                ep.failed = e->state == QStringLiteral("failed");
                ep.tooltip = e->stateMessage;
                ep.parent = netIndex;
                ep.row = static_cast<int>(nodes[netIndex].children.size());
                nodes[netIndex].children.append(static_cast<int>(nodes.size()));
                nodes.append(ep);
            }
        }
    }
    int row = 0;
    for (auto& n : nodes) {
        if (n.parent < 0) n.row = row++;
    }
    return nodes;
}

void InventoryTreeModel::setInventory(const Inventory& inventory) {
    QList<Node> fresh = build(inventory);
    bool same = fresh.size() == m_nodes.size();
    for (int i = 0; same && i < fresh.size(); ++i) same = fresh[i].sameShape(m_nodes[i]);
    if (!same) {
        beginResetModel();
        m_nodes = std::move(fresh);
        m_roots.clear();
        for (int i = 0; i < m_nodes.size(); ++i) {
            if (m_nodes[i].parent < 0) m_roots.append(i);
        }
        endResetModel();
        return;
    }
    for (int i = 0; i < fresh.size(); ++i) {
        const Node& a = fresh[i];
        const Node& b = m_nodes[i];
        if (a.name == b.name && a.detail == b.detail && a.failed == b.failed &&
            a.tooltip == b.tooltip) {
            continue;
        }
        m_nodes[i] = a;
        QModelIndex left = createIndex(a.row, 0, static_cast<quintptr>(i));
        emit dataChanged(left, left.siblingAtColumn(1));
    }
}

QModelIndex InventoryTreeModel::index(int row, int column, const QModelIndex& parent) const {
    if (column < 0 || column >= 2 || row < 0) return {};
    const QList<int>& children =
        parent.isValid() ? m_nodes[static_cast<int>(parent.internalId())].children : m_roots;
    if (row >= children.size()) return {};
    return createIndex(row, column, static_cast<quintptr>(children[row]));
}

QModelIndex InventoryTreeModel::parent(const QModelIndex& child) const {
    if (!child.isValid()) return {};
    int p = m_nodes[static_cast<int>(child.internalId())].parent;
    if (p < 0) return {};
    return createIndex(m_nodes[p].row, 0, static_cast<quintptr>(p));
}

int InventoryTreeModel::rowCount(const QModelIndex& parent) const {
    if (!parent.isValid()) return static_cast<int>(m_roots.size());
    if (parent.column() != 0) return 0;
    return static_cast<int>(m_nodes[static_cast<int>(parent.internalId())].children.size());
}

int InventoryTreeModel::columnCount(const QModelIndex&) const {
    return 2;
}

QVariant InventoryTreeModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid)) return {};
    const Node& n = m_nodes[static_cast<int>(index.internalId())];
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
