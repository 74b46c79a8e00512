// Crashes, reboots and restarts: the store and the kernel must end up agreeing.
#include <signal.h>

#include <atomic>
#include <set>
#include <thread>

#include "tests/support/engine_fixture.h"

namespace loom::test {
namespace {

class Recovery : public EngineTest {
protected:
    // Waits until every stored endpoint and network reports READY.
    bool eventuallyAllReady(int seconds) {
        auto until = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
        while (std::chrono::steady_clock::now() < until) {
            bool ready = true;
            for (const auto& e : listEndpoints())
                ready = ready && e.state() == v1::OBJECT_STATE_READY;
            v1::ListNetworksResponse nets;
            m_engine.networks().ListNetworks(deadline().get(), {}, &nets);
            for (const auto& n : nets.networks())
                ready = ready && n.state() == v1::OBJECT_STATE_READY;
            if (ready) return true;
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
        return false;
    }
};

TEST_F(Recovery, KilledWhileCreatingManyEndpointsThenRestartedLeavesNothingOrphaned) {
    auto net = createNetwork("blue", "10.41.0.0/22");
    std::atomic<bool> stop{false};
    std::thread creator([&] {
        for (int i = 0; i < 150 && !stop; ++i) {
            v1::CreateEndpointRequest req;
            req.set_name("ep" + std::to_string(i));
            req.set_network("blue");
            v1::Endpoint e;
            (void)m_engine.endpoints().CreateEndpoint(deadline(5).get(), req, &e);
        }
    });
    // Kill it in the middle: after some endpoints exist and while requests keep coming.
    while (listEndpoints().size() < 20) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    m_engine.kill(SIGKILL);
    stop = true;
    creator.join();

    ASSERT_TRUE(m_engine.start());
    ASSERT_TRUE(eventuallyAllReady(30));
    auto endpoints = listEndpoints();
    ASSERT_GE(endpoints.size(), 20u);

    // Store and kernel agree: one sandbox, one namespace and one veth per stored endpoint.
    std::set<std::string> expected = {net.sandbox_netns()};
    for (const auto& e : endpoints) expected.insert(e.netns_path());
    auto present = m_host.engineNamespaces();
    EXPECT_EQ(std::set<std::string>(present.begin(), present.end()), expected);
    EXPECT_EQ(countLinks(net.sandbox_netns(), m_host.prefix() + "v"),
              static_cast<int>(endpoints.size()));
    for (const auto& e : endpoints) {
        auto addr = runIn(e.netns_path(), "ip -o -4 addr show dev eth0").output;
        EXPECT_NE(addr.find(e.ip()), std::string::npos) << e.name() << ": " << addr;
    }
    EXPECT_TRUE(ping(endpoints.front(), addressOf(endpoints.back())));
}

TEST_F(Recovery, StoppedEngineKeepsTheDataPlaneAndARebootIsRebuilt) {
    createNetwork("blue", "10.42.0.0/24");
    auto a = createEndpoint("a", "blue");
    auto b = createEndpoint("b", "blue");
    ASSERT_TRUE(ping(a, addressOf(b)));

    m_engine.kill(SIGTERM);
    EXPECT_TRUE(ping(a, addressOf(b))) << "traffic must not depend on the engine running";
    // A clean stop leaves no spare namespaces of its pool behind.
    EXPECT_EQ(run("ls -A " + m_host.dir() + "/netns-pool." + m_host.prefix()).output, "");

    // A reboot: every namespace and device is gone, the database is not.
    m_host.removeEngineNamespaces();
    ASSERT_TRUE(m_host.engineNamespaces().empty());
    ASSERT_TRUE(m_engine.start());
    EXPECT_TRUE(eventuallyAllReady(15));
    EXPECT_EQ(m_host.engineNamespaces().size(), 3u);
    EXPECT_TRUE(eventuallyPings(a, addressOf(b), 10));
    auto again = listEndpoints();
    ASSERT_EQ(again.size(), 2u);
    EXPECT_EQ(again[0].ip(), a.ip());  // same addresses and MACs after the rebuild
    EXPECT_EQ(again[0].mac(), a.mac());
}

TEST_F(Recovery, TeardownRemovesEverythingTheEngineMade) {
    createNetwork("blue", "10.43.0.0/24");
    createNetwork("red", "10.44.0.0/24");
    createEndpoint("a", "blue");
    createEndpoint("b", "red");
    std::string foreign = m_host.addNamespace("foreign");
    createEndpoint("c", "red", foreign);
    v1::TeardownRequest req;
    v1::TeardownResponse resp;
    EXPECT_EQ(m_engine.host().Teardown(deadline().get(), req, &resp).error_code(),
              grpc::StatusCode::INVALID_ARGUMENT);
    req.set_confirm(true);
    auto s = m_engine.host().Teardown(deadline().get(), req, &resp);
    ASSERT_TRUE(s.ok()) << s.error_message();
    EXPECT_EQ(resp.networks_deleted(), 2u);
    EXPECT_EQ(resp.endpoints_deleted(), 3u);
    EXPECT_TRUE(m_host.engineNamespaces().empty());
    EXPECT_TRUE(listEndpoints().empty());
    // A namespace Loom did not make stays, without Loom's interface in it.
    EXPECT_EQ(runIn(foreign, "true").exitCode, 0);
    EXPECT_NE(runIn(foreign, "ip link show eth0").exitCode, 0);
}

}  // namespace
}  // namespace loom::test
