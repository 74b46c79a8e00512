#include "engine/api/service_directory.h"

#include <fstream>
#include <map>

#include "engine/cluster/agent.h"
#include "engine/cluster/records.h"

namespace loom::engine::api {

std::vector<model::Service> servicesOf(EngineContext& ctx, const std::string& networkId) {
    std::vector<model::Service> out;
    if (ctx.cluster) {
        for (const auto& r : ctx.cluster->view().services(networkId)) {
            if (auto s = cluster::serviceFromRecord(r)) out.push_back(*s);
        }
        std::sort(out.begin(), out.end(),
                  [](const model::Service& a, const model::Service& b) { return a.name < b.name; });
        return out;
    }
    auto stored = ctx.store.services(networkId);
    return stored ? *stored : out;
}

common::Result<model::Service> resolveService(EngineContext& ctx, const std::string& ref,
                                              const std::string& field) {
    if (ref.empty()) return common::invalidArgument(field, "is required");
    for (auto& s : servicesOf(ctx)) {
        if (s.id == ref || s.name == ref) return s;
    }
    return common::notFound(field + ": no service \"" + ref + "\"");
}

common::Status checkServiceOn(EngineContext& ctx, const std::string& service,
                              const model::Network& n, const std::string& field) {
    for (const auto& s : servicesOf(ctx, n.id)) {
        if (s.name == service) return {};
    }
    return common::notFound(field + ": no service \"" + service + "\" on network \"" + n.name +
                            "\"");
}

std::vector<Backend> backendsOf(EngineContext& ctx, const model::Service& s) {
    std::vector<Backend> out;
    if (auto local = ctx.store.listEndpoints(s.networkId)) {
        for (const auto& e : *local) {
            if (e.service == s.name) out.push_back({e.id, e.name, ctx.hostId, ctx.hostName, e.ip});
        }
    }
    if (ctx.cluster) {
        for (const auto& e : ctx.cluster->view().endpoints(s.networkId)) {
            if (e.host_id() == ctx.hostId || e.service() != s.name) continue;
            auto ip = model::Ipv4::parse(e.ip().substr(0, e.ip().find('/')));
            if (ip) out.push_back({e.id(), e.name(), e.host_id(), e.host_name(), *ip});
        }
    }
    std::sort(out.begin(), out.end(),
              [](const Backend& a, const Backend& b) { return a.ip.value < b.ip.value; });
    return out;
}

std::vector<services::ServiceRule> serviceRulesOf(EngineContext& ctx,
                                                  const std::string& networkId) {
    std::vector<services::ServiceRule> out;
    for (const auto& s : servicesOf(ctx, networkId)) {
        services::ServiceRule rule{s.name, s.vip, {}, {}};
        for (const auto& p : s.ports) {
            rule.ports.push_back({static_cast<uint16_t>(p.port), p.protocol == model::Protocol::Udp
                                                                     ? services::Protocol::Udp
                                                                     : services::Protocol::Tcp});
        }
        for (const auto& b : backendsOf(ctx, s)) rule.backends.push_back(b.ip);
        out.push_back(std::move(rule));
    }
    return out;
}

services::Programmer::Source programmerSource(EngineContext& ctx) {
    services::Programmer::Source source;
    source.rules = [&ctx](const std::string& net) { return serviceRulesOf(ctx, net); };
    source.endpoints = [&ctx](const std::string& net) {
        auto found = net.empty() ? ctx.store.endpoints() : ctx.store.listEndpoints(net);
        return found ? *found : std::vector<model::Endpoint>{};
    };
    source.endpoint = [&ctx](const std::string& id) -> std::optional<model::Endpoint> {
        auto found = ctx.store.endpoint(id);
        if (!found || !found->has_value()) return std::nullopt;
        return **found;
    };
    return source;
}

uint32_t conntrackEstablishedTimeout() {
    std::ifstream in("/proc/sys/net/netfilter/nf_conntrack_tcp_timeout_established");
    uint32_t seconds = 0;
    in >> seconds;
    return seconds;
}

}  // namespace loom::engine::api
