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
