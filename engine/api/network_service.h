#pragma once

#include "engine/api/engine_context.h"
#include "loom/v1/loom.grpc.pb.h"

namespace loom::engine::api {

class NetworkService final : public v1::NetworkService::CallbackService {
public:
    explicit NetworkService(EngineContext& ctx) : m_ctx(ctx) {}

    grpc::ServerUnaryReactor* CreateNetwork(grpc::CallbackServerContext* ctx,
                                            const v1::CreateNetworkRequest* req,
                                            v1::Network* resp) override;
    grpc::ServerUnaryReactor* GetNetwork(grpc::CallbackServerContext* ctx,
                                         const v1::GetNetworkRequest* req,
                                         v1::Network* resp) override;
    grpc::ServerUnaryReactor* ListNetworks(grpc::CallbackServerContext* ctx,
                                           const v1::ListNetworksRequest* req,
                                           v1::ListNetworksResponse* resp) override;
    grpc::ServerUnaryReactor* DeleteNetwork(grpc::CallbackServerContext* ctx,
                                            const v1::DeleteNetworkRequest* req,
                                            v1::DeleteNetworkResponse* resp) override;
    grpc::ServerUnaryReactor* UpdateNetwork(grpc::CallbackServerContext* ctx,
                                            const v1::UpdateNetworkRequest* req,
                                            v1::Network* resp) override;
    grpc::ServerWriteReactor<v1::Event>* WatchEvents(grpc::CallbackServerContext* ctx,
                                                     const v1::WatchEventsRequest* req) override;

private:
    // Wakes the reconciler for a stored network and answers when the kernel has it; a refusal
    // takes the network back.
    void reconcileCreated(grpc::ServerUnaryReactor* reactor, const model::Network& network,
                          v1::Network* resp);
    // Takes a network out of etcd (on the agent's writer); a failure is logged.
    void withdrawNetwork(const model::Network& network, const std::string& after);

    EngineContext& m_ctx;
};

}  // namespace loom::engine::api
