#pragma once

#include <netinet/in.h>

#include <array>
#include <cstdint>
#include <optional>
#include <string>

namespace loom::engine::model {

struct Ipv4 {
    uint32_t value = 0;  // host byte order

    static std::optional<Ipv4> parse(const std::string& text);
    std::string toString() const;
    auto operator<=>(const Ipv4&) const = default;
};

// An IPv4 prefix. parse() accepts only a network address (no host bits set).
struct Cidr {
    Ipv4 base;
    int prefix = 0;

    enum class ParseError { None, Malformed, HostBitsSet };
    static std::optional<Cidr> parse(const std::string& text, ParseError* error = nullptr);

    uint32_t mask() const { return prefix == 0 ? 0 : ~uint32_t{0} << (32 - prefix); }
    Ipv4 network() const { return {base.value & mask()}; }
    Ipv4 broadcast() const { return {network().value | ~mask()}; }
    uint64_t size() const { return uint64_t{1} << (32 - prefix); }
    bool contains(Ipv4 ip) const { return (ip.value & mask()) == network().value; }
    bool overlaps(const Cidr& other) const;
    std::string toString() const;
    auto operator<=>(const Cidr&) const = default;
};

struct Mac {
    std::array<uint8_t, 6> bytes{};

    // Locally administered, unicast, derived from the endpoint's address: subnets never overlap,
    // so an address names one endpoint, and its MAC follows without a second allocator.
    static Mac fromIpv4(Ipv4 ip);
    static std::optional<Mac> parse(const std::string& text);
    std::string toString() const;
    auto operator<=>(const Mac&) const = default;
};

// A socket address of `ip` and `port` (network byte order inside, as the socket calls want).
inline sockaddr_in socketAddress(Ipv4 ip, uint16_t port) {
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    a.sin_addr.s_addr = htonl(ip.value);
    return a;
}

}  // namespace loom::engine::model
