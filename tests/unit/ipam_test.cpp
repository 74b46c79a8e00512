#include "engine/ipam/ipam.h"

#include <gtest/gtest.h>

#include <set>

using namespace loom::engine;
using model::Cidr;
using model::Ipv4;

namespace {

uint32_t ip(const char* s) {
    return Ipv4::parse(s)->value;
}

TEST(Ipam, GatewayIsFirstUsable) {
    EXPECT_EQ(ipam::gatewayOf(*Cidr::parse("10.0.0.0/24")).toString(), "10.0.0.1");
}

// A host's own address comes from the top, out of the endpoints' way.
TEST(Ipam, HostAddressIsTheHighestFree) {
    Cidr s = *Cidr::parse("10.0.0.0/29");  // .1 .. .6 usable
    EXPECT_EQ(ipam::allocateHostAddress(s, {})->toString(), "10.0.0.6");
    EXPECT_EQ(ipam::allocateHostAddress(s, {ip("10.0.0.5"), ip("10.0.0.6")})->toString(),
              "10.0.0.4");
    std::vector<uint32_t> all;
    for (const char* a : {"10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.4", "10.0.0.5", "10.0.0.6"}) {
        all.push_back(ip(a));
    }
    EXPECT_FALSE(ipam::allocateHostAddress(s, all).has_value()) << "full";
    // The smallest subnet with usable addresses.
    EXPECT_EQ(ipam::allocateHostAddress(*Cidr::parse("10.0.0.0/30"), {ip("10.0.0.2")})->toString(),
              "10.0.0.1");
}

TEST(Ipam, LowestFreeAddress) {
    Cidr s = *Cidr::parse("10.0.0.0/29");  // .1 .. .6 usable
    struct Case {
        std::vector<uint32_t> taken;
        std::optional<std::string> expect;
    };
    const std::vector<Case> cases = {
        {{}, "10.0.0.1"},
        {{ip("10.0.0.1")}, "10.0.0.2"},
        {{ip("10.0.0.1"), ip("10.0.0.2"), ip("10.0.0.4")}, "10.0.0.3"},
        {{ip("10.0.0.1"), ip("10.0.0.2"), ip("10.0.0.3"), ip("10.0.0.4"), ip("10.0.0.5")},
         "10.0.0.6"},
        {{ip("10.0.0.1"), ip("10.0.0.2"), ip("10.0.0.3"), ip("10.0.0.4"), ip("10.0.0.5"),
          ip("10.0.0.6")},
         std::nullopt},
        {{ip("9.0.0.1"), ip("10.0.0.1")}, "10.0.0.2"},  // outside addresses are ignored
    };
    for (const auto& c : cases) {
        auto got = ipam::allocateAddress(s, c.taken);
        ASSERT_EQ(got.has_value(), c.expect.has_value());
        if (got) {
            EXPECT_EQ(got->toString(), *c.expect);
        }
    }
}

TEST(Ipam, NeverNetworkOrBroadcast) {
    Cidr s = *Cidr::parse("10.0.0.0/30");
    std::vector<uint32_t> taken;
    std::set<uint32_t> seen;
    while (auto a = ipam::allocateAddress(s, taken)) {
        EXPECT_NE(a->value, s.network().value);
        EXPECT_NE(a->value, s.broadcast().value);
        EXPECT_TRUE(seen.insert(a->value).second);
        taken.push_back(a->value);
    }
    EXPECT_EQ(seen.size(), 2u);
}

TEST(Ipam, Vni) {
    EXPECT_EQ(ipam::allocateVni({}, 4096, 16777215), 4096u);
    EXPECT_EQ(ipam::allocateVni({10, 4096, 4097, 5000}, 4096, 16777215), 4098u);
    EXPECT_EQ(ipam::allocateVni({1, 2, 3}, 1, 3), std::nullopt);
}

}  // namespace
