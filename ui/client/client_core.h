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
    std::unique_ptr<v1::ServiceService::Stub> services;
    std::unique_ptr<v1::TelemetryService::Stub> telemetry;

    // The event stream: it keeps itself alive until gRPC is done with it.
    class Events : public grpc::ClientReadReactor<v1::Event> {
    public:
        std::function<void(const v1::Event&)> onEvent;  // on a gRPC thread
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
            onEvent(m_event);
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
