#include "ui/models/inventory_tree_model.h"

#include <QBrush>
#include <QIcon>
#include <QMap>
#include <QSet>

#include <algorithm>
#include <tuple>

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
        if (!h.canEncrypt && !h.encryptionMessage.isEmpty()) {
            host.tooltip = tr("joins no encrypted network: %1").arg(h.encryptionMessage);
        }
        const auto& byNetwork = placed[h.id];
        QList<QString> order = byNetwork.keys();
        std::sort(order.begin(), order.end(), [&](const QString& a, const QString& b) {
            QString na = networks.value(a) ? networks.value(a)->name : a;
            QString nb = networks.value(b) ? networks.value(b)->name : b;
            return std::tie(na, a) < std::tie(nb, b);
        });
        for (const auto& netId : order) {
            Row net = networkRow(netId, networks.value(netId));
            auto eps = byNetwork.value(netId);
            std::sort(eps.begin(), eps.end(), [](const EndpointInfo* a, const EndpointInfo* b) {
                return std::tie(a->name, a->id) < std::tie(b->name, b->id);
            });
            for (const auto* e : eps) net.children.append(endpointRow(*e));
            host.children.append(std::move(net));
        }
        roots.append(std::move(host));
    }
    QList<ServiceInfo> services = inv.services;
    std::sort(services.begin(), services.end(), [](const ServiceInfo& a, const ServiceInfo& b) {
        return std::tie(a.name, a.id) < std::tie(b.name, b.id);
    });
    for (const auto& s : services) roots.append(serviceRow(s));
    return roots;
}

InventoryTreeModel::Row InventoryTreeModel::serviceRow(const ServiceInfo& s) {
    Row row;
    row.kind = Kind::Service;
    row.key = QStringLiteral("s:") + s.id;
    row.id = s.id;
    row.name = s.name;
    row.detail = tr("%1 · %2 · %3/%4 healthy")
                     .arg(s.vip, s.ports.isEmpty() ? tr("every port") : s.ports)
                     .arg(s.healthyCount())
                     .arg(s.backends.size());
    row.tooltip = tr("Service %1 on network %2").arg(s.name, s.networkName);
    row.failed = !s.backends.isEmpty() && s.healthyCount() == 0;
    QList<ServiceBackendInfo> backends = s.backends;
    std::sort(backends.begin(), backends.end(),
              [](const ServiceBackendInfo& a, const ServiceBackendInfo& b) {
                  return std::tie(a.endpointName, a.hostName) <
                         std::tie(b.endpointName, b.hostName);
              });
    for (const auto& b : backends) {
        Row backend;
        backend.kind = Kind::Backend;
        backend.key = QStringLiteral("b:") + b.endpointId;
        backend.id = b.endpointId;
        backend.name = tr("%1 on %2").arg(b.endpointName, b.hostName);
        backend.detail = b.healthy ? tr("%1 · healthy").arg(b.ip) : tr("%1 · out").arg(b.ip);
        backend.failed = !b.healthy;
        backend.tooltip = b.healthy ? QString() : b.healthMessage;
        row.children.append(backend);
    }
    return row;
}

InventoryTreeModel::Row InventoryTreeModel::networkRow(const QString& id, const NetworkInfo* n) {
    Row net;
    net.kind = Kind::Network;
    net.key = QStringLiteral("n:") + id;
    net.id = id;
    net.name = n ? n->name : id;
    net.detail = n ? n->subnet : QString();
    net.encrypted = n && n->encrypted;
    if (net.encrypted) net.tooltip = tr("encrypted: its traffic between hosts in ESP (AES-GCM)");
    return net;
}

InventoryTreeModel::Row InventoryTreeModel::endpointRow(const EndpointInfo& e) {
    Row ep;
    ep.kind = Kind::Endpoint;
    ep.key = QStringLiteral("e:") + e.id;
    ep.id = e.id;
    ep.name = e.name;
    ep.detail = e.ip;
    ep.failed = e.state == QStringLiteral("failed");
    ep.tooltip = e.stateMessage;
    if (!e.containerId.isEmpty()) {
        if (!ep.tooltip.isEmpty()) ep.tooltip += QLatin1Char('\n');
        //: a container runtime (podman, containerd) made this endpoint through Loom's CNI plugin
        ep.tooltip += tr("container %1, made by its runtime").arg(e.containerId.left(12));
    }
    return ep;
}

void InventoryTreeModel::setInventory(const Inventory& inventory) {
    sync(0, build(inventory));
}

