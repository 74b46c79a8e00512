#include "engine/api/bundle_service.h"

#include "engine/api/convert.h"
#include "engine/api/service_directory.h"
#include "engine/bundle/deployment.h"
#include "engine/cluster/agent.h"
#include "engine/cluster/records.h"
#include "engine/common/log.h"

namespace loom::engine::api {

using common::Result;
using common::Status;

namespace {

std::string modeName(v1::NetnsMode mode) {
    // Records from before the mode was published: Loom made the namespace.
    if (mode == v1::NETNS_MODE_UNSPECIFIED) mode = v1::NETNS_MODE_CREATED;
    return v1::NetnsMode_Name(mode);
}

bundle::DeployedNetwork deployed(const model::Network& n) {
    return {.id = n.id,
            .name = n.name,
            .subnet = n.subnet.toString(),
            .gateway = n.gateway.toString(),
            .vni = n.vni,
            .port = n.port,
            .mtu = n.mtu,
            .labels = n.labels,
            .internal = n.internal,
            .encrypted = n.encrypted,
            .keyRotationS = n.keyRotationS};
}

// The services, as a bundle carries them (VIPs kept: a rebuild gives each its address again).
std::vector<bundle::DeployedService> servicesIn(EngineContext& ctx) {
    std::vector<bundle::DeployedService> out;
    for (const auto& s : servicesOf(ctx)) {
        bundle::DeployedService d;
        d.name = s.name;
        auto n = ctx.store.network(s.networkId);
        d.networkName = n && n->has_value() ? (*n)->name : s.networkId;
        if (ctx.cluster) {
            for (const auto& r : ctx.cluster->view().networks()) {
                if (r.id() == s.networkId) d.networkName = r.name();
            }
        }
        d.vip = s.vip.toString();
        for (const auto& p : s.ports) {
            d.ports.push_back(
                {p.port, p.protocol == model::Protocol::Udp ? "PROTOCOL_UDP" : "PROTOCOL_TCP"});
        }
        d.labels = s.labels;
        out.push_back(std::move(d));
    }
    return out;
}

// This engine alone: its networks (all built here) and endpoints, from its store.
Result<bundle::Deployment> standalone(EngineContext& ctx) {
    bundle::Deployment d;
    d.hosts.push_back({.name = ctx.hostName,
                       .vtepIp = ctx.underlay.vtep.toString(),
                       .underlayDevice = ctx.underlay.device,
                       .underlayMtu = ctx.underlay.mtu,
                       .prefix = ctx.naming.prefix,
                       .netnsDir = ctx.naming.netnsDir});
    auto networks = ctx.store.networks();
    if (!networks) return networks.status();
    auto endpoints = ctx.store.endpoints();
    if (!endpoints) return endpoints.status();
    std::map<std::string, std::string> names;
    for (const auto& n : *networks) {
        d.networks.push_back(deployed(n));
        names[n.id] = n.name;
    }
    for (const auto& e : *endpoints) {
        // A container's endpoint is its runtime's to make again, in a namespace that lives only
        // as long as the container: left out (README, "Containers").
        if (!e.containerId.empty()) continue;
        d.endpoints.push_back({.id = e.id,
                               .name = e.name,
                               .networkName = names[e.networkId],
                               .hostName = ctx.hostName,
                               .ip = e.ip.toString(),
                               .mac = e.mac.toString(),
                               .netnsMode = modeName(static_cast<v1::NetnsMode>(e.netnsMode)),
                               .netnsPath = e.netnsPath,
                               .pid = e.pid,
                               .interfaceName = e.interfaceName,
                               .labels = e.labels,
                               .service = e.service});
    }
    d.services = servicesIn(ctx);
    return d;
}

// The whole cluster as etcd has it (this engine's view of it): any engine exports the same.
Result<bundle::Deployment> clustered(EngineContext& ctx) {
    const cluster::ClusterView& view = ctx.cluster->view();
    if (!view.synced()) return common::unavailable("this engine has not read the cluster yet");
    bundle::Deployment d;
    d.clustered = true;
    std::map<std::string, std::string> hostNames;
    for (const auto& h : view.hosts()) {
        hostNames[h.id()] = h.name();
        d.hosts.push_back({.name = h.name(),
                           .vtepIp = h.vtep_ip(),
                           .underlayDevice = h.underlay_device(),
                           .underlayMtu = h.underlay_mtu(),
                           .prefix = h.name_prefix().empty() ? "lm" : h.name_prefix(),
                           .netnsDir = h.netns_dir().empty() ? "/run/netns" : h.netns_dir(),
                           .alive = h.alive() || h.id() == ctx.hostId});
    }
    for (const auto& record : view.networks()) {
        auto n = cluster::networkFromRecord(record);
        if (!n) return n.status();
        bundle::DeployedNetwork dn = deployed(*n);
        for (const auto& a : view.hostAddresses(n->id)) {
            if (!hostNames.count(a.hostId)) continue;
            dn.hostAddresses.emplace(hostNames[a.hostId], a.ip.toString());
        }
        d.networks.push_back(std::move(dn));
    }
    for (const auto& e : view.endpoints()) {
        if (!hostNames.count(e.host_id()) || !e.container_id().empty()) continue;
        d.endpoints.push_back({.id = e.id(),
                               .name = e.name(),
                               .networkName = e.network_name(),
                               .hostName = hostNames[e.host_id()],
                               .ip = e.ip().substr(0, e.ip().find('/')),
                               .mac = e.mac(),
                               .netnsMode = modeName(e.netns_mode()),
                               .netnsPath = e.netns_path(),
                               .pid = e.pid(),
                               .interfaceName = e.interface_name(),
                               .labels = {e.labels().begin(), e.labels().end()},
                               .service = e.service()});
    }
    d.services = servicesIn(ctx);
    return d;
}

}  // namespace

Status BundleService::exportLive(const v1::ExportBundleRequest& req,
                                 v1::ExportBundleResponse* resp) {
    auto d = m_ctx.cluster ? clustered(m_ctx) : standalone(m_ctx);
    if (!d) return d.status();
    auto b = bundle::liveBundle(*d, {req.hosts().begin(), req.hosts().end()}, m_ctx.hostName);
    if (!b) return b.status();
    auto archive = bundle::writeBundle(*b);
    if (!archive) return archive.status();
    auto t = bundle::topologyFromJson(b->members[bundle::kTopologyPath]);
    if (!t) return t.status();
    resp->set_bundle(std::move(*archive));
    resp->set_hosts(static_cast<uint32_t>(t->hosts.size()));
    resp->set_networks(static_cast<uint32_t>(t->networks.size()));
    resp->set_endpoints(static_cast<uint32_t>(t->endpoints.size()));
    LOOM_LOG(Info, "api") << "exported the live state: " << t->hosts.size() << " host(s), "
                          << t->networks.size() << " network(s), " << t->endpoints.size()
                          << " endpoint(s), " << resp->bundle().size() << " bytes";
    return {};
}

grpc::ServerUnaryReactor* BundleService::ExportBundle(grpc::CallbackServerContext* ctx,
                                                      const v1::ExportBundleRequest* req,
                                                      v1::ExportBundleResponse* resp) {
    auto* reactor = ctx->DefaultReactor();
    // Making and packing a large cluster's files takes a few hundred ms: on the bundle
    // worker, not on a gRPC callback thread.
    bool queued = m_worker.post(
        [this, reactor, req, resp] { reactor->Finish(toGrpc(exportLive(*req, resp))); });
    if (!queued) reactor->Finish(toGrpc(common::unavailable("the engine is stopping")));
    return reactor;
}

}  // namespace loom::engine::api
