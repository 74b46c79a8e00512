#pragma once

#include "engine/api/engine_context.h"
#include "loom/v1/loom.grpc.pb.h"

namespace loom::engine::api {

// Config bundles of the live state (engine/bundle makes and reads them).
class BundleService final : public v1::BundleService::CallbackService {
public:
    explicit BundleService(EngineContext& ctx) : m_ctx(ctx) {}

    grpc::ServerUnaryReactor* ExportBundle(grpc::CallbackServerContext* ctx,
                                           const v1::ExportBundleRequest* req,
                                           v1::ExportBundleResponse* resp) override;

private:
    EngineContext& m_ctx;
};

}  // namespace loom::engine::api
