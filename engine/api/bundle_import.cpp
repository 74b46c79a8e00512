// PlanBundle and ApplyBundle: a bundle's topology against what runs, on the bundle worker,
// through this engine's own API.
#include <grpcpp/grpcpp.h>

#include <chrono>
#include <cstdlib>

#include "engine/api/access.h"
#include "engine/api/bundle_service.h"
#include "engine/api/convert.h"
#include "engine/api/intents.h"
#include "engine/bundle/bundle.h"
#include "engine/common/log.h"

namespace loom::engine::api {

using common::Result;
using common::Status;
using K = bundle::ImportStep::Kind;

namespace {

constexpr const char* kLog = "api";

// A call to this engine's own API for the bundle's caller: with that caller's role, no more.
std::unique_ptr<grpc::ClientContext> callContext(const Caller& caller) {
    auto ctx = std::make_unique<grpc::ClientContext>();
    stamp(*ctx, caller);
    ctx->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(120));
    return ctx;
}

Status fromGrpc(const grpc::Status& s) {
    if (s.ok()) return {};
    int code = s.error_code();
    return Status(code > 0 && code <= static_cast<int>(common::Code::Unavailable)
                      ? static_cast<common::Code>(code)
                      : common::Code::Unknown,
                  s.error_message());
}

v1::BundleStep::Kind kindOf(K k) {
    switch (k) {
        case K::DeleteEndpoint:
            return v1::BundleStep::KIND_DELETE_ENDPOINT;
        case K::DeleteNetwork:
            return v1::BundleStep::KIND_DELETE_NETWORK;
        case K::UpdateNetwork:
            return v1::BundleStep::KIND_UPDATE_NETWORK;
        case K::CreateNetwork:
            return v1::BundleStep::KIND_CREATE_NETWORK;
        case K::UpdateEndpoint:
            return v1::BundleStep::KIND_UPDATE_ENDPOINT;
        case K::CreateEndpoint:
            return v1::BundleStep::KIND_CREATE_ENDPOINT;
        case K::DeleteService:
            return v1::BundleStep::KIND_DELETE_SERVICE;
        case K::CreateService:
            return v1::BundleStep::KIND_CREATE_SERVICE;
    }
    return v1::BundleStep::KIND_UNSPECIFIED;
}

// A service as a topology holds it (its VIP as it is).
bundle::TopologyService topologyService(const v1::Service& sv) {
    bundle::TopologyService t;
    t.name = sv.name();
    t.networkName = sv.network_name();
    t.vip = sv.vip();
    for (const auto& p : sv.ports()) {
        t.ports.push_back(
            {p.port(), p.protocol() == v1::PROTOCOL_UDP ? "PROTOCOL_UDP" : "PROTOCOL_TCP"});
    }
    t.labels = {sv.labels().begin(), sv.labels().end()};
    return t;
}

template <typename Map>
void putLabels(const std::map<std::string, std::string>& labels, Map* out) {
    for (const auto& [k, v] : labels) (*out)[k] = v;
}

void fillCreate(const bundle::ImportStep& s, v1::CreateEndpointRequest* req) {
    const auto& e = s.endpoint;
    req->set_name(e.name);
    req->set_network(e.networkName);
    req->set_ip(e.ip.substr(0, e.ip.find('/')));
    if (e.netnsMode == "NETNS_MODE_PATH") req->set_netns_path(e.netnsPath);
    if (e.netnsMode == "NETNS_MODE_PID") req->set_pid(e.pid);
    req->set_interface_name(e.interfaceName);
    req->set_host(s.host);
    putLabels(e.labels, req->mutable_labels());
    req->set_service(e.service);
}

// "endpoints[12].ip: ..." -> 12 and "ip: ..."; -1 when the message names no item.
int itemOf(const std::string& message, std::string* rest) {
    const std::string head = "endpoints[";
    if (message.rfind(head, 0) != 0) return -1;
    auto close = message.find(']');
    if (close == std::string::npos) return -1;
    int at = std::atoi(message.substr(head.size(), close - head.size()).c_str());
    size_t from = close + 1;
    if (from < message.size() && message[from] == '.') ++from;
    *rest = message.substr(from);
    return at;
}

constexpr size_t kBatch = 256;  // endpoints of one host per request, as the console sends them

}  // namespace

