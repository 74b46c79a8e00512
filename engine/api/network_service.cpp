#include "engine/api/network_service.h"

#include <deque>
#include <mutex>

#include "engine/api/access.h"
#include "engine/api/convert.h"
#include "engine/api/event_bus.h"
#include "engine/api/intents.h"
#include "engine/cluster/agent.h"
#include "engine/common/log.h"
#include "engine/model/validation.h"

namespace loom::engine::api {

using common::Status;

namespace {
constexpr const char* kLog = "api";

v1::Event networkEvent(v1::Event::Kind kind, const v1::Network& n, const std::string& message) {
    v1::Event e = makeEvent(kind, message);
    *e.mutable_network() = n;
    return e;
}

// One WatchEvents stream: queues what the bus delivers and writes one event at a time.
class EventWriter final : public grpc::ServerWriteReactor<v1::Event> {
public:
    static constexpr size_t kMaxQueued = 4096;

    EventWriter(EventBus& bus, bool allHosts) : m_bus(bus) {
        m_token = m_bus.subscribe([this, allHosts](const v1::Event& e) {
            if (allHosts || !e.remote()) push(e);
        });
        // The headers go out once subscribed: a client that waits for them misses nothing after.
        StartSendInitialMetadata();
    }

    void OnWriteDone(bool ok) override {
        std::lock_guard lock(m_mutex);
        m_queue.pop_front();
        if (!ok) {
            finishLocked(grpc::Status(grpc::StatusCode::UNAVAILABLE, "client went away"));
            return;
        }
        writeNextLocked();
    }

    void OnCancel() override {
        std::lock_guard lock(m_mutex);
        finishLocked(grpc::Status::CANCELLED);
    }

    void OnDone() override {
        m_bus.unsubscribe(m_token);
        delete this;
    }

private:
    void push(const v1::Event& e) {
        std::lock_guard lock(m_mutex);
        if (m_finished) return;
        if (m_queue.size() >= kMaxQueued) {
            // A subscriber this far behind is dropped, not allowed to slow everyone else.
            finishLocked(grpc::Status(grpc::StatusCode::RESOURCE_EXHAUSTED,
                                      "event stream fell too far behind; reconnect and list"));
            return;
        }
        m_queue.push_back(e);
        if (!m_writing) writeNextLocked();
    }

    void writeNextLocked() {
        if (m_finished || m_queue.empty()) {
            m_writing = false;
            return;
        }
        m_writing = true;
        StartWrite(&m_queue.front());
    }

    void finishLocked(const grpc::Status& status) {
        if (m_finished) return;
        m_finished = true;
        Finish(status);
    }

