#pragma once

#include <QString>

#include <functional>
#include <optional>

#include "ui/client/types.h"
#include "ui/dashboard/panel_spec.h"

class QMenu;

namespace loom::ui {

// An object the user pointed at (in the inventory tree, a table, or on the canvas).
struct ObjectRef {
    TargetKind kind = TargetKind::Endpoint;
    QString id;
    QString hostId;  // the host it was seen under (a network in the tree sits under a host)
};

// Adds "Chart throughput" and "Chart latency" for `object` to `menu`: an endpoint's rates and
// its host's probes to it; a network's traffic summed over the cluster or on one host, and its
// latency matrix; a host's underlay, and its probes to each other host per network.
void addChartActions(QMenu* menu, const Inventory& inventory, const ObjectRef& object,
                     const std::function<void(const PanelSpec&)>& open,
                     const std::function<void(const QString& networkId)>& showMatrix);

// A panel named on the command line (loom-console --chart): "top", "endpoint:NAME[@HOST]",
// "network:NAME[@HOST]" (without a host: summed over the cluster), "host:NAME" ("host:*": every
// host's underlay), "latency:FROM:NETWORK:TO" (TO: a host, or an endpoint of FROM). Empty with
// the reason in `error` when the inventory has no such object.
std::optional<PanelSpec> panelFromText(const QString& text, const Inventory& inventory,
                                       QString* error);

}  // namespace loom::ui
