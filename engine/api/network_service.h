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
    grpc::ServerWriteReactor<v1::Event>* WatchEvents(grpc::CallbackServerContext* ctx,
                                                     const v1::WatchEventsRequest* req) override;

private:
    EngineContext& m_ctx;
};

}  // namespace loom::engine::api
