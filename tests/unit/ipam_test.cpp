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

TEST(IpamBlocks, SizeFollowsTheSubnet) {
    struct Case {
        const char* subnet;
        uint32_t size;
    } cases[] = {{"10.0.0.0/16", 64}, {"10.0.0.0/20", 64}, {"10.0.0.0/22", 16},
                 {"10.0.0.0/24", 8},  {"10.0.0.0/28", 8},  {"10.0.0.0/30", 4}};
    for (const auto& c : cases) {
        EXPECT_EQ(ipam::blockSize(*Cidr::parse(c.subnet)), c.size) << c.subnet;
    }
    Cidr s = *Cidr::parse("10.1.0.0/24");
    EXPECT_EQ(ipam::blockOf(s, ip("10.1.0.13")), ip("10.1.0.8"));
    EXPECT_EQ(ipam::blockOf(s, ip("10.1.0.8")), ip("10.1.0.8"));
}

TEST(IpamBlocks, AllocationStaysInsideTheGivenBlocks) {
    Cidr s = *Cidr::parse("10.1.0.0/24");
    // Own blocks .16 and .0; .0 is network, .1 gateway; .2-.7 taken: the next is .16.
    std::vector<uint32_t> taken{ip("10.1.0.1")};
    for (int i = 2; i < 8; ++i) taken.push_back(ip(("10.1.0." + std::to_string(i)).c_str()));
    auto a = ipam::allocateInBlocks(s, {ip("10.1.0.16"), ip("10.1.0.0")}, taken);
    ASSERT_TRUE(a);
    EXPECT_EQ(a->toString(), "10.1.0.16");
    // The last block never hands out the broadcast.
    std::vector<uint32_t> top;
    for (int i = 248; i < 255; ++i) top.push_back(ip(("10.1.0." + std::to_string(i)).c_str()));
    EXPECT_EQ(ipam::allocateInBlocks(s, {ip("10.1.0.248")}, top), std::nullopt);
    EXPECT_EQ(ipam::allocateInBlocks(s, {}, {}), std::nullopt);
}

TEST(IpamBlocks, AFreeBlockIsUnownedAndHasRoom) {
    Cidr s = *Cidr::parse("10.1.0.0/27");  // blocks .0 .8 .16 .24
    std::vector<uint32_t> owned{ip("10.1.0.0"), ip("10.1.0.16")};
    std::vector<uint32_t> taken;
    for (int i = 8; i < 16; ++i) taken.push_back(ip(("10.1.0." + std::to_string(i)).c_str()));
    EXPECT_EQ(ipam::freeBlock(s, owned, taken), ip("10.1.0.24"));
    // From block 1 (full), 2 (owned), 3: .24; from block 5 = 1 (mod 4): the same.
    EXPECT_EQ(ipam::freeBlock(s, {ip("10.1.0.0")}, taken, 2), ip("10.1.0.16"));
    EXPECT_EQ(ipam::freeBlock(s, owned, taken, 5), ip("10.1.0.24"));
    owned.push_back(ip("10.1.0.24"));
    EXPECT_EQ(ipam::freeBlock(s, owned, taken), std::nullopt);
}

TEST(IpamBlocks, BorrowingStartsWhereItIsToldAndWraps) {
    Cidr s = *Cidr::parse("10.1.0.0/29");  // usable .1-.6
    EXPECT_EQ(ipam::allocateFrom(s, 4, {})->toString(), "10.1.0.4");
    EXPECT_EQ(ipam::allocateFrom(s, 7, {})->toString(), "10.1.0.1");  // broadcast skipped
    EXPECT_EQ(ipam::allocateFrom(s, 1000005, {ip("10.1.0.5"), ip("10.1.0.6")})->toString(),
              "10.1.0.1");
    std::vector<uint32_t> all;
    for (int i = 1; i < 7; ++i) all.push_back(ip(("10.1.0." + std::to_string(i)).c_str()));
    EXPECT_EQ(ipam::allocateFrom(s, 3, all), std::nullopt);
}

}  // namespace
