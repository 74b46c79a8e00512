#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "engine/model/address.h"

namespace loom::engine::model {

constexpr uint32_t kVniMin = 1;
constexpr uint32_t kVniMax = 16777215;
constexpr uint32_t kVniAutoFirst = 4096;  // automatic VNIs start here, leaving low ones to people
constexpr uint32_t kDefaultVxlanPort = 4789;
constexpr uint32_t kVxlanOverhead = 50;  // outer IPv4 20 + UDP 8 + VXLAN 8 + inner Ethernet 14
constexpr uint32_t kMinMtu = 68;

using Labels = std::map<std::string, std::string>;

enum class ObjectState { Pending = 1, Ready = 2, Failed = 3 };

// A network as stored: everything the kernel needs to build its sandbox on this host.
struct Network {
    std::string id;
    std::string name;
    uint32_t vni = 0;
    Cidr subnet;
    Ipv4 gateway;  // this host's own address on the network
    uint32_t mtu = 0;
    uint32_t port = kDefaultVxlanPort;
    Labels labels;
    bool internal = false;  // its responder answers its own names only, forwards nothing
    int64_t createdUnixMs = 0;
    ObjectState state = ObjectState::Pending;
    std::string stateMessage;
};

// The DNS domain of a network: its names resolve bare and under it ("web1.blue.loom").
inline std::string dnsDomain(const std::string& networkName) {
    std::string d;
    for (char c : networkName) d += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    return d + ".loom";
}

}  // namespace loom::engine::model
