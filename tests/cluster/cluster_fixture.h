#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <functional>
#include <thread>

#include "tests/support/lab.h"
#include "tests/support/shell.h"

namespace loom::test {

// A test over a lab of hosts (scripts/lab): real etcd, real engines, real kernel.
class ClusterTest : public ::testing::Test {
protected:
    void SetUp() override {
        if (::geteuid() != 0) GTEST_SKIP() << "needs root (network namespaces)";
    }
    void TearDown() override {
        if (HasFailure() && m_lab) std::fprintf(stderr, "%s\n", m_lab->logs().c_str());
        m_lab.reset();
    }

    bool bringUp(int hosts, int leaseTtl = 10, bool tls = false, int resyncSeconds = 30) {
        m_lab = Lab::up(hosts, leaseTtl, tls, resyncSeconds);
        return m_lab != nullptr;
    }

    static std::unique_ptr<grpc::ClientContext> deadline(int seconds = 60) {
        auto ctx = std::make_unique<grpc::ClientContext>();
        ctx->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(seconds));
        return ctx;
    }

    grpc::Status createNetwork(int host, const std::string& name, const std::string& subnet,
                               v1::Network* out) {
        v1::CreateNetworkRequest req;
        req.set_name(name);
        req.set_subnet(subnet);
        return m_lab->host(host).networks->CreateNetwork(deadline().get(), req, out);
    }
    v1::Network createNetwork(int host, const std::string& name, const std::string& subnet) {
        v1::Network n;
        auto s = createNetwork(host, name, subnet, &n);
        EXPECT_TRUE(s.ok()) << s.error_message();
        return n;
    }

    // True once `host` knows network `name` (from its watch: after the create returned).
    bool knowsNetwork(int host, const std::string& name,
                      std::chrono::milliseconds within = std::chrono::seconds(5)) {
        v1::GetNetworkRequest req;
        req.set_network(name);
        return eventually(
            [&] {
                v1::Network n;
                return m_lab->host(host).networks->GetNetwork(deadline().get(), req, &n).ok();
            },
            within);
    }

    grpc::Status createEndpoint(int host, const std::string& name, const std::string& network,
                                v1::Endpoint* out) {
        v1::CreateEndpointRequest req;
        req.set_name(name);
        req.set_network(network);
        return m_lab->host(host).endpoints->CreateEndpoint(deadline().get(), req, out);
    }
    v1::Endpoint createEndpoint(int host, const std::string& name, const std::string& network) {
        v1::Endpoint e;
        auto s = createEndpoint(host, name, network, &e);
        EXPECT_TRUE(s.ok()) << s.error_message();
        return e;
    }

    grpc::Status deleteEndpoint(int host, const std::string& name) {
        v1::DeleteEndpointRequest req;
        req.set_endpoint(name);
        v1::DeleteEndpointResponse resp;
        return m_lab->host(host).endpoints->DeleteEndpoint(deadline().get(), req, &resp);
    }

    std::vector<v1::Endpoint> allEndpoints(int host) {
        v1::ListEndpointsRequest req;
        req.set_all_hosts(true);
        v1::ListEndpointsResponse resp;
        auto s = m_lab->host(host).endpoints->ListEndpoints(deadline().get(), req, &resp);
        EXPECT_TRUE(s.ok()) << s.error_message();
        return {resp.endpoints().begin(), resp.endpoints().end()};
    }

    std::vector<v1::Host> hosts(int host) {
        v1::ListHostsResponse resp;
        auto s = m_lab->host(host).host->ListHosts(deadline().get(), {}, &resp);
        EXPECT_TRUE(s.ok()) << s.error_message();
        return {resp.hosts().begin(), resp.hosts().end()};
    }

    bool etcdConnected(int host) {
        v1::Host h;
        auto s = m_lab->host(host).host->GetHost(deadline().get(), {}, &h);
        return s.ok() && h.etcd_connected();
    }

    // The sandbox namespace of a network on a host (it exists only while the host has an
    // endpoint on the network).
    std::string sandbox(int host, const std::string& network) {
        v1::GetNetworkRequest req;
        req.set_network(network);
        v1::Network n;
        auto s = m_lab->host(host).networks->GetNetwork(deadline().get(), req, &n);
        return s.ok() ? n.sandbox_netns() : "";
    }
    bool hasSandbox(int host, const std::string& network) {
        std::string path = sandbox(host, network);
        return !path.empty() && ::access(path.c_str(), F_OK) == 0;
    }
    // `bridge fdb` and `ip neigh` of vx0 in a host's sandbox ("" when there is none).
    std::string peerEntries(int host, const std::string& network) {
        if (!hasSandbox(host, network)) return "";
        std::string ns = sandbox(host, network);
        return runIn(ns, "bridge fdb show dev vx0").output +
               runIn(ns, "ip neigh show dev vx0").output;
    }

    // Behind the engine's back, in a sandbox: b's FDB entry gone, its neighbour entry wrong, a
    // stranger's FDB entry added.
    static bool corruptPeerEntries(const std::string& ns, const v1::Endpoint& b) {
        return runIn(ns, "bridge fdb del " + b.mac() + " dev vx0 self").exitCode == 0 &&
               runIn(ns, "ip neigh replace " + addressOf(b) +
                             " lladdr 02:00:00:00:00:99 dev vx0 nud permanent")
                       .exitCode == 0 &&
               runIn(ns, "bridge fdb add 02:00:00:00:00:77 dev vx0 dst 192.0.2.77 self permanent")
                       .exitCode == 0;
    }
    // Host 1's entries on "web" for b (on host 2) are right again, and the stranger's gone.
    bool peerEntriesRight(const v1::Endpoint& b) {
        std::string s = peerEntries(1, "web");
        return s.find(b.mac() + " dst " + m_lab->host(2).vtep) != std::string::npos &&
               s.find(addressOf(b) + " lladdr " + b.mac()) != std::string::npos &&
               s.find("02:00:00:00:00:77") == std::string::npos;
    }

    static std::string addressOf(const v1::Endpoint& e) {
        return e.ip().substr(0, e.ip().find('/'));
    }
    static bool ping(const v1::Endpoint& from, const std::string& to,
                     const std::string& extra = "") {
        return runIn(from.netns_path(), "ping -c 1 -W 1 " + extra + " " + to).exitCode == 0;
    }
    static bool eventuallyPings(const v1::Endpoint& from, const std::string& to, int seconds) {
        return eventually([&] { return ping(from, to); }, std::chrono::seconds(seconds));
    }

    std::unique_ptr<Lab> m_lab;
};

}  // namespace loom::test
