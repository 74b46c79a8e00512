#pragma once

// What the dashboard's tests share: a small live inventory as plain values.
#include "ui/client/types.h"

namespace loom::test {

// Hosts h1 and h2 (ids hid1, hid2), network web (nid) with endpoint webN (eidN) on each.
inline ui::Inventory webOnTwoHosts() {
    ui::Inventory inv;
    for (int h = 1; h <= 2; ++h) {
        ui::HostInfo host;
        host.id = QStringLiteral("hid%1").arg(h);
        host.name = QStringLiteral("h%1").arg(h);
        host.alive = true;
        inv.hosts.append(host);
        ui::EndpointInfo e;
        e.id = QStringLiteral("eid%1").arg(h);
        e.name = QStringLiteral("web%1").arg(h);
        e.networkId = QStringLiteral("nid");
        e.networkName = QStringLiteral("web");
        e.hostId = host.id;
        e.hostName = host.name;
        e.ip = QStringLiteral("10.1.0.%1/24").arg(h + 1);
        inv.endpoints.append(e);
    }
    ui::NetworkInfo n;
    n.id = QStringLiteral("nid");
    n.name = QStringLiteral("web");
    n.subnet = QStringLiteral("10.1.0.0/24");
    inv.networks.append(n);
    return inv;
}

}  // namespace loom::test
