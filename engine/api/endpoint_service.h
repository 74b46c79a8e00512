#pragma once

#include "engine/api/engine_context.h"
#include "loom/v1/loom.grpc.pb.h"

namespace loom::engine::api {

class EndpointService final : public v1::EndpointService::CallbackService {
public:
    explicit EndpointService(EngineContext& ctx) : m_ctx(ctx) {}

    grpc::ServerUnaryReactor* CreateEndpoint(grpc::CallbackServerContext* ctx,
                                             const v1::CreateEndpointRequest* req,
                                             v1::Endpoint* resp) override;
    grpc::ServerUnaryReactor* CreateEndpoints(grpc::CallbackServerContext* ctx,
                                              const v1::CreateEndpointsRequest* req,
                                              v1::CreateEndpointsResponse* resp) override;
    grpc::ServerUnaryReactor* GetEndpoint(grpc::CallbackServerContext* ctx,
                                          const v1::GetEndpointRequest* req,
                                          v1::Endpoint* resp) override;
    grpc::ServerUnaryReactor* ListEndpoints(grpc::CallbackServerContext* ctx,
                                            const v1::ListEndpointsRequest* req,
                                            v1::ListEndpointsResponse* resp) override;
    grpc::ServerUnaryReactor* DeleteEndpoint(grpc::CallbackServerContext* ctx,
                                             const v1::DeleteEndpointRequest* req,
                                             v1::DeleteEndpointResponse* resp) override;
    grpc::ServerUnaryReactor* DeleteEndpoints(grpc::CallbackServerContext* ctx,
                                              const v1::DeleteEndpointsRequest* req,
                                              v1::DeleteEndpointsResponse* resp) override;

private:
    // Stores the intents in one transaction, reconciles them, and answers when the kernel
    // has them. If the kernel refuses any, all are taken back.
    grpc::ServerUnaryReactor* create(grpc::CallbackServerContext* ctx,
                                     std::vector<const v1::CreateEndpointRequest*> reqs,
                                     std::function<v1::Endpoint*()> nextResponse);
    grpc::ServerUnaryReactor* remove(grpc::CallbackServerContext* ctx,
                                     std::vector<std::string> refs,
                                     std::function<void(uint32_t)> done);

    EngineContext& m_ctx;
};

}  // namespace loom::engine::api