Status BundleService::createBatch(const std::vector<bundle::ImportStep>& steps, size_t first,
                                  size_t end, size_t* failed) {
    v1::CreateEndpointsRequest req;
    for (size_t i = first; i < end; ++i) fillCreate(steps[i], req.add_endpoints());
    v1::CreateEndpointsResponse resp;
    Status st = fromGrpc(m_endpoints->CreateEndpoints(callContext(m_caller).get(), req, &resp));
    *failed = first;
    if (st.isOk()) return st;
    std::string rest;
    int at = itemOf(st.message(), &rest);
    if (at < 0 || first + at >= end) return st;
    *failed = first + at;
    return Status(st.code(), rest);
}

void BundleService::setSelf(std::shared_ptr<grpc::Channel> channel) {
    m_networks = v1::NetworkService::NewStub(channel);
    m_endpoints = v1::EndpointService::NewStub(channel);
    m_hosts = v1::HostService::NewStub(channel);
    m_services = v1::ServiceService::NewStub(channel);
}

Result<bundle::LiveState> BundleService::liveState() {
    if (!m_networks) return common::unavailable("the engine is starting");
    bundle::LiveState live;
    v1::ListHostsResponse hosts;
    LOOM_RETURN_IF_ERROR(fromGrpc(m_hosts->ListHosts(callContext(m_caller).get(), {}, &hosts)));
    for (const auto& h : hosts.hosts()) live.hosts.push_back({h.name(), h.alive()});
    v1::ListNetworksResponse networks;
    LOOM_RETURN_IF_ERROR(
        fromGrpc(m_networks->ListNetworks(callContext(m_caller).get(), {}, &networks)));
    for (const auto& n : networks.networks()) {
        live.networks.push_back({n.id(),
                                 n.name(),
                                 n.subnet(),
                                 n.vni(),
                                 n.mtu(),
                                 n.port(),
                                 {n.labels().begin(), n.labels().end()},
                                 n.internal(),
                                 n.encrypted(),
                                 n.key_rotation_s()});
    }
    v1::ListEndpointsRequest all;
    all.set_all_hosts(true);
    v1::ListEndpointsResponse endpoints;
    LOOM_RETURN_IF_ERROR(
        fromGrpc(m_endpoints->ListEndpoints(callContext(m_caller).get(), all, &endpoints)));
    for (const auto& e : endpoints.endpoints()) {
        bundle::LiveEndpoint l;
        l.id = e.id();
        l.name = e.name();
        l.networkName = e.network_name();
        l.hostName = e.host_name();
        l.ip = e.ip().substr(0, e.ip().find('/'));
        l.netnsMode = e.netns_mode() == v1::NETNS_MODE_UNSPECIFIED
                          ? "NETNS_MODE_CREATED"
                          : v1::NetnsMode_Name(e.netns_mode());
        l.netnsPath = e.netns_path();
        l.pid = e.pid();
        l.interfaceName = e.interface_name();
        l.labels = {e.labels().begin(), e.labels().end()};
        l.service = e.service();
        l.containerId = e.container_id();
        live.endpoints.push_back(std::move(l));
    }
    v1::ListServicesResponse services;
    LOOM_RETURN_IF_ERROR(
        fromGrpc(m_services->ListServices(callContext(m_caller).get(), {}, &services)));
    for (const auto& sv : services.services()) live.services.push_back(topologyService(sv));
    return live;
}

