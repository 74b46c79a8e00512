#include "ui/client/inventory_events.h"

#include <algorithm>

namespace loom::ui {

namespace {

template <typename T>
qsizetype indexOf(const QList<T>& list, const QString& id) {
    for (qsizetype i = 0; i < list.size(); ++i) {
        if (list[i].id == id) return i;
    }
    return -1;
}

QString bare(const QString& cidrOrIp) {
    return cidrOrIp.section(QLatin1Char('/'), 0, 0);
}

void countEndpoint(Inventory& inv, const EndpointInfo& e, int delta) {
    if (auto n = indexOf(inv.networks, e.networkId); n >= 0) {
        inv.networks[n].endpointCount = std::max(0, inv.networks[n].endpointCount + delta);
    }
    if (auto h = indexOf(inv.hosts, e.hostId); h >= 0) {
        inv.hosts[h].endpointCount = std::max(0, inv.hosts[h].endpointCount + delta);
    }
}

// The backends of a network's service `name`, as the inventory's endpoints say (an endpoint
// event carries no service): health as the service's last event had it, new ones in.
void followBackends(Inventory& inv, const QString& networkId, const QString& name,
                    InventoryChange& change) {
    if (name.isEmpty()) return;
    for (auto& s : inv.services) {
        if (s.networkId != networkId || s.name != name) continue;
        QList<ServiceBackendInfo> backends;
        for (const auto& e : inv.endpoints) {
            if (e.networkId != networkId || e.service != name) continue;
            ServiceBackendInfo b{e.id, e.name, e.hostName, bare(e.ip), true, {}};
            for (const auto& old : s.backends) {
                if (old.endpointId == e.id) {
                    b.healthy = old.healthy;
                    b.healthMessage = old.healthMessage;
                }
            }
            backends.append(b);
        }
        if (backends != s.backends) {
            s.backends = backends;
            change.services = true;
        }
    }
}

bool applyEndpoint(Inventory& inv, const EventInfo& event, InventoryChange& change) {
    const EndpointInfo& e = event.endpoint;
    qsizetype at = indexOf(inv.endpoints, e.id);
    if (event.kind == QStringLiteral("deleted")) {
        if (at < 0) return false;
        const EndpointInfo gone = inv.endpoints[at];
        countEndpoint(inv, gone, -1);
        inv.endpoints.removeAt(at);
        change.endpoints.insert(e.id);
        followBackends(inv, gone.networkId, gone.service, change);
        return true;
    }
    if (at >= 0) {
        if (inv.endpoints[at] == e) return false;
        const QString was = inv.endpoints[at].service;
        inv.endpoints[at] = e;
        change.endpoints.insert(e.id);
        followBackends(inv, e.networkId, was, change);
        if (e.service != was) followBackends(inv, e.networkId, e.service, change);
        return true;
    }
    inv.endpoints.append(e);
    countEndpoint(inv, e, +1);
    change.endpoints.insert(e.id);
    followBackends(inv, e.networkId, e.service, change);
    return true;
}

bool applyService(Inventory& inv, const EventInfo& event, InventoryChange& change) {
    const ServiceInfo& s = event.serviceObject;
    qsizetype at = indexOf(inv.services, s.id);
    if (event.kind == QStringLiteral("deleted")) {
        if (at < 0) return false;
        inv.services.removeAt(at);
        change.services = true;
        return true;
    }
    if (at >= 0) {
        if (inv.services[at] == s) return false;
        inv.services[at] = s;
    } else {
        inv.services.append(s);
    }
    change.services = true;
    return true;
}

bool applyNetwork(Inventory& inv, const EventInfo& event, InventoryChange& change) {
    const NetworkInfo& n = event.networkObject;
    qsizetype at = indexOf(inv.networks, n.id);
    if (event.kind == QStringLiteral("deleted")) {
        if (at < 0) return false;
        inv.networks.removeAt(at);
        change.networks = true;
        for (qsizetype i = inv.services.size() - 1; i >= 0; --i) {
            if (inv.services[i].networkId != n.id) continue;
            inv.services.removeAt(i);
            change.services = true;
        }
        for (qsizetype i = inv.endpoints.size() - 1; i >= 0; --i) {
            if (inv.endpoints[i].networkId != n.id) continue;
            change.endpoints.insert(inv.endpoints[i].id);
            countEndpoint(inv, inv.endpoints[i], -1);
            inv.endpoints.removeAt(i);
        }
        return true;
    }
    if (at >= 0) {
        // The count is the inventory's own: an event's copy may predate its endpoints.
        NetworkInfo merged = n;
        merged.endpointCount = inv.networks[at].endpointCount;
        if (inv.networks[at] == merged) return false;
        inv.networks[at] = merged;
        change.networks = true;
        return true;
    }
    inv.networks.append(n);
    change.networks = true;
    return true;
}

bool applyHost(Inventory& inv, const EventInfo& event, InventoryChange& change) {
    HostInfo h = event.hostObject;
    qsizetype at = indexOf(inv.hosts, h.id);
    if (at >= 0) {
        h.endpointCount = inv.hosts[at].endpointCount;
        if (h.vtep.isEmpty()) h.vtep = inv.hosts[at].vtep;
        if (inv.hosts[at] == h) return false;
        inv.hosts[at] = h;
        change.hosts = true;
        return true;
    }
    inv.hosts.append(h);
    change.hosts = true;
    return true;
}

}  // namespace

bool applyEvent(Inventory& inventory, const EventInfo& event, InventoryChange* change) {
    if (!event.hasObject) return false;
    InventoryChange ignored = InventoryChange::none();
    InventoryChange& noted = change ? *change : ignored;
    if (event.host) return applyHost(inventory, event, noted);
    if (event.service) return applyService(inventory, event, noted);
    if (event.network) return applyNetwork(inventory, event, noted);
    return applyEndpoint(inventory, event, noted);
}

}  // namespace loom::ui
