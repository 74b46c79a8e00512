#include "engine/api/service_service.h"

#include <algorithm>
#include <set>

#include "engine/api/access.h"
#include "engine/api/convert.h"
#include "engine/api/event_bus.h"
#include "engine/api/intents.h"
#include "engine/api/service_directory.h"
#include "engine/cluster/agent.h"
#include "engine/cluster/keys.h"
#include "engine/common/log.h"
#include "engine/ipam/ipam.h"
#include "engine/model/validation.h"

namespace loom::engine::api {

namespace {

constexpr const char* kLog = "api";
using common::Result;
using common::Status;

v1::Event serviceEvent(v1::Event::Kind kind, const v1::Service& s, const std::string& message) {
    v1::Event e = makeEvent(kind, message);
    *e.mutable_service() = s;
    return e;
}

// Every address of the network taken now, as this engine knows (etcd has the last word).
std::vector<uint32_t> takenOn(EngineContext& ctx, const model::Network& n) {
    std::vector<uint32_t> taken;
    if (auto local = ctx.store.takenAddresses(n.id)) taken = *local;
    if (ctx.cluster) {
        auto claimed = ctx.cluster->view().claimedAddresses(n.id);
        taken.insert(taken.end(), claimed.begin(), claimed.end());
    }
    taken.push_back(n.gateway.value);
    std::sort(taken.begin(), taken.end());
    taken.erase(std::unique(taken.begin(), taken.end()), taken.end());
    return taken;
}

// The checks of a new service among `existing`, in the order a person fixes them; the VIP is
// the one asked for or, unset, the highest free address of the subnet.
Result<model::Service> buildService(EngineContext& ctx, const v1::CreateServiceRequest& req,
                                    const std::vector<model::Service>& existing) {
    LOOM_RETURN_IF_ERROR(model::validateName("name", req.name()));
    auto n = resolveNetwork(ctx, req.network());
    if (!n) return n.status();
    model::Service s;
    s.name = req.name();
    s.networkId = n->id;
    for (int i = 0; i < req.ports_size(); ++i) {
        const auto& p = req.ports(i);
        if (p.protocol() != v1::PROTOCOL_UNSPECIFIED && p.protocol() != v1::PROTOCOL_TCP &&
            p.protocol() != v1::PROTOCOL_UDP) {
            return common::invalidArgument("ports[" + std::to_string(i) + "].protocol",
                                           "must be TCP or UDP");
        }
        s.ports.push_back({p.port(), p.protocol() == v1::PROTOCOL_UDP ? model::Protocol::Udp
                                                                      : model::Protocol::Tcp});
    }
    LOOM_RETURN_IF_ERROR(model::validateServicePorts("ports", s.ports));
    s.labels = labelsOf(req.labels());
    LOOM_RETURN_IF_ERROR(model::validateLabels(s.labels));
    for (const auto& other : existing) {
        if (other.name == s.name) {
            return common::alreadyExists("name: a service \"" + s.name + "\" already exists");
        }
    }
    // Its name resolves on the network: no endpoint of the network may have it.
    auto local = ctx.store.listEndpoints(n->id);
    if (!local) return local.status();
    for (const auto& e : *local) {
        if (cluster::keys::lowerName(e.name) == cluster::keys::lowerName(s.name)) {
            return common::alreadyExists("name: \"" + s.name + "\" is an endpoint of network \"" +
                                         n->name + "\"");
        }
    }
    if (ctx.cluster && ctx.cluster->view().nameHolder(n->id, s.name)) {
        return common::alreadyExists("name: \"" + s.name + "\" is an endpoint of network \"" +
                                     n->name + "\"");
    }
    const auto taken = takenOn(ctx, *n);
    if (!req.vip().empty()) {
        auto vip = model::parseEndpointAddress("vip", req.vip(), *n);
        if (!vip) return vip.status();
        if (std::binary_search(taken.begin(), taken.end(), vip->value)) {
            return model::addressTaken("vip", req.vip(), n->name);
        }
        s.vip = *vip;
    } else {
        auto vip = ipam::allocateHostAddress(n->subnet, taken);
        if (!vip) {
            return Status(common::Code::ResourceExhausted,
                          "vip: no free address left on \"" + n->name + "\"");
        }
        s.vip = *vip;
    }
    s.id = newId();
    s.createdUnixMs = nowMs();
    return s;
}

}  // namespace

void fillService(EngineContext& ctx, const model::Service& s, v1::Service* out) {
    out->set_id(s.id);
    out->set_name(s.name);
    out->set_network_id(s.networkId);
    auto n = ctx.store.network(s.networkId);
    std::string network = n && n->has_value() ? (*n)->name : s.networkId;
    out->set_network_name(network);
    out->set_vip(s.vip.toString());
    for (const auto& p : s.ports) {
        auto* port = out->add_ports();
        port->set_port(p.port);
        port->set_protocol(p.protocol == model::Protocol::Udp ? v1::PROTOCOL_UDP
                                                              : v1::PROTOCOL_TCP);
    }
    for (const auto& [k, v] : s.labels) (*out->mutable_labels())[k] = v;
    out->set_created_unix_ms(s.createdUnixMs);
    for (const auto& b : backendsOf(ctx, s)) {
        auto* backend = out->add_backends();
        backend->set_endpoint_id(b.endpointId);
        backend->set_endpoint_name(b.endpointName);
        backend->set_host_id(b.hostId);
        backend->set_host_name(b.hostName);
        backend->set_ip(b.ip.toString());
        backend->set_healthy(b.healthy);
        backend->set_health_message(b.healthMessage);
    }
    out->set_dns_name(s.name + "." + model::dnsDomain(network));
    out->set_conntrack_established_timeout_s(conntrackEstablishedTimeout());
}

void publishServiceChanges(EngineContext& ctx, const cluster::ClusterView::Change& change) {
    auto send = [&](v1::Event::Kind kind, const v1::Service& record, const std::string& message) {
        auto s = cluster::serviceFromRecord(record);
        if (!s) return;
        v1::Event e = serviceEvent(kind, v1::Service(), message);
        fillService(ctx, *s, e.mutable_service());
        e.set_remote(true);
        ctx.events.publish(e);
    };
    for (const auto& r : change.servicesPut) send(v1::Event::KIND_CREATED, r, "");
    for (const auto& r : change.servicesDeleted) send(v1::Event::KIND_DELETED, r, "");
    if (change.backendsChanged.empty()) return;
    auto endpoints = ctx.cluster->view().endpoints();
    auto services = ctx.cluster->view().services();
    for (const auto& b : change.backendsChanged) {
        for (const auto& e : endpoints) {
            if (e.id() != b.endpoint_id()) continue;
            for (const auto& r : services) {
                if (r.network_id() != e.network_id() || r.name() != e.service()) continue;
                send(v1::Event::KIND_CHANGED, r,
                     "backend " + b.endpoint_name() + " on " + b.host_name() +
                         (b.healthy() ? " back in" : " out: " + b.health_message()));
            }
        }
    }
}

void ServiceService::setSelf(std::shared_ptr<grpc::Channel> channel) {
    m_endpoints = v1::EndpointService::NewStub(channel);
}

grpc::ServerUnaryReactor* ServiceService::CreateService(grpc::CallbackServerContext* ctx,
                                                        const v1::CreateServiceRequest* req,
                                                        v1::Service* resp) {
    if (auto* refused = refuse(m_ctx.access, ctx)) return refused;
    auto* reactor = ctx->DefaultReactor();
    auto run = [this, reactor, req, resp] {
        Result<model::Service> made = common::internal("not made");
        if (m_ctx.cluster) {
            made =
                m_ctx.cluster->createService([&](const std::vector<model::Service>& existing, int) {
                    return buildService(m_ctx, *req, existing);
                });
        } else {
            Status s = m_ctx.store.transaction([&]() -> Status {
                auto existing = m_ctx.store.services();
                if (!existing) return existing.status();
                made = buildService(m_ctx, *req, *existing);
                if (!made) return made.status();
                return m_ctx.store.insertService(*made);
            });
            if (!s.isOk()) made = s;
        }
        if (!made) {
            reactor->Finish(toGrpc(made.status()));
            return;
        }
        fillService(m_ctx, *made, resp);
        LOOM_LOG(Info, kLog) << "service " << made->name << " created (VIP " << made->vip.toString()
                             << ", "
                             << (made->ports.empty() ? "every port" : model::portsText(made->ports))
                             << ")";
        m_ctx.events.publish(serviceEvent(v1::Event::KIND_CREATED, *resp, ""));
        // Its clients' tables and its name: the next pass over its network.
        m_ctx.reconciler.markNetwork(
            made->networkId, [reactor](const Status&) { reactor->Finish(grpc::Status::OK); });
    };
    runOrdered(m_ctx, reactor, std::move(run));
    return reactor;
}

grpc::ServerUnaryReactor* ServiceService::GetService(grpc::CallbackServerContext* ctx,
                                                     const v1::GetServiceRequest* req,
                                                     v1::Service* resp) {
    auto* reactor = ctx->DefaultReactor();
    auto s = resolveService(m_ctx, req->service());
    if (s) fillService(m_ctx, *s, resp);
    reactor->Finish(toGrpc(s.status()));
    return reactor;
}

grpc::ServerUnaryReactor* ServiceService::ListServices(grpc::CallbackServerContext* ctx,
                                                       const v1::ListServicesRequest* req,
                                                       v1::ListServicesResponse* resp) {
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
    for (const auto& s : servicesOf(m_ctx, networkId)) fillService(m_ctx, s, resp->add_services());
    reactor->Finish(grpc::Status::OK);
    return reactor;
}

grpc::ServerUnaryReactor* ServiceService::DeleteService(grpc::CallbackServerContext* ctx,
                                                        const v1::DeleteServiceRequest* req,
                                                        v1::DeleteServiceResponse*) {
    if (auto* refused = refuse(m_ctx.access, ctx)) return refused;
    auto* reactor = ctx->DefaultReactor();
    auto run = [this, reactor, req] {
        auto s = resolveService(m_ctx, req->service());
        Status done = s.status();
        v1::Service shown;
        if (s) {
            fillService(m_ctx, *s, &shown);
            done = m_ctx.cluster
                       ? m_ctx.cluster->deleteService(*s)
                       : m_ctx.store.transaction([&] { return m_ctx.store.deleteService(s->id); });
        }
        if (!done.isOk()) {
            reactor->Finish(toGrpc(done));
            return;
        }
        LOOM_LOG(Info, kLog) << "service " << s->name << " deleted";
        m_ctx.events.publish(serviceEvent(v1::Event::KIND_DELETED, shown, ""));
        m_ctx.reconciler.markNetwork(
            s->networkId, [reactor](const Status&) { reactor->Finish(grpc::Status::OK); });
    };
    runOrdered(m_ctx, reactor, std::move(run));
    return reactor;
}

grpc::ServerUnaryReactor* ServiceService::AddServiceMember(grpc::CallbackServerContext* ctx,
                                                           const v1::ServiceMemberRequest* req,
                                                           v1::Service* resp) {
    if (auto* refused = refuse(m_ctx.access, ctx)) return refused;
    return member(ctx, req, resp, true);
}

grpc::ServerUnaryReactor* ServiceService::RemoveServiceMember(grpc::CallbackServerContext* ctx,
                                                              const v1::ServiceMemberRequest* req,
                                                              v1::Service* resp) {
    if (auto* refused = refuse(m_ctx.access, ctx)) return refused;
    return member(ctx, req, resp, false);
}

// Through UpdateEndpoint on this engine's own API (asynchronously: no callback waits), which
// checks the service against the endpoint's network and has the endpoint's host change it.
grpc::ServerUnaryReactor* ServiceService::member(grpc::CallbackServerContext* ctx,
                                                 const v1::ServiceMemberRequest* req,
                                                 v1::Service* resp, bool join) {
    auto* reactor = ctx->DefaultReactor();
    auto s = resolveService(m_ctx, req->service());
    if (!s || !m_endpoints) {
        reactor->Finish(toGrpc(s ? common::unavailable("the engine is starting") : s.status()));
        return reactor;
    }
    struct Call {
        grpc::ClientContext context;
        v1::UpdateEndpointRequest request;
        v1::Endpoint answer;
    };
    if (!join) {
        // Leaving a service it is not behind is a mistake worth saying.
        std::string behind;
        bool found = false;
        if (auto e = m_ctx.store.findEndpoint(req->endpoint()); e && e->has_value()) {
            found = true;
            behind = (*e)->service;
        } else if (m_ctx.cluster) {
            for (const auto& r : m_ctx.cluster->view().endpoints()) {
                if (r.name() != req->endpoint() && r.id() != req->endpoint()) continue;
                if (!req->host().empty() && r.host_name() != req->host() &&
                    r.host_id() != req->host()) {
                    continue;
                }
                found = true;
                behind = r.service();
            }
        }
        if (found && behind != s->name) {
            reactor->Finish(
                toGrpc(common::failedPrecondition("endpoint: \"" + req->endpoint() +
                                                  "\" is not behind service \"" + s->name + "\"")));
            return reactor;
        }
    }
    auto call = std::make_shared<Call>();
    call->context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(60));
    if (auto caller = m_ctx.access ? m_ctx.access->caller(ctx) : std::nullopt) {
        stamp(call->context, *caller);  // the member's change is the caller's, with its role
    }
    call->request.set_endpoint(req->endpoint());
    call->request.set_host(req->host());
    call->request.set_service(join ? s->name : "");
    const std::string name = s->name;
    m_endpoints->async()->UpdateEndpoint(&call->context, &call->request, &call->answer,
                                         [this, call, reactor, resp, name](grpc::Status st) {
                                             if (st.ok()) {
                                                 auto again = resolveService(m_ctx, name);
                                                 if (again) fillService(m_ctx, *again, resp);
                                                 st = toGrpc(again.status());
                                             }
                                             reactor->Finish(st);
                                         });
    return reactor;
}

}  // namespace loom::engine::api
