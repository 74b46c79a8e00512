#pragma once

#include <map>
#include <set>
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

// FAILED_PRECONDITION when this host cannot take part in an encrypted network: its kernel has
// no ESP with AES-GCM, or (clustered) etcd, which carries the keys, is not over TLS. The message
// starts with `prefix` ("encrypted: ") and ends with `outcome` ("nothing was created").
common::Status checkCanEncrypt(const EngineContext& ctx, const std::string& prefix,
                               const std::string& outcome);

// Clustered: networks as etcd has them, written into the store (which mirrors them), with the
// endpoints of removed networks deleted here; wakes the reconciler for whatever changed.
void mirrorNetworks(EngineContext& ctx, const std::vector<model::Network>& present,
                    const std::vector<std::string>& removed, bool full);

// How addresses are chosen for one request. `taken` (per network) is read once per
// transaction, so a bulk request of N endpoints reads the allocations once instead of N times.
// Clustered, an automatic address comes from this host's address blocks: when they are full,
// `needsBlock` names the network and the intent fails with ABORTED, so that the caller claims
// a block (outside the transaction) and tries again; a network in `borrow` has no free block
// left, and takes a free address anywhere.
struct AddressPlan {
    std::map<std::string, std::vector<uint32_t>> taken;
    std::set<std::string> borrow;
    std::string needsBlock;
};

// `field` prefixes field names in errors ("endpoints[3].ip") for bulk requests.
common::Result<model::Endpoint> createEndpointIntent(EngineContext& ctx,
                                                     const v1::CreateEndpointRequest& req,
                                                     const std::string& field, AddressPlan& plan);

// A network or endpoint by id or name, or NOT_FOUND naming what was asked for.
common::Result<model::Network> resolveNetwork(EngineContext& ctx, const std::string& ref,
                                              const std::string& field = "network");
common::Result<model::Endpoint> resolveEndpoint(EngineContext& ctx, const std::string& ref,
                                                const std::string& field = "endpoint");

// Delete the intent's row and, in the same transaction, record the kernel objects it owned, so
// the reconciler removes them even after a crash (planner.h, ownedBy).
common::Status deleteNetworkIntent(EngineContext& ctx, const model::Network& network);
common::Status deleteEndpointIntent(EngineContext& ctx, const model::Endpoint& endpoint);

// ALREADY_EXISTS when another endpoint on the network (on any host, as far as this engine
// knows) has this MAC: the bridges forward by it.
common::Status checkMacFree(EngineContext& ctx, const model::Network& network,
                            const model::Mac& mac, const std::string& field);

std::string newId();
// Wall-clock milliseconds, as objects record when they were made.
int64_t nowMs();
model::Labels labelsOf(const google::protobuf::Map<std::string, std::string>& map);

// Runs `fn` in a store transaction that is always rolled back: every check of the real write
// (its reads, its inserts' constraints) and nothing written. Clustered requests check first,
// write etcd outside any transaction, then write the store.
common::Status checkOnly(store::Store& store, const std::function<common::Status()>& fn);

// Clustered, for tests only: with LOOM_TEST_HOLD_AFTER_CLAIM=FILE, a create waits after its
// etcd claim until FILE exists (at most 60 s), so that a test can fail etcd at that moment.
void holdAfterClaimForTests();

}  // namespace loom::engine::api
