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

// Address blocks: a clustered network's subnet is cut into equal blocks, and each host claims
// whole blocks in etcd and picks endpoint addresses inside its own, so hosts creating at once
// do not race for the same address. Blocks are 8 to 64 addresses, about 64 blocks per subnet
// (a /24 has 32 blocks of 8, a /16 1024 of 64); a subnet smaller than a block is one block.
uint32_t blockSize(const Cidr& subnet);
// The block an address lies in: its first address.
uint32_t blockOf(const Cidr& subnet, uint32_t address);

// The lowest free usable address inside the given blocks (first addresses, any order).
std::optional<Ipv4> allocateInBlocks(const Cidr& subnet, const std::vector<uint32_t>& blocks,
                                     const std::vector<uint32_t>& taken);

// A block that no host owns and that has a free usable address: the first such from block
// number `start` onward (wrapping). Hosts start at different blocks (a hash of their id), so
// hosts claiming at the same moment rarely want the same block.
std::optional<uint32_t> freeBlock(const Cidr& subnet, const std::vector<uint32_t>& owned,
                                  const std::vector<uint32_t>& taken, uint32_t start = 0);

// A free usable address anywhere in the subnet, searched from `start` onward (wrapping): used
// when every block is owned, with a start that differs per host so borrowers rarely collide.
std::optional<Ipv4> allocateFrom(const Cidr& subnet, uint32_t start,
                                 const std::vector<uint32_t>& taken);

// The lowest free VNI at or above `first`; `used` is sorted ascending.
std::optional<uint32_t> allocateVni(const std::vector<uint32_t>& used, uint32_t first,
                                    uint32_t last);

}  // namespace loom::engine::ipam
