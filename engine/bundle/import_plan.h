#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "engine/bundle/topology.h"
#include "engine/common/status.h"

// What importing a bundle's topology would change in a running cluster: the same rules as the
// console's plan (ui/designer/plan.cpp), over plain values. Items match by name (a network by
// its name, an endpoint by its host and name): a name that exists live is the same item, kept,
// changed in place (a network's MTU and labels, an endpoint's labels) or, for what the kernel
// cannot change, deleted and created again, and the plan says which and why. A service (matched
// by name) that differs is created again; an endpoint's service changes in place. The bundle speaks
// for the hosts it lists: what runs on those hosts and is not in it is deleted; other hosts'
// endpoints are left alone, and so is a network one of them still uses.
namespace loom::engine::bundle {

struct LiveNetwork {
    std::string id, name, subnet;
    uint32_t vni = 0, mtu = 0, port = 0;
    std::map<std::string, std::string> labels;
    bool internal = false;
    bool encrypted = false;
    uint32_t keyRotationS = 0;
};

struct LiveEndpoint {
    std::string id, name, networkName, hostName;
    std::string ip;  // no prefix
    std::string netnsMode, netnsPath;
    int32_t pid = 0;
    std::string interfaceName;
    std::map<std::string, std::string> labels;
    std::string service;
    std::string containerId;  // made by a container runtime (loom-cni)
};

using LiveService = TopologyService;  // its vip as it is (never empty)

struct LiveHost {
    std::string name;
    bool alive = true;
};

struct LiveState {
    std::vector<LiveHost> hosts;
    std::vector<LiveNetwork> networks;
    std::vector<LiveEndpoint> endpoints;
    std::vector<LiveService> services;
};

struct ImportStep {
    // In the order they run.
    enum class Kind {
        DeleteService,
        DeleteEndpoint,
        DeleteNetwork,
        UpdateNetwork,
        CreateNetwork,
        CreateService,
        UpdateEndpoint,
        CreateEndpoint
    };
    Kind kind = Kind::CreateNetwork;
    std::string host;           // endpoints: the host's name
    std::string ref;            // deletions and updates: the live id
    TopologyNetwork network;    // the network (created or changed: as the bundle has it)
    TopologyEndpoint endpoint;  // the endpoint (created or changed: as the bundle has it)
    std::string why;            // how a name that exists is resolved, or why an item goes
    TopologyService service;    // the service (created: as the bundle has it)
    // One line, as the console's plan shows it: "create network web (10.1.0.0/24, VNI 4096)".
    std::string describe() const;
};

struct ImportPlan {
    std::vector<ImportStep> steps;
    // What the plan leaves out or leaves alone, and what exists already as it is.
    std::vector<std::string> notes;
    // SHA-256 of the steps: an apply runs only the plan that was shown.
    std::string digest;
};

// The plan; refused (naming the bundle's field) when the result could not exist: a network of
// the bundle that overlaps, or shares a VNI with, a live network that stays.
common::Result<ImportPlan> planImport(const Topology& want, const LiveState& live);

}  // namespace loom::engine::bundle
