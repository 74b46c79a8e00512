#pragma once

#include "engine/api/engine_context.h"
#include "engine/api/intents.h"
#include "loom/v1/loom.grpc.pb.h"

namespace loom::engine::api {

// An endpoint's event, as the service publishes it.
v1::Event endpointEvent(v1::Event::Kind kind, const v1::Endpoint& e, const std::string& message);

// The creation path is in endpoint_create.cpp.
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
    grpc::ServerUnaryReactor* UpdateEndpoint(grpc::CallbackServerContext* ctx,
                                             const v1::UpdateEndpointRequest* req,
                                             v1::Endpoint* resp) override;

private:
    // Stores the intents in one transaction, reconciles them, and answers when the kernel
    // has them. If the kernel refuses any, all are taken back.
    grpc::ServerUnaryReactor* create(grpc::CallbackServerContext* ctx,
                                     std::vector<const v1::CreateEndpointRequest*> reqs,
                                     std::function<v1::Endpoint*()> nextResponse);
    // Deletes the intents (and, clustered, their etcd records) and answers when the kernel has
    // let go of them too, or, with `kernelWait` false, at once: the reconciler's pass follows in
    // order, unawaited.
    grpc::ServerUnaryReactor* remove(grpc::CallbackServerContext* ctx,
                                     std::vector<std::string> refs,
                                     std::function<void(uint32_t)> done, bool kernelWait = true);

    // The requests' intents (in the caller's transaction), addresses chosen by `plan`.
    common::Status buildEndpoints(const std::vector<const v1::CreateEndpointRequest*>& reqs,
                                  AddressPlan& plan, std::vector<model::Endpoint>& created);
    // Clustered, on the agent's writer: checks and picks addresses in a transaction that writes
    // nothing, claims them in etcd with no lock held, then stores the rows.
    void createClustered(grpc::ServerUnaryReactor* reactor,
                         const std::vector<const v1::CreateEndpointRequest*>& reqs,
                         std::function<v1::Endpoint*()> nextResponse);
    // Wakes the reconciler for stored rows and answers when the kernel has them.
    void reconcileCreated(grpc::ServerUnaryReactor* reactor, std::vector<model::Endpoint> created,
                          std::function<v1::Endpoint*()> nextResponse);
    // Takes endpoints' claims and records out of etcd (on the writer); a failure is logged and
    // left to the agent's sweep.
    void withdraw(std::vector<model::Endpoint> endpoints, const std::string& after);

    struct Removal {
        std::vector<std::string> ids;
        std::vector<v1::Endpoint> shown;
        std::vector<model::Endpoint> removed;
        bool kernelWait = true;
    };
    // Resolves the endpoints to delete; with `write`, deletes their intents too.
    common::Status collectRemoval(const std::vector<std::string>& refs, bool write, Removal& r);
    void removeClustered(grpc::ServerUnaryReactor* reactor, const std::vector<std::string>& refs,
                         std::function<void(uint32_t)> done, bool kernelWait);
    void reconcileRemoved(grpc::ServerUnaryReactor* reactor, Removal r,
                          std::function<void(uint32_t)> done);

    EngineContext& m_ctx;
};

}  // namespace loom::engine::api
