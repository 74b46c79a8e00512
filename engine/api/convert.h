#pragma once

#include <grpcpp/grpcpp.h>

#include <functional>

#include "engine/api/engine_context.h"
#include "loom/v1/loom.pb.h"

namespace loom::engine::api {

grpc::Status toGrpc(const common::Status& s);

v1::ObjectState toProto(model::ObjectState s);
void toProto(const EngineContext& ctx, const model::Network& n, v1::Network* out);
// A local endpoint's address with its prefix, MTU and resolver, from its network.
void fillFromNetwork(const EngineContext& ctx, const model::Network& n, const model::Endpoint& e,
                     v1::Endpoint* out);
void toProto(const EngineContext& ctx, const model::Endpoint& e, const std::string& networkName,
             v1::Endpoint* out);

// Runs `job` now when standalone; clustered, on the agent's writer thread (which orders this
// engine's cluster writes), or answers UNAVAILABLE when the engine is stopping.
void runOrdered(EngineContext& ctx, grpc::ServerUnaryReactor* reactor, std::function<void()> job);

// Endpoints on a network: this host's, or clustered every host's.
uint32_t endpointCountOf(EngineContext& ctx, const std::string& networkId);

// The stored network and endpoint, as the API shows them (with live state).
common::Status fillNetwork(EngineContext& ctx, const std::string& id, v1::Network* out);
common::Status fillEndpoint(EngineContext& ctx, const std::string& id, v1::Endpoint* out);

}  // namespace loom::engine::api
