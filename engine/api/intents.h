#pragma once

#include <map>
#include <string>
#include <vector>

#include "engine/api/engine_context.h"
#include "loom/v1/loom.pb.h"

// Requests turned into stored intent. Each runs inside the caller's store transaction, checks
// every rule (engine/model) first, and writes only when all of them hold.
namespace loom::engine::api {

common::Result<model::Network> createNetworkIntent(EngineContext& ctx,
                                                   const v1::CreateNetworkRequest& req);

// Checks the request against `existing` (every network there is) and makes the network, with
// its VNI allocated and a new id; writes nothing.
common::Result<model::Network> buildNetwork(EngineContext& ctx, const v1::CreateNetworkRequest& req,
                                            const std::vector<model::Network>& existing);

// Clustered: networks as etcd has them, written into the store (which mirrors them), with the
// endpoints of removed networks deleted here; wakes the reconciler for whatever changed.
void mirrorNetworks(EngineContext& ctx, const std::vector<model::Network>& present,
                    const std::vector<std::string>& removed, bool full);

// Addresses taken per network, read once per transaction: a bulk request of N endpoints
// then reads the allocations once instead of N times.
using TakenAddresses = std::map<std::string, std::vector<uint32_t>>;

// `field` prefixes field names in errors ("endpoints[3].ip") for bulk requests.
common::Result<model::Endpoint> createEndpointIntent(EngineContext& ctx,
                                                     const v1::CreateEndpointRequest& req,
                                                     const std::string& field,
                                                     TakenAddresses& taken);

// A network or endpoint by id or name, or NOT_FOUND naming what was asked for.
common::Result<model::Network> resolveNetwork(EngineContext& ctx, const std::string& ref,
                                              const std::string& field = "network");
common::Result<model::Endpoint> resolveEndpoint(EngineContext& ctx, const std::string& ref,
                                                const std::string& field = "endpoint");

// Delete the intent's row and, in the same transaction, record the kernel objects it owned, so
// the reconciler removes them even after a crash (planner.h, ownedBy).
common::Status deleteNetworkIntent(EngineContext& ctx, const model::Network& network);
common::Status deleteEndpointIntent(EngineContext& ctx, const model::Endpoint& endpoint);

std::string newId();

}  // namespace loom::engine::api
