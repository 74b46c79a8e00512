#include "ui/dashboard/panel_spec.h"

#include "ui/dashboard/tr.h"

namespace loom::ui {

namespace {

QString kindName(PanelSpec::Kind k) {
    switch (k) {
        case PanelSpec::Kind::Latency:
            return QStringLiteral("latency");
        case PanelSpec::Kind::TopEndpoints:
            return QStringLiteral("top");
        default:
            return QStringLiteral("throughput");
    }
}

QString targetName(TargetKind k) {
    switch (k) {
        case TargetKind::Network:
            return QStringLiteral("network");
        case TargetKind::Host:
            return QStringLiteral("host");
        default:
            return QStringLiteral("endpoint");
    }
}
}  // namespace

QString PanelSpec::title() const {
    switch (kind) {
        case Kind::TopEndpoints:
            return Tr::tr("Busiest endpoints");
        case Kind::Latency:
            //: Latency chart title: from host, to host or endpoint, over network
            return Tr::tr("Latency %1 → %2 on %3").arg(hostName, toName, networkName);
        case Kind::Throughput:
            break;
    }
    switch (target) {
        case TargetKind::Endpoint:
            return Tr::tr("Endpoint %1 (%2)").arg(name, hostName);
        case TargetKind::Network:
            return hostId.isEmpty() ? Tr::tr("Network %1, all hosts").arg(name)
                                    : Tr::tr("Network %1 on %2").arg(name, hostName);
        case TargetKind::Host:
            return hostId.isEmpty() ? Tr::tr("Underlay of all hosts")
                                    : Tr::tr("Host %1").arg(hostName);
    }
    return name;
}

QJsonObject PanelSpec::toJson() const {
    QJsonObject o;
    o[QStringLiteral("kind")] = kindName(kind);
    o[QStringLiteral("target")] = targetName(target);
    auto put = [&](const char* k, const QString& v) {
        if (!v.isEmpty()) o[QLatin1String(k)] = v;
    };
    put("id", id);
    put("name", name);
    put("host_id", hostId);
    put("host_name", hostName);
    put("network_id", networkId);
    put("network_name", networkName);
    put("to_id", toId);
    put("to_name", toName);
    if (toEndpoint) o[QStringLiteral("to_endpoint")] = true;
    if (kind == Kind::TopEndpoints) o[QStringLiteral("top")] = top;
    return o;
}

PanelSpec PanelSpec::fromJson(const QJsonObject& o) {
    PanelSpec s;
    QString kind = o.value(QStringLiteral("kind")).toString();
    s.kind = kind == QStringLiteral("latency") ? Kind::Latency
             : kind == QStringLiteral("top")   ? Kind::TopEndpoints
                                               : Kind::Throughput;
    QString target = o.value(QStringLiteral("target")).toString();
    s.target = target == QStringLiteral("network") ? TargetKind::Network
               : target == QStringLiteral("host")  ? TargetKind::Host
                                                   : TargetKind::Endpoint;
    auto get = [&](const char* k) { return o.value(QLatin1String(k)).toString(); };
    s.id = get("id");
    s.name = get("name");
    s.hostId = get("host_id");
    s.hostName = get("host_name");
    s.networkId = get("network_id");
    s.networkName = get("network_name");
    s.toId = get("to_id");
    s.toName = get("to_name");
    s.toEndpoint = o.value(QStringLiteral("to_endpoint")).toBool();
    s.top = o.value(QStringLiteral("top")).toInt(10);
    return s;
}

QString PanelSpec::key() const {
    return QStringList{kindName(kind), targetName(target), id, hostId, networkId, toId}.join(
        QLatin1Char('|'));
}

bool PanelSpec::resolve(const Inventory& inv) {
    const PanelSpec before = *this;
    auto hostByName = [&](const QString& name) -> const HostInfo* {
        for (const auto& h : inv.hosts) {
            if (h.name == name) return &h;
        }
        return nullptr;
    };
    auto hostKnown = [&](const QString& id) {
        for (const auto& h : inv.hosts) {
            if (h.id == id) return true;
        }
        return false;
    };
    auto fixHost = [&] {
        if (hostId.isEmpty() || hostKnown(hostId)) return;
        if (const HostInfo* h = hostByName(hostName)) hostId = h->id;
    };
    auto networkByName = [&](QString* id, const QString& name) {
        for (const auto& n : inv.networks) {
            if (n.id == *id) return;
        }
        for (const auto& n : inv.networks) {
            if (n.name == name) *id = n.id;
        }
    };
    fixHost();
    switch (kind) {
        case Kind::TopEndpoints:
            break;
        case Kind::Latency: {
            networkByName(&networkId, networkName);
            if (toEndpoint) {
                bool known = false;
                for (const auto& e : inv.endpoints) known = known || e.id == toId;
                for (const auto& e : inv.endpoints) {
                    if (!known && e.name == toName && e.hostId == hostId) toId = e.id;
                }
            } else if (!hostKnown(toId)) {
                if (const HostInfo* h = hostByName(toName)) toId = h->id;
            }
            break;
        }
        case Kind::Throughput:
            if (target == TargetKind::Host) {
                id = hostId;
            } else if (target == TargetKind::Network) {
                networkByName(&id, name);
            } else {
                bool known = false;
                for (const auto& e : inv.endpoints) known = known || e.id == id;
                for (const auto& e : inv.endpoints) {
                    if (!known && e.name == name && e.hostName == hostName) {
                        id = e.id;
                        hostId = e.hostId;
                    }
                }
            }
            break;
    }
    return !(*this == before);
}

}  // namespace loom::ui