    EventBus& m_bus;
    uint64_t m_token = 0;
    std::mutex m_mutex;
    std::deque<v1::Event> m_queue;
    bool m_writing = false;
    bool m_finished = false;
};

}  // namespace

grpc::ServerUnaryReactor* NetworkService::CreateNetwork(grpc::CallbackServerContext* ctx,
                                                        const v1::CreateNetworkRequest* req,
                                                        v1::Network* resp) {
    if (auto* refused = refuse(m_ctx.access, ctx)) return refused;
    auto* reactor = ctx->DefaultReactor();
    if (m_ctx.cluster) {
        // Checked against, and written to, etcd on the agent's writer; the store mirrors it
        // (the watch may do so too).
        bool queued = m_ctx.cluster->submit([this, reactor, req, resp] {
            auto n = m_ctx.cluster->createNetwork([&](const std::vector<model::Network>& existing) {
                return buildNetwork(m_ctx, *req, existing);
            });
            if (!n) {
                reactor->Finish(toGrpc(n.status()));
                return;
            }
            model::Network network = *n;
            Status s = m_ctx.store.transaction([&]() -> Status {
                auto local = m_ctx.store.network(network.id);
                if (!local) return local.status();
                return local->has_value() ? Status{} : m_ctx.store.insertNetwork(network);
            });
            if (!s.isOk()) {
                withdrawNetwork(network, "a failed store write");
                reactor->Finish(toGrpc(s));
                return;
            }
            reconcileCreated(reactor, network, resp);
        });
        if (!queued) reactor->Finish(toGrpc(common::unavailable("the engine is stopping")));
        return reactor;
    }
    model::Network network;
    Status s = m_ctx.store.transaction([&]() -> Status {
        auto n = createNetworkIntent(m_ctx, *req);
        if (!n) return n.status();
        network = *n;
        return {};
    });
    if (!s.isOk()) {
        reactor->Finish(toGrpc(s));
        return reactor;
    }
    reconcileCreated(reactor, network, resp);
    return reactor;
}

void NetworkService::withdrawNetwork(const model::Network& network, const std::string& after) {
    auto job = [this, network, after] {
        if (Status u = m_ctx.cluster->deleteNetwork(network, true); !u.isOk()) {
            LOOM_LOG(Error, kLog) << "withdrawing network " << network.name
                                  << " from the cluster after " << after << ": " << u.message();
        }
    };
    if (m_ctx.cluster->onWriter()) {
        job();
    } else if (!m_ctx.cluster->submit(job)) {
        LOOM_LOG(Error, kLog) << "network " << network.name
                              << " stays in the cluster: the engine is stopping";
    }
}

void NetworkService::reconcileCreated(grpc::ServerUnaryReactor* reactor,
                                      const model::Network& network, v1::Network* resp) {
    LOOM_LOG(Info, kLog) << "network " << network.name << " created (vni " << network.vni << ", "
                         << network.subnet.toString() << ")";
    m_ctx.reconciler.markNetwork(network.id, [this, reactor, resp, network](const Status& st) {
        if (!st.isOk()) {
            // The kernel refused: take the intent back, so a failed create changes nothing.
            if (m_ctx.cluster) withdrawNetwork(network, "a kernel failure");
            if (Status u = deleteNetworkIntent(m_ctx, network); !u.isOk()) {
                LOOM_LOG(Error, kLog) << "taking back network " << network.name
                                      << " after a kernel failure: " << u.message();
            }
            m_ctx.reconciler.markNetwork(network.id);
            reactor->Finish(toGrpc(st));
            return;
        }
        Status filled = fillNetwork(m_ctx, network.id, resp);
        if (filled.isOk()) m_ctx.events.publish(networkEvent(v1::Event::KIND_CREATED, *resp, ""));
        reactor->Finish(toGrpc(filled));
    });
}

grpc::ServerUnaryReactor* NetworkService::GetNetwork(grpc::CallbackServerContext* ctx,
                                                     const v1::GetNetworkRequest* req,
                                                     v1::Network* resp) {
    auto* reactor = ctx->DefaultReactor();
    auto n = resolveNetwork(m_ctx, req->network());
    reactor->Finish(toGrpc(n ? fillNetwork(m_ctx, n->id, resp) : n.status()));
    return reactor;
}

grpc::ServerUnaryReactor* NetworkService::ListNetworks(grpc::CallbackServerContext* ctx,
                                                       const v1::ListNetworksRequest*,
                                                       v1::ListNetworksResponse* resp) {
    auto* reactor = ctx->DefaultReactor();
    auto all = m_ctx.store.networks();
    if (all) {
        for (const auto& n : *all) {
            auto* out = resp->add_networks();
            toProto(m_ctx, n, out);
            out->set_endpoint_count(endpointCountOf(m_ctx, n.id));
        }
    }
    reactor->Finish(toGrpc(all.status()));
    return reactor;
}

grpc::ServerUnaryReactor* NetworkService::DeleteNetwork(grpc::CallbackServerContext* ctx,
                                                        const v1::DeleteNetworkRequest* req,
                                                        v1::DeleteNetworkResponse* resp) {
    if (auto* refused = refuse(m_ctx.access, ctx)) return refused;
    auto* reactor = ctx->DefaultReactor();
    auto run = [this, reactor, req, resp] {
        model::Network network;
        std::vector<std::string> endpointIds;
        v1::Network shown;
        auto deleteLocal = [&]() -> Status {
            endpointIds.clear();
            auto n = resolveNetwork(m_ctx, req->network());
            if (!n) return n.status();
            network = *n;
            toProto(m_ctx, network, &shown);
            auto endpoints = m_ctx.store.listEndpoints(network.id);
            if (!endpoints) return endpoints.status();
            if (!endpoints->empty() && !req->force()) {
                return common::failedPrecondition("network \"" + network.name + "\" still has " +
                                                  std::to_string(endpoints->size()) +
                                                  " endpoint(s); delete them first or use force");
            }
            for (const auto& e : *endpoints) {
                LOOM_RETURN_IF_ERROR(deleteEndpointIntent(m_ctx, e));
                endpointIds.push_back(e.id);
            }
            return deleteNetworkIntent(m_ctx, network);
        };
        Status s;
        if (m_ctx.cluster) {
            // Checked here, refused by etcd while other hosts have endpoints on it (unless
            // forced), then written here: no store lock is held across the etcd call.
            s = checkOnly(m_ctx.store, deleteLocal);
            if (s.isOk()) s = m_ctx.cluster->deleteNetwork(network, req->force());
            if (s.isOk()) {
                s = m_ctx.store.transaction(deleteLocal);
                // Gone from etcd: the watch's mirror deletes what stayed here.
                if (s.code() == common::Code::NotFound) s = {};
            }
        } else {
            s = m_ctx.store.transaction(deleteLocal);
        }
        if (!s.isOk()) {
            reactor->Finish(toGrpc(s));
            return;
        }
        resp->set_endpoints_deleted(static_cast<uint32_t>(endpointIds.size()));
        LOOM_LOG(Info, kLog) << "network " << network.name << " deleted with " << endpointIds.size()
                             << " endpoint(s)";
        m_ctx.reconciler.markNetwork(network.id);
        m_ctx.reconciler.markEndpoints(endpointIds, [this, reactor, shown](const Status& st) {
            m_ctx.events.publish(networkEvent(v1::Event::KIND_DELETED, shown, st.message()));
            reactor->Finish(toGrpc(st));
        });
    };
    runOrdered(m_ctx, reactor, std::move(run));
    return reactor;
}

grpc::ServerWriteReactor<v1::Event>* NetworkService::WatchEvents(
    grpc::CallbackServerContext*, const v1::WatchEventsRequest* req) {
    return new EventWriter(m_ctx.events, req->all_hosts() && m_ctx.cluster);
}

}  // namespace loom::engine::api

