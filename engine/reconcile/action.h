#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "engine/model/address.h"

namespace loom::engine::reconcile {

using model::Ipv4;
using model::Mac;

// One kernel change. A flat struct (not a hierarchy) so planner tables compare with ==.
struct Action {
    enum class Kind {
        CreateNetns,      // netns (path)
        DeleteNetns,      // netns (path)
        CreateBridge,     // netns, link, mac, mtu
        CreateVxlan,      // netns (sandbox), link, vni, port, local, underlayIfindex, mtu
        CreateVeth,       // netns (sandbox), link (bridge side), peerNetns, peerLink, mac, mtu
        ConfigurePeer,    // peerNetns, peerLink, address/prefix, mtu: up, address, lo up
        SetLink,          // netns, link, mtu, up, master (the sandbox bridge)
        AddAddress,       // netns, link, address/prefix
        DeleteLinks,      // netns, links
        SetFdb,           // netns (sandbox), mac, local (remote VTEP): permanent, on vx0
        DeleteFdb,        // netns, mac
        SetBridgeFdb,     // netns, mac: a static entry of br0 pointing at its vx0 port
        DeleteBridgeFdb,  // netns, mac
        SetNeighbour,     // netns, address, mac: permanent, on vx0
        DeleteNeighbour,  // netns, address
        SetHostAddress,   // netns, link (br0), address/prefix, mac: the bridge's MAC, then address
        // Permanent neighbours that probes and replies use instead of the kernel's learned
        // ones, which count against a machine-wide limit (gc_thresh3):
        SetBridgeNeighbour,     // netns (sandbox), address, mac: a local endpoint, on br0
        DeleteBridgeNeighbour,  // netns (sandbox), address
        SetEndpointNeighbour,   // peerNetns, peerLink, address, mac: the gateway, in the endpoint
        DeleteAddress,          // netns, link, address/prefix
        // netns (sandbox): its bridge's frames skip the IP layer's netfilter hooks
        // (net.bridge.bridge-nf-call-{iptables,ip6tables,arptables} = 0 there)
        UnfilterBridge,
    };

    Kind kind{};
    std::string netns;
    std::string link;
    std::vector<std::string> links;
    std::string peerNetns;
    std::string peerLink;
    Mac mac;
    Ipv4 address;
    int prefix = 0;
    uint32_t mtu = 0;
    uint32_t vni = 0;
    uint32_t port = 0;
    Ipv4 local;
    int underlayIfindex = 0;
    bool master = false;        // SetLink: enslave to the sandbox bridge
    bool foreignNetns = false;  // ConfigurePeer: the namespace is not Loom's (attached)

    bool operator==(const Action&) const = default;
    std::string describe() const;
};

// Kernel objects Loom created and so may delete. Everything else is foreign.
struct OwnedObject {
    enum class Kind { Netns = 1, Link = 2 };
    Kind kind = Kind::Netns;
    std::string netns;  // the namespace path itself (Netns) or the one holding the link (Link)
    std::string name;   // link name (Link); empty for Netns
    std::string networkId;
    std::string endpointId;

    bool operator==(const OwnedObject&) const = default;
};

}  // namespace loom::engine::reconcile
