// The data plane Loom builds, checked with real packets between real namespaces.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tests/support/engine_fixture.h"

namespace loom::test {
namespace {

std::string hostVethOf(const LabHost& host, const v1::Endpoint& e) {
    return host.prefix() + "v" + e.id().substr(0, 14 - host.prefix().size());
}

class Dataplane : public EngineTest {};

TEST_F(Dataplane, TwoEndpointsOnOneNetworkPingEachOther) {
    auto net = createNetwork("blue", "10.31.0.0/24");
    EXPECT_EQ(net.state(), v1::OBJECT_STATE_READY);
    auto a = createEndpoint("a", "blue");
    auto b = createEndpoint("b", "blue");
    EXPECT_EQ(a.state(), v1::OBJECT_STATE_READY);
    EXPECT_EQ(a.ip(), "10.31.0.2/24");
    EXPECT_EQ(b.ip(), "10.31.0.3/24");
    EXPECT_TRUE(ping(a, addressOf(b)));
    EXPECT_TRUE(ping(b, addressOf(a)));
    // The host's own address on the network answers too (the sandbox bridge).
    EXPECT_TRUE(ping(a, "10.31.0.1"));

    // What the kernel holds is what DESIGN.md describes.
    auto links = runIn(net.sandbox_netns(), "ip -d -o link show vx0").output;
    EXPECT_NE(links.find("vxlan id 4096"), std::string::npos) << links;
    EXPECT_NE(links.find("local 192.0.2.1"), std::string::npos) << links;
    EXPECT_NE(links.find("dstport 4789"), std::string::npos) << links;
    EXPECT_NE(links.find("nolearning"), std::string::npos) << links;
    EXPECT_NE(links.find("proxy"), std::string::npos) << links;
    EXPECT_NE(links.find("master br0"), std::string::npos) << links;
    auto bridge = runIn(net.sandbox_netns(), "ip -d -o link show br0").output;
    EXPECT_NE(bridge.find("mtu 1450"), std::string::npos) << bridge;
    EXPECT_NE(bridge.find("mcast_snooping 0"), std::string::npos) << bridge;
    auto eth0 = runIn(a.netns_path(), "ip -o link show eth0").output;
    EXPECT_NE(eth0.find(a.mac()), std::string::npos) << eth0;
    EXPECT_NE(eth0.find("mtu 1450"), std::string::npos) << eth0;
    EXPECT_EQ(countLinks(net.sandbox_netns(), m_host.prefix() + "v"), 2);
}

TEST_F(Dataplane, ADeletedEndpointIsGoneFromTheKernel) {
    auto net = createNetwork("blue", "10.30.0.0/24");
    auto a = createEndpoint("a", "blue");
    auto b = createEndpoint("b", "blue");
    ASSERT_TRUE(ping(a, addressOf(b)));
    v1::DeleteEndpointRequest del;
    del.set_endpoint("b");
    v1::DeleteEndpointResponse resp;
    ASSERT_TRUE(m_engine.endpoints().DeleteEndpoint(deadline().get(), del, &resp).ok());
    // Its namespace is unmounted at once; the kernel then destroys it and the veth pair with it.
    EXPECT_EQ(m_host.engineNamespaces().size(), 2u);
    bool gone = false;
    for (int i = 0; i < 100 && !gone; ++i) {
        gone = countLinks(net.sandbox_netns(), m_host.prefix() + "v") == 1;
        if (!gone) std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    EXPECT_TRUE(gone) << runIn(net.sandbox_netns(), "ip -o link").output;
    EXPECT_FALSE(ping(a, addressOf(b)));
    // The address is free again, and a new endpoint gets it and works.
    auto c = createEndpoint("c", "blue");
    EXPECT_EQ(c.ip(), b.ip());
    EXPECT_TRUE(ping(a, addressOf(c)));
}

TEST_F(Dataplane, BulkCreateAndDelete) {
    createNetwork("blue", "10.29.0.0/24");
    v1::CreateEndpointsRequest create;
    for (int i = 0; i < 6; ++i) {
        auto* r = create.add_endpoints();
        r->set_name("bulk" + std::to_string(i));
        r->set_network("blue");
    }
    v1::CreateEndpointsResponse created;
    auto s = m_engine.endpoints().CreateEndpoints(deadline().get(), create, &created);
    ASSERT_TRUE(s.ok()) << s.error_message();
    ASSERT_EQ(created.endpoints_size(), 6);
    for (const auto& e : created.endpoints()) EXPECT_EQ(e.state(), v1::OBJECT_STATE_READY);
    EXPECT_TRUE(ping(created.endpoints(0), addressOf(created.endpoints(5))));
    EXPECT_EQ(m_host.engineNamespaces().size(), 7u);

    v1::DeleteEndpointsRequest del;
    for (const auto& e : created.endpoints()) del.add_endpoints(e.name());
    v1::DeleteEndpointsResponse deleted;
    s = m_engine.endpoints().DeleteEndpoints(deadline().get(), del, &deleted);
    ASSERT_TRUE(s.ok()) << s.error_message();
    EXPECT_EQ(deleted.deleted(), 6u);
    EXPECT_EQ(m_host.engineNamespaces().size(), 1u);
    EXPECT_TRUE(listEndpoints().empty());
}

TEST_F(Dataplane, Ipv6IsOffOnLoomsInterfacesOnly) {
    createNetwork("blue", "10.28.0.0/24");
    auto made = createEndpoint("made", "blue");
    std::string path = m_host.addNamespace("v6");
    ASSERT_EQ(runIn(path, "ip link add keep type veth peer name keep2").exitCode, 0);
    auto attached = createEndpoint("attached", "blue", path);
    EXPECT_EQ(runIn(made.netns_path(), "ip -6 -o addr show dev eth0").output, "");
    EXPECT_EQ(runIn(path, "ip -6 -o addr show dev eth0").output, "");
    // The attached namespace's own settings are not Loom's to change.
    EXPECT_EQ(runIn(path, "cat /proc/sys/net/ipv6/conf/keep/disable_ipv6").output, "0\n");
    EXPECT_EQ(runIn(path, "cat /proc/sys/net/ipv6/conf/default/disable_ipv6").output, "0\n");
}

TEST_F(Dataplane, EndpointsOnDifferentNetworksCannotReachEachOther) {
    createNetwork("red", "10.32.0.0/24");
    createNetwork("green", "10.33.0.0/24");
    auto r = createEndpoint("r", "red");
    auto g = createEndpoint("g", "green");
    auto r2 = createEndpoint("r2", "red");
    ASSERT_TRUE(ping(r, addressOf(r2)));
    // Even with a route that sends the packets out of eth0, they stay on red's segment.
    ASSERT_EQ(runIn(r.netns_path(), "ip route add 10.33.0.0/24 dev eth0").exitCode, 0);
    ASSERT_EQ(runIn(g.netns_path(), "ip route add 10.32.0.0/24 dev eth0").exitCode, 0);
    EXPECT_FALSE(ping(r, addressOf(g)));
    EXPECT_FALSE(ping(g, addressOf(r)));
    EXPECT_FALSE(ping(g, "10.32.0.1"));
}

TEST_F(Dataplane, AnExistingNamespaceIsAttachedAndLeftInPlaceOnDelete) {
    createNetwork("blue", "10.34.0.0/24");
    auto loomMade = createEndpoint("made", "blue");
    std::string path = m_host.addNamespace("att");
    auto attached = createEndpoint("attached", "blue", path);
    EXPECT_EQ(attached.netns_mode(), v1::NETNS_MODE_PATH);
    EXPECT_EQ(attached.netns_path(), path);
    EXPECT_TRUE(ping(loomMade, addressOf(attached)));
    EXPECT_TRUE(ping(attached, addressOf(loomMade)));

    v1::DeleteEndpointRequest del;
    del.set_endpoint("attached");
    v1::DeleteEndpointResponse resp;
    ASSERT_TRUE(m_engine.endpoints().DeleteEndpoint(deadline().get(), del, &resp).ok());
    // The namespace is not Loom's: it stays, without Loom's interface.
    EXPECT_EQ(runIn(path, "true").exitCode, 0);
    EXPECT_NE(runIn(path, "ip link show eth0").exitCode, 0);
    EXPECT_FALSE(ping(loomMade, addressOf(attached)));
}

TEST_F(Dataplane, TheNamespaceOfARunningProcessIsAttachedByPid) {
    createNetwork("blue", "10.35.0.0/24");
    auto loomMade = createEndpoint("made", "blue");
    pid_t child = ::fork();
    if (child == 0) {
        ::execlp("unshare", "unshare", "--net", "sleep", "120", nullptr);
        _exit(127);
    }
    // Wait until the child is in a namespace of its own.
    std::string own = run("readlink /proc/self/ns/net").output;
    for (int i = 0;
         i < 100 && run("readlink /proc/" + std::to_string(child) + "/ns/net").output == own; ++i) {
        ::usleep(20000);
    }
    auto byPid = createEndpoint("bypid", "blue", "", child);
    EXPECT_EQ(byPid.netns_mode(), v1::NETNS_MODE_PID);
    EXPECT_TRUE(ping(loomMade, addressOf(byPid)));
    ::kill(child, SIGKILL);
    ::waitpid(child, nullptr, 0);
}

TEST_F(Dataplane, DriftIsRepairedFromLinkEvents) {
    auto net = createNetwork("blue", "10.36.0.0/24");
    auto a = createEndpoint("a", "blue");
    auto b = createEndpoint("b", "blue");
    ASSERT_TRUE(ping(a, addressOf(b)));

    // Someone deletes b's veth behind the engine's back: b's eth0 goes with it.
    ASSERT_EQ(runIn(net.sandbox_netns(), "ip link del " + hostVethOf(m_host, b)).exitCode, 0);
    EXPECT_TRUE(eventuallyPings(a, addressOf(b), 10)) << "veth not rebuilt";

    // Someone downs the bridge.
    ASSERT_EQ(runIn(net.sandbox_netns(), "ip link set br0 down").exitCode, 0);
    EXPECT_TRUE(eventuallyPings(a, addressOf(b), 10)) << "bridge not brought back up";
    EXPECT_NE(runIn(net.sandbox_netns(), "ip -o link show br0").output.find(",UP"),
              std::string::npos);
}

TEST_F(Dataplane, NetworkDeleteRefusedWithEndpointsThenForced) {
    auto net = createNetwork("blue", "10.37.0.0/24");
    createEndpoint("a", "blue");
    v1::DeleteNetworkRequest req;
    req.set_network("blue");
    v1::DeleteNetworkResponse resp;
    auto s = m_engine.networks().DeleteNetwork(deadline().get(), req, &resp);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
    EXPECT_EQ(m_host.engineNamespaces().size(), 2u);
    req.set_force(true);
    s = m_engine.networks().DeleteNetwork(deadline().get(), req, &resp);
    ASSERT_TRUE(s.ok()) << s.error_message();
    EXPECT_EQ(resp.endpoints_deleted(), 1u);
    EXPECT_TRUE(m_host.engineNamespaces().empty());
    EXPECT_TRUE(listEndpoints().empty());
}

class Jumbo : public EngineTest {
protected:
    Jumbo() : EngineTest(9000) {}
};

TEST_F(Jumbo, MtuFollowsTheUnderlayAndFullSizePacketsPass) {
    auto net = createNetwork("big", "10.38.0.0/24");
    EXPECT_EQ(net.mtu(), 8950u);  // underlay 9000 minus 50, not a fixed 1450
    auto a = createEndpoint("a", "big");
    auto b = createEndpoint("b", "big");
    EXPECT_EQ(a.mtu(), 8950u);
    // 8950 - 20 (IPv4) - 8 (ICMP) = 8922 bytes of payload fill one packet exactly.
    EXPECT_TRUE(ping(a, addressOf(b), "-M do -s 8922"));
    EXPECT_FALSE(ping(a, addressOf(b), "-M do -s 8923"));
    EXPECT_TRUE(ping(b, addressOf(a), "-M do -s 8922"));
}

TEST_F(Jumbo, AnExplicitSmallerMtuIsHonoured) {
    createNetwork("small", "10.39.0.0/24", 1400);
    auto a = createEndpoint("a", "small");
    auto b = createEndpoint("b", "small");
    EXPECT_TRUE(ping(a, addressOf(b), "-M do -s 1372"));
    EXPECT_FALSE(ping(a, addressOf(b), "-M do -s 1373"));
}

}  // namespace
}  // namespace loom::test

namespace loom::test {
namespace {

class PeriodicResync : public EngineTest {
protected:
    PeriodicResync() : EngineTest(1500, {"--resync-interval", "1"}) {}
};

TEST_F(PeriodicResync, DriftWithoutALinkEventIsRepairedByThePeriodicPass) {
    createNetwork("blue", "10.40.0.0/24");
    auto a = createEndpoint("a", "blue");
    auto b = createEndpoint("b", "blue");
    ASSERT_TRUE(ping(a, addressOf(b)));
    // Removing an address sends no link event; only the periodic pass can notice.
    ASSERT_EQ(runIn(b.netns_path(), "ip addr flush dev eth0").exitCode, 0);
    ASSERT_FALSE(ping(a, addressOf(b)));
    EXPECT_TRUE(eventuallyPings(a, addressOf(b), 10));
}

}  // namespace
}  // namespace loom::test
