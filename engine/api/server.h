#pragma once

#include <memory>
#include <string>

#include "engine/api/audit_log.h"
#include "engine/api/engine_context.h"

namespace grpc {
class Server;
}

namespace loom::engine::api {

class Services;
class Access;
class LocalListener;

// A TCP listener with mutual TLS: PEM contents of this engine's certificate and key, and of
// the CA that must have signed every client's certificate.
struct TlsListener {
    std::string address;  // ADDR:PORT
    std::string certPem, keyPem, caPem;
};

// The gRPC server on the unix socket (and, with a TlsListener, on TCP with mutual TLS):
// Loom's services, health and reflection, each call checked against its caller's role and
// every change and refusal kept in the audit trail.
class Server {
public:
    static common::Result<std::unique_ptr<Server>> start(EngineContext& ctx,
                                                         const std::string& socketPath,
                                                         const TlsListener* tcp = nullptr,
                                                         AuditLog::Options audit = {});
    ~Server();
    void shutdown();

private:
    Server() = default;
    std::unique_ptr<AuditLog> m_audit;
    std::unique_ptr<Access> m_access;
    std::unique_ptr<LocalListener> m_local;
    std::unique_ptr<Services> m_services;
    std::unique_ptr<grpc::Server> m_server;
};

}  // namespace loom::engine::api
