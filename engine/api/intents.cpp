#include "engine/api/intents.h"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <random>
#include <thread>

#include <set>

#include "engine/api/convert.h"
#include "engine/api/event_bus.h"
#include "engine/api/service_directory.h"
#include "engine/cluster/agent.h"
#include "engine/common/log.h"
#include "engine/ipam/ipam.h"
#include "engine/model/validation.h"
#include "engine/netlink/netns.h"

namespace loom::engine::api {

using common::Result;
using common::Status;

int64_t nowMs() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

model::Labels labelsOf(const google::protobuf::Map<std::string, std::string>& map) {
    return {map.begin(), map.end()};
}

std::string newId() {
    thread_local std::mt19937_64 rng{std::random_device{}()};
    char id[17];
    std::snprintf(id, sizeof id, "%016llx", static_cast<unsigned long long>(rng()));
    return id;
}

Status deleteNetworkIntent(EngineContext& ctx, const model::Network& network) {
    return ctx.store.transaction([&]() -> Status {
        LOOM_RETURN_IF_ERROR(ctx.store.recordOwned(reconcile::ownedBy(network, ctx.naming)));
        return ctx.store.deleteNetwork(network.id);
    });
}

Status deleteEndpointIntent(EngineContext& ctx, const model::Endpoint& endpoint) {
    return ctx.store.transaction([&]() -> Status {
        LOOM_RETURN_IF_ERROR(ctx.store.recordOwned(reconcile::ownedBy(endpoint, ctx.naming)));
        return ctx.store.deleteEndpoint(endpoint.id);
    });
}

Result<model::Network> resolveNetwork(EngineContext& ctx, const std::string& ref,
                                      const std::string& field) {
    if (ref.empty()) return common::invalidArgument(field, "is required");
    auto found = ctx.store.findNetwork(ref);
    if (!found) return found.status();
    if (!found->has_value()) return common::notFound(field + ": no network \"" + ref + "\"");
    return **found;
}

Result<model::Endpoint> resolveEndpoint(EngineContext& ctx, const std::string& ref,
                                        const std::string& field) {
    if (ref.empty()) return common::invalidArgument(field, "is required");
    auto found = ctx.store.findEndpoint(ref);
    if (!found) return found.status();
    if (!found->has_value()) return common::notFound(field + ": no endpoint \"" + ref + "\"");
    return **found;
}

Status checkCanEncrypt(const EngineContext& ctx, const std::string& prefix,
                       const std::string& outcome) {
    // The cluster's rule first: it holds on every host, whatever each kernel can do.
    if (ctx.cluster && !ctx.cluster->etcdOverTls()) {
        return common::failedPrecondition(
            prefix + "an encrypted network's keys travel through etcd, and this cluster's etcd (" +
            ctx.cluster->etcdDescription() +
            ") is not over TLS: give every engine https:// URLs with --etcd-ca, --etcd-cert and "
            "--etcd-key; " +
            outcome);
    }
    if (!ctx.canEncrypt) {
        return common::failedPrecondition(prefix + "this host (" + ctx.hostName + ") " +
                                          ctx.encryptionMessage + "; " + outcome);
    }
    return {};
}

Result<model::Network> buildNetwork(EngineContext& ctx, const v1::CreateNetworkRequest& req,
                                    const std::vector<model::Network>& existing) {
    model::NetworkSpec spec;
    spec.name = req.name();
    spec.subnet = req.subnet();
    if (req.has_vni()) spec.vni = req.vni();
    if (req.has_mtu()) spec.mtu = req.mtu();
    if (req.has_port()) spec.port = req.port();
    spec.labels = labelsOf(req.labels());
    spec.internal = req.internal();
    spec.encrypted = req.encrypted();
    if (req.has_key_rotation_s()) spec.keyRotationS = req.key_rotation_s();
    auto n = model::checkNetwork(spec, existing, ctx.underlay.mtu);
    if (!n) return n.status();
    if (n->encrypted)
        LOOM_RETURN_IF_ERROR(checkCanEncrypt(ctx, "encrypted: ", "nothing was created"));
    if (!req.has_vni()) {
        std::vector<uint32_t> used;
        for (const auto& other : existing) used.push_back(other.vni);
        std::sort(used.begin(), used.end());
        auto vni = ipam::allocateVni(used, model::kVniAutoFirst, model::kVniMax);
        if (!vni) return common::Status(common::Code::ResourceExhausted, "vni: none left");
        n->vni = *vni;
    }
    n->id = newId();
    n->gateway = ipam::gatewayOf(n->subnet);
    n->createdUnixMs = nowMs();
    return n;
}

Result<model::Network> createNetworkIntent(EngineContext& ctx,
                                           const v1::CreateNetworkRequest& req) {
    auto all = ctx.store.networks();
    if (!all) return all.status();
    auto n = buildNetwork(ctx, req, *all);
    if (!n) return n.status();
    LOOM_RETURN_IF_ERROR(ctx.store.insertNetwork(*n));
    return n;
}

void mirrorNetworks(EngineContext& ctx, const std::vector<model::Network>& present,
                    const std::vector<std::string>& removed, bool full) {
    std::vector<std::string> changedNetworks, deletedEndpoints, resized;
    std::vector<model::Network> added, gone, changed;
    Status s = ctx.store.transaction([&]() -> Status {
        std::set<std::string> presentIds;
        for (const auto& n : present) {
            presentIds.insert(n.id);
            auto local = ctx.store.network(n.id);
            if (!local) return local.status();
            if (local->has_value()) {
                // Changed in place on some host (UpdateNetwork): the MTU, labels and whether it
                // is internal follow.
                const model::Network& mine = **local;
                if (mine.mtu == n.mtu && mine.labels == n.labels && mine.internal == n.internal) {
                    continue;
                }
                model::Network updated = mine;
                updated.mtu = n.mtu;
                updated.labels = n.labels;
                updated.internal = n.internal;
                LOOM_RETURN_IF_ERROR(ctx.store.updateNetwork(updated));
                if (mine.mtu != n.mtu) {
                    auto endpoints = ctx.store.listEndpoints(n.id);
                    if (!endpoints) return endpoints.status();
                    for (const auto& e : *endpoints) resized.push_back(e.id);
                }
                changed.push_back(updated);
                continue;
            }
            auto sameName = ctx.store.findNetwork(n.name);
            if (!sameName) return sameName.status();
            if (sameName->has_value()) {
                LOOM_LOG(Error, "cluster") << "network " << n.name << " (" << n.id
                                           << ") from etcd clashes with local network "
                                           << (*sameName)->id << " of the same name; not mirrored";
                continue;
            }
            LOOM_RETURN_IF_ERROR(ctx.store.insertNetwork(n));
            added.push_back(n);
        }
        std::vector<std::string> toRemove = removed;
        if (full) {
            auto locals = ctx.store.networks();
            if (!locals) return locals.status();
            for (const auto& n : *locals) {
                if (!presentIds.count(n.id)) toRemove.push_back(n.id);
            }
        }
        for (const auto& id : toRemove) {
            auto local = ctx.store.network(id);
            if (!local) return local.status();
            if (!local->has_value()) continue;
            auto endpoints = ctx.store.listEndpoints(id);
            if (!endpoints) return endpoints.status();
            if (full && !endpoints->empty()) continue;  // published again by the agent
            for (const auto& e : *endpoints) {
                LOOM_RETURN_IF_ERROR(deleteEndpointIntent(ctx, e));
                deletedEndpoints.push_back(e.id);
            }
            LOOM_RETURN_IF_ERROR(deleteNetworkIntent(ctx, **local));
            gone.push_back(**local);
        }
        return {};
    });
    if (!s.isOk()) {
        LOOM_LOG(Error, "cluster") << "mirroring networks from etcd: " << s.message();
        return;
    }
    auto announce = [&](const model::Network& n, v1::Event::Kind kind, const char* what) {
        LOOM_LOG(Info, "cluster") << "network " << n.name << ": " << what;
        ctx.reconciler.markNetwork(n.id);
        v1::Event e = makeEvent(kind, what);
        toProto(ctx, n, e.mutable_network());
        ctx.events.publish(e);
    };
    for (const auto& n : added) announce(n, v1::Event::KIND_CREATED, "created in the cluster");
    for (const auto& n : gone) announce(n, v1::Event::KIND_DELETED, "deleted in the cluster");
    for (const auto& n : changed) announce(n, v1::Event::KIND_CHANGED, "changed in the cluster");
    if (!deletedEndpoints.empty()) ctx.reconciler.markEndpoints(deletedEndpoints, {});
    if (!resized.empty()) ctx.reconciler.markEndpoints(resized, {});
}

Result<model::Endpoint> createEndpointIntent(EngineContext& ctx,
                                             const v1::CreateEndpointRequest& req,
                                             const std::string& field, AddressPlan& plan) {
    auto f = [&](const char* name) {
        return field.empty() ? std::string(name) : field + "." + name;
    };
    model::Endpoint e;
    LOOM_RETURN_IF_ERROR(model::validateName(f("name"), req.name()));
    e.name = req.name();
    e.interfaceName =
        req.interface_name().empty() ? model::kDefaultInterfaceName : req.interface_name();
    LOOM_RETURN_IF_ERROR(model::validateInterfaceName(f("interface_name"), e.interfaceName));
    e.labels = labelsOf(req.labels());
    LOOM_RETURN_IF_ERROR(model::validateLabels(e.labels));
    if (!req.service().empty())
        LOOM_RETURN_IF_ERROR(model::validateName(f("service"), req.service()));
    e.service = req.service();
    if (!req.container_id().empty()) {
        LOOM_RETURN_IF_ERROR(model::validateContainerId(f("container_id"), req.container_id()));
        e.containerId = req.container_id();
        auto same = ctx.store.findContainerEndpoint(e.containerId, e.interfaceName);
        if (!same) return same.status();
        if (same->has_value()) {
            return common::alreadyExists(
                f("container_id") + ": container " + e.containerId.substr(0, 12) + " already has " +
                e.interfaceName + " on this host (endpoint \"" + (*same)->name + "\")");
        }
    }

    auto network = resolveNetwork(ctx, req.network(), f("network"));
    if (!network) return network.status();
    e.networkId = network->id;
    if (network->encrypted) {
        // A host that cannot encrypt joins no encrypted network: its traffic would go plain.
        LOOM_RETURN_IF_ERROR(
            checkCanEncrypt(ctx, f("network") + ": \"" + network->name + "\" is encrypted, and ",
                            "the endpoint was not created"));
    }
    if (!e.service.empty())
        LOOM_RETURN_IF_ERROR(checkServiceOn(ctx, e.service, *network, f("service")));

    if (!req.netns_path().empty() && req.pid() != 0) {
        return common::invalidArgument(f("netns_path"), "give a namespace path or a PID, not both");
    }
    if (!req.netns_path().empty()) {
        if (!netlink::isNetns(req.netns_path())) {
            return common::invalidArgument(f("netns_path"),
                                           req.netns_path() + " is not a network namespace");
        }
        e.netnsMode = model::NetnsMode::Path;
        e.netnsPath = req.netns_path();
    } else if (req.pid() != 0) {
        std::string path = "/proc/" + std::to_string(req.pid()) + "/ns/net";
        struct stat st {};
        if (req.pid() < 0 || ::stat(path.c_str(), &st) != 0) {
            return common::invalidArgument(f("pid"), "no process " + std::to_string(req.pid()));
        }
        e.netnsMode = model::NetnsMode::Pid;
        e.pid = req.pid();
        e.netnsPath = path;
    }

    auto existing = ctx.store.findEndpoint(req.name());
    if (!existing) return existing.status();
    if (existing->has_value()) {
        return model::endpointNameTaken(f("name"), req.name());
    }
    if (ctx.cluster) {
        // Unique per network across the cluster (etcd has the last word when it is published).
        if (auto holder = ctx.cluster->view().nameHolder(network->id, req.name())) {
            return common::alreadyExists(f("name") + ": an endpoint \"" + req.name() +
                                         "\" already exists on network \"" + network->name +
                                         "\", on host \"" +
                                         ctx.cluster->view().hostName(holder->host_id()) + "\"");
        }
    }
    if (e.netnsMode != model::NetnsMode::Created) {
        auto taken = ctx.store.interfaceTaken(e.netnsPath, e.interfaceName);
        if (!taken) return taken.status();
        if (*taken) {
            return common::alreadyExists(f("interface_name") + ": another endpoint already has " +
                                         e.interfaceName + " in " + e.netnsPath);
        }
    }

    auto& takenBy = plan.taken;
    if (!takenBy.count(network->id)) {
        auto taken = ctx.store.takenAddresses(network->id);
        if (!taken) return taken.status();
        if (ctx.cluster) {
            // Every host's addresses, as far as this engine knows; etcd has the last word.
            auto claimed = ctx.cluster->view().claimedAddresses(network->id);
            taken->insert(taken->end(), claimed.begin(), claimed.end());
            std::sort(taken->begin(), taken->end());
            taken->erase(std::unique(taken->begin(), taken->end()), taken->end());
        }
        takenBy[network->id] = std::move(*taken);
    }
    std::vector<uint32_t>& taken = takenBy[network->id];
    if (!req.ip().empty()) {
        auto ip = model::parseEndpointAddress(f("ip"), req.ip(), *network);
        if (!ip) return ip.status();
        if (std::binary_search(taken.begin(), taken.end(), ip->value)) {
            return model::addressTaken(f("ip"), req.ip(), network->name);
        }
        e.ip = *ip;
    } else {
        std::optional<model::Ipv4> ip;
        if (!ctx.cluster) {
            ip = ipam::allocateAddress(network->subnet, taken);
        } else if (!plan.borrow.count(network->id)) {
            ip = ipam::allocateInBlocks(
                network->subnet, ctx.cluster->view().blocksOf(network->id, ctx.hostId), taken);
            if (!ip) {
                plan.needsBlock = network->id;
                return common::Status(common::Code::Aborted, "network \"" + network->name +
                                                                 "\": this host needs an "
                                                                 "address block");
            }
        } else {
            // Every block is owned: borrow, from a place that differs per host.
            ip = ipam::allocateFrom(network->subnet,
                                    static_cast<uint32_t>(std::hash<std::string>{}(ctx.hostId)),
                                    taken);
        }
        if (!ip) {
            return common::Status(common::Code::ResourceExhausted,
                                  f("ip") + ": network \"" + network->name + "\" (" +
                                      network->subnet.toString() + ") has no free address");
        }
        e.ip = *ip;
    }
    e.mac = model::Mac::fromIpv4(e.ip);
    if (!req.mac().empty()) {
        auto mac = model::parseEndpointMac(f("mac"), req.mac(), e.ip);
        if (!mac) return mac.status();
        e.mac = *mac;
        LOOM_RETURN_IF_ERROR(checkMacFree(ctx, *network, e.mac, f("mac")));
    }
    // The bridge-side veth name is cut from the id: make sure the cut is unique too.
    for (int attempt = 0;; ++attempt) {
        e.id = newId();
        e.hostVeth = ctx.naming.hostVeth(e.id);
        auto taken = ctx.store.hostVethTaken(e.hostVeth);
        if (!taken) return taken.status();
        if (!*taken) break;
        if (attempt > 8) return common::internal("cannot find a free interface name");
    }
    if (e.netnsMode == model::NetnsMode::Created) e.netnsPath = ctx.naming.endpointNetns(e.id);
    e.createdUnixMs = nowMs();
    LOOM_RETURN_IF_ERROR(ctx.store.insertEndpoint(e));
    taken.insert(std::lower_bound(taken.begin(), taken.end(), e.ip.value), e.ip.value);
    return e;
}

Status checkMacFree(EngineContext& ctx, const model::Network& network, const model::Mac& mac,
                    const std::string& field) {
    auto taken = ctx.store.macTaken(network.id, mac);
    if (!taken) return taken.status();
    bool elsewhere = false;
    if (!*taken && ctx.cluster) {
        for (const auto& other : ctx.cluster->view().endpoints(network.id)) {
            if (other.host_id() != ctx.hostId && model::Mac::parse(other.mac()) == mac) {
                elsewhere = true;
            }
        }
    }
    if (*taken || elsewhere) {
        return common::alreadyExists(field + ": " + mac.toString() +
                                     " is already used by another endpoint on network \"" +
                                     network.name + "\"");
    }
    return {};
}

Status checkOnly(store::Store& store, const std::function<Status()>& fn) {
    Status inner;
    Status outer = store.transaction([&]() -> Status {
        inner = fn();
        return inner.isOk() ? Status(common::Code::Cancelled, "checked only") : inner;
    });
    if (!inner.isOk()) return inner;
    return outer.code() == common::Code::Cancelled ? Status{} : outer;
}

void holdAfterClaimForTests() {
    const char* file = std::getenv("LOOM_TEST_HOLD_AFTER_CLAIM");
    if (!file || !*file) return;
    LOOM_LOG(Warning, "api") << "LOOM_TEST_HOLD_AFTER_CLAIM: holding until " << file << " exists";
    auto until = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (::access(file, F_OK) != 0 && std::chrono::steady_clock::now() < until) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
}

}  // namespace loom::engine::api
