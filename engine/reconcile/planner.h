#pragma once

#include <string>
#include <vector>

#include "engine/common/status.h"
#include "engine/model/endpoint.h"
#include "engine/model/naming.h"
#include "engine/model/network.h"
#include "engine/reconcile/action.h"
#include "engine/reconcile/observed.h"

// The planner: pure functions from desired + observed (+ ownership) to ordered actions.
namespace loom::engine::reconcile {

struct Underlay {
    std::string device;
    int ifindex = 0;
    model::Ipv4 vtep;
    uint32_t mtu = 1500;
};

std::vector<Action> planNetwork(const model::Network& network, const Underlay& underlay,
                                const std::string& sandbox, const ObservedNetwork& observed);

common::Result<std::vector<Action>> planEndpoint(const model::Endpoint& endpoint,
                                                 const model::Network& network,
                                                 const std::string& sandbox,
                                                 const ObservedEndpoint& observed);

// An endpoint on another host, as this host's sandbox must know it.
struct Peer {
    model::Ipv4 ip;
    model::Mac mac;
    model::Ipv4 vtep;
    bool operator==(const Peer&) const = default;
};

// FDB and neighbour entries that make `observed` equal `desired`: missing or wrong ones are
// (re)written with replace semantics, stale ones deleted. Entries pointing at this host's own
// VTEP are never desired.
std::vector<Action> planPeers(const std::vector<Peer>& desired, const ObservedPeers& observed,
                              const std::string& sandbox);

// This host's own address on a network (clustered): on br0, whose MAC is derived from it so
// that peers know it without asking. Any other address on br0 but the gateway is removed.
std::vector<Action> planHostAddress(std::optional<model::Ipv4> host, const model::Network& network,
                                    const ObservedPeers& observed, const std::string& sandbox);

// Permanent neighbour entries on br0 for the local endpoints of a network (IP -> derived MAC),
// and no others: the prober's echoes need no learned entry, so every endpoint can be probed
// without filling the kernel's machine-wide neighbour table.
std::vector<Action> planBridgeNeighbours(const std::vector<model::Endpoint>& local,
                                         const ObservedPeers& observed, const std::string& sandbox);

// Removes owned objects that nothing wants any more: links in bulk per namespace (one kernel
// request each), then namespaces.
std::vector<Action> planRemovals(const std::vector<OwnedObject>& orphans);

// The kernel objects a stored intent makes Loom the owner of. While the intent's row exists it
// is the ownership record; when the row is deleted, these are written as records in the same
// transaction (tombstones), so nothing Loom made is ever without a record.
std::vector<OwnedObject> ownedBy(const model::Network& network, const model::Naming& naming);
std::vector<OwnedObject> ownedBy(const model::Endpoint& endpoint, const model::Naming& naming);

}  // namespace loom::engine::reconcile