Result<bundle::ImportPlan> BundleService::planOf(const std::string& archive) {
    // Every refusal of `bundle inspect`, then the engine's rules over the whole topology.
    auto b = bundle::readBundle(archive);
    if (!b) return b.status();
    auto topology = bundle::topologyOf(*b);
    if (!topology) return topology.status();
    auto live = liveState();
    if (!live) return live.status();
    auto plan = bundle::planImport(*topology, *live);
    if (!plan) return plan.status();
    // An encrypted network this engine would make, and cannot: refused before any step runs.
    for (const auto& step : plan->steps) {
        if (step.kind != bundle::ImportStep::Kind::CreateNetwork || !step.network.encrypted)
            continue;
        LOOM_RETURN_IF_ERROR(
            checkCanEncrypt(m_ctx, "networks: \"" + step.network.name + "\" is encrypted, and ",
                            "nothing was applied"));
    }
    return plan;
}

Status BundleService::run(const bundle::ImportStep& s) {
    auto ctx = callContext(m_caller);
    switch (s.kind) {
        case K::DeleteEndpoint: {
            v1::DeleteEndpointRequest req;
            req.set_endpoint(s.ref);
            req.set_host(s.host);
            v1::DeleteEndpointResponse resp;
            return fromGrpc(m_endpoints->DeleteEndpoint(ctx.get(), req, &resp));
        }
        case K::DeleteNetwork: {
            v1::DeleteNetworkRequest req;
            req.set_network(s.ref);
            v1::DeleteNetworkResponse resp;
            return fromGrpc(m_networks->DeleteNetwork(ctx.get(), req, &resp));
        }
        case K::UpdateNetwork: {
            v1::UpdateNetworkRequest req;
            req.set_network(s.ref);
            if (s.network.mtu) req.set_mtu(s.network.mtu);
            req.set_set_labels(true);
            putLabels(s.network.labels, req.mutable_labels());
            req.set_internal(s.network.internal);
            v1::Network resp;
            return fromGrpc(m_networks->UpdateNetwork(ctx.get(), req, &resp));
        }
        case K::CreateNetwork: {
            v1::CreateNetworkRequest req;
            req.set_name(s.network.name);
            req.set_subnet(s.network.subnet);
            if (s.network.vni) req.set_vni(s.network.vni);
            if (s.network.mtu) req.set_mtu(s.network.mtu);
            if (s.network.port) req.set_port(s.network.port);
            putLabels(s.network.labels, req.mutable_labels());
            req.set_internal(s.network.internal);
            req.set_encrypted(s.network.encrypted);
            if (s.network.encrypted && s.network.keyRotationS)
                req.set_key_rotation_s(s.network.keyRotationS);
            v1::Network resp;
            return fromGrpc(m_networks->CreateNetwork(ctx.get(), req, &resp));
        }
        case K::UpdateEndpoint: {
            v1::UpdateEndpointRequest req;
            req.set_endpoint(s.ref);
            req.set_host(s.host);
            req.set_set_labels(true);
            putLabels(s.endpoint.labels, req.mutable_labels());
            req.set_service(s.endpoint.service);
            v1::Endpoint resp;
            return fromGrpc(m_endpoints->UpdateEndpoint(ctx.get(), req, &resp));
        }
        case K::CreateEndpoint: {
            v1::CreateEndpointRequest req;
            fillCreate(s, &req);
            v1::Endpoint resp;
            return fromGrpc(m_endpoints->CreateEndpoint(ctx.get(), req, &resp));
        }
        case K::DeleteService: {
            v1::DeleteServiceRequest req;
            req.set_service(s.ref);
            v1::DeleteServiceResponse resp;
            return fromGrpc(m_services->DeleteService(ctx.get(), req, &resp));
        }
        case K::CreateService: {
            v1::CreateServiceRequest req;
            req.set_name(s.service.name);
            req.set_network(s.service.networkName);
            req.set_vip(s.service.vip.substr(0, s.service.vip.find('/')));
            for (const auto& p : s.service.ports) {
                auto* port = req.add_ports();
                port->set_port(p.port);
                port->set_protocol(p.protocol == "PROTOCOL_UDP" ? v1::PROTOCOL_UDP
                                                                : v1::PROTOCOL_TCP);
            }
            putLabels(s.service.labels, req.mutable_labels());
            v1::Service resp;
            return fromGrpc(m_services->CreateService(ctx.get(), req, &resp));
        }
    }
    return common::internal("unknown step");
}

