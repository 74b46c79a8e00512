#pragma once

#include "engine/api/engine_context.h"
#include "loom/v1/loom.grpc.pb.h"

namespace loom::engine::api {

class HostService final : public v1::HostService::CallbackService {
public:
    explicit HostService(EngineContext& ctx) : m_ctx(ctx) {}

    grpc::ServerUnaryReactor* GetHost(grpc::CallbackServerContext* ctx,
                                      const v1::GetHostRequest* req, v1::Host* resp) override;
    grpc::ServerUnaryReactor* ListHosts(grpc::CallbackServerContext* ctx,
                                        const v1::ListHostsRequest* req,
                                        v1::ListHostsResponse* resp) override;
    grpc::ServerUnaryReactor* RemoveHost(grpc::CallbackServerContext* ctx,
                                         const v1::RemoveHostRequest* req,
                                         v1::RemoveHostResponse* resp) override;
    grpc::ServerUnaryReactor* Teardown(grpc::CallbackServerContext* ctx,
                                       const v1::TeardownRequest* req,
                                       v1::TeardownResponse* resp) override;

private:
    common::Status fillSelf(v1::Host* out);
    EngineContext& m_ctx;
};

}  // namespace loom::engine::api
