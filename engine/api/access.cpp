#include "engine/api/access.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/message.h>

#include <chrono>

#include "engine/api/audit_log.h"
#include "engine/common/log.h"

namespace loom::engine::api {

using grpc::experimental::InterceptionHookPoints;

// One per call: names the caller when the call's metadata arrives, keeps the names its request
// carries, and writes the audit record when the answer goes out.
class AccessInterceptor : public grpc::experimental::Interceptor {
public:
    AccessInterceptor(Access& access, grpc::experimental::ServerRpcInfo* info)
        : m_access(access), m_info(info) {}
    ~AccessInterceptor() override {
        if (m_started) m_access.end(m_info->server_context());
    }

    void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
        if (methods->QueryInterceptionHookPoint(
                InterceptionHookPoints::POST_RECV_INITIAL_METADATA)) {
            m_call = m_access.begin(*m_info, *methods->GetRecvInitialMetadata());
            m_started = true;
        }
        if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::POST_RECV_MESSAGE) &&
            m_started && (m_call.rule.changes || m_call.refusal)) {
            // Every method of ours takes a protobuf message (health and reflection do too).
            if (auto* msg = static_cast<google::protobuf::Message*>(methods->GetRecvMessage())) {
                m_object = namedObjects(*msg);
            }
        }
        if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_SEND_STATUS) &&
            m_started) {
            grpc::Status outcome = methods->GetSendStatus();
            if (m_call.rule.changes || m_call.refusal ||
                outcome.error_code() == grpc::StatusCode::PERMISSION_DENIED) {
                m_access.audit(m_call, m_info->method(), m_object, outcome);
            }
        }
        methods->Proceed();
    }

private:
    Access& m_access;
    grpc::experimental::ServerRpcInfo* m_info;
    bool m_started = false;
    Access::Call m_call;
    std::string m_object;
};

namespace {

class Factory : public grpc::experimental::ServerInterceptorFactoryInterface {
public:
    explicit Factory(Access& access) : m_access(access) {}
    grpc::experimental::Interceptor* CreateServerInterceptor(
        grpc::experimental::ServerRpcInfo* info) override {
        return new AccessInterceptor(m_access, info);
    }

private:
    Access& m_access;
};

constexpr size_t kMaxObjectText = 240;

void appendNames(std::string* out, const std::string& key, const std::string& value) {
    if (value.empty() || out->size() >= kMaxObjectText) return;
    if (!out->empty()) out->push_back(' ');
    out->append(key).push_back('=');
    out->append(value);
}

// The name of an object a message describes (its "name" field), if it has one.
std::string nameOf(const google::protobuf::Message& m) {
    const auto* field = m.GetDescriptor()->FindFieldByName("name");
    if (!field || field->is_repeated() ||
        field->type() != google::protobuf::FieldDescriptor::TYPE_STRING) {
        return {};
    }
    return m.GetReflection()->GetString(m, field);
}

}  // namespace

std::string namedObjects(const google::protobuf::Message& request) {
    using FD = google::protobuf::FieldDescriptor;
    static const char* const kNaming[] = {"name",    "network", "endpoint",     "endpoints",
                                          "service", "host",    "container_id", "interface_name"};
    std::string out;
    const auto* reflection = request.GetReflection();
    for (const char* key : kNaming) {
        const FD* f = request.GetDescriptor()->FindFieldByName(key);
        if (!f) continue;
        if (!f->is_repeated()) {
            if (f->type() == FD::TYPE_STRING) {
                appendNames(&out, key, reflection->GetString(request, f));
            } else if (f->type() == FD::TYPE_MESSAGE && reflection->HasField(request, f)) {
                appendNames(&out, key, nameOf(reflection->GetMessage(request, f)));
            }
            continue;
        }
        std::string list;
        int n = reflection->FieldSize(request, f);
        for (int i = 0; i < n && list.size() < kMaxObjectText; ++i) {
            std::string one = f->type() == FD::TYPE_STRING
                                  ? reflection->GetRepeatedString(request, f, i)
                              : f->type() == FD::TYPE_MESSAGE
                                  ? nameOf(reflection->GetRepeatedMessage(request, f, i))
                                  : std::string();
            if (!list.empty()) list.push_back(',');
            list += one.empty() ? "?" : one;
        }
        appendNames(&out, key, list);
    }
    if (out.size() > kMaxObjectText) out = out.substr(0, kMaxObjectText) + "...";
    return out;
}

void Access::addConnection(int fd, Caller caller) {
    std::lock_guard lock(m_mutex);
    m_connections[fd] = std::move(caller);
}

