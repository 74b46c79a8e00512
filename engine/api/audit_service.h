#pragma once

#include "engine/api/engine_context.h"
#include "loom/v1/loom.grpc.pb.h"

namespace loom::engine::api {

class Access;
class AuditLog;

// Who the caller is to this engine, and the engine's audit trail.
class AuditService final : public v1::AuditService::CallbackService {
public:
    AuditService(Access& access, AuditLog& audit) : m_access(access), m_audit(audit) {}

    grpc::ServerUnaryReactor* WhoAmI(grpc::CallbackServerContext* ctx, const v1::WhoAmIRequest* req,
                                     v1::Caller* resp) override;
    grpc::ServerUnaryReactor* ListAudit(grpc::CallbackServerContext* ctx,
                                        const v1::ListAuditRequest* req,
                                        v1::ListAuditResponse* resp) override;

private:
    Access& m_access;
    AuditLog& m_audit;
};

}  // namespace loom::engine::api
