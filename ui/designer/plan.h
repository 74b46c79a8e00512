#pragma once

#include <QList>
#include <QString>
#include <QStringList>

#include "ui/client/types.h"

// From live state to a draft and back: the design of what runs, and the operations that turn
// what runs into a draft. Pure functions of plain values, so they are tested without a window.
namespace loom::ui {

// The design of what runs: every host, network and endpoint, keyed by its live id. Positions
// are taken from `previous` where it has the item, else laid out.
Design designOf(const Inventory& live, const Design& previous = {});

// After an apply: draft items that now exist in the cluster (a network by name, an endpoint by
// host and name) take their live ids, so the draft is the rest of the work.
Design rebase(const Design& draft, const Inventory& live);

// The cluster changed while a draft was being edited: `base` is what ran when editing began,
// `theirs` what runs now. Items others added come into the draft, items others deleted or
// changed follow them unless the draft changed them too (then the draft wins). Hosts that
// joined are added.
Design merge(const Design& base, const Design& draft, const Design& theirs);

// Where items go when nobody placed them: hosts in a row, networks in a column beside them.
void autoLayout(Design& design);
// The height of a host's frame holding `endpoints` endpoints (the canvas draws it so).
qreal hostHeight(int endpoints);
constexpr qreal kHostWidth = 220;
constexpr qreal kNetworkWidth = 170;
constexpr qreal kNetworkHeight = 46;
constexpr qreal kEndpointHeight = 34;
constexpr qreal kServiceWidth = 110;
constexpr qreal kServiceHeight = 24;
// Where a network's `index`th service goes when nobody placed it: beneath the network's bar.
QPointF servicePlace(const DesignNetwork& network, int index);

struct Plan {
    // In the order they run: services deleted, endpoints deleted, networks deleted, networks
    // changed in place, networks created, services created, endpoints changed in place,
    // endpoints created. What the kernel can change in place (a network's MTU and labels, an
    // endpoint's labels and service) is an update; a change of anything else deletes the item
    // and creates it again, and says so (nothing of a service changes in place).
    QList<Operation> operations;
    // Hosts of the design that the plan cannot reach: not joined, or down. Their endpoints
    // are left out of the operations.
    QStringList notJoined, down;
    bool empty() const { return operations.isEmpty(); }
};

Plan makePlan(const Design& draft, const Inventory& live);

}  // namespace loom::ui
