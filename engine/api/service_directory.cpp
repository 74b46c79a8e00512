#include "engine/api/service_directory.h"

#include <fstream>
#include <map>

#include "engine/api/event_bus.h"
#include "engine/api/service_service.h"
#include "engine/cluster/agent.h"
#include "engine/cluster/records.h"
#include "engine/dns/resolvers.h"

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
            if (e.service != s.name) continue;
            Backend b{e.id, e.name, ctx.hostId, ctx.hostName, e.ip};
            if (auto h = ctx.health ? ctx.health->health(e.id) : std::nullopt) {
                b.healthy = h->healthy;
                b.healthMessage = h->message;
            }
            out.push_back(std::move(b));
        }
    }
    if (ctx.cluster) {
        for (const auto& e : ctx.cluster->view().endpoints(s.networkId)) {
            if (e.host_id() == ctx.hostId || e.service() != s.name) continue;
            auto ip = model::Ipv4::parse(e.ip().substr(0, e.ip().find('/')));
            if (!ip) continue;
            Backend b{e.id(), e.name(), e.host_id(), e.host_name(), *ip};
            if (auto out = ctx.cluster->view().unhealthy(s.networkId, e.id())) {
                b.healthy = false;
                b.healthMessage = out->health_message();
            }
            out.push_back(std::move(b));
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
        for (const auto& b : backendsOf(ctx, s)) {
            if (b.healthy) rule.backends.push_back(b.ip);
        }
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

services::HealthChecker::Inventory healthInventory(EngineContext& ctx) {
    struct Cache {
        uint64_t generation = ~uint64_t{0};
        int64_t revision = -1;
        std::vector<services::HealthTarget> targets;
    };
    auto cache = std::make_shared<Cache>();
    return [&ctx, cache]() {
        uint64_t generation = ctx.store.generation();
        int64_t revision = ctx.cluster ? ctx.cluster->view().revision() : 0;
        if (generation == cache->generation && revision == cache->revision) return cache->targets;
        auto endpoints = ctx.store.endpoints();
        if (!endpoints) return cache->targets;
        std::map<std::string, std::vector<model::Service>> services;  // network -> its services
        std::vector<services::HealthTarget> targets;
        for (const auto& e : *endpoints) {
            if (e.service.empty()) continue;
            auto known = services.find(e.networkId);
            if (known == services.end()) {
                known = services.emplace(e.networkId, servicesOf(ctx, e.networkId)).first;
            }
            for (const auto& s : known->second) {
                if (s.name != e.service) continue;
                auto n = ctx.store.network(e.networkId);
                if (!n || !n->has_value()) continue;
                services::HealthTarget t{
                    e.id,
                    e.name,
                    e.networkId,
                    s.id,
                    s.name,
                    ctx.naming.sandboxNetns(e.networkId),
                    dns::resolverAddress(**n, ctx.cluster ? &ctx.cluster->view() : nullptr),
                    e.ip,
                    {}};
                for (const auto& p : s.ports) {
                    if (p.protocol == model::Protocol::Tcp) {
                        t.ports.push_back(static_cast<uint16_t>(p.port));
                    }
                }
                targets.push_back(std::move(t));
            }
        }
        cache->targets = std::move(targets);
        cache->generation = generation;
        cache->revision = revision;
        return cache->targets;
    };
}

services::HealthChecker::Changed healthChanged(EngineContext& ctx) {
    return [&ctx](const services::HealthTarget& t, const services::BackendHealth& h) {
        if (ctx.cluster) {
            std::optional<v1::ServiceBackend> out;
            if (!h.healthy) {
                out.emplace();
                out->set_endpoint_id(t.endpointId);
                out->set_endpoint_name(t.endpointName);
                out->set_host_id(ctx.hostId);
                out->set_host_name(ctx.hostName);
                out->set_ip(t.ip.toString());
                out->set_healthy(false);
                out->set_health_message(h.message);
            }
            ctx.cluster->setBackendHealth(t.networkId, t.endpointId, std::move(out));
        }
        // This host's clients at once; the others when the record reaches them.
        ctx.reconciler.markNetwork(t.networkId);
        for (const auto& s : servicesOf(ctx, t.networkId)) {
            if (s.id != t.serviceId) continue;
            v1::Event e = makeEvent(
                v1::Event::KIND_CHANGED,
                "backend " + t.endpointName + (h.healthy ? " back in" : " out: " + h.message));
            fillService(ctx, s, e.mutable_service());
            ctx.events.publish(e);
        }
    };
}

uint32_t conntrackEstablishedTimeout() {
    std::ifstream in("/proc/sys/net/netfilter/nf_conntrack_tcp_timeout_established");
    uint32_t seconds = 0;
    in >> seconds;
    return seconds;
}

}  // namespace loom::engine::api