void Access::refuseConnection(const Caller& caller) {
    Call call;
    call.caller = caller;
    call.rule = {Role::Viewer, "connect", false};
    std::string why =
        caller.subject + " is neither root nor in group " + kOperatorGroup + " or " + kViewerGroup;
    audit(call, "connect", "", grpc::Status(grpc::StatusCode::PERMISSION_DENIED, why));
}

Caller Access::transportCaller(grpc::ServerContextBase& ctx) const {
    std::string peer = ctx.peer();
    if (peer.rfind("fd:", 0) == 0) {
        // Only the local socket's accept loop makes fd connections, and it names each first.
        int fd = std::atoi(peer.c_str() + 3);
        std::lock_guard lock(m_mutex);
        auto it = m_connections.find(fd);
        if (it != m_connections.end()) return it->second;
        Caller unknown;
        unknown.local = true;
        unknown.subject = "an unknown local process";
        unknown.source = peer;
        return unknown;
    }
    auto auth = ctx.auth_context();
    if (auth && auth->IsPeerAuthenticated()) {
        auto pems = auth->FindPropertyValues("x509_pem_cert");
        std::string pem =
            pems.empty() ? std::string() : std::string(pems[0].data(), pems[0].size());
        std::lock_guard lock(m_mutex);
        auto it = m_certificates.find(pem);
        if (it == m_certificates.end()) {
            if (m_certificates.size() > 1024) m_certificates.clear();  // bounded
            it = m_certificates.emplace(pem, certificateCaller(pem, "")).first;
        }
        Caller c = it->second;
        c.source = peer;
        return c;
    }
    // The server listens on nothing else: no fd, no certificate is its in-process channel
    // (gRPC names that peer "unknown").
    if (peer == "unknown") return engineCaller();
    Caller unknown;
    unknown.subject = "an unauthenticated peer";
    unknown.source = peer;
    return unknown;
}

Access::Call Access::begin(grpc::experimental::ServerRpcInfo& info,
                           const std::multimap<grpc::string_ref, grpc::string_ref>& metadata) {
    Call call;
    auto* ctx = info.server_context();
    call.rule = ruleFor(info.method());
    Caller transport = transportCaller(*ctx);
    // Only engines may say for whom they ask: this one in-process, or a peer over mutual TLS.
    bool fromEngine = transport.engine || (!transport.local && transport.role != Role::None);
    call.caller = fromEngine ? claimed(transport, metadata) : transport;
    if (call.caller.role < call.rule.needs) {
        const std::string& name = call.caller.name.empty() ? call.caller.subject : call.caller.name;
        std::string why = call.caller.role == Role::None
                              ? name + " may not use this engine"
                              : api::refusal(call.caller.role, name, call.rule);
        call.refusal = grpc::Status(grpc::StatusCode::PERMISSION_DENIED, why);
    }
    std::lock_guard lock(m_mutex);
    m_calls[ctx] = call;
    return call;
}

void Access::end(const grpc::ServerContextBase* ctx) {
    std::lock_guard lock(m_mutex);
    m_calls.erase(ctx);
}

std::optional<Caller> Access::caller(const grpc::ServerContextBase* ctx) const {
    std::lock_guard lock(m_mutex);
    auto it = m_calls.find(ctx);
    if (it == m_calls.end()) return std::nullopt;
    return it->second.caller;
}

std::optional<grpc::Status> Access::refusal(const grpc::ServerContextBase* ctx) const {
    std::lock_guard lock(m_mutex);
    auto it = m_calls.find(ctx);
    if (it == m_calls.end()) {
        return grpc::Status(grpc::StatusCode::PERMISSION_DENIED,
                            "the engine could not tell who is calling");
    }
    return it->second.refusal;
}

void Access::audit(const Call& call, const std::string& method, const std::string& object,
                   const grpc::Status& outcome) {
    if (!m_audit) return;
    v1::AuditRecord r;
    r.set_unix_ms(std::chrono::duration_cast<std::chrono::milliseconds>(
                      std::chrono::system_clock::now().time_since_epoch())
                      .count());
    toProto(call.caller, r.mutable_caller());
    r.set_method(!method.empty() && method[0] == '/' ? method.substr(1) : method);
    r.set_object(object);
    r.set_code(outcome.error_code());
    r.set_message(outcome.error_message());
    m_audit->record(std::move(r));
}

std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface> Access::interceptors() {
    return std::make_unique<Factory>(*this);
}

grpc::ServerUnaryReactor* refuse(const Access* access, grpc::CallbackServerContext* ctx) {
    if (!access) return nullptr;  // no policy installed (the daemon always installs one)
    auto why = access->refusal(ctx);
    if (!why) return nullptr;
    auto* reactor = ctx->DefaultReactor();
    reactor->Finish(*why);
    return reactor;
}

}  // namespace loom::engine::api
