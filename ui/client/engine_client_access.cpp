// EngineClient: who this console is to the engine (its role), and the engine's audit trail.
#include <QPointer>

#include "ui/client/client_core.h"
#include "ui/client/engine_client.h"

namespace loom::ui {

namespace {

Role roleOf(v1::Role r) {
    switch (r) {
        case v1::ROLE_OPERATOR:
            return Role::Operator;
        case v1::ROLE_VIEWER:
            return Role::Viewer;
        default:
            return Role::Unknown;
    }
}

}  // namespace

void EngineClient::setCaller(const CallerInfo& caller) {
    if (caller == m_caller) return;
    m_caller = caller;
    emit callerChanged(m_caller);
}

void EngineClient::readCaller() {
    if (!m_core) return;
    struct Call {
        std::shared_ptr<ClientCore> core;
        std::unique_ptr<v1::AuditService::Stub> stub;
        grpc::ClientContext ctx;
        v1::WhoAmIRequest req;
        v1::Caller resp;
    };
    auto call = std::make_shared<Call>();
    call->core = m_core;
    call->stub = v1::AuditService::NewStub(m_core->channel);
    call->ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
    auto alive = m_alive;
    call->stub->async()->WhoAmI(&call->ctx, &call->req, &call->resp,
                                [this, call, alive](grpc::Status s) {
                                    CallerInfo info;
                                    if (s.ok()) {
                                        info.role = roleOf(call->resp.role());
                                        info.subject = q(call->resp.subject());
                                        info.source = q(call->resp.source());
                                    }
                                    // An engine older than roles answers UNIMPLEMENTED: the
                                    // role stays unknown and nothing is held back.
                                    onGuiThread(alive, [this, info] { setCaller(info); });
                                });
}

void EngineClient::listAudit(
    qint64 sinceMs, int limit, QObject* context,
    std::function<void(const QList<AuditEntry>& entries, const QString& error)> done) {
    if (!m_core) {
        done({}, tr("not connected to an engine"));
        return;
    }
    struct Call {
        std::shared_ptr<ClientCore> core;
        std::unique_ptr<v1::AuditService::Stub> stub;
        grpc::ClientContext ctx;
        v1::ListAuditRequest req;
        v1::ListAuditResponse resp;
    };
    auto call = std::make_shared<Call>();
    call->core = m_core;
    call->stub = v1::AuditService::NewStub(m_core->channel);
    call->ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
    call->req.set_since_unix_ms(sinceMs);
    call->req.set_limit(static_cast<uint32_t>(limit));
    QPointer<QObject> guard(context);
    auto alive = m_alive;
    call->stub->async()->ListAudit(
        &call->ctx, &call->req, &call->resp, [call, alive, guard, done](grpc::Status s) {
            QList<AuditEntry> entries;
            QString error;
            if (s.ok()) {
                for (const auto& r : call->resp.records()) {
                    AuditEntry e;
                    e.unixMs = r.unix_ms();
                    e.role = roleOf(r.caller().role());
                    e.who = q(r.caller().subject());
                    if (!r.caller().via().empty()) {
                        e.who = tr("%1 via %2").arg(e.who, q(r.caller().via()));
                    }
                    e.source = q(r.caller().source());
                    std::string method = r.method();
                    auto dot = method.rfind('.', method.find('/'));
                    e.method = q(dot == std::string::npos ? method : method.substr(dot + 1));
                    e.object = q(r.object());
                    e.code = r.code();
                    e.message = q(r.message());
                    entries.append(e);
                }
            } else {
                error = q(s.error_message());
            }
            onGuiThread(alive, [guard, done, entries, error] {
                if (guard) done(entries, error);
            });
        });
}

}  // namespace loom::ui
