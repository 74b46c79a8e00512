#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "engine/model/address.h"

namespace loom::engine::ipam {

using model::Cidr;
using model::Ipv4;

// The host's own address on a network: the first usable one.
Ipv4 gatewayOf(const Cidr& subnet);

// The lowest free usable address of the subnet. `taken` is sorted ascending and holds every
// allocated address (including the gateway); network and broadcast are never returned.
std::optional<Ipv4> allocateAddress(const Cidr& subnet, const std::vector<uint32_t>& taken);

// The highest free usable address: a host's own address on a network, kept out of the way of
// endpoints, which are given the lowest.
std::optional<Ipv4> allocateHostAddress(const Cidr& subnet, const std::vector<uint32_t>& taken);

// The lowest free VNI at or above `first`; `used` is sorted ascending.
std::optional<uint32_t> allocateVni(const std::vector<uint32_t>& used, uint32_t first,
                                    uint32_t last);

}  // namespace loom::engine::ipam
