#include "ui/dashboard/chart_menu.h"

#include <QMenu>
#include "ui/dashboard/tr.h"

namespace loom::ui {

namespace {}  // namespace

void addChartActions(QMenu* menu, const Inventory& inv, const ObjectRef& object,
                     const std::function<void(const PanelSpec&)>& open,
                     const std::function<void(const QString&)>& showMatrix) {
    auto hostName = [&](const QString& id) {
        for (const auto& h : inv.hosts) {
            if (h.id == id) return h.name;
        }
        return QString();
    };
    switch (object.kind) {
        case TargetKind::Endpoint: {
            const EndpointInfo* e = nullptr;
            for (const auto& x : inv.endpoints) {
                if (x.id == object.id) e = &x;
            }
            if (!e) return;
            PanelSpec rates;
            rates.target = TargetKind::Endpoint;
            rates.id = e->id;
            rates.name = e->name;
            rates.hostId = e->hostId;
            rates.hostName = e->hostName;
            menu->addAction(Tr::tr("Chart throughput"), [open, rates] { open(rates); });
            PanelSpec latency;
            latency.kind = PanelSpec::Kind::Latency;
            latency.hostId = e->hostId;
            latency.hostName = e->hostName;
            latency.networkId = e->networkId;
            latency.networkName = e->networkName;
            latency.toId = e->id;
            latency.toName = e->name;
            latency.toEndpoint = true;
            menu->addAction(Tr::tr("Chart latency (from its host)"),
                            [open, latency] { open(latency); });
            return;
        }
        case TargetKind::Network: {
            const NetworkInfo* n = nullptr;
            for (const auto& x : inv.networks) {
                if (x.id == object.id) n = &x;
            }
            if (!n) return;
            auto* throughput = menu->addMenu(Tr::tr("Chart throughput"));
            PanelSpec all;
            all.target = TargetKind::Network;
            all.id = n->id;
            all.name = n->name;
            throughput->addAction(Tr::tr("Summed over all hosts"), [open, all] { open(all); });
            QStringList seen;
            for (const auto& e : inv.endpoints) {
                if (e.networkId != n->id || seen.contains(e.hostId)) continue;
                seen << e.hostId;
                PanelSpec one = all;
                one.hostId = e.hostId;
                one.hostName = e.hostName;
                auto* a = throughput->addAction(Tr::tr("On %1").arg(e.hostName),
                                                [open, one] { open(one); });
                if (e.hostId == object.hostId) throughput->setDefaultAction(a);
            }
            QString id = n->id;
            menu->addAction(Tr::tr("Chart latency (the matrix)"),
                            [showMatrix, id] { showMatrix(id); });
            return;
        }
        case TargetKind::Host: {
            QString name = hostName(object.id);
            if (name.isEmpty()) return;
            auto* throughput = menu->addMenu(Tr::tr("Chart throughput"));
            PanelSpec host;
            host.target = TargetKind::Host;
            host.id = object.id;
            host.hostId = object.id;
            host.hostName = name;
            throughput->addAction(Tr::tr("Underlay of %1").arg(name), [open, host] { open(host); });
            PanelSpec all;
            all.target = TargetKind::Host;
            throughput->addAction(Tr::tr("Underlays of all hosts, summed"),
                                  [open, all] { open(all); });
            // Probes leave this host for every other host of each network it is on.
            auto* latency = menu->addMenu(Tr::tr("Chart latency"));
            for (const auto& n : inv.networks) {
                bool here = false;
                for (const auto& e : inv.endpoints)
                    here = here || (e.networkId == n.id && e.hostId == object.id);
                if (!here) continue;
                QStringList peers;
                for (const auto& e : inv.endpoints) {
                    if (e.networkId != n.id || e.hostId == object.id || peers.contains(e.hostId))
                        continue;
                    peers << e.hostId;
                    PanelSpec s;
                    s.kind = PanelSpec::Kind::Latency;
                    s.hostId = object.id;
                    s.hostName = name;
                    s.networkId = n.id;
                    s.networkName = n.name;
                    s.toId = e.hostId;
                    s.toName = e.hostName;
                    //: Latency menu entry: to host, on network
                    latency->addAction(Tr::tr("To %1 on %2").arg(e.hostName, n.name),
                                       [open, s] { open(s); });
                }
            }
            if (latency->isEmpty()) {
                latency->addAction(Tr::tr("No other host shares a network with %1").arg(name))
                    ->setEnabled(false);
            }
            return;
        }
    }
}

std::optional<PanelSpec> panelFromText(const QString& text, const Inventory& inv, QString* error) {
    auto fail = [&](const QString& why) {
        if (error) *error = QStringLiteral("--chart %1: %2").arg(text, why);
        return std::nullopt;
    };
    const QStringList parts = text.split(QLatin1Char(':'));
    const QString kind = parts.value(0);
    PanelSpec s;
    if (kind == QStringLiteral("top") && parts.size() == 1) {
        s.kind = PanelSpec::Kind::TopEndpoints;
        return s;
    }
    auto hostByName = [&](const QString& name) -> const HostInfo* {
        for (const auto& h : inv.hosts) {
            if (h.name == name) return &h;
        }
        return nullptr;
    };
    if ((kind == QStringLiteral("endpoint") || kind == QStringLiteral("network")) &&
        parts.size() == 2) {
        const QString name = parts[1].section(QLatin1Char('@'), 0, 0);
        const QString host = parts[1].section(QLatin1Char('@'), 1);
        const HostInfo* h = host.isEmpty() ? nullptr : hostByName(host);
        if (!host.isEmpty() && !h) return fail(Tr::tr("no host named %1").arg(host));
        if (kind == QStringLiteral("endpoint")) {
            for (const auto& e : inv.endpoints) {
                if (e.name != name || (h && e.hostId != h->id)) continue;
                s.target = TargetKind::Endpoint;
                s.id = e.id;
                s.name = e.name;
                s.hostId = e.hostId;
                s.hostName = e.hostName;
                return s;
            }
            return fail(Tr::tr("no endpoint named %1").arg(name));
        }
        for (const auto& n : inv.networks) {
            if (n.name != name) continue;
            s.target = TargetKind::Network;
            s.id = n.id;
            s.name = n.name;
            if (h) {
                s.hostId = h->id;
                s.hostName = h->name;
            }
            return s;
        }
        return fail(Tr::tr("no network named %1").arg(name));
    }
    if (kind == QStringLiteral("host") && parts.size() == 2) {
        s.target = TargetKind::Host;
        if (parts[1] == QStringLiteral("*")) return s;
        const HostInfo* h = hostByName(parts[1]);
        if (!h) return fail(Tr::tr("no host named %1").arg(parts[1]));
        s.id = s.hostId = h->id;
        s.hostName = h->name;
        return s;
    }
    if (kind == QStringLiteral("latency") && parts.size() == 4) {
        const HostInfo* from = hostByName(parts[1]);
        if (!from) return fail(Tr::tr("no host named %1").arg(parts[1]));
        const NetworkInfo* net = nullptr;
        for (const auto& n : inv.networks) {
            if (n.name == parts[2]) net = &n;
        }
        if (!net) return fail(Tr::tr("no network named %1").arg(parts[2]));
        s.kind = PanelSpec::Kind::Latency;
        s.hostId = from->id;
        s.hostName = from->name;
        s.networkId = net->id;
        s.networkName = net->name;
        if (const HostInfo* to = hostByName(parts[3])) {
            s.toId = to->id;
            s.toName = to->name;
            return s;
        }
        for (const auto& e : inv.endpoints) {
            if (e.name == parts[3] && e.hostId == from->id) {
                s.toId = e.id;
                s.toName = e.name;
                s.toEndpoint = true;
                return s;
            }
        }
        return fail(Tr::tr("%1 is neither a host nor an endpoint of %2").arg(parts[3], from->name));
    }
    return fail(
        Tr::tr("not one of top, endpoint:NAME, network:NAME, host:NAME, latency:FROM:NETWORK:TO"));
}

}  // namespace loom::ui
