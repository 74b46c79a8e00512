#pragma once

#include <memory>

#include "engine/api/engine_context.h"
#include "engine/cluster/view.h"
#include "loom/v1/loom.grpc.pb.h"

namespace loom::engine::api {

// Services: a VIP and a name on a network, spread over the endpoints behind it. Standalone they
// are rows of the store; clustered, records in etcd written on the agent's writer. Joining and
// leaving is the endpoint's own change (UpdateEndpoint's `service`), made by its host's engine.
class ServiceService final : public v1::ServiceService::CallbackService {
public:
    explicit ServiceService(EngineContext& ctx) : m_ctx(ctx) {}
    // The engine's own API, for membership changes that go through UpdateEndpoint.
    void setSelf(std::shared_ptr<grpc::Channel> channel);

    grpc::ServerUnaryReactor* CreateService(grpc::CallbackServerContext* ctx,
                                            const v1::CreateServiceRequest* req,
                                            v1::Service* resp) override;
    grpc::ServerUnaryReactor* GetService(grpc::CallbackServerContext* ctx,
                                         const v1::GetServiceRequest* req,
                                         v1::Service* resp) override;
    grpc::ServerUnaryReactor* ListServices(grpc::CallbackServerContext* ctx,
                                           const v1::ListServicesRequest* req,
                                           v1::ListServicesResponse* resp) override;
    grpc::ServerUnaryReactor* DeleteService(grpc::CallbackServerContext* ctx,
                                            const v1::DeleteServiceRequest* req,
                                            v1::DeleteServiceResponse* resp) override;
    grpc::ServerUnaryReactor* AddServiceMember(grpc::CallbackServerContext* ctx,
                                               const v1::ServiceMemberRequest* req,
                                               v1::Service* resp) override;
    grpc::ServerUnaryReactor* RemoveServiceMember(grpc::CallbackServerContext* ctx,
                                                  const v1::ServiceMemberRequest* req,
                                                  v1::Service* resp) override;

private:
    grpc::ServerUnaryReactor* member(grpc::CallbackServerContext* ctx,
                                     const v1::ServiceMemberRequest* req, v1::Service* resp,
                                     bool join);

    EngineContext& m_ctx;
    std::unique_ptr<v1::EndpointService::Stub> m_endpoints;
};

// A service as the API shows it: with its network's name, DNS name and backends.
void fillService(EngineContext& ctx, const model::Service& s, v1::Service* out);
// Services created and deleted by other hosts' engines, and backends their health checks took
// out or put back, as remote events (on the agent's thread: reads only what is local).
void publishServiceChanges(EngineContext& ctx, const cluster::ClusterView::Change& change);

}  // namespace loom::engine::api
