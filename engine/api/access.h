#pragma once

#include <grpcpp/grpcpp.h>
#include <grpcpp/support/server_interceptor.h>

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "engine/api/access_policy.h"
#include "engine/api/caller.h"

namespace loom::engine::api {

class AuditLog;

// Who each call is from and whether it may be made. An interceptor (the factory below) names
// the caller of every call before its handler runs, from the connection it came on; every
// handler of a method that changes something asks `refused()` first. Every refusal, and every
// call of a method that changes something, goes to the audit log with its outcome.
class Access {
public:
    explicit Access(AuditLog* audit) : m_audit(audit) {}

    // The local socket's accept loop: this connection (gRPC's peer "fd:N") is `caller`.
    void addConnection(int fd, Caller caller);
    // A connection refused before any call (a local user with no role).
    void refuseConnection(const Caller& caller);

    // The caller of a call in progress (copied: it may outlive the call's context).
    std::optional<Caller> caller(const grpc::ServerContextBase* ctx) const;
    // PERMISSION_DENIED ("viewer 'alice' may not delete endpoints") when the caller may not make
    // this call; nullopt when it may.
    std::optional<grpc::Status> refusal(const grpc::ServerContextBase* ctx) const;

    std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface> interceptors();

private:
    friend class AccessInterceptor;
    struct Call {
        Caller caller;
        MethodRule rule;
        std::optional<grpc::Status> refusal;
    };
    // At a call's start: who (from its transport and, from an engine, its metadata) and whether.
    Call begin(grpc::experimental::ServerRpcInfo& info,
               const std::multimap<grpc::string_ref, grpc::string_ref>& metadata);
    Caller transportCaller(grpc::ServerContextBase& ctx) const;
    void end(const grpc::ServerContextBase* ctx);
    void audit(const Call& call, const std::string& method, const std::string& object,
               const grpc::Status& outcome);

    AuditLog* m_audit;
    mutable std::mutex m_mutex;
    std::unordered_map<int, Caller> m_connections;  // by fd
    std::unordered_map<const grpc::ServerContextBase*, Call> m_calls;
    mutable std::map<std::string, Caller> m_certificates;  // by PEM: parsed once
};

// For a handler's first line: finishes the call with the refusal and returns its reactor when
// the caller may not make it; nullptr when it may.
grpc::ServerUnaryReactor* refuse(const Access* access, grpc::CallbackServerContext* ctx);

// The names a request carries ("name=a network=web host=h2"), for the audit trail: only the
// fields that name objects, never labels, keys or bundle contents.
std::string namedObjects(const google::protobuf::Message& request);

}  // namespace loom::engine::api
