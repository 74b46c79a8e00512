#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <utility>
#include <vector>

#include "engine/model/address.h"

namespace loom::engine::reconcile {

struct LinkFacts {
    bool exists = false;
    bool up = false;
    uint32_t mtu = 0;
    bool enslaved = false;  // its master is the sandbox bridge
    bool isVeth = false;
    model::Mac mac;
};

struct VxlanFacts {
    uint32_t vni = 0;
    uint32_t port = 0;
    model::Ipv4 local;
    int underlayIfindex = 0;
    bool learning = false;
    bool proxy = false;
};

struct ObservedNetwork {
    bool sandbox = false;
    LinkFacts bridge;
    bool bridgeAddress = false;
    LinkFacts vxlan;
    VxlanFacts vxlanFacts;
    // Its bridged frames go through the IP layer's netfilter hooks (br_netfilter's
    // bridge-nf-call-* on, the kernel's default in every namespace where it is loaded, as on a
    // host where Docker runs).
    bool bridgeFiltered = false;
};

// The permanent entries on a sandbox's vx0: FDB (MAC -> remote VTEP) and neighbours (IP -> MAC).
struct ObservedPeers {
    bool vxlan = false;  // vx0 exists
    std::map<model::Mac, model::Ipv4> fdb;
    std::map<model::Ipv4, model::Mac> neighbours;
    // The bridge's own entries on the vx0 port: MAC -> static (false: learned from traffic).
    std::map<model::Mac, bool> bridge;
    // br0 itself: its MAC and IPv4 addresses (address, prefix); the host address lives there.
    model::Mac bridgeMac;
    std::vector<std::pair<model::Ipv4, int>> bridgeAddresses;
    // Permanent IPv4 neighbours on br0: the local endpoints, for the prober's echoes.
    std::map<model::Ipv4, model::Mac> bridgeNeighbours;
};

struct ObservedEndpoint {
    bool netns = false;
    LinkFacts hostVeth;
    LinkFacts peer;
    bool peerAddress = false;
    // The sandbox bridge's MAC, and the permanent IPv4 neighbours on the endpoint's interface
    // (the gateway's, which answers go to).
    model::Mac bridgeMac;
    std::map<model::Ipv4, model::Mac> peerNeighbours;
};

}  // namespace loom::engine::reconcile