void InventoryTreeModel::update(const Inventory& inventory, const InventoryChange& change) {
    // A host or a network changed (rare): their rows, their order and where endpoints sit may
    // all follow, so the whole tree is compared.
    if (change.everything || change.hosts || change.networks || change.services) {
        setInventory(inventory);
        return;
    }
    if (change.endpoints.isEmpty()) return;
    QHash<QString, const EndpointInfo*> now;
    for (const auto& e : inventory.endpoints) {
        if (change.endpoints.contains(e.id)) now.insert(e.id, &e);
    }
    for (const QString& id : change.endpoints) {
        const EndpointInfo* e = now.value(id);
        if (quintptr handle = m_endpointRows.value(id)) {
            const Node& node = m_nodes[handle];
            const Node& net = m_nodes[node.parent];
            const bool inPlace = e && node.row.name == e->name && net.row.id == e->networkId &&
                                 m_nodes[net.parent].row.id == e->hostId;
            if (inPlace) {
                Row cells = endpointRow(*e);
                if (!node.row.sameCells(cells)) {
                    m_nodes[handle].row = cells;
                    QModelIndex left = indexOf(handle);
                    emit dataChanged(left, left.siblingAtColumn(1));
                }
                continue;
            }
            removeEndpoint(handle);
        }
        if (e) insertEndpoint(*e, inventory.networks);
    }
}

void InventoryTreeModel::removeEndpoint(quintptr handle) {
    const quintptr net = m_nodes[handle].parent;
    const quintptr host = m_nodes[net].parent;
    auto take = [this](quintptr parent, quintptr child) {
        int at = static_cast<int>(childrenOf(parent).indexOf(child));
        beginRemoveRows(indexOf(parent), at, at);
        drop(child);
        childrenOf(parent).removeAt(at);
        endRemoveRows();
    };
    take(net, handle);
    if (childrenOf(net).isEmpty()) take(host, net);
}

void InventoryTreeModel::insertEndpoint(const EndpointInfo& e, const QList<NetworkInfo>& networks) {
    const quintptr host = m_hostRows.value(e.hostId);
    if (!host) return;  // as build(): only the endpoints of hosts in the inventory
    // Where `row` goes among the children of `parent`, which are in name order.
    auto place = [this](quintptr parent, const Row& row) {
        const QList<quintptr>& children = childrenOf(parent);
        auto at = std::lower_bound(children.begin(), children.end(), row,
                                   [this](quintptr c, const Row& r) {
                                       const Row& have = m_nodes[c].row;
                                       return std::tie(have.name, have.id) < std::tie(r.name, r.id);
                                   });
        int i = static_cast<int>(at - children.begin());
        beginInsertRows(indexOf(parent), i, i);
        quintptr handle = add(parent, row);
        childrenOf(parent).insert(i, handle);
        endInsertRows();
        return handle;
    };
    const QString netKey = QStringLiteral("n:") + e.networkId;
    quintptr net = 0;
    for (quintptr c : childrenOf(host)) {
        if (m_nodes[c].row.key == netKey) net = c;
    }
    if (!net) {
        const NetworkInfo* n = nullptr;
        for (const auto& candidate : networks) {
            if (candidate.id == e.networkId) n = &candidate;
        }
        net = place(host, networkRow(e.networkId, n));
    }
    place(net, endpointRow(e));
}

quintptr InventoryTreeModel::add(quintptr parent, const Row& row) {
    quintptr handle = m_next++;
    Node node;
    node.row = row;
    node.row.children.clear();
    node.parent = parent;
    if (row.kind == Kind::Host) m_hostRows.insert(row.id, handle);
    if (row.kind == Kind::Endpoint) m_endpointRows.insert(row.id, handle);
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
    if (it->row.kind == Kind::Host || it->row.kind == Kind::Endpoint) {
        auto& byId = it->row.kind == Kind::Host ? m_hostRows : m_endpointRows;
        if (byId.value(it->row.id) == handle) byId.remove(it->row.id);
    }
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
            return QIcon(n.kind == Kind::Host ? QStringLiteral(":/icons/host.svg")
                         : n.kind == Kind::Network && n.encrypted
                             ? QStringLiteral(":/icons/network-encrypted.svg")
                         : n.kind == Kind::Network ? QStringLiteral(":/icons/network.svg")
                         : n.kind == Kind::Service ? QStringLiteral(":/icons/service.svg")
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
