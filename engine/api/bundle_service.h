#pragma once

#include <memory>

#include "engine/api/caller.h"
#include "engine/api/engine_context.h"
#include "engine/bundle/import_plan.h"
#include "engine/common/serial_worker.h"
#include "loom/v1/loom.grpc.pb.h"

namespace loom::engine::api {

// Config bundles (engine/bundle makes and reads them): the live state exported, and a bundle
// planned and applied, each on a thread of their own (`bundles`). Plans and applies go through
// this engine's own API (an in-process channel), as the console's do: the same checks, the
// same forwarding of another host's endpoints to its engine.
class BundleService final : public v1::BundleService::CallbackService {
public:
    explicit BundleService(EngineContext& ctx) : m_ctx(ctx) {}

    // The channel to this engine's own server, once it is built.
    void setSelf(std::shared_ptr<grpc::Channel> channel);

    grpc::ServerUnaryReactor* ExportBundle(grpc::CallbackServerContext* ctx,
                                           const v1::ExportBundleRequest* req,
                                           v1::ExportBundleResponse* resp) override;
    grpc::ServerUnaryReactor* PlanBundle(grpc::CallbackServerContext* ctx,
                                         const v1::PlanBundleRequest* req,
                                         v1::PlanBundleResponse* resp) override;
    grpc::ServerUnaryReactor* ApplyBundle(grpc::CallbackServerContext* ctx,
                                          const v1::ApplyBundleRequest* req,
                                          v1::ApplyBundleResponse* resp) override;

private:
    // On the worker: the live state made into a bundle.
    common::Status exportLive(const v1::ExportBundleRequest& req, v1::ExportBundleResponse* resp);
    // On the worker: what runs, as the API lists it, and the plan from it to the bundle.
    common::Result<bundle::LiveState> liveState();
    common::Result<bundle::ImportPlan> planOf(const std::string& archive);
    common::Status run(const bundle::ImportStep& step);
    // Steps [first, end), each a CreateEndpoint on one host, as one CreateEndpoints request;
    // `failed` gets the step the engine refused.
    common::Status createBatch(const std::vector<bundle::ImportStep>& steps, size_t first,
                               size_t end, size_t* failed);

    EngineContext& m_ctx;
    std::unique_ptr<v1::NetworkService::Stub> m_networks;
    std::unique_ptr<v1::EndpointService::Stub> m_endpoints;
    std::unique_ptr<v1::HostService::Stub> m_hosts;
    std::unique_ptr<v1::ServiceService::Stub> m_services;
    // On the worker: whom the plan or apply it runs is for (its calls to this engine carry it).
    Caller m_caller;
    common::SerialWorker m_worker{"bundles"};
};

}  // namespace loom::engine::api
