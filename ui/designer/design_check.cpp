#include "ui/designer/design_check.h"

#include <QCoreApplication>
#include <QHash>
#include <QSet>

#include <algorithm>
#include <vector>

#include "engine/ipam/ipam.h"
#include "engine/model/validation.h"
#include "ui/client/ports.h"

namespace loom::ui {

namespace model = engine::model;

namespace {

struct Tr {
    Q_DECLARE_TR_FUNCTIONS(loom::ui::DesignCheck)
};

std::string s(const QString& q) {
    return q.toStdString();
}

model::Labels labelsOf(const QMap<QString, QString>& labels) {
    model::Labels out;
    for (auto it = labels.begin(); it != labels.end(); ++it) out[s(it.key())] = s(it.value());
    return out;
}

model::NetworkSpec specOf(const DesignNetwork& n) {
    model::NetworkSpec spec;
    spec.name = s(n.name);
    spec.subnet = s(n.subnet);
    if (n.vni != 0) spec.vni = n.vni;
    if (n.mtu != 0) spec.mtu = n.mtu;
    spec.labels = labelsOf(n.labels);
    spec.encrypted = n.encrypted;
    if (n.encrypted && n.keyRotationS != 0) spec.keyRotationS = n.keyRotationS;
    return spec;
}

// The engine's messages start with the field ("subnet: ..."); the field is shown apart.
Problem problemOf(const QString& key, const engine::common::Status& status) {
    QString text = QString::fromStdString(status.message());
    QString field;
    int colon = text.indexOf(QStringLiteral(": "));
    if (colon > 0 && !text.left(colon).contains(QLatin1Char(' '))) {
        field = text.left(colon);
        text = text.mid(colon + 2);
    }
    return {key, field, text};
}

}  // namespace

quint32 underlayMtuOf(const Inventory& live) {
    quint32 mtu = 0;
    for (const auto& h : live.hosts) {
        if (h.underlayMtu != 0 && (mtu == 0 || h.underlayMtu < mtu)) mtu = h.underlayMtu;
    }
    return mtu == 0 ? 1500 : mtu;
}

QList<Problem> checkDesign(const Design& design, quint32 underlayMtu, const Inventory* live) {
    QList<Problem> problems;
    // Networks: each against every other one of the draft, as the engine checks a new one
    // against the networks it has. Both sides of a clash are marked.
    std::vector<model::Network> parsed(static_cast<size_t>(design.networks.size()));
    std::vector<bool> ok(parsed.size(), false);
    for (qsizetype i = 0; i < design.networks.size(); ++i) {
        auto n = model::checkNetwork(specOf(design.networks[i]), {}, underlayMtu);
        if (!n) {
            problems.append(problemOf(design.networks[i].key, n.status()));
            continue;
        }
        parsed[static_cast<size_t>(i)] = *n;
        parsed[static_cast<size_t>(i)].gateway = engine::ipam::gatewayOf(n->subnet);
        ok[static_cast<size_t>(i)] = true;
    }
    for (size_t i = 0; i < parsed.size(); ++i) {
        if (!ok[i]) continue;
        std::vector<model::Network> others;
        for (size_t j = 0; j < parsed.size(); ++j) {
            if (j != i && ok[j]) others.push_back(parsed[j]);
        }
        auto n = model::checkNetwork(specOf(design.networks[static_cast<qsizetype>(i)]), others,
                                     underlayMtu);
        if (!n)
            problems.append(problemOf(design.networks[static_cast<qsizetype>(i)].key, n.status()));
    }

    // Endpoints: names once per host, addresses once per network, inside its subnet.
    QHash<QString, qsizetype> networkIndex;
    for (qsizetype i = 0; i < design.networks.size(); ++i)
        networkIndex.insert(design.networks[i].key, i);
    QHash<QString, int> namesOnHost, addressesOnNetwork;
    namesOnHost.reserve(design.endpoints.size());
    addressesOnNetwork.reserve(design.endpoints.size());
    for (const auto& e : design.endpoints) {
        namesOnHost[e.hostName + QLatin1Char('\n') + e.name]++;
        if (!e.ip.isEmpty()) addressesOnNetwork[e.networkKey + QLatin1Char('\n') + e.ip]++;
    }
    for (const auto& e : design.endpoints) {
        auto named = model::validateName("name", s(e.name));
        if (!named.isOk()) {
            problems.append(problemOf(e.key, named));
        } else if (namesOnHost.value(e.hostName + QLatin1Char('\n') + e.name) > 1) {
            problems.append(problemOf(e.key, model::endpointNameTaken("name", s(e.name))));
        }
        if (e.hostName.isEmpty()) {
            problems.append({e.key, QStringLiteral("host"), Tr::tr("is not on a host")});
        }
        auto labels = model::validateLabels(labelsOf(e.labels));
        if (!labels.isOk()) problems.append(problemOf(e.key, labels));
        if (e.netnsMode == QStringLiteral("path") && !e.netnsPath.startsWith(QLatin1Char('/'))) {
            problems.append({e.key, QStringLiteral("netns"),
                             Tr::tr("give the namespace's path, e.g. /run/netns/web")});
        }
        if (e.netnsMode == QStringLiteral("pid") && e.pid <= 0) {
            problems.append({e.key, QStringLiteral("netns"), Tr::tr("give the PID of a process")});
        }
        auto at = networkIndex.find(e.networkKey);
        if (at == networkIndex.end()) {
            problems.append({e.key, QStringLiteral("network"),
                             Tr::tr("is not linked to a network: draw a link from it to one")});
            continue;
        }
        if (live && design.networks[*at].encrypted) {
            // The engine there would refuse it: say so, with its reason, before any apply.
            for (const auto& h : live->hosts) {
                if (h.name != e.hostName || h.canEncrypt) continue;
                problems.append({e.key, QStringLiteral("host"),
                                 Tr::tr("%1 cannot join the encrypted network %2: %3")
                                     .arg(h.name, design.networks[*at].name, h.encryptionMessage)});
            }
        }
        if (e.ip.isEmpty() || !ok[static_cast<size_t>(*at)]) continue;
        const model::Network& net = parsed[static_cast<size_t>(*at)];
        auto ip = model::parseEndpointAddress("ip", s(e.ip), net);
        if (!ip) {
            problems.append(problemOf(e.key, ip.status()));
        } else if (addressesOnNetwork.value(e.networkKey + QLatin1Char('\n') + e.ip) > 1) {
            problems.append(problemOf(e.key, model::addressTaken("ip", s(e.ip), net.name)));
        }
    }

    // Services: names once in the design and not an endpoint's of their network, ports as the
    // engine takes them, a VIP inside the subnet and nobody else's; endpoints behind a service
    // of their own network.
    QHash<QString, int> serviceNames;
    QSet<QString> servicesOnNetwork;  // network key "\n" name
    for (const auto& sv : design.services) {
        serviceNames[sv.name]++;
        servicesOnNetwork.insert(sv.networkKey + QLatin1Char('\n') + sv.name);
    }
    for (const auto& e : design.endpoints) {
        if (!e.service.isEmpty() &&
            !servicesOnNetwork.contains(e.networkKey + QLatin1Char('\n') + e.service)) {
            problems.append({e.key, QStringLiteral("service"),
                             Tr::tr("its network has no service %1").arg(e.service)});
        }
    }
    for (const auto& sv : design.services) {
        auto named = model::validateName("name", s(sv.name));
        if (!named.isOk()) {
            problems.append(problemOf(sv.key, named));
        } else if (serviceNames.value(sv.name) > 1) {
            problems.append({sv.key, QStringLiteral("name"),
                             Tr::tr("a service %1 is in the design twice").arg(sv.name)});
        }
        std::vector<model::ServicePort> ports;
        bool portsRead = true;
        for (const auto& part : sv.ports.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
            auto one = portsFromText(part);
            if (!one) {
                problems.append({sv.key, QStringLiteral("ports"),
                                 Tr::tr("%1 is not a port: write 8080, 8080/tcp or 53/udp")
                                     .arg(part.trimmed())});
                portsRead = false;
                break;
            }
            ports.insert(ports.end(), one->begin(), one->end());
        }
        if (portsRead) {
            auto checked = model::validateServicePorts("ports", ports);
            if (!checked.isOk()) problems.append(problemOf(sv.key, checked));
        }
        auto at = networkIndex.find(sv.networkKey);
        if (at == networkIndex.end()) {
            problems.append({sv.key, QStringLiteral("network"), Tr::tr("is on no network")});
            continue;
        }
        for (const auto& e : design.endpoints) {
            if (e.networkKey == sv.networkKey && e.name == sv.name) {
                problems.append({sv.key, QStringLiteral("name"),
                                 Tr::tr("%1 is an endpoint of its network").arg(sv.name)});
                break;
            }
        }
        if (sv.vip.isEmpty() || !ok[static_cast<size_t>(*at)]) continue;
        const model::Network& net = parsed[static_cast<size_t>(*at)];
        auto vip = model::parseEndpointAddress("vip", s(sv.vip), net);
        if (!vip) {
            problems.append(problemOf(sv.key, vip.status()));
        } else if (addressesOnNetwork.contains(sv.networkKey + QLatin1Char('\n') + sv.vip)) {
            problems.append(problemOf(sv.key, model::addressTaken("vip", s(sv.vip), net.name)));
        }
    }
    return problems;
}

}  // namespace loom::ui
