#include "engine/api/endpoint_service.h"

#include <set>

#include "engine/api/access.h"
#include "engine/api/convert.h"
#include "engine/api/event_bus.h"
#include "engine/api/intents.h"
#include "engine/api/peers.h"
#include "engine/api/service_directory.h"
#include "engine/cluster/agent.h"
#include "engine/common/log.h"
#include "engine/model/validation.h"

namespace loom::engine::api {

using common::Status;

namespace {
constexpr const char* kLog = "api";
}  // namespace

v1::Event endpointEvent(v1::Event::Kind kind, const v1::Endpoint& e, const std::string& message) {
    v1::Event ev = makeEvent(kind, message);
    *ev.mutable_endpoint() = e;
    return ev;
}

namespace {

// The other host a request names, or nullopt for this one; an error when it cannot be asked.
common::Result<std::optional<v1::Host>> otherHost(EngineContext& ctx,
                                                  const grpc::CallbackServerContext* call,
                                                  const std::string& ref) {
    if (ref.empty() || ref == ctx.hostId || ref == ctx.hostName) return std::optional<v1::Host>();
    if (!ctx.peers) {
        return common::failedPrecondition("host: this engine is host \"" + ctx.hostName +
                                          "\" and is not in a cluster, so it cannot reach \"" +
                                          ref + "\"");
    }
    if (ctx.peers->isSelf(ref)) return std::optional<v1::Host>();
    if (forwarded(call)) {
        return common::failedPrecondition("host: \"" + ref + "\" is not this engine's host");
    }
    auto h = ctx.peers->find(ref);
    if (!h) return h.status();
    return std::optional<v1::Host>(*h);
}

// Another host's endpoint, by id or name, as etcd has it.
common::Result<std::optional<v1::Endpoint>> remoteEndpoint(EngineContext& ctx,
                                                           const std::string& ref) {
    if (!ctx.cluster) return std::optional<v1::Endpoint>();
    std::vector<v1::Endpoint> found;
    for (const auto& e : ctx.cluster->view().endpoints()) {
        if (e.host_id() != ctx.hostId && (e.id() == ref || e.name() == ref)) found.push_back(e);
    }
    if (found.empty()) return std::optional<v1::Endpoint>();
    if (found.size() > 1) {
        std::string hosts;
        for (const auto& e : found) hosts += (hosts.empty() ? "" : ", ") + e.host_name();
        return common::failedPrecondition("endpoint: \"" + ref + "\" names endpoints on " + hosts +
                                          "; give its id or the host");
    }
    return std::optional<v1::Endpoint>(found[0]);
}

// This host's endpoint of a container, by the runtime's id and the interface (empty: eth0).
common::Result<std::optional<model::Endpoint>> containerEndpoint(EngineContext& ctx,
                                                                 const std::string& containerId,
                                                                 const std::string& ifname) {
    return ctx.store.findContainerEndpoint(containerId,
                                           ifname.empty() ? model::kDefaultInterfaceName : ifname);
}

common::Result<model::Endpoint> requireContainerEndpoint(EngineContext& ctx,
                                                         const std::string& containerId,
                                                         const std::string& ifname) {
    auto found = containerEndpoint(ctx, containerId, ifname);
    if (!found) return found.status();
    if (!found->has_value()) {
        return common::notFound(
            "container_id: container " + containerId.substr(0, 12) + " has no endpoint with " +
            (ifname.empty() ? model::kDefaultInterfaceName : ifname) + " on this host");
    }
    return **found;
}

// The request asks for what `e` already is: the same network and namespace (and name, address
// and MAC where given).
bool sameAttachment(EngineContext& ctx, const model::Endpoint& e,
                    const v1::CreateEndpointRequest& req) {
    auto n = ctx.store.network(e.networkId);
    if (!n || !n->has_value()) return false;
    const model::Network& net = **n;
    if (req.network() != net.id && req.network() != net.name) return false;
    if (!req.netns_path().empty() && req.netns_path() != e.netnsPath) return false;
    if (!req.name().empty() && req.name() != e.name) return false;
    if (!req.ip().empty() && req.ip() != e.ip.toString() &&
        req.ip() != e.ip.toString() + "/" + std::to_string(net.subnet.prefix)) {
        return false;
    }
    if (!req.mac().empty() && model::Mac::parse(req.mac()) != e.mac) return false;
    return true;
}

// Whose engine an endpoint request goes to: nullopt for this one; another host when `host`
// names it, or when `*ref` names no endpoint here but one of another host's (then `*ref`
// becomes its id, which that engine knows it by).
common::Result<std::optional<v1::Host>> ownerOf(EngineContext& ctx,
                                                const grpc::CallbackServerContext* call,
                                                const std::string& host, std::string* ref) {
    auto other = otherHost(ctx, call, host);
    if (!other || *other || !host.empty() || forwarded(call) || resolveEndpoint(ctx, *ref)) {
        return other;
    }
    auto remote = remoteEndpoint(ctx, *ref);
    if (!remote) return remote.status();
    if (!*remote) return other;
    *ref = (*remote)->id();
    return otherHost(ctx, call, (*remote)->host_id());
}
}  // namespace

grpc::ServerUnaryReactor* EndpointService::CreateEndpoint(grpc::CallbackServerContext* ctx,
                                                          const v1::CreateEndpointRequest* req,
                                                          v1::Endpoint* resp) {
    if (auto* refused = refuse(m_ctx.access, ctx)) return refused;
    auto other = otherHost(m_ctx, ctx, req->host());
    if (!other || *other) {
        auto* reactor = ctx->DefaultReactor();
        if (!other) {
            reactor->Finish(toGrpc(other.status()));
            return reactor;
        }
        v1::CreateEndpointRequest forward = *req;
        forward.clear_host();
        auto caller = m_ctx.access ? m_ctx.access->caller(ctx) : std::nullopt;
        forwardUnary<v1::EndpointService>(*m_ctx.peers, **other, forward, resp, reactor,
                                          caller ? &*caller : nullptr,
                                          [](auto* async, auto* c, auto* r, auto* out, auto done) {
                                              async->CreateEndpoint(c, r, out, std::move(done));
                                          });
        return reactor;
    }
    if (!req->container_id().empty()) {
        // A runtime repeating an ADD: the container's endpoint is answered again as it is.
        auto same = containerEndpoint(m_ctx, req->container_id(), req->interface_name());
        if (same && same->has_value() && sameAttachment(m_ctx, **same, *req)) {
            auto* reactor = ctx->DefaultReactor();
            reactor->Finish(toGrpc(fillEndpoint(m_ctx, (*same)->id, resp)));
            return reactor;
        }
    }
    return create(ctx, {req}, [resp] { return resp; });
}

grpc::ServerUnaryReactor* EndpointService::CreateEndpoints(grpc::CallbackServerContext* ctx,
                                                           const v1::CreateEndpointsRequest* req,
                                                           v1::CreateEndpointsResponse* resp) {
    if (auto* refused = refuse(m_ctx.access, ctx)) return refused;
    if (req->endpoints().empty()) {
        auto* reactor = ctx->DefaultReactor();
        reactor->Finish(toGrpc(common::invalidArgument("endpoints", "is empty")));
        return reactor;
    }
    // All on one host: this one, or another whose engine gets the whole request.
    std::optional<v1::Host> target;
    for (int i = 0; i < req->endpoints_size(); ++i) {
        auto other = otherHost(m_ctx, ctx, req->endpoints(i).host());
        Status s = other ? Status{} : other.status();
        if (s.isOk() && i > 0 &&
            (target.has_value() != other->has_value() ||
             (target && target->id() != (*other)->id()))) {
            s = common::invalidArgument(
                "endpoints[" + std::to_string(i) + "].host",
                "differs from endpoints[0].host: send one request per host");
        }
        if (!s.isOk()) {
            auto* reactor = ctx->DefaultReactor();
            reactor->Finish(toGrpc(s));
            return reactor;
        }
        target = *other;
    }
    if (target) {
        auto* reactor = ctx->DefaultReactor();
        v1::CreateEndpointsRequest forward = *req;
        for (auto& e : *forward.mutable_endpoints()) e.clear_host();
        auto caller = m_ctx.access ? m_ctx.access->caller(ctx) : std::nullopt;
        forwardUnary<v1::EndpointService>(*m_ctx.peers, *target, forward, resp, reactor,
                                          caller ? &*caller : nullptr,
                                          [](auto* async, auto* c, auto* r, auto* out, auto done) {
                                              async->CreateEndpoints(c, r, out, std::move(done));
                                          });
        return reactor;
    }
    std::vector<const v1::CreateEndpointRequest*> reqs;
    for (const auto& r : req->endpoints()) reqs.push_back(&r);
    return create(ctx, std::move(reqs), [resp] { return resp->add_endpoints(); });
}

grpc::ServerUnaryReactor* EndpointService::GetEndpoint(grpc::CallbackServerContext* ctx,
                                                       const v1::GetEndpointRequest* req,
                                                       v1::Endpoint* resp) {
    auto* reactor = ctx->DefaultReactor();
    if (!req->container_id().empty()) {
        auto c = requireContainerEndpoint(m_ctx, req->container_id(), req->interface_name());
        reactor->Finish(toGrpc(c ? fillEndpoint(m_ctx, c->id, resp) : c.status()));
        return reactor;
    }
    auto e = resolveEndpoint(m_ctx, req->endpoint());
    if (!e && e.status().code() == common::Code::NotFound) {
        // Clustered: another host's endpoint, as it published it.
        auto remote = remoteEndpoint(m_ctx, req->endpoint());
        if (!remote || *remote) {
            if (remote) {
                *resp = **remote;
                resp->set_state(v1::OBJECT_STATE_READY);
            }
            reactor->Finish(toGrpc(remote ? Status{} : remote.status()));
            return reactor;
        }
    }
    reactor->Finish(toGrpc(e ? fillEndpoint(m_ctx, e->id, resp) : e.status()));
    return reactor;
}

grpc::ServerUnaryReactor* EndpointService::ListEndpoints(grpc::CallbackServerContext* ctx,
                                                         const v1::ListEndpointsRequest* req,
                                                         v1::ListEndpointsResponse* resp) {
    auto* reactor = ctx->DefaultReactor();
    std::string networkId;
    if (!req->network().empty()) {
        auto n = resolveNetwork(m_ctx, req->network());
        if (!n) {
            reactor->Finish(toGrpc(n.status()));
            return reactor;
        }
        networkId = n->id;
    }
    auto networks = m_ctx.store.networks();
    auto endpoints = m_ctx.store.listEndpoints(networkId);
    if (!networks || !endpoints) {
        reactor->Finish(toGrpc(!networks ? networks.status() : endpoints.status()));
        return reactor;
    }
    std::map<std::string, const model::Network*> byId;
    for (const auto& n : *networks) byId[n.id] = &n;
    for (const auto& e : *endpoints) {
        auto* out = resp->add_endpoints();
        const model::Network* n = byId.count(e.networkId) ? byId[e.networkId] : nullptr;
        toProto(m_ctx, e, n ? n->name : "", out);
        if (n) fillFromNetwork(m_ctx, *n, e, out);
    }
    if (req->all_hosts() && m_ctx.cluster) {
        std::map<std::string, std::map<std::string, std::string>> hostAddresses;  // net, host
        for (const auto& e : m_ctx.cluster->view().endpoints(networkId)) {
            if (e.host_id() == m_ctx.hostId) continue;
            auto* out = resp->add_endpoints();
            *out = e;
            out->set_state(v1::OBJECT_STATE_READY);  // published: its host has it up
            // Its network's MTU now: the record keeps the one it was published with, and a
            // network's MTU changes in place (UpdateNetwork) without its endpoints republished.
            auto n = byId.find(e.network_id());
            if (n != byId.end()) {
                out->set_mtu(n->second->mtu);
                out->set_dns_search(model::dnsDomain(n->second->name));
            }
            // Its resolver is its own host's responder.
            if (!hostAddresses.count(e.network_id())) {
                for (const auto& h : m_ctx.cluster->view().hostAddresses(e.network_id())) {
                    hostAddresses[e.network_id()][h.hostId] = h.ip.toString();
                }
            }
            auto& onNetwork = hostAddresses[e.network_id()];
            if (auto h = onNetwork.find(e.host_id()); h != onNetwork.end()) {
                out->set_dns_server(h->second);
            }
        }
    }
    reactor->Finish(grpc::Status::OK);
    return reactor;
}

grpc::ServerUnaryReactor* EndpointService::remove(grpc::CallbackServerContext* ctx,
                                                  std::vector<std::string> refs,
                                                  std::function<void(uint32_t)> done,
                                                  bool kernelWait) {
    auto* reactor = ctx->DefaultReactor();
    if (m_ctx.cluster) {
        bool queued = m_ctx.cluster->submit([this, reactor, refs, done, kernelWait] {
            removeClustered(reactor, refs, done, kernelWait);
        });
        if (!queued) reactor->Finish(toGrpc(common::unavailable("the engine is stopping")));
        return reactor;
    }
    Removal r;
    Status s = m_ctx.store.transaction([&] { return collectRemoval(refs, true, r); });
    if (!s.isOk()) {
        reactor->Finish(toGrpc(s));
        return reactor;
    }
    r.kernelWait = kernelWait;
    reconcileRemoved(reactor, std::move(r), std::move(done));
    return reactor;
}

Status EndpointService::collectRemoval(const std::vector<std::string>& refs, bool write,
                                       Removal& r) {
    r = {};
    for (size_t i = 0; i < refs.size(); ++i) {
        std::string field = refs.size() > 1 ? "endpoints[" + std::to_string(i) + "]" : "endpoint";
        auto e = resolveEndpoint(m_ctx, refs[i], field);
        if (!e) return e.status();
        if (std::find(r.ids.begin(), r.ids.end(), e->id) != r.ids.end()) continue;
        r.shown.emplace_back();
        LOOM_RETURN_IF_ERROR(fillEndpoint(m_ctx, e->id, &r.shown.back()));
        if (write) LOOM_RETURN_IF_ERROR(deleteEndpointIntent(m_ctx, *e));
        r.ids.push_back(e->id);
        r.removed.push_back(*e);
    }
    return {};
}

void EndpointService::removeClustered(grpc::ServerUnaryReactor* reactor,
                                      const std::vector<std::string>& refs,
                                      std::function<void(uint32_t)> done, bool kernelWait) {
    // Gone from etcd (and so from every peer) before the store commits; no store lock is held
    // across the etcd call, and only this thread writes endpoints while clustered.
    Removal r;
    Status s = m_ctx.store.transaction([&] { return collectRemoval(refs, false, r); });
    if (s.isOk()) s = m_ctx.cluster->unpublishEndpoints(r.removed);
    if (s.isOk()) {
        s = m_ctx.store.transaction([&]() -> Status {
            for (const auto& e : r.removed) LOOM_RETURN_IF_ERROR(deleteEndpointIntent(m_ctx, e));
            return {};
        });
        if (!s.isOk()) m_ctx.cluster->requestSweep();  // republishes the rows that stayed
    }
    if (!s.isOk()) {
        reactor->Finish(toGrpc(s));
        return;
    }
    std::set<std::string> networks;
    for (const auto& e : r.removed) networks.insert(e.networkId);
    m_ctx.cluster->releaseEmptyBlocks(networks);
    r.kernelWait = kernelWait;
    reconcileRemoved(reactor, std::move(r), std::move(done));
}

void EndpointService::reconcileRemoved(grpc::ServerUnaryReactor* reactor, Removal r,
                                       std::function<void(uint32_t)> done) {
    LOOM_LOG(Debug, kLog) << r.ids.size() << " endpoint(s) deleted";
    auto shown = std::move(r.shown);
    if (!r.kernelWait) {
        // Gone from the store (and etcd): answered now. The reconciler's strand removes the
        // kernel objects next, before anything asked after this (a veth's deletion waits for
        // the kernel's RCU grace period, ~20 ms here).
        done(static_cast<uint32_t>(shown.size()));
        reactor->Finish(grpc::Status::OK);
        reactor = nullptr;
    }
    m_ctx.reconciler.markEndpoints(r.ids, [this, reactor, shown, done](const Status& st) {
        for (const auto& e : shown) {
            m_ctx.events.publish(endpointEvent(v1::Event::KIND_DELETED, e, st.message()));
        }
        if (!reactor) return;
        done(static_cast<uint32_t>(shown.size()));
        reactor->Finish(toGrpc(st));
    });
}

grpc::ServerUnaryReactor* EndpointService::DeleteEndpoint(grpc::CallbackServerContext* ctx,
                                                          const v1::DeleteEndpointRequest* req,
                                                          v1::DeleteEndpointResponse* resp) {
    if (auto* refused = refuse(m_ctx.access, ctx)) return refused;
    if (!req->container_id().empty()) {
        // A runtime's DEL: this host's endpoint of the container, or NOT_FOUND (which the
        // plugin takes as done).
        auto c = requireContainerEndpoint(m_ctx, req->container_id(), req->interface_name());
        if (!c) {
            auto* reactor = ctx->DefaultReactor();
            reactor->Finish(toGrpc(c.status()));
            return reactor;
        }
        return remove(
            ctx, {c->id}, [](uint32_t) {}, !req->no_kernel_wait());
    }
    // Clustered: another host's endpoint is deleted by that host's engine.
    std::string ref = req->endpoint();
    auto other = ownerOf(m_ctx, ctx, req->host(), &ref);
    if (!other || *other) {
        auto* reactor = ctx->DefaultReactor();
        if (!other) {
            reactor->Finish(toGrpc(other.status()));
            return reactor;
        }
        v1::DeleteEndpointRequest forward;
        forward.set_endpoint(ref);
        auto caller = m_ctx.access ? m_ctx.access->caller(ctx) : std::nullopt;
        forwardUnary<v1::EndpointService>(*m_ctx.peers, **other, forward, resp, reactor,
                                          caller ? &*caller : nullptr,
                                          [](auto* async, auto* c, auto* r, auto* out, auto done) {
                                              async->DeleteEndpoint(c, r, out, std::move(done));
                                          });
        return reactor;
    }
    return remove(ctx, {req->endpoint()}, [](uint32_t) {});
}

grpc::ServerUnaryReactor* EndpointService::DeleteEndpoints(grpc::CallbackServerContext* ctx,
                                                           const v1::DeleteEndpointsRequest* req,
                                                           v1::DeleteEndpointsResponse* resp) {
    if (auto* refused = refuse(m_ctx.access, ctx)) return refused;
    std::vector<std::string> refs(req->endpoints().begin(), req->endpoints().end());
    if (refs.empty()) {
        auto* reactor = ctx->DefaultReactor();
        reactor->Finish(toGrpc(common::invalidArgument("endpoints", "is empty")));
        return reactor;
    }
    return remove(ctx, std::move(refs), [resp](uint32_t n) { resp->set_deleted(n); });
}

}  // namespace loom::engine::api

