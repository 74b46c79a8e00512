#include "engine/api/audit_service.h"

#include "engine/api/access.h"
#include "engine/api/audit_log.h"
#include "engine/api/convert.h"

namespace loom::engine::api {

grpc::ServerUnaryReactor* AuditService::WhoAmI(grpc::CallbackServerContext* ctx,
                                               const v1::WhoAmIRequest*, v1::Caller* resp) {
    auto* reactor = ctx->DefaultReactor();
    auto caller = m_access.caller(ctx);
    if (!caller) {
        reactor->Finish(grpc::Status(grpc::StatusCode::PERMISSION_DENIED,
                                     "the engine could not tell who is calling"));
        return reactor;
    }
    toProto(*caller, resp);
    reactor->Finish(grpc::Status::OK);
    return reactor;
}

grpc::ServerUnaryReactor* AuditService::ListAudit(grpc::CallbackServerContext* ctx,
                                                  const v1::ListAuditRequest* req,
                                                  v1::ListAuditResponse* resp) {
    auto* reactor = ctx->DefaultReactor();
    if (req->limit() > 100000) {
        reactor->Finish(grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                                     "limit: at most 100000 records at a time"));
        return reactor;
    }
    auto list = m_audit.list(req->since_unix_ms(), req->limit());
    if (!list) {
        reactor->Finish(toGrpc(list.status()));
        return reactor;
    }
    *resp = std::move(*list);
    reactor->Finish(grpc::Status::OK);
    return reactor;
}

}  // namespace loom::engine::api
