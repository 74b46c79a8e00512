#include "engine/reconcile/planner.h"

#include <map>
#include <set>

#include "engine/reconcile/kernel.h"

namespace loom::engine::reconcile {

using A = Action::Kind;

namespace {

Action setLink(const std::string& netns, const std::string& link, uint32_t mtu, bool master) {
    return {.kind = A::SetLink, .netns = netns, .link = link, .mtu = mtu, .master = master};
}

Action configurePeer(const model::Endpoint& e, const model::Network& n) {
    return {.kind = A::ConfigurePeer,
            .peerNetns = e.netnsPath,
            .peerLink = e.interfaceName,
            .address = e.ip,
            .prefix = n.subnet.prefix,
            .mtu = n.mtu,
            .foreignNetns = e.netnsMode != model::NetnsMode::Created};
}

bool vxlanMatches(const VxlanFacts& f, const model::Network& n, const Underlay& u) {
    // VNI, port, local address, device and learning cannot change on a live vxlan link: a
    // mismatch means recreate it (systemd-networkd's vxlan.c notes the same).
    return f.vni == n.vni && f.port == n.port && f.local == u.vtep &&
           f.underlayIfindex == u.ifindex && !f.learning && f.proxy;
}

}  // namespace

std::vector<Action> planNetwork(const model::Network& n, const Underlay& u,
                                const std::string& sandbox, const ObservedNetwork& observed) {
    std::vector<Action> plan;
    ObservedNetwork o = observed;
    if (!o.sandbox) {
        plan.push_back({.kind = A::CreateNetns, .netns = sandbox});
        o = ObservedNetwork{};
        o.bridgeFiltered = true;  // a new namespace starts with the kernel's default
    }
    if (o.bridgeFiltered) {
        // The sandbox is Loom's own and has no filter rules: frames between endpoints and to
        // the vxlan port are switched, never routed, so nothing in netfilter may drop them.
        plan.push_back({.kind = A::UnfilterBridge, .netns = sandbox});
    }
    if (!o.bridge.exists) {
        plan.push_back(
            {.kind = A::CreateBridge,
             .netns = sandbox,
             .link = kBridgeName,
             // Set, so that it never follows its ports (the kernel's default): endpoints keep a
             // permanent entry for the gateway with this MAC. Clustered, the host address
             // replaces it with its own derived MAC (planHostAddress), and endpoints follow.
             .mac = model::Mac::fromIpv4(n.gateway),
             .mtu = n.mtu});
        o.bridgeAddress = false;
    } else if (o.bridge.mtu != n.mtu || !o.bridge.up) {
        plan.push_back(setLink(sandbox, kBridgeName, n.mtu, false));
    }
    if (!o.bridgeAddress) {
        plan.push_back({.kind = A::AddAddress,
                        .netns = sandbox,
                        .link = kBridgeName,
                        .address = n.gateway,
                        .prefix = n.subnet.prefix});
    }
    bool createVxlan = !o.vxlan.exists;
    if (o.vxlan.exists && !vxlanMatches(o.vxlanFacts, n, u)) {
        plan.push_back({.kind = A::DeleteLinks, .netns = sandbox, .links = {kVxlanName}});
        createVxlan = true;
    }
    if (createVxlan) {
        plan.push_back({.kind = A::CreateVxlan,
                        .netns = sandbox,
                        .link = kVxlanName,
                        .mtu = n.mtu,
                        .vni = n.vni,
                        .port = n.port,
                        .local = u.vtep,
                        .underlayIfindex = u.ifindex});
        plan.push_back(setLink(sandbox, kVxlanName, n.mtu, true));
    } else if (o.vxlan.mtu != n.mtu || !o.vxlan.up || !o.vxlan.enslaved) {
        plan.push_back(setLink(sandbox, kVxlanName, n.mtu, true));
    }
    return plan;
}

common::Result<std::vector<Action>> planEndpoint(const model::Endpoint& e, const model::Network& n,
                                                 const std::string& sandbox,
                                                 const ObservedEndpoint& observed) {
    std::vector<Action> plan;
    ObservedEndpoint o = observed;
    if (!o.netns) {
        if (e.netnsMode != model::NetnsMode::Created) {
            return common::failedPrecondition("endpoint \"" + e.name + "\": namespace " +
                                              e.netnsPath + " no longer exists");
        }
        plan.push_back({.kind = A::CreateNetns, .netns = e.netnsPath});
        o.peer = {};
        o.peerAddress = false;
    }
    bool peerOurs = o.peer.exists && o.peer.isVeth && o.peer.mac == e.mac;
    if (o.peer.exists && !peerOurs) {
        if (!o.hostVeth.exists || e.netnsMode != model::NetnsMode::Created) {
            return common::alreadyExists("endpoint \"" + e.name + "\": interface " +
                                         e.interfaceName + " already exists in " + e.netnsPath +
                                         " and was not made by Loom");
        }
    }
    bool recreate = !o.hostVeth.exists || !o.peer.exists || !peerOurs;
    if (recreate) {
        if (o.hostVeth.exists) {
            plan.push_back({.kind = A::DeleteLinks, .netns = sandbox, .links = {e.hostVeth}});
        }
        if (o.peer.exists && peerOurs) {
            plan.push_back(
                {.kind = A::DeleteLinks, .netns = e.netnsPath, .links = {e.interfaceName}});
        }
        plan.push_back({.kind = A::CreateVeth,
                        .netns = sandbox,
                        .link = e.hostVeth,
                        .peerNetns = e.netnsPath,
                        .peerLink = e.interfaceName,
                        .mac = e.mac,
                        .mtu = n.mtu});
        plan.push_back(configurePeer(e, n));
        o.peerNeighbours.clear();
    } else {
        if (o.hostVeth.mtu != n.mtu || !o.hostVeth.up || !o.hostVeth.enslaved) {
            plan.push_back(setLink(sandbox, e.hostVeth, n.mtu, true));
        }
        if (o.peer.mtu != n.mtu || !o.peer.up || !o.peerAddress) {
            plan.push_back(configurePeer(e, n));
        }
    }
    // The gateway (the bridge, where the prober's echoes come from) as a permanent entry.
    auto gw = o.peerNeighbours.find(n.gateway);
    if (o.bridgeMac != model::Mac{} &&
        (gw == o.peerNeighbours.end() || gw->second != o.bridgeMac)) {
        plan.push_back({.kind = A::SetEndpointNeighbour,
                        .peerNetns = e.netnsPath,
                        .peerLink = e.interfaceName,
                        .mac = o.bridgeMac,
                        .address = n.gateway});
    }
    return plan;
}

std::vector<Action> planBridgeNeighbours(const std::vector<model::Endpoint>& local,
                                         const ObservedPeers& observed,
                                         const std::string& sandbox) {
    std::vector<Action> plan;
    std::map<model::Ipv4, model::Mac> want;
    for (const auto& e : local) want[e.ip] = e.mac;
    for (const auto& [ip, mac] : observed.bridgeNeighbours) {
        if (!want.count(ip)) {
            plan.push_back({.kind = A::DeleteBridgeNeighbour, .netns = sandbox, .address = ip});
        }
    }
    for (const auto& [ip, mac] : want) {
        auto it = observed.bridgeNeighbours.find(ip);
        if (it == observed.bridgeNeighbours.end() || it->second != mac) {
            plan.push_back(
                {.kind = A::SetBridgeNeighbour, .netns = sandbox, .mac = mac, .address = ip});
        }
    }
    return plan;
}

std::vector<Action> planRemovals(const std::vector<OwnedObject>& orphans) {
    // A veth whose endpoint namespace Loom made and now unmounts dies with that namespace:
    // the kernel destroys dead namespaces asynchronously and in batches, which costs far less
    // than deleting veths one request at a time (about 30 ms each here, mostly RCU waits).
    // Every other link goes explicitly, in bulk, before any namespace: a veth whose peer sits
    // in a namespace that is not Loom's must leave it now, and a dying sandbox's vxlan device
    // must give its VNI back on the shared UDP socket now, not when the kernel gets to it.
    std::set<std::string> endpointNetnsGoing;
    for (const auto& o : orphans) {
        if (o.kind == OwnedObject::Kind::Netns && !o.endpointId.empty()) {
            endpointNetnsGoing.insert(o.endpointId);
        }
    }
    std::map<std::string, std::vector<std::string>> linksByNetns;
    for (const auto& o : orphans) {
        if (o.kind == OwnedObject::Kind::Link && !endpointNetnsGoing.count(o.endpointId)) {
            linksByNetns[o.netns].push_back(o.name);
        }
        if (o.kind == OwnedObject::Kind::Netns && o.endpointId.empty()) {
            linksByNetns[o.netns].push_back(kVxlanName);
        }
    }
    std::vector<Action> plan;
    for (auto& [netns, links] : linksByNetns) {
        plan.push_back({.kind = A::DeleteLinks, .netns = netns, .links = std::move(links)});
    }
    // Endpoint namespaces before sandboxes.
    for (bool sandboxes : {false, true}) {
        for (const auto& o : orphans) {
            if (o.kind == OwnedObject::Kind::Netns && o.endpointId.empty() == sandboxes) {
                plan.push_back({.kind = A::DeleteNetns, .netns = o.netns});
            }
        }
    }
    return plan;
}

std::vector<OwnedObject> ownedBy(const model::Network& n, const model::Naming& naming) {
    return {{OwnedObject::Kind::Netns, naming.sandboxNetns(n.id), "", n.id, ""}};
}

std::vector<OwnedObject> ownedBy(const model::Endpoint& e, const model::Naming& naming) {
    std::vector<OwnedObject> out;
    if (e.netnsMode == model::NetnsMode::Created) {
        out.push_back({OwnedObject::Kind::Netns, e.netnsPath, "", e.networkId, e.id});
    }
    out.push_back(
        {OwnedObject::Kind::Link, naming.sandboxNetns(e.networkId), e.hostVeth, e.networkId, e.id});
    return out;
}

}  // namespace loom::engine::reconcile