namespace loom::engine::api {

grpc::ServerUnaryReactor* EndpointService::UpdateEndpoint(grpc::CallbackServerContext* ctx,
                                                          const v1::UpdateEndpointRequest* req,
                                                          v1::Endpoint* resp) {
    if (auto* refused = refuse(m_ctx.access, ctx)) return refused;
    // Clustered: another host's endpoint is changed by that host's engine (its record is on
    // that host's lease).
    std::string ref = req->endpoint();
    auto other = ownerOf(m_ctx, ctx, req->host(), &ref);
    auto* reactor = ctx->DefaultReactor();
    if (!other || *other) {
        if (!other) {
            reactor->Finish(toGrpc(other.status()));
            return reactor;
        }
        v1::UpdateEndpointRequest forward = *req;
        forward.set_endpoint(ref);
        forward.clear_host();
        auto caller = m_ctx.access ? m_ctx.access->caller(ctx) : std::nullopt;
        forwardUnary<v1::EndpointService>(*m_ctx.peers, **other, forward, resp, reactor,
                                          caller ? &*caller : nullptr,
                                          [](auto* async, auto* c, auto* r, auto* out, auto done) {
                                              async->UpdateEndpoint(c, r, out, std::move(done));
                                          });
        return reactor;
    }
    auto run = [this, reactor, req, resp, ref] {
        model::Endpoint changed;
        auto write = [&]() -> Status {
            if (!req->set_labels() && !req->has_service()) {
                return common::invalidArgument("endpoint",
                                               "nothing to change: give labels or a service");
            }
            auto e = resolveEndpoint(m_ctx, ref);
            if (!e) return e.status();
            changed = *e;
            if (req->set_labels()) {
                model::Labels labels = labelsOf(req->labels());
                LOOM_RETURN_IF_ERROR(model::validateLabels(labels));
                changed.labels = labels;
                LOOM_RETURN_IF_ERROR(m_ctx.store.updateEndpointLabels(changed.id, labels));
            }
            if (req->has_service()) {
                if (!req->service().empty()) {
                    auto n = m_ctx.store.network(changed.networkId);
                    if (!n) return n.status();
                    if (!n->has_value()) return common::notFound("network is gone");
                    LOOM_RETURN_IF_ERROR(checkServiceOn(m_ctx, req->service(), **n, "service"));
                }
                changed.service = req->service();
                LOOM_RETURN_IF_ERROR(
                    m_ctx.store.updateEndpointService(changed.id, changed.service));
            }
            return {};
        };
        Status s;
        if (m_ctx.cluster) {
            s = checkOnly(m_ctx.store, write);
            if (s.isOk()) s = m_ctx.cluster->republishEndpoint(changed);
        }
        if (s.isOk()) s = m_ctx.store.transaction(write);
        if (s.isOk()) s = fillEndpoint(m_ctx, changed.id, resp);
        if (s.isOk()) {
            LOOM_LOG(Info, kLog) << "endpoint " << changed.name << " changed in place ("
                                 << changed.labels.size() << " label(s)"
                                 << (changed.service.empty() ? "" : ", behind " + changed.service)
                                 << ")";
            m_ctx.events.publish(endpointEvent(v1::Event::KIND_CHANGED, *resp, "changed"));
        }
        if (s.isOk() && req->has_service()) {
            // The clients of its network follow (their tables, on the next pass).
            m_ctx.reconciler.markNetwork(
                changed.networkId, [reactor](const Status& st) { reactor->Finish(toGrpc(st)); });
            return;
        }
        reactor->Finish(toGrpc(s));
    };
    runOrdered(m_ctx, reactor, std::move(run));
    return reactor;
}

}  // namespace loom::engine::api
