#include "engine/reconcile/planner.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "engine/reconcile/kernel.h"

using namespace loom::engine;
using reconcile::Action;
using reconcile::ObservedEndpoint;
using reconcile::ObservedNetwork;
using reconcile::OwnedObject;
using A = Action::Kind;

namespace {

model::Network net() {
    model::Network n;
    n.id = "n1";
    n.name = "blue";
    n.vni = 4096;
    n.subnet = *model::Cidr::parse("10.9.0.0/24");
    n.gateway = *model::Ipv4::parse("10.9.0.1");
    n.mtu = 1450;
    n.port = 4789;
    return n;
}

reconcile::Underlay underlay() {
    return {"ul0", 7, *model::Ipv4::parse("192.0.2.1"), 1500};
}

ObservedNetwork healthyNetwork() {
    ObservedNetwork o;
    o.sandbox = true;
    o.bridge = {true, true, 1450, false, false, {}};
    o.bridgeAddress = true;
    o.vxlan = {true, true, 1450, true, false, {}};
    o.vxlanFacts = {4096, 4789, *model::Ipv4::parse("192.0.2.1"), 7, false, true};
    return o;
}

std::vector<A> kinds(const std::vector<Action>& plan) {
    std::vector<A> out;
    for (const auto& a : plan) out.push_back(a.kind);
    return out;
}

TEST(PlanNetwork, Table) {
    struct Case {
        const char* name;
        std::function<void(ObservedNetwork&)> observe;
        std::vector<A> expect;
    };
    const std::vector<Case> cases = {
        {"nothing there",
         [](ObservedNetwork& o) { o = {}; },
         {A::CreateNetns, A::UnfilterBridge, A::CreateBridge, A::AddAddress, A::CreateVxlan,
          A::SetLink}},
        {"all there", [](ObservedNetwork&) {}, {}},
        // Docker's host, or any with br_netfilter: the sandbox's bridge is taken out of it.
        {"bridged frames filtered",
         [](ObservedNetwork& o) { o.bridgeFiltered = true; },
         {A::UnfilterBridge}},
        {"bridge down", [](ObservedNetwork& o) { o.bridge.up = false; }, {A::SetLink}},
        {"bridge address gone",
         [](ObservedNetwork& o) { o.bridgeAddress = false; },
         {A::AddAddress}},
        {"vxlan gone", [](ObservedNetwork& o) { o.vxlan = {}; }, {A::CreateVxlan, A::SetLink}},
        {"vxlan wrong vni: recreate",
         [](ObservedNetwork& o) { o.vxlanFacts.vni = 9; },
         {A::DeleteLinks, A::CreateVxlan, A::SetLink}},
        {"vxlan learning: recreate",
         [](ObservedNetwork& o) { o.vxlanFacts.learning = true; },
         {A::DeleteLinks, A::CreateVxlan, A::SetLink}},
        {"vxlan not on the bridge",
         [](ObservedNetwork& o) { o.vxlan.enslaved = false; },
         {A::SetLink}},
        {"vxlan mtu drifted", [](ObservedNetwork& o) { o.vxlan.mtu = 1500; }, {A::SetLink}},
    };
    for (const auto& c : cases) {
        ObservedNetwork o = healthyNetwork();
        c.observe(o);
        auto plan = reconcile::planNetwork(net(), underlay(), "/run/netns/lm-net-n1", o);
        EXPECT_EQ(kinds(plan), c.expect) << c.name;
    }
}

TEST(PlanNetwork, CreatesWithTheRightFacts) {
    auto plan = reconcile::planNetwork(net(), underlay(), "/sb", {});
    ASSERT_EQ(plan.size(), 6u);
    EXPECT_EQ(plan[1].netns, "/sb") << "the new sandbox's bridge is taken out of netfilter";
    EXPECT_EQ(plan[2].mtu, 1450u);
    EXPECT_EQ(plan[3].address.toString(), "10.9.0.1");
    EXPECT_EQ(plan[3].prefix, 24);
    EXPECT_EQ(plan[4].vni, 4096u);
    EXPECT_EQ(plan[4].port, 4789u);
    EXPECT_EQ(plan[4].local.toString(), "192.0.2.1");
    EXPECT_EQ(plan[4].underlayIfindex, 7);
    EXPECT_TRUE(plan[5].master);
}

model::Endpoint endpoint(model::NetnsMode mode = model::NetnsMode::Created) {
    model::Endpoint e;
    e.id = "e1";
    e.name = "web";
    e.networkId = "n1";
    e.ip = *model::Ipv4::parse("10.9.0.2");
    e.mac = model::Mac::fromIpv4(e.ip);
    e.netnsMode = mode;
    e.netnsPath = "/run/netns/lm-ep-e1";
    e.hostVeth = "lmve1";
    return e;
}

ObservedEndpoint healthyEndpoint() {
    ObservedEndpoint o;
    o.netns = true;
    o.hostVeth = {true, true, 1450, true, true, {}};
    o.peer = {true, true, 1450, false, true, model::Mac::fromIpv4(*model::Ipv4::parse("10.9.0.2"))};
    o.peerAddress = true;
    return o;
}

TEST(PlanEndpoint, Table) {
    struct Case {
        const char* name;
        model::NetnsMode mode;
        std::function<void(ObservedEndpoint&)> observe;
        std::vector<A> expect;
        bool ok = true;
    };
    using M = model::NetnsMode;
    const std::vector<Case> cases = {
        {"fresh",
         M::Created,
         [](ObservedEndpoint& o) { o = {}; },
         {A::CreateNetns, A::CreateVeth, A::ConfigurePeer}},
        {"healthy", M::Created, [](ObservedEndpoint&) {}, {}},
        {"host veth gone (peer dies with it)",
         M::Created,
         [](ObservedEndpoint& o) {
             o.hostVeth = {};
             o.peer = {};
         },
         {A::CreateVeth, A::ConfigurePeer}},
        {"peer deleted, host side lingers",
         M::Created,
         [](ObservedEndpoint& o) { o.peer = {}; },
         {A::DeleteLinks, A::CreateVeth, A::ConfigurePeer}},
        {"namespace gone",
         M::Created,
         [](ObservedEndpoint& o) {
             o.netns = false;
             o.peer = {};
         },
         {A::CreateNetns, A::DeleteLinks, A::CreateVeth, A::ConfigurePeer}},
        {"address removed",
         M::Created,
         [](ObservedEndpoint& o) { o.peerAddress = false; },
         {A::ConfigurePeer}},
        {"peer down",
         M::Created,
         [](ObservedEndpoint& o) { o.peer.up = false; },
         {A::ConfigurePeer}},
        {"host side off the bridge",
         M::Created,
         [](ObservedEndpoint& o) { o.hostVeth.enslaved = false; },
         {A::SetLink}},
        {"attached namespace vanished",
         M::Path,
         [](ObservedEndpoint& o) { o.netns = false; },
         {},
         false},
        {"foreign eth0 in an attached namespace",
         M::Path,
         [](ObservedEndpoint& o) {
             o.hostVeth = {};
             o.peer.isVeth = false;
         },
         {},
         false},
    };
    for (const auto& c : cases) {
        ObservedEndpoint o = healthyEndpoint();
        c.observe(o);
        auto plan = reconcile::planEndpoint(endpoint(c.mode), net(), "/sb", o);
        EXPECT_EQ(plan.isOk(), c.ok) << c.name;
        if (plan.isOk()) {
            EXPECT_EQ(kinds(*plan), c.expect) << c.name;
        }
    }
}

// Probes come from the gateway (br0): each endpoint holds it as a permanent neighbour with the
// bridge's MAC, written after the address, and again when br0's MAC changed.
TEST(PlanEndpoint, TheGatewayIsAPermanentNeighbourWithTheBridgesMac) {
    model::Mac bridge = model::Mac::fromIpv4(*model::Ipv4::parse("10.9.0.1"));
    model::Mac other = model::Mac::fromIpv4(*model::Ipv4::parse("10.9.0.250"));
    ObservedEndpoint o = healthyEndpoint();
    o.bridgeMac = bridge;
    auto plan = reconcile::planEndpoint(endpoint(model::NetnsMode::Created), net(), "/sb", o);
    ASSERT_TRUE(plan.isOk());
    ASSERT_EQ(kinds(*plan), std::vector<A>{A::SetEndpointNeighbour});
    EXPECT_EQ((*plan)[0].address.toString(), "10.9.0.1");
    EXPECT_EQ((*plan)[0].mac, bridge);
    EXPECT_EQ((*plan)[0].peerLink, "eth0");
    EXPECT_EQ((*plan)[0].peerNetns, "/run/netns/lm-ep-e1");

    o.peerNeighbours[*model::Ipv4::parse("10.9.0.1")] = bridge;
    plan = reconcile::planEndpoint(endpoint(model::NetnsMode::Created), net(), "/sb", o);
    EXPECT_TRUE(plan->empty());

    o.bridgeMac = other;  // the host address gave br0 its own MAC
    plan = reconcile::planEndpoint(endpoint(model::NetnsMode::Created), net(), "/sb", o);
    ASSERT_EQ(kinds(*plan), std::vector<A>{A::SetEndpointNeighbour});
    EXPECT_EQ((*plan)[0].mac, other);

    // A new veth has no entries: the neighbour comes after its address.
    o.peer = {};
    plan = reconcile::planEndpoint(endpoint(model::NetnsMode::Created), net(), "/sb", o);
    EXPECT_EQ(kinds(*plan), (std::vector<A>{A::DeleteLinks, A::CreateVeth, A::ConfigurePeer,
                                            A::SetEndpointNeighbour}));
}

TEST(PlanBridgeNeighbours, OnePermanentEntryPerLocalEndpointAndNoOther) {
    auto ep = [](const char* ip) {
        model::Endpoint e;
        e.ip = *model::Ipv4::parse(ip);
        e.mac = model::Mac::fromIpv4(e.ip);
        return e;
    };
    auto ip = [](const char* s) { return *model::Ipv4::parse(s); };
    std::vector<model::Endpoint> local{ep("10.9.0.2"), ep("10.9.0.3"), ep("10.9.0.4")};
    reconcile::ObservedPeers o;
    o.bridgeNeighbours[ip("10.9.0.2")] = model::Mac::fromIpv4(ip("10.9.0.2"));   // right
    o.bridgeNeighbours[ip("10.9.0.3")] = model::Mac::fromIpv4(ip("10.9.0.99"));  // wrong
    o.bridgeNeighbours[ip("10.9.0.7")] = model::Mac::fromIpv4(ip("10.9.0.7"));   // gone
    auto plan = reconcile::planBridgeNeighbours(local, o, "/sb");
    ASSERT_EQ(kinds(plan), (std::vector<A>{A::DeleteBridgeNeighbour, A::SetBridgeNeighbour,
                                           A::SetBridgeNeighbour}));
    EXPECT_EQ(plan[0].address.toString(), "10.9.0.7");
    EXPECT_EQ(plan[1].address.toString(), "10.9.0.3");
    EXPECT_EQ(plan[1].mac, model::Mac::fromIpv4(ip("10.9.0.3")));
    EXPECT_EQ(plan[2].address.toString(), "10.9.0.4");
    for (const auto& a : plan) EXPECT_EQ(a.netns, "/sb");
    // In sync: nothing.
    for (const auto& e : local) o.bridgeNeighbours[e.ip] = e.mac;
    o.bridgeNeighbours.erase(ip("10.9.0.7"));
    EXPECT_TRUE(reconcile::planBridgeNeighbours(local, o, "/sb").empty());
}

TEST(PlanRemovals, LinksInBulkThenNamespaces) {
    std::vector<OwnedObject> orphans = {
        {OwnedObject::Kind::Link, "/sb1", "lmva", "n1", "a"},
        {OwnedObject::Kind::Netns, "/ep-a", "", "n1", "a"},
        {OwnedObject::Kind::Link, "/sb1", "lmvb", "n1", "b"},  // b's namespace is not Loom's
        {OwnedObject::Kind::Link, "/sb1", "lmvd", "n1", "d"},  // neither is d's
        {OwnedObject::Kind::Link, "/sb2", "lmvc", "n2", "c"},
        {OwnedObject::Kind::Netns, "/ep-c", "", "n2", "c"},
        {OwnedObject::Kind::Netns, "/sb2", "", "n2", ""},
    };
    auto plan = reconcile::planRemovals(orphans);
    ASSERT_EQ(kinds(plan), (std::vector<A>{A::DeleteLinks, A::DeleteLinks, A::DeleteNetns,
                                           A::DeleteNetns, A::DeleteNetns}));
    // Veths into foreign namespaces go explicitly, in one request; a's dies with its namespace.
    EXPECT_EQ(plan[0].netns, "/sb1");
    EXPECT_EQ(plan[0].links, (std::vector<std::string>{"lmvb", "lmvd"}));
    // The dying sandbox gives its VNI back now, not when the kernel gets to it.
    EXPECT_EQ(plan[1].netns, "/sb2");
    EXPECT_EQ(plan[1].links, (std::vector<std::string>{"vx0"}));
    EXPECT_EQ(plan[2].netns, "/ep-a");
    EXPECT_EQ(plan[3].netns, "/ep-c");
    EXPECT_EQ(plan[4].netns, "/sb2");  // the sandbox goes last
}

TEST(OwnedBy, CoversEverythingAPlanCreates) {
    model::Naming naming{"/run/netns", "lm"};
    for (auto mode : {model::NetnsMode::Created, model::NetnsMode::Path, model::NetnsMode::Pid}) {
        auto e = endpoint(mode);
        auto owned = reconcile::ownedBy(e, naming);
        auto plan = reconcile::planEndpoint(e, net(), naming.sandboxNetns("n1"), {});
        if (mode != model::NetnsMode::Created) {
            // An attached namespace must exist; plan against one that does.
            ObservedEndpoint o;
            o.netns = true;
            plan = reconcile::planEndpoint(e, net(), naming.sandboxNetns("n1"), o);
        }
        ASSERT_TRUE(plan.isOk());
        for (const auto& a : *plan) {
            if (a.kind == A::CreateNetns) {
                EXPECT_TRUE(std::any_of(owned.begin(), owned.end(), [&](const OwnedObject& o) {
                    return o.kind == OwnedObject::Kind::Netns && o.netns == a.netns;
                }));
            }
            if (a.kind == A::CreateVeth) {
                EXPECT_TRUE(std::any_of(owned.begin(), owned.end(), [&](const OwnedObject& o) {
                    return o.kind == OwnedObject::Kind::Link && o.netns == a.netns &&
                           o.name == a.link;
                }));
            }
        }
        // A namespace Loom did not make is never Loom's to delete.
        bool ownsNetns = std::any_of(owned.begin(), owned.end(), [](const OwnedObject& o) {
            return o.kind == OwnedObject::Kind::Netns;
        });
        EXPECT_EQ(ownsNetns, mode == model::NetnsMode::Created);
        for (const auto& o : owned) EXPECT_EQ(o.endpointId, "e1");
    }
    auto sandbox = reconcile::ownedBy(net(), naming);
    ASSERT_EQ(sandbox.size(), 1u);
    EXPECT_EQ(sandbox[0].netns, "/run/netns/lm-net-n1");
    EXPECT_TRUE(sandbox[0].endpointId.empty());
}

}  // namespace
