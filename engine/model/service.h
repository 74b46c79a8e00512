#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/model/address.h"
#include "engine/model/network.h"

namespace loom::engine::model {

enum class Protocol { Tcp = 1, Udp = 2 };

struct ServicePort {
    uint32_t port = 0;
    Protocol protocol = Protocol::Tcp;
    bool operator==(const ServicePort&) const = default;
};

// A virtual IP on a network, spread over the endpoints of that network whose `service` names
// it. No ports: every port, TCP and UDP.
struct Service {
    std::string id;
    std::string name;
    std::string networkId;
    Ipv4 vip;
    std::vector<ServicePort> ports;
    Labels labels;
    int64_t createdUnixMs = 0;
    bool operator==(const Service&) const = default;
};

// "80/tcp,53/udp".
std::string portsText(const std::vector<ServicePort>& ports);
// The inverse; empty text: no ports. Nullopt when malformed (see validateServicePorts).
std::optional<std::vector<ServicePort>> parsePorts(const std::string& text);

}  // namespace loom::engine::model
