#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <functional>
#include <thread>

#include "tests/support/engine_process.h"
#include "tests/support/lab_host.h"
#include "tests/support/shell.h"

namespace loom::test {

// A test with one lab host and one engine in it, plus short ways to drive the API.
class EngineTest : public ::testing::Test {
protected:
    explicit EngineTest(unsigned underlayMtu = 1500, std::vector<std::string> engineFlags = {})
        : m_host(underlayMtu), m_engine(m_host, std::move(engineFlags)) {}

    void SetUp() override {
        if (::geteuid() != 0) GTEST_SKIP() << "needs root (network namespaces)";
        ASSERT_TRUE(m_engine.start());
    }
    void TearDown() override {
        if (HasFailure()) std::fprintf(stderr, "--- loomd log ---\n%s\n", m_engine.log().c_str());
    }

    v1::Network createNetwork(const std::string& name, const std::string& subnet,
                              uint32_t mtu = 0) {
        v1::CreateNetworkRequest req;
        req.set_name(name);
        req.set_subnet(subnet);
        if (mtu) req.set_mtu(mtu);
        v1::Network n;
        auto s = m_engine.networks().CreateNetwork(deadline().get(), req, &n);
        EXPECT_TRUE(s.ok()) << s.error_message();
        return n;
    }

    v1::Endpoint createEndpoint(const std::string& name, const std::string& network,
                                const std::string& netnsPath = "", int pid = 0) {
        v1::CreateEndpointRequest req;
        req.set_name(name);
        req.set_network(network);
        req.set_netns_path(netnsPath);
        req.set_pid(pid);
        v1::Endpoint e;
        auto s = m_engine.endpoints().CreateEndpoint(deadline().get(), req, &e);
        EXPECT_TRUE(s.ok()) << s.error_message();
        return e;
    }

    std::vector<v1::Endpoint> listEndpoints() {
        v1::ListEndpointsResponse r;
        auto s = m_engine.endpoints().ListEndpoints(deadline().get(), {}, &r);
        EXPECT_TRUE(s.ok()) << s.error_message();
        return {r.endpoints().begin(), r.endpoints().end()};
    }

    static std::string addressOf(const v1::Endpoint& e) {
        return e.ip().substr(0, e.ip().find('/'));
    }

    // One ping from inside `from`; `extra` e.g. "-M do -s 1422".
    static bool ping(const v1::Endpoint& from, const std::string& to,
                     const std::string& extra = "") {
        return runIn(from.netns_path(), "ping -c 1 -W 1 " + extra + " " + to).exitCode == 0;
    }

    // Retries until it answers or `seconds` pass.
    static bool eventuallyPings(const v1::Endpoint& from, const std::string& to, int seconds) {
        auto until = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
        do {
            if (ping(from, to)) return true;
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        } while (std::chrono::steady_clock::now() < until);
        return false;
    }

    LabHost m_host;
    EngineProcess m_engine;
};

}  // namespace loom::test
