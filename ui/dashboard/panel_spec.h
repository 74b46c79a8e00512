#pragma once

#include <QJsonObject>
#include <QString>

#include "ui/client/telemetry_types.h"
#include "ui/client/types.h"

namespace loom::ui {

// What one panel of the Monitor shows; saved in the settings, so the arrangement survives a
// restart. Objects are kept by id and by name: a panel whose id is gone (the network was
// re-created) finds its object again by name.
struct PanelSpec {
    enum class Kind { Throughput, Latency, TopEndpoints };
    Kind kind = Kind::Throughput;
    // Throughput: what (an endpoint, a network, a host) and where (a host; empty: the cluster).
    TargetKind target = TargetKind::Endpoint;
    QString id, name;
    QString hostId, hostName;  // throughput: one host; latency: the host the probes leave from
    // Latency: over which network, to which host or local endpoint.
    QString networkId, networkName;
    QString toId, toName;
    bool toEndpoint = false;
    int top = 10;  // TopEndpoints: how many

    bool operator==(const PanelSpec&) const = default;
    QString title() const;
    QJsonObject toJson() const;
    static PanelSpec fromJson(const QJsonObject& o);
    // For the same object: one panel per spec on a page.
    QString key() const;
    // The same objects in `inventory`: ids that are gone are found again by name (an object
    // re-created, a design applied again, another cluster); true when anything changed.
    bool resolve(const Inventory& inventory);
};

}  // namespace loom::ui
