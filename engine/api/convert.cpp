#include "engine/api/convert.h"

#include "engine/cluster/agent.h"
#include "engine/dns/resolvers.h"

namespace loom::engine::api {

grpc::Status toGrpc(const common::Status& s) {
    if (s.isOk()) return grpc::Status::OK;
    return {static_cast<grpc::StatusCode>(s.code()), s.message()};
}

void runOrdered(EngineContext& ctx, grpc::ServerUnaryReactor* reactor, std::function<void()> job) {
    if (!ctx.cluster) {
        job();
    } else if (!ctx.cluster->submit(std::move(job))) {
        reactor->Finish(toGrpc(common::unavailable("the engine is stopping")));
    }
}

v1::ObjectState toProto(model::ObjectState s) {
    switch (s) {
        case model::ObjectState::Pending:
            return v1::OBJECT_STATE_PENDING;
        case model::ObjectState::Ready:
            return v1::OBJECT_STATE_READY;
        case model::ObjectState::Failed:
            return v1::OBJECT_STATE_FAILED;
    }
    return v1::OBJECT_STATE_UNSPECIFIED;
}

void toProto(const EngineContext& ctx, const model::Network& n, v1::Network* out) {
    out->set_id(n.id);
    out->set_name(n.name);
    out->set_vni(n.vni);
    out->set_subnet(n.subnet.toString());
    out->set_gateway(n.gateway.toString());
    out->set_mtu(n.mtu);
    out->set_port(n.port);
    for (const auto& [k, v] : n.labels) (*out->mutable_labels())[k] = v;
    auto status = ctx.board.get(n.id);
    out->set_state(toProto(status.state));
    out->set_state_message(status.message);
    out->set_created_unix_ms(n.createdUnixMs);
    out->set_sandbox_netns(ctx.naming.sandboxNetns(n.id));
    out->set_internal(n.internal);
    out->set_dns_domain(model::dnsDomain(n.name));
    out->set_encrypted(n.encrypted);
    if (n.encrypted) out->set_key_rotation_s(n.keyRotationS);
}

void toProto(const EngineContext& ctx, const model::Endpoint& e, const std::string& networkName,
             v1::Endpoint* out) {
    out->set_id(e.id);
    out->set_name(e.name);
    out->set_network_id(e.networkId);
    out->set_network_name(networkName);
    out->set_host_id(ctx.hostId);
    out->set_host_name(ctx.hostName);
    out->set_vtep_ip(ctx.underlay.vtep.toString());
    out->set_mac(e.mac.toString());
    out->set_netns_mode(static_cast<v1::NetnsMode>(e.netnsMode));
    out->set_netns_path(e.netnsPath);
    out->set_pid(e.pid);
    out->set_interface_name(e.interfaceName);
    out->set_service(e.service);
    out->set_container_id(e.containerId);
    for (const auto& [k, v] : e.labels) (*out->mutable_labels())[k] = v;
    auto status = ctx.board.get(e.id);
    out->set_state(toProto(status.state));
    out->set_state_message(status.message);
    out->set_created_unix_ms(e.createdUnixMs);
}

void fillFromNetwork(const EngineContext& ctx, const model::Network& n, const model::Endpoint& e,
                     v1::Endpoint* out) {
    out->set_ip(e.ip.toString() + "/" + std::to_string(n.subnet.prefix));
    out->set_mtu(n.mtu);
    auto resolver = dns::resolverAddress(n, ctx.cluster ? &ctx.cluster->view() : nullptr);
    if (resolver) out->set_dns_server(resolver->toString());
    out->set_dns_search(model::dnsDomain(n.name));
    if (resolver && !ctx.netnsEtcDir.empty()) {
        out->set_resolv_conf(dns::resolvConfPath(ctx.netnsEtcDir, e));
    }
}

uint32_t endpointCountOf(EngineContext& ctx, const std::string& networkId) {
    // Clustered, a network is the cluster's: count every host's endpoints on it.
    if (ctx.cluster && ctx.cluster->view().synced()) {
        return static_cast<uint32_t>(ctx.cluster->view().endpointCount(networkId));
    }
    auto count = ctx.store.endpointCount(networkId);
    return count ? static_cast<uint32_t>(*count) : 0;
}

common::Status fillNetwork(EngineContext& ctx, const std::string& id, v1::Network* out) {
    auto n = ctx.store.network(id);
    if (!n) return n.status();
    if (!n->has_value()) return common::notFound("network " + id + " is gone");
    toProto(ctx, **n, out);
    out->set_endpoint_count(endpointCountOf(ctx, id));
    return {};
}

common::Status fillEndpoint(EngineContext& ctx, const std::string& id, v1::Endpoint* out) {
    auto e = ctx.store.endpoint(id);
    if (!e) return e.status();
    if (!e->has_value()) return common::notFound("endpoint " + id + " is gone");
    auto n = ctx.store.network((*e)->networkId);
    std::string networkName = n && n->has_value() ? (*n)->name : "";
    toProto(ctx, **e, networkName, out);
    if (n && n->has_value()) fillFromNetwork(ctx, **n, **e, out);
    return {};
}

}  // namespace loom::engine::api
