#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "engine/common/status.h"
#include "engine/model/service.h"

// What a bundle carries as `topology.json`: the Topology message of proto/loom/v1 (a design as
// the console saves it) as plain values, and its JSON in protobuf's mapping (field names as in
// the .proto, defaults left out, keys sorted), so that a bundle's topology and a saved design
// are the same text. The engine's API and loomctl convert it from and to the message; this
// library sees no generated code.
namespace loom::engine::bundle {

constexpr uint32_t kTopologyFormat = 1;

struct TopologyHost {
    std::string name;
    std::string vtepIp;        // the underlay address (a live export has it; a design may not)
    uint32_t underlayMtu = 0;  // 0: not known
    bool operator==(const TopologyHost&) const = default;
};

struct TopologyNetwork {
    std::string name;
    std::string subnet;
    uint32_t vni = 0;   // 0: chosen by the engine
    uint32_t mtu = 0;   // 0: the default for the underlay
    uint32_t port = 0;  // 0: the default VXLAN port
    std::map<std::string, std::string> labels;
    bool internal = false;      // its names resolve, nothing else does
    bool encrypted = false;     // its traffic between hosts in ESP (keys never in a bundle)
    uint32_t keyRotationS = 0;  // encrypted: 0 is the engine's default (12 h)
    bool operator==(const TopologyNetwork&) const = default;
};

struct TopologyEndpoint {
    std::string name;
    std::string networkName;
    std::string hostName;
    std::string ip;   // empty: chosen by the engine; else an address, with or without /prefix
    std::string mac;  // a live export has it
    uint32_t mtu = 0;
    std::string netnsMode;  // the enum's name: NETNS_MODE_CREATED, _PATH, _PID; empty: unset
    std::string netnsPath;
    int32_t pid = 0;
    std::string interfaceName;
    std::map<std::string, std::string> labels;
    std::string service;  // the service of its network it is behind; empty: none
    bool operator==(const TopologyEndpoint&) const = default;
};

struct TopologyPort {
    uint32_t port = 0;
    std::string protocol;  // the enum's name: PROTOCOL_TCP, PROTOCOL_UDP; empty: TCP
    bool operator==(const TopologyPort&) const = default;
};

// As the engine's model has them (a protocol other than UDP is TCP).
std::vector<model::ServicePort> servicePorts(const std::vector<TopologyPort>& ports);

struct TopologyService {
    std::string name;
    std::string networkName;
    std::string vip;                  // empty: allocated by the engine
    std::vector<TopologyPort> ports;  // empty: every port
    std::map<std::string, std::string> labels;
    bool operator==(const TopologyService&) const = default;
};

struct Position {
    double x = 0, y = 0;
    bool operator==(const Position&) const = default;
};

struct Topology {
    uint32_t format = kTopologyFormat;
    std::vector<TopologyHost> hosts;
    std::vector<TopologyNetwork> networks;
    std::vector<TopologyEndpoint> endpoints;
    std::map<std::string, Position> layout;  // by "host/NAME", "network/NAME", "service/NAME"
    std::vector<TopologyService> services;
    bool operator==(const Topology&) const = default;
};

// The JSON text (two-space indent, keys sorted, a newline at the end).
std::string toJson(const Topology& t);
// Reads protobuf's JSON form of a Topology (what toJson writes, or a design the console saved).
// An unknown field, a value of the wrong type or malformed JSON is refused, naming where.
common::Result<Topology> topologyFromJson(const std::string& text);

// The engine's own rules over a whole topology: every name, subnet, VNI, port, MTU and label as
// the API checks them, networks that overlap or share a VNI, endpoints on networks or hosts it
// does not have, addresses outside their subnet or taken twice, names repeated on a host;
// services named twice, on networks it does not have, with a VIP outside the subnet or an
// endpoint's, a port 0, above 65535 or twice, a name an endpoint of the network has; endpoints
// behind a service their network does not have. The first problem, naming the item and field
// ("networks[1].subnet: ...").
common::Status checkTopology(const Topology& t);

}  // namespace loom::engine::bundle