namespace loom::engine::api {

namespace {

// The network with the request's changes, checked by the same rules as a new one (among the
// others); the store is read, not written.
common::Result<model::Network> changedNetwork(EngineContext& ctx,
                                              const v1::UpdateNetworkRequest& req) {
    if (!req.has_mtu() && !req.set_labels() && !req.has_internal()) {
        return common::invalidArgument("network",
                                       "nothing to change: give an MTU, labels or internal");
    }
    auto n = resolveNetwork(ctx, req.network());
    if (!n) return n.status();
    auto all = ctx.store.networks();
    if (!all) return all.status();
    std::vector<model::Network> others;
    for (const auto& o : *all) {
        if (o.id != n->id) others.push_back(o);
    }
    model::NetworkSpec spec;
    spec.name = n->name;
    spec.subnet = n->subnet.toString();
    spec.vni = n->vni;
    spec.port = n->port;
    spec.mtu = req.has_mtu() ? req.mtu() : n->mtu;
    spec.labels = req.set_labels() ? labelsOf(req.labels()) : n->labels;
    spec.encrypted = n->encrypted;
    if (n->encrypted) spec.keyRotationS = n->keyRotationS;
    auto checked = model::checkNetwork(spec, others, ctx.underlay.mtu);
    if (!checked) return checked.status();
    model::Network out = *n;
    out.mtu = checked->mtu;
    out.labels = checked->labels;
    if (req.has_internal()) out.internal = req.internal();
    return out;
}

}  // namespace

grpc::ServerUnaryReactor* NetworkService::UpdateNetwork(grpc::CallbackServerContext* ctx,
                                                        const v1::UpdateNetworkRequest* req,
                                                        v1::Network* resp) {
    if (auto* refused = refuse(m_ctx.access, ctx)) return refused;
    auto* reactor = ctx->DefaultReactor();
    auto run = [this, reactor, req, resp] {
        model::Network before, after;
        std::vector<std::string> endpointIds;
        auto write = [&]() -> Status {
            auto n = changedNetwork(m_ctx, *req);
            if (!n) return n.status();
            after = *n;
            auto old = m_ctx.store.network(after.id);
            if (!old) return old.status();
            before = old->value_or(after);
            auto endpoints = m_ctx.store.listEndpoints(after.id);
            if (!endpoints) return endpoints.status();
            endpointIds.clear();
            for (const auto& e : *endpoints) endpointIds.push_back(e.id);
            return m_ctx.store.updateNetwork(after);
        };
        Status s;
        if (m_ctx.cluster) {
            // Checked here, written to etcd with no lock held, then here; the other hosts
            // follow from their watch (mirrorNetworks).
            s = checkOnly(m_ctx.store, write);
            if (s.isOk()) s = m_ctx.cluster->updateNetwork(after);
        }
        if (s.isOk()) s = m_ctx.store.transaction(write);
        if (!s.isOk()) {
            reactor->Finish(toGrpc(s));
            return;
        }
        auto answer = [this, reactor, resp, id = after.id](const Status& st) {
            Status filled = st.isOk() ? fillNetwork(m_ctx, id, resp) : st;
            if (filled.isOk()) {
                m_ctx.events.publish(networkEvent(v1::Event::KIND_CHANGED, *resp, "changed"));
            }
            reactor->Finish(toGrpc(filled));
        };
        LOOM_LOG(Info, kLog) << "network " << after.name << " changed in place (mtu " << before.mtu
                             << " -> " << after.mtu << ", " << after.labels.size() << " label(s))";
        if (before.mtu == after.mtu) {
            answer({});
            return;
        }
        // The new MTU on the sandbox's devices, then on every local endpoint's veth: in place,
        // no device is made again.
        if (endpointIds.empty()) {
            m_ctx.reconciler.markNetwork(after.id, answer);
        } else {
            m_ctx.reconciler.markNetwork(after.id);
            m_ctx.reconciler.markEndpoints(endpointIds, answer);
        }
    };
    runOrdered(m_ctx, reactor, std::move(run));
    return reactor;
}

}  // namespace loom::engine::api
