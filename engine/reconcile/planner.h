#pragma once

#include <string>
#include <vector>

#include "engine/common/status.h"
#include "engine/model/endpoint.h"
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

// Removes owned objects that nothing wants any more: links in bulk per namespace (one kernel
// request each), then namespaces.
std::vector<Action> planRemovals(const std::vector<OwnedObject>& orphans);

// The ownership record an action creates, if it creates an owned object.
bool ownedObjectOf(const Action& action, const std::string& networkId,
                   const std::string& endpointId, OwnedObject* out);

}  // namespace loom::engine::reconcile
