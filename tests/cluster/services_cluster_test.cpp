// Services across a cluster of three hosts (issue 14): one VIP, backends on every host, each
// host's clients balanced by their own namespaces (no central balancer); an idle connection
// through the VIP kept for a minute with the kernel's conntrack timeout; a dead host's backend
// gone from every client within its lease's TTL + 2 s.
#include <fstream>
#include <map>

#include "tests/cluster/cluster_fixture.h"
#include "tests/support/tcp_probe_client.h"

namespace loom::test {
namespace {

using namespace std::chrono_literals;

class ClusterServices : public ClusterTest {
protected:
    std::unique_ptr<v1::ServiceService::Stub> services(int host) {
        return v1::ServiceService::NewStub(grpc::CreateChannel("unix:" + m_lab->host(host).socket,
                                                               grpc::InsecureChannelCredentials()));
    }
    v1::Endpoint behind(int host, const std::string& name, const std::string& service) {
        v1::CreateEndpointRequest req;
        req.set_name(name);
        req.set_network("web");
        req.set_service(service);
        v1::Endpoint e;
        auto s = m_lab->host(host).endpoints->CreateEndpoint(deadline().get(), req, &e);
        EXPECT_TRUE(s.ok()) << s.error_message();
        m_servers.push_back(std::make_unique<Background>(probeServer(e.netns_path(), name)));
        return e;
    }
    static std::map<std::string, int> count(const v1::Endpoint& from, const std::string& target,
                                            int n) {
        return probeCount(from.netns_path(), target, n);
    }
    std::vector<std::unique_ptr<Background>> m_servers;
};

TEST_F(ClusterServices, EveryHostBalancesItsOwnClientsAndForgetsADeadHost) {
    ASSERT_TRUE(bringUp(3, /*leaseTtl=*/4));
    createNetwork(1, "web", "10.67.0.0/24");
    v1::CreateServiceRequest req;
    req.set_name("api");
    req.set_network("web");
    req.add_ports()->set_port(8080);
    v1::Service api;
    auto s = services(2)->CreateService(deadline().get(), req, &api);
    ASSERT_TRUE(s.ok()) << s.error_message();
    behind(1, "b1", "api");
    behind(2, "b2", "api");
    behind(3, "b3", "api");
    auto c1 = createEndpoint(1, "c1", "web");
    auto c3 = createEndpoint(3, "c3", "web");
    const std::string vip = api.vip() + " 8080";
    // Every host's clients reach every host's backends once the records have spread.
    for (const auto* c : {&c1, &c3}) {
        EXPECT_TRUE(eventually(
            [&] {
                auto seen = count(*c, vip, 6);
                return seen["b1"] > 0 && seen["b2"] > 0 && seen["b3"] > 0;
            },
            10s))
            << c->name();
    }

    // 999 connections from h1's client and 300 from h3's: a third each within 15%.
    auto c = count(c1, vip, 999);
    EXPECT_EQ(c["failed"], 0);
    for (const char* b : {"b1", "b2", "b3"}) {
        EXPECT_GE(c[b], 283) << b;
        EXPECT_LE(c[b], 383) << b;
    }
    c = count(c3, vip, 300);
    EXPECT_EQ(c["failed"], 0);
    for (const char* b : {"b1", "b2", "b3"}) EXPECT_NEAR(c[b], 100, 15) << b;

    // h3 dies: its backend leaves every client's set within the lease's TTL + 2 s, and no
    // connection to a live backend fails meanwhile.
    ASSERT_TRUE(m_lab->lab("engine 3 kill"));
    const auto killed = std::chrono::steady_clock::now();
    EXPECT_TRUE(eventually([&] { return count(c1, vip, 6)["b3"] == 0; }, 6s));
    std::printf("b3 out of h1's set %.1f s after h3's engine died\n",
                std::chrono::duration<double>(std::chrono::steady_clock::now() - killed).count());
    c = count(c1, vip, 60);
    EXPECT_EQ(c["failed"], 0);
    EXPECT_EQ(c["b1"] + c["b2"], 60);

    // An idle connection through the VIP (to a live host's backend), held for a minute.
    const std::string held = m_lab->dir() + "/held";
    Background hold("(nsenter --net=" + c1.netns_path() + " " + LOOM_BIN_DIR +
                    "/loom_tcp_probe hold " + vip + " 60 > " + held + ")");
    ASSERT_TRUE(eventually([&] { return run("test -s " + held).exitCode == 0; }, 5s));
    // Its conntrack entry counts down from the kernel's own established timeout (Loom sets
    // none), and after a minute idle the connection still carries data.
    const std::string timeout =
        run("cat /proc/sys/net/netfilter/nf_conntrack_tcp_timeout_established").output;
    const long established = std::stol(timeout);
    auto entries =
        runIn(c1.netns_path(), "grep 'dport=8080' /proc/net/nf_conntrack | grep ESTABLISHED")
            .output;
    long left = -1;
    std::istringstream lines(entries);
    for (std::string line; std::getline(lines, line);) {
        std::istringstream words(line);
        std::string l3, l3n, l4, l4n;
        long seconds = 0;
        if (words >> l3 >> l3n >> l4 >> l4n >> seconds) left = std::max(left, seconds);
    }
    EXPECT_GT(left, established - 70) << entries;
    EXPECT_LE(left, established) << entries;
    EXPECT_TRUE(eventually(
        [&] {
            std::ifstream in(held);
            std::string who, verdict;
            return std::getline(in, who) && std::getline(in, verdict) && verdict == "still there";
        },
        75s))
        << run("cat " + held).output;
}

}  // namespace
}  // namespace loom::test
