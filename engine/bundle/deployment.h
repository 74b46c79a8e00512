#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "engine/bundle/bundle.h"
#include "engine/bundle/topology.h"
#include "engine/common/status.h"

// A live overlay as the hosts' kernels have it (ids, names, each host's own address on a
// network): what a live export reads from the engine, and what the files that rebuild each
// host's part without Loom are made from. Plain values; the engine's API fills them.
namespace loom::engine::bundle {

struct DeployedHost {
    std::string name;
    std::string vtepIp;
    std::string underlayDevice;  // empty: not known
    uint32_t underlayMtu = 0;
    std::string prefix = "lm";            // its engine's --name-prefix
    std::string netnsDir = "/run/netns";  // its engine's --netns-dir
    bool alive = true;
    bool operator==(const DeployedHost&) const = default;
};

struct DeployedNetwork {
    std::string id, name;
    std::string subnet;   // "10.20.0.0/24"
    std::string gateway;  // an address, no prefix: on every host's bridge
    uint32_t vni = 0, port = 0, mtu = 0;
    std::map<std::string, std::string> labels;
    bool internal = false;
    bool encrypted = false;
    uint32_t keyRotationS = 0;
    std::map<std::string, std::string> hostAddresses;  // host name -> its own address on it
    bool operator==(const DeployedNetwork&) const = default;
};

struct DeployedEndpoint {
    std::string id, name, networkName, hostName;
    std::string ip;  // an address, no prefix
    std::string mac;
    std::string netnsMode;  // NETNS_MODE_CREATED, _PATH or _PID
    std::string netnsPath;
    int32_t pid = 0;
    std::string interfaceName;
    std::map<std::string, std::string> labels;
    std::string service;  // the service it is behind; empty: none
    bool operator==(const DeployedEndpoint&) const = default;
};

// A service as a bundle carries it (the topology's; the rebuild files leave services out).
using DeployedService = TopologyService;

struct Deployment {
    // Clustered, a host builds a network only while it has endpoints on it; a standalone
    // engine builds every network it has.
    bool clustered = false;
    std::vector<DeployedHost> hosts;
    std::vector<DeployedNetwork> networks;
    std::vector<DeployedEndpoint> endpoints;
    std::vector<DeployedService> services;
};

// The names Loom gives a host's kernel objects (model::Naming, from the host's prefix and
// namespace directory), for files that must build the same.
struct HostNames {
    std::string prefix, netnsDir;
    std::string sandboxNetns(const std::string& networkId) const;
    std::string endpointNetns(const std::string& endpointId) const;
    std::string hostVeth(const std::string& endpointId) const;
    // 15 bytes at most: the flattened (networkd) form's devices, and a vxlan device's name in
    // the host namespace before it moves into its sandbox.
    std::string device(char kind, const std::string& id) const;
};

// What a host builds of a deployment: its networks, and on each its own and remote endpoints.
struct HostView {
    struct Peer {
        std::string ip, mac, vtep, what;  // `what`: the endpoint or host it is, for comments
    };
    struct Net {
        const DeployedNetwork* network = nullptr;
        int prefix = 0;
        std::string hostAddress;  // empty: none
        std::string bridgeMac;
        std::vector<const DeployedEndpoint*> local;
        std::vector<Peer> peers;
    };
    const DeployedHost* host = nullptr;
    HostNames names;
    std::vector<Net> networks;
    // Encrypted networks of this host, left out: their keys are never in a bundle, and the
    // same overlay without them would carry their traffic in the clear.
    std::vector<std::string> encryptedLeftOut;
};
common::Result<HostView> hostView(const Deployment& d, const std::string& hostName);

// `up.sh` and `down.sh` for one host: plain ip, bridge, nsenter, unshare and umount commands.
std::map<std::string, std::string> iproute2Files(const HostView& v);
// The same overlay for systemd-networkd, flattened into the host's namespace (*.netdev,
// *.network) and a README.md saying what is left to do by hand.
std::map<std::string, std::string> networkdFiles(const HostView& v);

// The portable part: what an import into Loom needs (names, subnets, VNIs, addresses, MACs).
Topology topologyOfDeployment(const Deployment& d);

// A live export: the topology of the chosen hosts (all when `hosts` is empty: the others'
// endpoints still appear in their FDB entries, since they are live), and per chosen host
// `hosts/NAME/iproute2/{up,down}.sh` and `hosts/NAME/networkd/*`. An unknown host is refused.
common::Result<Bundle> liveBundle(const Deployment& d, const std::vector<std::string>& hosts,
                                  const std::string& origin);

}  // namespace loom::engine::bundle