grpc::ServerUnaryReactor* BundleService::PlanBundle(grpc::CallbackServerContext* ctx,
                                                    const v1::PlanBundleRequest* req,
                                                    v1::PlanBundleResponse* resp) {
    auto* reactor = ctx->DefaultReactor();
    auto caller = m_ctx.access ? m_ctx.access->caller(ctx) : std::nullopt;
    bool queued = m_worker.post([this, reactor, req, resp, caller] {
        m_caller = caller.value_or(engineCaller());
        auto plan = planOf(req->bundle());
        if (plan) {
            for (const auto& s : plan->steps) {
                auto* out = resp->add_steps();
                out->set_kind(kindOf(s.kind));
                out->set_host(s.host);
                out->set_what(s.describe());
                out->set_why(s.why);
            }
            for (const auto& n : plan->notes) resp->add_notes(n);
            resp->set_digest(plan->digest);
        }
        reactor->Finish(toGrpc(plan.status()));
    });
    if (!queued) reactor->Finish(toGrpc(common::unavailable("the engine is stopping")));
    return reactor;
}

grpc::ServerUnaryReactor* BundleService::ApplyBundle(grpc::CallbackServerContext* ctx,
                                                     const v1::ApplyBundleRequest* req,
                                                     v1::ApplyBundleResponse* resp) {
    if (auto* refused = refuse(m_ctx.access, ctx)) return refused;
    auto* reactor = ctx->DefaultReactor();
    auto caller = m_ctx.access ? m_ctx.access->caller(ctx) : std::nullopt;
    if (req->digest().empty()) {
        reactor->Finish(toGrpc(common::invalidArgument(
            "digest", "is required: apply runs the plan PlanBundle showed (its digest)")));
        return reactor;
    }
    bool queued = m_worker.post([this, reactor, req, resp, caller] {
        m_caller = caller.value_or(engineCaller());
        auto plan = planOf(req->bundle());
        if (!plan) {
            reactor->Finish(toGrpc(plan.status()));
            return;
        }
        if (plan->digest != req->digest()) {
            reactor->Finish(toGrpc(common::failedPrecondition(
                "the cluster changed since the plan was made, so the plan is not the one shown; "
                "plan again")));
            return;
        }
        const auto& steps = plan->steps;
        const size_t total = steps.size();
        for (size_t i = 0; i < total;) {
            // A host's endpoints created one after another go as one request (all or nothing).
            size_t end = i + 1;
            while (steps[i].kind == K::CreateEndpoint && end < total && end - i < kBatch &&
                   steps[end].kind == K::CreateEndpoint && steps[end].host == steps[i].host) {
                ++end;
            }
            size_t failed = i;
            Status st = end - i > 1 ? createBatch(steps, i, end, &failed) : run(steps[i]);
            if (!st.isOk()) {
                const auto& s = steps[failed];
                LOOM_LOG(Warning, kLog) << "bundle apply stopped at step " << failed + 1 << " of "
                                        << total << ": " << st.message();
                resp->set_steps_done(static_cast<uint32_t>(i));
                reactor->Finish(
                    toGrpc(Status(st.code(), "step " + std::to_string(failed + 1) + " of " +
                                                 std::to_string(total) + " (" + s.describe() +
                                                 (s.host.empty() ? "" : " on " + s.host) +
                                                 "): " + st.message() + "; " + std::to_string(i) +
                                                 " step(s) before it done, the rest not run")));
                return;
            }
            i = end;
            resp->set_steps_done(static_cast<uint32_t>(i));
        }
        LOOM_LOG(Info, kLog) << "bundle applied: " << total << " step(s)";
        reactor->Finish(grpc::Status::OK);
    });
    if (!queued) reactor->Finish(toGrpc(common::unavailable("the engine is stopping")));
    return reactor;
}

}  // namespace loom::engine::api
