#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engine/common/status.h"
#include "engine/model/address.h"
#include "engine/model/network.h"
#include "engine/model/service.h"

// Every rule about what a valid object is lives here, so the engine's API and the console's
// designer say the same thing. Each error names the field it is about.
namespace loom::engine::model {

using common::Status;

constexpr size_t kMaxNameLength = 63;
constexpr size_t kMaxInterfaceNameLength = 15;  // IFNAMSIZ - 1
constexpr size_t kMaxNamePrefixLength = 5;      // leaves room for "v" + 9 hex in an ifname
constexpr int kMaxPrefixLength = 30;            // a /30 still holds the host and one endpoint

Status validateName(const std::string& field, const std::string& name);
Status validateVni(uint32_t vni);
Status validatePort(uint32_t port);
Status validateMtu(uint32_t mtu, uint32_t underlayMtu, bool encrypted = false);
Status validateKeyRotation(uint32_t seconds);
Status validateInterfaceName(const std::string& field, const std::string& name);
Status validateNamePrefix(const std::string& prefix);
Status validateLabels(const Labels& labels);

// Parses and checks a subnet: well formed, no host bits, room for endpoints.
common::Result<Cidr> parseSubnet(const std::string& field, const std::string& text);

// The subnet must not overlap any existing network's subnet.
Status checkNoOverlap(const Cidr& subnet, const std::vector<Network>& existing);

// A static address: inside the subnet, not the network, broadcast or gateway address.
common::Result<Ipv4> parseEndpointAddress(const std::string& field, const std::string& text,
                                          const Network& network);

// A MAC a person (or a container runtime) asks for, for the endpoint with address `ip`:
// unicast, not zero, and not in Loom's own range (02:4c:..., derived from addresses) unless it
// is the one `ip` derives. Uniqueness on the network is the caller's to check.
common::Result<Mac> parseEndpointMac(const std::string& field, const std::string& text, Ipv4 ip);

// A container runtime's id of a container: what CNI allows (a letter or digit, then letters,
// digits, '_', '.' and '-'), at most 255 characters.
Status validateContainerId(const std::string& field, const std::string& id);

// The default MTU of an overlay on an underlay of the given MTU: the largest whose frames fit.
uint32_t defaultMtu(uint32_t underlayMtu, bool encrypted = false);

// A network as a person asks for it: what the API's CreateNetwork carries and what the
// console's designer edits. Unset values take their defaults (the VNI is allocated later).
struct NetworkSpec {
    std::string name;
    std::string subnet;
    std::optional<uint32_t> vni, mtu, port;
    Labels labels;
    bool internal = false;
    bool encrypted = false;
    std::optional<uint32_t> keyRotationS;
};

// Every rule for a new network among `existing` ones, in the order a person fixes them: name,
// subnet, port, MTU, labels, then clashes (name, subnet overlap, VNI, an encrypted network's
// port). Returns the network with subnet, MTU, port, labels and VNI (0 when unset) settled; id
// and gateway are left to the caller. An encrypted network's port is its own: unset, the first
// from kEncryptedPortFirst that no network uses; its traffic is selected by it.
common::Result<Network> checkNetwork(const NetworkSpec& spec, const std::vector<Network>& existing,
                                     uint32_t underlayMtu);

// A service's ports: each 1..65535, TCP or UDP, none twice. `field` e.g. "ports".
Status validateServicePorts(const std::string& field, const std::vector<ServicePort>& ports);

// The refusals for an endpoint name or address that is already in use, worded once.
Status endpointNameTaken(const std::string& field, const std::string& name);
Status addressTaken(const std::string& field, const std::string& address,
                    const std::string& networkName);

}  // namespace loom::engine::model
