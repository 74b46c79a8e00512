#include "engine/model/address.h"

#include <arpa/inet.h>

#include <cstdio>

namespace loom::engine::model {

std::optional<Ipv4> Ipv4::parse(const std::string& text) {
    in_addr addr{};
    if (text.empty() || inet_pton(AF_INET, text.c_str(), &addr) != 1) return std::nullopt;
    return Ipv4{ntohl(addr.s_addr)};
}

std::string Ipv4::toString() const {
    char buf[INET_ADDRSTRLEN];
    in_addr addr{htonl(value)};
    inet_ntop(AF_INET, &addr, buf, sizeof buf);
    return buf;
}

std::optional<Cidr> Cidr::parse(const std::string& text, ParseError* error) {
    auto fail = [&](ParseError e) -> std::optional<Cidr> {
        if (error) *error = e;
        return std::nullopt;
    };
    auto slash = text.find('/');
    if (slash == std::string::npos) return fail(ParseError::Malformed);
    auto ip = Ipv4::parse(text.substr(0, slash));
    std::string len = text.substr(slash + 1);
    if (!ip || len.empty() || len.size() > 2) return fail(ParseError::Malformed);
    for (char c : len) {
        if (c < '0' || c > '9') return fail(ParseError::Malformed);
    }
    int prefix = std::stoi(len);
    if (prefix > 32) return fail(ParseError::Malformed);
    Cidr cidr{*ip, prefix};
    if (cidr.network() != cidr.base) return fail(ParseError::HostBitsSet);
    if (error) *error = ParseError::None;
    return cidr;
}

bool Cidr::overlaps(const Cidr& other) const {
    int shorter = prefix < other.prefix ? prefix : other.prefix;
    uint32_t m = shorter == 0 ? 0 : ~uint32_t{0} << (32 - shorter);
    return (base.value & m) == (other.base.value & m);
}

std::string Cidr::toString() const {
    return base.toString() + "/" + std::to_string(prefix);
}

Mac Mac::fromIpv4(Ipv4 ip) {
    return Mac{{0x02, 0x4c, static_cast<uint8_t>(ip.value >> 24),
                static_cast<uint8_t>(ip.value >> 16), static_cast<uint8_t>(ip.value >> 8),
                static_cast<uint8_t>(ip.value)}};
}

std::optional<Mac> Mac::parse(const std::string& text) {
    Mac mac;
    unsigned b[6];
    char tail;
    if (std::sscanf(text.c_str(), "%2x:%2x:%2x:%2x:%2x:%2x%c", &b[0], &b[1], &b[2], &b[3], &b[4],
                    &b[5], &tail) != 6) {
        return std::nullopt;
    }
    for (int i = 0; i < 6; ++i) mac.bytes[i] = static_cast<uint8_t>(b[i]);
    return mac;
}

std::string Mac::toString() const {
    char buf[18];
    std::snprintf(buf, sizeof buf, "%02x:%02x:%02x:%02x:%02x:%02x", bytes[0], bytes[1], bytes[2],
                  bytes[3], bytes[4], bytes[5]);
    return buf;
}

}  // namespace loom::engine::model
