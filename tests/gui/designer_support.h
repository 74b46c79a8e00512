#pragma once

// What the designer's tests share: a small cluster as plain values, and problem lookups.
#include <QStringList>

#include "ui/client/types.h"
#include "ui/designer/design_document.h"

namespace loom::test {

// Two live hosts, h1 and h2, with a 1500-byte underlay.
inline ui::Inventory twoHosts() {
    ui::Inventory inv;
    for (const char* name : {"h1", "h2"}) {
        ui::HostInfo h;
        h.id = QStringLiteral("id-") + QLatin1String(name);
        h.name = QLatin1String(name);
        h.vtep = QStringLiteral("192.0.2.1");
        h.underlayMtu = 1500;
        h.alive = true;
        inv.hosts.append(h);
    }
    return inv;
}

// A live network, ready, with the id "nid", on a /16 subnet.
inline ui::NetworkInfo liveNetwork(const QString& name, const QString& subnet) {
    ui::NetworkInfo n;
    n.id = QStringLiteral("nid");
    n.name = name;
    n.subnet = subnet;
    n.state = QStringLiteral("ready");
    return n;
}

// Live endpoint `i` of `net` (a /16) on `host`: id "id<i>", name "e<i>" in five digits.
inline ui::EndpointInfo liveEndpoint(int i, const ui::NetworkInfo& net, const ui::HostInfo& host) {
    ui::EndpointInfo e;
    e.id = QStringLiteral("id%1").arg(i);
    e.name = QStringLiteral("e%1").arg(i, 5, 10, QLatin1Char('0'));
    e.networkId = net.id;
    e.networkName = net.name;
    e.hostId = host.id;
    e.hostName = host.name;
    e.ip = net.subnet.section(QLatin1Char('.'), 0, 1) +
           QStringLiteral(".%1.%2/16").arg(i / 250).arg(i % 250 + 2);
    e.state = QStringLiteral("ready");
    return e;
}

// "field: message" of every problem of one item.
inline QStringList fieldsOf(const ui::DesignDocument& doc, const QString& key) {
    QStringList out;
    for (const auto& p : doc.problemsOf(key))
        out.append(p.field + QStringLiteral(": ") + p.message);
    return out;
}

inline bool mentions(const QStringList& lines, const QString& text) {
    for (const auto& l : lines) {
        if (l.contains(text)) return true;
    }
    return false;
}

}  // namespace loom::test
