#include "engine/ipam/ipam.h"

#include <algorithm>

namespace loom::engine::ipam {

Ipv4 gatewayOf(const Cidr& subnet) {
    return {subnet.network().value + 1};
}

std::optional<Ipv4> allocateAddress(const Cidr& subnet, const std::vector<uint32_t>& taken) {
    uint32_t first = subnet.network().value + 1;
    uint32_t last = subnet.broadcast().value - 1;
    if (first > last) return std::nullopt;
    uint32_t candidate = first;
    auto it = std::lower_bound(taken.begin(), taken.end(), first);
    for (; it != taken.end() && *it <= last; ++it) {
        if (*it > candidate) break;  // a gap before *it
        candidate = *it + 1;
    }
    if (candidate > last) return std::nullopt;
    return Ipv4{candidate};
}

std::optional<Ipv4> allocateHostAddress(const Cidr& subnet, const std::vector<uint32_t>& taken) {
    uint32_t first = subnet.network().value + 1;
    uint32_t last = subnet.broadcast().value - 1;
    for (uint32_t candidate = last; candidate >= first && candidate != 0; --candidate) {
        if (!std::binary_search(taken.begin(), taken.end(), candidate)) return Ipv4{candidate};
    }
    return std::nullopt;
}

namespace {
bool usable(const Cidr& subnet, uint32_t a) {
    return a > subnet.network().value && a < subnet.broadcast().value;
}
bool isTaken(const std::vector<uint32_t>& taken, uint32_t a) {
    return std::binary_search(taken.begin(), taken.end(), a);
}
}  // namespace

uint32_t blockSize(const Cidr& subnet) {
    int hostBits = 32 - subnet.prefix;
    int bits = std::clamp(hostBits - 6, 3, 6);
    return uint32_t{1} << std::min(bits, hostBits);
}

uint32_t blockOf(const Cidr& subnet, uint32_t address) {
    uint32_t base = subnet.network().value;
    return base + (address - base) / blockSize(subnet) * blockSize(subnet);
}

std::optional<Ipv4> allocateInBlocks(const Cidr& subnet, const std::vector<uint32_t>& blocks,
                                     const std::vector<uint32_t>& taken) {
    std::vector<uint32_t> sorted = blocks;
    std::sort(sorted.begin(), sorted.end());
    uint32_t size = blockSize(subnet);
    for (uint32_t first : sorted) {
        for (uint32_t a = first; a - first < size; ++a) {
            if (usable(subnet, a) && !isTaken(taken, a)) return Ipv4{a};
        }
    }
    return std::nullopt;
}

std::optional<uint32_t> freeBlock(const Cidr& subnet, const std::vector<uint32_t>& owned,
                                  const std::vector<uint32_t>& taken, uint32_t start) {
    uint32_t size = blockSize(subnet);
    uint64_t count = (uint64_t{subnet.broadcast().value} - subnet.network().value + 1) / size;
    for (uint64_t i = 0; i < count; ++i) {
        auto f = static_cast<uint32_t>(subnet.network().value + (start + i) % count * size);
        if (std::find(owned.begin(), owned.end(), f) != owned.end()) continue;
        if (allocateInBlocks(subnet, {f}, taken)) return f;
    }
    return std::nullopt;
}

std::optional<Ipv4> allocateFrom(const Cidr& subnet, uint32_t start,
                                 const std::vector<uint32_t>& taken) {
    uint64_t count = uint64_t{subnet.broadcast().value} - subnet.network().value + 1;
    uint64_t offset = count ? start % count : 0;
    for (uint64_t i = 0; i < count; ++i) {
        auto a = static_cast<uint32_t>(subnet.network().value + (offset + i) % count);
        if (usable(subnet, a) && !isTaken(taken, a)) return Ipv4{a};
    }
    return std::nullopt;
}

std::optional<uint32_t> allocateVni(const std::vector<uint32_t>& used, uint32_t first,
                                    uint32_t last) {
    uint32_t candidate = first;
    auto it = std::lower_bound(used.begin(), used.end(), first);
    for (; it != used.end() && *it <= last; ++it) {
        if (*it > candidate) break;
        candidate = *it + 1;
    }
    if (candidate > last || candidate < first) return std::nullopt;
    return candidate;
}

}  // namespace loom::engine::ipam
