#include "ui/designer/plan.h"

#include <QCoreApplication>
#include <QHash>
#include <QRectF>
#include <QSet>

#include <algorithm>
#include <limits>
#include <tuple>

#include "ui/client/ports.h"

namespace loom::ui {

namespace {

QString bare(const QString& cidrOrIp) {
    return cidrOrIp.section(QLatin1Char('/'), 0, 0);
}

struct Tr {
    Q_DECLARE_TR_FUNCTIONS(loom::ui::Plan)
};

QString arrow(const QString& what, const QString& from, const QString& to) {
    return Tr::tr("%1 %2 → %3")
        .arg(what, from.isEmpty() ? Tr::tr("none") : from, to.isEmpty() ? Tr::tr("none") : to);
}

QString labelsText(const QMap<QString, QString>& labels) {
    QStringList out;
    for (auto it = labels.begin(); it != labels.end(); ++it)
        out << it.key() + QLatin1Char('=') + it.value();
    return out.join(QLatin1Char(','));
}

// What differs between the draft's network and the live one; empty when nothing does.
// What differs between the draft's network and the live one: what the kernel cannot change
// (the network is re-created) and what changes in place (`inPlace`); both empty when nothing.
QStringList networkChanges(const DesignNetwork& d, const NetworkInfo& l, QStringList* inPlace) {
    QStringList out;
    if (d.name != l.name) out << arrow(Tr::tr("name"), l.name, d.name);
    if (d.subnet != l.subnet) out << arrow(Tr::tr("subnet"), l.subnet, d.subnet);
    if (d.vni != 0 && d.vni != l.vni) {
        out << arrow(Tr::tr("VNI"), QString::number(l.vni), QString::number(d.vni));
    }
    if (d.encrypted != l.encrypted) {
        out << (d.encrypted ? Tr::tr("encrypted from now on") : Tr::tr("no longer encrypted"));
    } else if (d.encrypted && d.keyRotationS != 0 && d.keyRotationS != l.keyRotationS) {
        out << arrow(Tr::tr("key rotation"), Tr::tr("%1 s").arg(l.keyRotationS),
                     Tr::tr("%1 s").arg(d.keyRotationS));
    }
    if (d.mtu != 0 && d.mtu != l.mtu) {
        *inPlace << arrow(Tr::tr("MTU"), QString::number(l.mtu), QString::number(d.mtu));
    }
    if (d.labels != l.labels)
        *inPlace << arrow(Tr::tr("labels"), labelsText(l.labels), labelsText(d.labels));
    if (d.internal != l.internal)
        *inPlace << (d.internal ? Tr::tr("internal (its names only)")
                                : Tr::tr("no longer internal"));
    return out;
}

// The same for an endpoint: its labels change in place, nothing else does.
QStringList endpointChanges(const DesignEndpoint& d, const EndpointInfo& l,
                            const QString& networkName, QStringList* inPlace) {
    QStringList out;
    if (d.name != l.name) out << arrow(Tr::tr("name"), l.name, d.name);
    if (d.networkKey != l.networkId) out << arrow(Tr::tr("network"), l.networkName, networkName);
    if (d.hostName != l.hostName) out << arrow(Tr::tr("host"), l.hostName, d.hostName);
    if (!d.ip.isEmpty() && d.ip != bare(l.ip)) out << arrow(Tr::tr("address"), bare(l.ip), d.ip);
    bool netns = d.netnsMode != l.netnsMode ||
                 (d.netnsMode == QStringLiteral("path") && d.netnsPath != l.netnsPath) ||
                 (d.netnsMode == QStringLiteral("pid") && d.pid != l.pid);
    if (netns) out << Tr::tr("namespace");
    if (d.labels != l.labels)
        *inPlace << arrow(Tr::tr("labels"), labelsText(l.labels), labelsText(d.labels));
    if (d.service != l.service) *inPlace << arrow(Tr::tr("service"), l.service, d.service);
    return out;
}

// Ports as one text in one order ("53/udp,8080/tcp"), so that "8080" and "8080/tcp" are equal.
QString samePorts(const QString& ports) {
    auto parsed = portsFromText(ports);
    if (!parsed) return ports;  // a problem of the draft's: compared as written
    std::sort(parsed->begin(), parsed->end(),
              [](const engine::model::ServicePort& a, const engine::model::ServicePort& b) {
                  return std::tie(a.port, a.protocol) < std::tie(b.port, b.protocol);
              });
    return portsToText(*parsed);
}

// What differs between the draft's service and the live one (all of it re-creates it).
QStringList serviceChanges(const DesignService& d, const ServiceInfo& l,
                           const QString& networkName) {
    QStringList out;
    if (d.name != l.name) out << arrow(Tr::tr("name"), l.name, d.name);
    if (d.networkKey != l.networkId) out << arrow(Tr::tr("network"), l.networkName, networkName);
    if (!d.vip.isEmpty() && d.vip != bare(l.vip)) out << arrow(Tr::tr("VIP"), bare(l.vip), d.vip);
    if (samePorts(d.ports) != samePorts(l.ports)) {
        out << arrow(Tr::tr("ports"), l.ports, d.ports);
    }
    return out;
}

}  // namespace

QPointF servicePlace(const DesignNetwork& network, int index) {
    return network.pos + QPointF(index * (kServiceWidth + 6), kNetworkHeight + 6);
}

qreal hostHeight(int endpoints) {
    return 40 + static_cast<qreal>(endpoints) * (kEndpointHeight + 8) + 8;
}

namespace {

constexpr qreal kGap = 18;

// How many endpoints each host of a design has, by host name.
QHash<QString, int> endpointsPerHost(const Design& d) {
    QHash<QString, int> endpoints;
    for (const auto& e : d.endpoints) endpoints[e.hostName]++;
    return endpoints;
}

// The bottom of the lowest host frame of a design (0 without hosts).
qreal hostsBottom(const Design& d, const QHash<QString, int>& endpoints) {
    qreal bottom = 0;
    for (const auto& h : d.hosts)
        bottom = std::max(bottom, h.pos.y() + hostHeight(endpoints.value(h.name)));
    return bottom;
}

// Hosts that grew (endpoints came) must not cover the networks drawn beneath them: the networks
// that lay below every host stay below every host, and a network a host reaches moves down;
// the networks below them move with them, so their rows stay as they were.
void keepNetworksClear(Design& d, const Design& previous) {
    const QHash<QString, int> endpoints = endpointsPerHost(d);
    const qreal wasBottom =
        previous.hosts.isEmpty() ? -1 : hostsBottom(previous, endpointsPerHost(previous));
    const qreal bottom = hostsBottom(d, endpoints);
    qreal shift = 0, from = std::numeric_limits<qreal>::max();
    for (const auto& n : d.networks) {
        if (wasBottom >= 0 && n.pos.y() >= wasBottom) {
            shift = std::max(shift, bottom + 4 * kGap - n.pos.y());
            from = std::min(from, n.pos.y());
        }
        const QRectF bar(n.pos, QSizeF(kNetworkWidth, kNetworkHeight));
        for (const auto& h : d.hosts) {
            const QRectF frame(h.pos, QSizeF(kHostWidth, hostHeight(endpoints.value(h.name))));
            if (n.pos.y() < h.pos.y() || !bar.intersects(frame)) continue;
            shift = std::max(shift, frame.bottom() + 4 * kGap - n.pos.y());
            from = std::min(from, n.pos.y());
        }
    }
    if (shift <= 0) return;
    for (auto& n : d.networks) {
        if (n.pos.y() >= from) n.pos.ry() += shift;
    }
}

}  // namespace

void autoLayout(Design& design) {
    // Hosts side by side; the networks in rows beneath them, like buses the hosts drop onto.
    std::sort(design.hosts.begin(), design.hosts.end(),
              [](const DesignHost& a, const DesignHost& b) { return a.name < b.name; });
    const QHash<QString, int> endpoints = endpointsPerHost(design);
    qreal x = 0, tallest = 0;
    for (auto& h : design.hosts) {
        h.pos = {x, 0};
        x += kHostWidth + kGap;
        tallest = std::max(tallest, hostHeight(endpoints.value(h.name)));
    }
    const qreal rowWidth = std::max<qreal>(x - kGap, 3 * (kNetworkWidth + 3 * kGap));
    QList<DesignNetwork*> networks;
    for (auto& n : design.networks) networks.append(&n);
    std::sort(networks.begin(), networks.end(),
              [](const DesignNetwork* a, const DesignNetwork* b) { return a->name < b->name; });
    qreal nx = 0, ny = tallest + 4 * kGap;
    for (auto* n : networks) {
        if (nx > 0 && nx + kNetworkWidth > rowWidth) {
            nx = 0;
            ny += kNetworkHeight + 2 * kGap;
        }
        n->pos = {nx, ny};
        nx += kNetworkWidth + 3 * kGap;
    }
    // Services beneath their networks.
    QHash<QString, int> perNetwork;
    for (auto& sv : design.services) {
        const int index = perNetwork[sv.networkKey]++;
        if (const auto* n = design.network(sv.networkKey)) sv.pos = servicePlace(*n, index);
    }
}

Design designOf(const Inventory& live, const Design& previous) {
    Design d;
    for (const auto& h : live.hosts) d.hosts.append({h.name, {}});
    for (const auto& n : live.networks) {
        DesignNetwork out;
        out.key = out.liveId = n.id;
        out.name = n.name;
        out.subnet = n.subnet;
        out.vni = n.vni;
        out.mtu = n.mtu;
        out.labels = n.labels;
        out.internal = n.internal;
        out.encrypted = n.encrypted;
        out.keyRotationS = n.keyRotationS;
        d.networks.append(out);
    }
    for (const auto& e : live.endpoints) {
        DesignEndpoint out;
        out.key = out.liveId = e.id;
        out.name = e.name;
        out.networkKey = e.networkId;
        out.hostName = e.hostName;
        out.ip = bare(e.ip);
        out.netnsMode = e.netnsMode.isEmpty() ? QStringLiteral("created") : e.netnsMode;
        if (out.netnsMode != QStringLiteral("created")) out.netnsPath = e.netnsPath;
        out.pid = e.pid;
        out.labels = e.labels;
        d.endpoints.append(out);
        if (!d.host(e.hostName)) d.hosts.append({e.hostName, {}});
    }
    for (const auto& e : live.endpoints) {
        if (auto* out = d.endpoint(e.id)) out->service = e.service;
    }
    for (const auto& sv : live.services) {
        DesignService out;
        out.key = out.liveId = sv.id;
        out.name = sv.name;
        out.networkKey = sv.networkId;
        out.vip = bare(sv.vip);
        out.ports = sv.ports;
        d.services.append(out);
    }
    autoLayout(d);
    // Items the previous design placed stay where they were.
    for (auto& h : d.hosts) {
        if (const auto* p = previous.host(h.name)) h.pos = p->pos;
    }
    for (auto& n : d.networks) {
        if (const auto* p = previous.network(n.key)) n.pos = p->pos;
    }
    keepNetworksClear(d, previous);
    // Services the previous design placed stay; the others go beneath their networks (which
    // may have moved since autoLayout).
    QHash<QString, int> perNetwork;
    for (auto& sv : d.services) {
        const int index = perNetwork[sv.networkKey]++;
        if (const auto* p = previous.service(sv.key)) {
            sv.pos = p->pos;
        } else if (const auto* n = d.network(sv.networkKey)) {
            sv.pos = servicePlace(*n, index);
        }
    }
    return d;
}

Design rebase(const Design& draft, const Inventory& live) {
    Design d = draft;
    QHash<QString, QString> liveNetworkByName, renamed;
    for (const auto& n : live.networks) liveNetworkByName.insert(n.name, n.id);
    // Items that were in the cluster keep their ids even if it lost them meanwhile (the plan
    // creates them again; a merge decides whether they stay).
    for (auto& n : d.networks) {
        if (!n.liveId.isEmpty()) continue;
        QString id = liveNetworkByName.value(n.name);
        if (id.isEmpty() || d.network(id)) continue;  // none, or the draft has it already
        renamed.insert(n.key, id);
        n.key = n.liveId = id;
    }
    QHash<QString, QString> liveEndpointByName;
    for (const auto& e : live.endpoints) {
        liveEndpointByName.insert(e.hostName + QLatin1Char('\n') + e.name, e.id);
    }
    for (auto& e : d.endpoints) {
        if (renamed.contains(e.networkKey)) e.networkKey = renamed.value(e.networkKey);
        if (!e.liveId.isEmpty()) continue;
        QString id = liveEndpointByName.value(e.hostName + QLatin1Char('\n') + e.name);
        if (id.isEmpty() || d.endpoint(id)) continue;
        e.key = e.liveId = id;
    }
    QHash<QString, QString> liveServiceByName;
    for (const auto& sv : live.services) liveServiceByName.insert(sv.name, sv.id);
    for (auto& sv : d.services) {
        if (renamed.contains(sv.networkKey)) sv.networkKey = renamed.value(sv.networkKey);
        if (!sv.liveId.isEmpty()) continue;
        QString id = liveServiceByName.value(sv.name);
        if (id.isEmpty() || d.service(id)) continue;
        sv.key = sv.liveId = id;
    }
    return d;
}

namespace {

// Equal but for where it sits on the canvas.
template <typename Item>
bool sameContent(const Item& a, const Item& b) {
    if constexpr (requires { a.pos; }) {
        Item c = b;
        c.pos = a.pos;
        return a == c;
    } else {
        return a == b;
    }
}

// One kind of item (networks or endpoints), by key, three ways.
template <typename Item>
QList<Item> mergeItems(const QList<Item>& base, const QList<Item>& draft,
                       const QList<Item>& theirs) {
    QHash<QString, const Item*> inBase, inTheirs, inDraft;
    for (const auto& i : base) inBase.insert(i.key, &i);
    for (const auto& i : theirs) inTheirs.insert(i.key, &i);
    for (const auto& i : draft) inDraft.insert(i.key, &i);
    QList<Item> out;
    for (const auto& i : draft) {
        const Item* b = inBase.value(i.key);
        const Item* t = inTheirs.value(i.key);
        bool untouched = b && sameContent(*b, i);
        if (untouched && !t) continue;  // deleted by someone else
        if (untouched && t) {
            Item taken = *t;
            if constexpr (requires { taken.pos; }) taken.pos = i.pos;
            out.append(taken);  // changed (or not) by someone else
            continue;
        }
        out.append(i);
    }
    for (const auto& t : theirs) {
        if (!inBase.contains(t.key) && !inDraft.contains(t.key)) out.append(t);  // new
    }
    return out;
}

}  // namespace

Design merge(const Design& base, const Design& draft, const Design& theirs) {
    Design out = draft;
    out.networks = mergeItems(base.networks, draft.networks, theirs.networks);
    out.endpoints = mergeItems(base.endpoints, draft.endpoints, theirs.endpoints);
    out.services = mergeItems(base.services, draft.services, theirs.services);
    for (const auto& h : theirs.hosts) {
        if (!out.host(h.name) && !base.host(h.name)) out.hosts.append(h);
    }
    return out;
}

Plan makePlan(const Design& draft, const Inventory& live) {
    Plan plan;
    QHash<QString, const NetworkInfo*> liveNetworks;
    for (const auto& n : live.networks) liveNetworks.insert(n.id, &n);
    QHash<QString, const HostInfo*> hosts;
    for (const auto& h : live.hosts) hosts.insert(h.name, &h);
    QSet<QString> unreachable;
    for (const auto& h : draft.hosts) {
        auto* live = hosts.value(h.name);
        if (!live) {
            plan.notJoined.append(h.name);
            unreachable.insert(h.name);
        } else if (!live->alive) {
            plan.down.append(h.name);
            unreachable.insert(h.name);
        }
    }
    for (const auto& e : draft.endpoints) {
        if (!hosts.contains(e.hostName) && !draft.host(e.hostName) &&
            !plan.notJoined.contains(e.hostName)) {
            plan.notJoined.append(e.hostName);
            unreachable.insert(e.hostName);
        }
    }

    // Networks: kept, changed in place, replaced, created, or deleted.
    QSet<QString> keptNetworks;
    QHash<QString, QString> replaced;     // live id -> why
    QHash<QString, QString> networkName;  // draft key -> name
    QList<Operation> networkUpdates, endpointUpdates;
    for (const auto& n : draft.networks) {
        networkName.insert(n.key, n.name);
        auto* l = n.liveId.isEmpty() ? nullptr : liveNetworks.value(n.liveId);
        if (!l) continue;
        keptNetworks.insert(l->id);
        QStringList inPlace;
        QStringList changes = networkChanges(n, *l, &inPlace);
        if (!changes.isEmpty()) {
            replaced.insert(l->id, Tr::tr("re-created, the engine cannot change it in place: %1")
                                       .arg((changes + inPlace).join(QStringLiteral("; "))));
        } else if (!inPlace.isEmpty()) {
            Operation op;
            op.kind = Operation::UpdateNetwork;
            op.key = n.key;
            op.ref = l->id;
            op.network = n;
            op.why = Tr::tr("changed in place: %1").arg(inPlace.join(QStringLiteral("; ")));
            networkUpdates.append(op);
        }
    }

    // Services: kept, or deleted (first) and created (after the networks); a service whose
    // network is re-created goes and comes with it.
    QHash<QString, const ServiceInfo*> liveServices;
    for (const auto& sv : live.services) liveServices.insert(sv.id, &sv);
    QSet<QString> keptServices;
    QHash<QString, QString> serviceWhy;  // live id -> why it is re-created
    for (const auto& sv : draft.services) {
        const ServiceInfo* l = sv.liveId.isEmpty() ? nullptr : liveServices.value(sv.liveId);
        if (!l) continue;
        QStringList changes = serviceChanges(sv, *l, networkName.value(sv.networkKey));
        if (changes.isEmpty() && !replaced.contains(l->networkId) &&
            keptNetworks.contains(l->networkId)) {
            keptServices.insert(l->id);
            continue;
        }
        serviceWhy.insert(l->id,
                          changes.isEmpty()
                              ? Tr::tr("re-created with its network")
                              : Tr::tr("re-created: %1").arg(changes.join(QStringLiteral("; "))));
    }
    for (const auto& l : live.services) {
        if (keptServices.contains(l.id)) continue;
        Operation op;
        op.kind = Operation::DeleteService;
        op.key = l.id;
        op.ref = l.id;
        op.service.name = l.name;
        op.networkName = l.networkName;
        op.why = serviceWhy.value(l.id);
        plan.operations.append(op);
    }

    QHash<QString, const DesignEndpoint*> draftEndpoints;
    for (const auto& e : draft.endpoints) {
        if (!e.liveId.isEmpty()) draftEndpoints.insert(e.liveId, &e);
    }
    // Endpoints that stay as they are; everything else of the draft is created.
    QSet<QString> keptEndpoints;
    QHash<QString, QString> endpointWhy;  // live id -> why it is re-created
    for (const auto& l : live.endpoints) {
        const DesignEndpoint* d = draftEndpoints.value(l.id);
        QStringList inPlace;
        QStringList changes =
            d ? endpointChanges(*d, l, networkName.value(d->networkKey), &inPlace) : QStringList();
        bool stays = d && changes.isEmpty() && !replaced.contains(l.networkId) &&
                     keptNetworks.contains(l.networkId);
        if (stays) {
            keptEndpoints.insert(l.id);
            if (!inPlace.isEmpty() && !unreachable.contains(l.hostName)) {
                Operation op;
                op.kind = Operation::UpdateEndpoint;
                op.host = l.hostName;
                op.key = d->key;
                op.ref = l.id;
                op.endpoint = *d;
                op.networkName = l.networkName;
                op.why = Tr::tr("changed in place: %1").arg(inPlace.join(QStringLiteral("; ")));
                endpointUpdates.append(op);
            }
            continue;
        }
        QString why;
        if (d && !changes.isEmpty()) {
            why = Tr::tr("re-created: %1").arg((changes + inPlace).join(QStringLiteral("; ")));
        } else if (d && replaced.contains(l.networkId)) {
            why = Tr::tr("re-created with its network");
        } else if (!keptNetworks.contains(l.networkId)) {
            why = Tr::tr("its network is deleted");
        } else if (!l.containerId.isEmpty()) {
            // Deleted in the draft, or a design without it: the person should know whose it is.
            why = Tr::tr("a container's (its runtime made it): the container loses this network");
        }
        if (d) endpointWhy.insert(l.id, why);
        if (unreachable.contains(l.hostName)) continue;  // its engine cannot be asked
        Operation op;
        op.kind = Operation::DeleteEndpoint;
        op.host = l.hostName;
        op.key = d ? d->key : l.id;
        op.ref = l.id;
        op.endpoint.name = l.name;
        op.networkName = l.networkName;
        op.why = why;
        plan.operations.append(op);
    }
    for (const auto& l : live.networks) {
        if (keptNetworks.contains(l.id) && !replaced.contains(l.id)) continue;
        Operation op;
        op.kind = Operation::DeleteNetwork;
        op.key = l.id;
        op.ref = l.id;
        op.network.name = l.name;
        op.network.subnet = l.subnet;
        op.why = replaced.value(l.id);
        plan.operations.append(op);
    }
    plan.operations.append(networkUpdates);
    for (const auto& n : draft.networks) {
        auto* l = n.liveId.isEmpty() ? nullptr : liveNetworks.value(n.liveId);
        if (l && !replaced.contains(l->id)) continue;
        Operation op;
        op.kind = Operation::CreateNetwork;
        op.key = n.key;
        op.network = n;
        if (l) {
            op.why = replaced.value(l->id);
            if (op.network.vni == 0) op.network.vni = l->vni;  // a replaced network keeps its VNI
        }
        plan.operations.append(op);
    }
    for (const auto& sv : draft.services) {
        if (!sv.liveId.isEmpty() && keptServices.contains(sv.liveId)) continue;
        Operation op;
        op.kind = Operation::CreateService;
        op.key = sv.key;
        op.service = sv;
        op.networkName = networkName.value(sv.networkKey);
        if (!sv.liveId.isEmpty()) op.why = serviceWhy.value(sv.liveId);
        plan.operations.append(op);
    }
    plan.operations.append(endpointUpdates);
    for (const auto& e : draft.endpoints) {
        if (!e.liveId.isEmpty() && keptEndpoints.contains(e.liveId)) continue;
        if (unreachable.contains(e.hostName)) continue;
        Operation op;
        op.kind = Operation::CreateEndpoint;
        op.host = e.hostName;
        op.key = e.key;
        op.endpoint = e;
        op.networkName = networkName.value(e.networkKey);
        if (!e.liveId.isEmpty()) op.why = endpointWhy.value(e.liveId);
        plan.operations.append(op);
    }
    return plan;
}

}  // namespace loom::ui
