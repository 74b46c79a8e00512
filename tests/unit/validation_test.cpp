#include "engine/model/validation.h"

#include <gtest/gtest.h>

using namespace loom::engine;
using model::Cidr;
using model::Ipv4;

namespace {

struct SubnetCase {
    std::string text;
    bool ok;
    std::string messagePart;
};

TEST(Validation, Subnets) {
    const std::vector<SubnetCase> cases = {
        {"10.20.0.0/24", true, ""},
        {"10.20.0.0/30", true, ""},
        {"10.20.0.0/31", false, "too small"},
        {"10.20.0.0/32", false, "too small"},
        {"10.20.0.1/24", false, "host bits set (did you mean 10.20.0.0/24?)"},
        {"10.20.0.0", false, "not an IPv4 CIDR"},
        {"10.20.0.0/33", false, "not an IPv4 CIDR"},
        {"10.20.0.0/2x", false, "not an IPv4 CIDR"},
        {"300.1.1.0/24", false, "not an IPv4 CIDR"},
        {"", false, "is required"},
        {"16.0.0.0/4", false, "too large"},
    };
    for (const auto& c : cases) {
        auto r = model::parseSubnet("subnet", c.text);
        EXPECT_EQ(r.isOk(), c.ok) << c.text;
        if (!c.ok) {
            EXPECT_EQ(r.status().code(), common::Code::InvalidArgument) << c.text;
            EXPECT_NE(r.status().message().find("subnet: "), std::string::npos) << c.text;
            EXPECT_NE(r.status().message().find(c.messagePart), std::string::npos)
                << c.text << " -> " << r.status().message();
        }
    }
}

TEST(Validation, Names) {
    EXPECT_TRUE(model::validateName("name", "blue").isOk());
    EXPECT_TRUE(model::validateName("name", "web-1.prod_a").isOk());
    EXPECT_FALSE(model::validateName("name", "").isOk());
    EXPECT_FALSE(model::validateName("name", "-lead").isOk());
    EXPECT_FALSE(model::validateName("name", "has space").isOk());
    EXPECT_FALSE(model::validateName("name", "a/b").isOk());
    EXPECT_FALSE(model::validateName("name", std::string(64, 'a')).isOk());
    EXPECT_TRUE(model::validateName("name", std::string(63, 'a')).isOk());
    EXPECT_EQ(model::validateName("name", "").message(), "name: must not be empty");
}

TEST(Validation, VniPortMtu) {
    EXPECT_FALSE(model::validateVni(0).isOk());
    EXPECT_TRUE(model::validateVni(1).isOk());
    EXPECT_TRUE(model::validateVni(16777215).isOk());
    EXPECT_FALSE(model::validateVni(16777216).isOk());
    EXPECT_NE(model::validateVni(0).message().find("vni"), std::string::npos);
    EXPECT_FALSE(model::validatePort(0).isOk());
    EXPECT_FALSE(model::validatePort(65536).isOk());
    EXPECT_EQ(model::defaultMtu(1500), 1450u);
    EXPECT_EQ(model::defaultMtu(9000), 8950u);
    EXPECT_TRUE(model::validateMtu(1450, 1500).isOk());
    EXPECT_FALSE(model::validateMtu(1451, 1500).isOk());
    EXPECT_TRUE(model::validateMtu(8950, 9000).isOk());
    EXPECT_FALSE(model::validateMtu(67, 9000).isOk());
    EXPECT_NE(model::validateMtu(1451, 1500).message().find("mtu: "), std::string::npos);
}

TEST(Validation, InterfaceNamesAndPrefix) {
    EXPECT_TRUE(model::validateInterfaceName("ifname", "eth0").isOk());
    EXPECT_FALSE(model::validateInterfaceName("ifname", "a-name-that-is-16").isOk());
    EXPECT_FALSE(model::validateInterfaceName("ifname", "a/b").isOk());
    EXPECT_FALSE(model::validateInterfaceName("ifname", "").isOk());
    EXPECT_TRUE(model::validateNamePrefix("lm").isOk());
    EXPECT_FALSE(model::validateNamePrefix("toolong").isOk());
    EXPECT_FALSE(model::validateNamePrefix("a-b").isOk());
}

TEST(Validation, Overlap) {
    model::Network a;
    a.name = "a";
    a.subnet = *Cidr::parse("10.1.0.0/16");
    EXPECT_FALSE(model::checkNoOverlap(*Cidr::parse("10.1.2.0/24"), {a}).isOk());
    EXPECT_FALSE(model::checkNoOverlap(*Cidr::parse("10.0.0.0/8"), {a}).isOk());
    EXPECT_TRUE(model::checkNoOverlap(*Cidr::parse("10.2.0.0/16"), {a}).isOk());
    auto s = model::checkNoOverlap(*Cidr::parse("10.1.2.0/24"), {a});
    EXPECT_NE(s.message().find("overlaps network \"a\""), std::string::npos);
}

TEST(Validation, EndpointAddress) {
    model::Network n;
    n.name = "blue";
    n.subnet = *Cidr::parse("10.9.0.0/24");
    n.gateway = *Ipv4::parse("10.9.0.1");
    EXPECT_TRUE(model::parseEndpointAddress("ip", "10.9.0.2", n).isOk());
    EXPECT_FALSE(model::parseEndpointAddress("ip", "10.9.1.2", n).isOk());
    EXPECT_FALSE(model::parseEndpointAddress("ip", "10.9.0.0", n).isOk());
    EXPECT_FALSE(model::parseEndpointAddress("ip", "10.9.0.255", n).isOk());
    EXPECT_FALSE(model::parseEndpointAddress("ip", "10.9.0.1", n).isOk());
    EXPECT_FALSE(model::parseEndpointAddress("ip", "bogus", n).isOk());
    EXPECT_NE(model::parseEndpointAddress("ip", "10.9.0.1", n).status().message().find("reserved"),
              std::string::npos);
}

TEST(Address, MacFromIp) {
    auto mac = model::Mac::fromIpv4(*Ipv4::parse("10.9.0.2"));
    EXPECT_EQ(mac.toString(), "02:4c:0a:09:00:02");
    EXPECT_EQ(model::Mac::parse(mac.toString()), mac);
    EXPECT_FALSE(model::Mac::parse("02:4c:0a:09:00").has_value());
}

TEST(Validation, EncryptedNetworksLeaveRoomForEspAndOwnTheirPort) {
    // ESP (transport, AES-GCM) around a VXLAN frame: 20 IP + 8 SPI/sequence + 8 IV + the UDP
    // datagram padded with its 2 trailer bytes to 4 + 16 ICV. At 1500: 1416 fits exactly.
    EXPECT_EQ(model::outerSize(1450, false), 1500u);
    EXPECT_EQ(model::outerSize(1416, true), 1500u);
    EXPECT_EQ(model::outerSize(1417, true), 1504u);
    EXPECT_EQ(model::defaultMtu(1500, true), 1416u);
    EXPECT_EQ(model::defaultMtu(9000, true), 8916u);
    EXPECT_EQ(model::defaultMtu(1500), 1450u);
    for (uint32_t u = 200; u <= 9000; ++u) {
        uint32_t m = model::defaultMtu(u, true);
        EXPECT_LE(model::outerSize(m, true), u) << u;
        EXPECT_GT(model::outerSize(m + 1, true), u) << u;
    }

    model::NetworkSpec spec;
    spec.name = "secret";
    spec.subnet = "10.9.0.0/24";
    spec.encrypted = true;
    auto n = model::checkNetwork(spec, {}, 1500);
    ASSERT_TRUE(n.isOk()) << n.status().message();
    EXPECT_EQ(n->mtu, 1416u);
    EXPECT_EQ(n->port, model::kEncryptedPortFirst);
    EXPECT_EQ(n->keyRotationS, model::kDefaultKeyRotationS);

    spec.mtu = 1417;
    auto big = model::checkNetwork(spec, {}, 1500);
    EXPECT_EQ(big.status().code(), common::Code::InvalidArgument);
    EXPECT_NE(big.status().message().find("mtu: 1417 is outside 68..1416"), std::string::npos)
        << big.status().message();
    spec.mtu.reset();

    // The next free port; never one another network uses, in either direction.
    model::Network first = *n;
    model::Network plain;
    plain.name = "plain";
    plain.subnet = *Cidr::parse("10.12.0.0/24");
    plain.vni = 7;
    plain.port = model::kEncryptedPortFirst + 1;
    spec.name = "second";
    spec.subnet = "10.10.0.0/24";
    auto second = model::checkNetwork(spec, {first, plain}, 1500);
    ASSERT_TRUE(second.isOk()) << second.status().message();
    EXPECT_EQ(second->port, model::kEncryptedPortFirst + 2);
    spec.port = model::kDefaultVxlanPort;
    plain.port = model::kDefaultVxlanPort;
    auto shared = model::checkNetwork(spec, {plain}, 1500);
    EXPECT_EQ(shared.status().code(), common::Code::AlreadyExists);
    EXPECT_NE(shared.status().message().find("needs a VXLAN port of its own"), std::string::npos)
        << shared.status().message();
    model::NetworkSpec plainSpec;
    plainSpec.name = "late";
    plainSpec.subnet = "10.11.0.0/24";
    plainSpec.port = first.port;
    auto onEncrypted = model::checkNetwork(plainSpec, {first}, 1500);
    EXPECT_EQ(onEncrypted.status().code(), common::Code::AlreadyExists);
    EXPECT_NE(onEncrypted.status().message().find("the encrypted network \"secret\""),
              std::string::npos)
        << onEncrypted.status().message();

    spec.port.reset();
    spec.keyRotationS = 5;
    EXPECT_EQ(model::checkNetwork(spec, {}, 1500).status().code(), common::Code::InvalidArgument);
    spec.keyRotationS = 3600;
    EXPECT_EQ(model::checkNetwork(spec, {}, 1500)->keyRotationS, 3600u);
    EXPECT_EQ(model::xfrmReqid(4096), 0x4c001000u);
    EXPECT_TRUE(model::isLoomReqid(model::xfrmReqid(16777215)));
    EXPECT_FALSE(model::isLoomReqid(1));
}

}  // namespace
