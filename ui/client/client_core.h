#pragma once

// The gRPC side of a connection, shared by the console's clients (EngineClient,
// TelemetryClient) and by calls still in flight. Private to ui/client.
#include <grpcpp/grpcpp.h>

#include <QCoreApplication>
#include <QMetaObject>
#include <QString>

#include <functional>
#include <memory>
#include <string>

#include "loom/v1/loom.grpc.pb.h"
#include "ui/client/types.h"

namespace loom::ui {

inline QString q(const std::string& s) {
    return QString::fromStdString(s);
}

// Runs `fn` on the GUI thread, unless `alive` says its owner is gone by then.
template <typename Fn>
void onGuiThread(const std::shared_ptr<bool>& alive, Fn fn) {
    QMetaObject::invokeMethod(
        QCoreApplication::instance(),
        [alive, fn = std::move(fn)]() mutable {
            if (*alive) fn();
        },
        Qt::QueuedConnection);
}

// The channel and stubs of one connection target, shared with calls still in flight.
struct ClientCore {
    std::shared_ptr<grpc::Channel> channel;
    std::unique_ptr<v1::HostService::Stub> hosts;
    std::unique_ptr<v1::NetworkService::Stub> networks;
    std::unique_ptr<v1::EndpointService::Stub> endpoints;
    std::unique_ptr<v1::TelemetryService::Stub> telemetry;

    // The event stream: it keeps itself alive until gRPC is done with it.
    class Events : public grpc::ClientReadReactor<v1::Event> {
    public:
        std::function<void(const EventInfo&)> onEvent;
        std::function<void(const QString&)> onEnd;
        grpc::ClientContext ctx;
        std::shared_ptr<Events> self;

        void start(v1::NetworkService::Stub& stub) {
            // The whole cluster's changes, not only this engine's: an endpoint made on
            // another host shows without anything happening here.
            m_req.set_all_hosts(true);
            stub.async()->WatchEvents(&ctx, &m_req, this);
            StartRead(&m_event);
            StartCall();
        }
        void OnReadDone(bool ok) override {
            if (!ok) return;  // OnDone follows with the status
            EventInfo e;
            e.unixMs = m_event.unix_ms();
            switch (m_event.kind()) {
                case v1::Event::KIND_CREATED:
                    e.kind = QStringLiteral("created");
                    break;
                case v1::Event::KIND_DELETED:
                    e.kind = QStringLiteral("deleted");
                    break;
                case v1::Event::KIND_FAILED:
                    e.kind = QStringLiteral("failed");
                    break;
                default:
                    e.kind = QStringLiteral("changed");
                    break;
            }
            e.network = m_event.has_network();
            e.host = m_event.has_host();
            if (e.host) {
                e.id = q(m_event.host().id());
                e.name = q(m_event.host().name());
                e.hostName = e.name;
            } else if (e.network) {
                e.id = q(m_event.network().id());
                e.name = q(m_event.network().name());
                e.networkId = e.id;
                e.networkName = e.name;
            } else {
                const auto& ep = m_event.endpoint();
                e.id = q(ep.id());
                e.name = q(ep.name());
                e.networkId = q(ep.network_id());
                e.networkName = q(ep.network_name());
                e.hostName = q(ep.host_name());
            }
            e.message = q(m_event.message());
            onEvent(e);
            StartRead(&m_event);
        }
        void OnDone(const grpc::Status& s) override {
            onEnd(q(s.error_message()));
            self.reset();  // may delete this
        }

    private:
        v1::WatchEventsRequest m_req;
        v1::Event m_event;
    };
    std::shared_ptr<Events> events;

    ~ClientCore() {
        if (events) events->ctx.TryCancel();
    }
};

}  // namespace loom::ui