namespace loom::engine::reconcile {

std::vector<Action> planHostAddress(std::optional<model::Ipv4> host, const model::Network& n,
                                    const ObservedPeers& observed, const std::string& sandbox) {
    std::vector<Action> actions;
    if (!observed.vxlan) return actions;
    bool present = false;
    for (const auto& [ip, prefix] : observed.bridgeAddresses) {
        if (host && ip == *host && prefix == n.subnet.prefix) {
            present = true;
        } else if (ip != n.gateway) {
            actions.push_back({.kind = Action::Kind::DeleteAddress,
                               .netns = sandbox,
                               .link = kBridgeName,
                               .address = ip,
                               .prefix = prefix});
        }
    }
    if (host && (!present || observed.bridgeMac != model::Mac::fromIpv4(*host))) {
        actions.push_back({.kind = Action::Kind::SetHostAddress,
                           .netns = sandbox,
                           .link = kBridgeName,
                           .mac = model::Mac::fromIpv4(*host),
                           .address = *host,
                           .prefix = n.subnet.prefix});
    }
    return actions;
}

std::vector<Action> planPeers(const std::vector<Peer>& desired, const ObservedPeers& observed,
                              const std::string& sandbox) {
    std::vector<Action> actions;
    if (!observed.vxlan) return actions;
    std::map<model::Mac, model::Ipv4> wantFdb;
    std::map<model::Ipv4, model::Mac> wantNeigh;
    for (const auto& p : desired) {
        wantFdb[p.mac] = p.vtep;
        wantNeigh[p.ip] = p.mac;
    }
    // Stale entries first, so a MAC or address that moved is never briefly doubled.
    for (const auto& [ip, mac] : observed.neighbours) {
        if (!wantNeigh.count(ip)) {
            actions.push_back(
                {.kind = Action::Kind::DeleteNeighbour, .netns = sandbox, .address = ip});
        }
    }
    for (const auto& [mac, vtep] : observed.fdb) {
        if (!wantFdb.count(mac)) {
            actions.push_back({.kind = Action::Kind::DeleteFdb, .netns = sandbox, .mac = mac});
        }
    }
    // The bridge's entries on vx0, learned or static, of MACs that are no peer's any more.
    for (const auto& [mac, isStatic] : observed.bridge) {
        if (!wantFdb.count(mac)) {
            actions.push_back(
                {.kind = Action::Kind::DeleteBridgeFdb, .netns = sandbox, .mac = mac});
        }
    }
    // The FDB entry before the neighbour: once ARP is answered, the frame has somewhere to go.
    for (const auto& [mac, vtep] : wantFdb) {
        auto it = observed.fdb.find(mac);
        if (it == observed.fdb.end() || it->second != vtep) {
            actions.push_back(
                {.kind = Action::Kind::SetFdb, .netns = sandbox, .mac = mac, .local = vtep});
        }
    }
    // A static bridge entry too: the bridge then never learns (and keeps) a remote MAC itself.
    for (const auto& [mac, vtep] : wantFdb) {
        auto it = observed.bridge.find(mac);
        if (it == observed.bridge.end() || !it->second) {
            actions.push_back({.kind = Action::Kind::SetBridgeFdb, .netns = sandbox, .mac = mac});
        }
    }
    for (const auto& [ip, mac] : wantNeigh) {
        auto it = observed.neighbours.find(ip);
        if (it == observed.neighbours.end() || it->second != mac) {
            actions.push_back(
                {.kind = Action::Kind::SetNeighbour, .netns = sandbox, .mac = mac, .address = ip});
        }
    }
    return actions;
}

}  // namespace loom::engine::reconcile
