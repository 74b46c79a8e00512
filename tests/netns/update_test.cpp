// Networks and endpoints changed in place (UpdateNetwork, UpdateEndpoint): the same devices,
// the new MTU on every one of them, and no packet lost meanwhile.
#include <signal.h>

#include <map>
#include <optional>

#include "tests/support/engine_fixture.h"

namespace loom::test {
namespace {

using namespace std::chrono_literals;

class InPlace : public EngineTest {
protected:
    grpc::Status update(const std::string& network, std::optional<uint32_t> mtu,
                        std::optional<std::map<std::string, std::string>> labels,
                        v1::Network* out) {
        v1::UpdateNetworkRequest req;
        req.set_network(network);
        if (mtu) req.set_mtu(*mtu);
        if (labels) {
            req.set_set_labels(true);
            for (const auto& [k, v] : *labels) (*req.mutable_labels())[k] = v;
        }
        return m_engine.networks().UpdateNetwork(deadline().get(), req, out);
    }
    grpc::Status relabel(const std::string& endpoint, const std::map<std::string, std::string>& l,
                         v1::Endpoint* out) {
        v1::UpdateEndpointRequest req;
        req.set_endpoint(endpoint);
        req.set_set_labels(true);
        for (const auto& [k, v] : l) (*req.mutable_labels())[k] = v;
        return m_engine.endpoints().UpdateEndpoint(deadline().get(), req, out);
    }
    v1::Network get(const std::string& network) {
        v1::GetNetworkRequest req;
        req.set_network(network);
        v1::Network n;
        EXPECT_TRUE(m_engine.networks().GetNetwork(deadline().get(), req, &n).ok());
        return n;
    }
    // "index name mtu" of every link in a namespace: a device made again shows a new index.
    static std::string links(const std::string& ns) {
        return run("(nsenter --net=" + ns +
                   " ip -o link show 2>/dev/null) | awk '{print $1, $2, $5}'")
            .output;
    }
};

TEST_F(InPlace, MtuAndLabelsChangeWithoutCuttingTraffic) {
    auto net = createNetwork("blue", "10.33.0.0/24");
    auto a = createEndpoint("a", "blue");
    auto b = createEndpoint("b", "blue");
    ASSERT_TRUE(eventuallyPings(a, addressOf(b), 5));
    const std::string sandboxBefore = links(net.sandbox_netns()), aBefore = links(a.netns_path());
    EXPECT_NE(aBefore.find("eth0@if"), std::string::npos) << aBefore;

    // 400 echoes, 10 ms apart, through both changes.
    const std::string log = "/tmp/loom-inplace-" + m_host.prefix() + ".log";
    Background pinger("(nsenter --net=" + a.netns_path() + " ping -i 0.01 -c 400 -W 1 " +
                      addressOf(b) + " > " + log + " 2>&1)");
    ASSERT_TRUE(eventually([&] { return run("grep -c icmp_seq " + log).output != "0\n"; }, 5s));

    v1::Network changed;
    auto s = update("blue", 1400, std::map<std::string, std::string>{{"tier", "back"}}, &changed);
    ASSERT_TRUE(s.ok()) << s.error_message();
    EXPECT_EQ(changed.mtu(), 1400u);
    EXPECT_EQ(changed.labels().at("tier"), "back");
    // Answered once the kernel has it: every device of the network at the new MTU, none new.
    for (const auto& dev : {"br0", "vx0"}) {
        EXPECT_NE(runIn(net.sandbox_netns(), std::string("ip -o link show ") + dev)
                      .output.find("mtu 1400"),
                  std::string::npos)
            << dev;
    }
    EXPECT_NE(runIn(a.netns_path(), "ip -o link show eth0").output.find("mtu 1400"),
              std::string::npos);
    EXPECT_NE(runIn(b.netns_path(), "ip -o link show eth0").output.find("mtu 1400"),
              std::string::npos);
    EXPECT_TRUE(ping(a, addressOf(b), "-M do -s 1372"));
    EXPECT_FALSE(ping(a, addressOf(b), "-M do -s 1373"));

    v1::Endpoint relabelled;
    s = relabel("b", {{"role", "db"}}, &relabelled);
    ASSERT_TRUE(s.ok()) << s.error_message();
    EXPECT_EQ(relabelled.labels().at("role"), "db");
    s = update("blue", 1450, std::nullopt, &changed);
    ASSERT_TRUE(s.ok()) << s.error_message();
    EXPECT_EQ(changed.labels().at("tier"), "back") << "labels not given stay";
    EXPECT_TRUE(ping(a, addressOf(b), "-M do -s 1422"));

    ASSERT_TRUE(eventually([&] { return run("grep -q 'packet loss' " + log).exitCode == 0; }, 15s));
    const std::string summary = run("tail -n 3 " + log).output;
    EXPECT_NE(summary.find("400 packets transmitted, 400 received"), std::string::npos) << summary;
    EXPECT_NE(summary.find(" 0% packet loss"), std::string::npos) << summary;
    run("rm -f " + log);
    // The same devices as before (same indexes), back at 1450.
    EXPECT_EQ(links(net.sandbox_netns()), sandboxBefore);
    EXPECT_EQ(links(a.netns_path()), aBefore);

    // Kept: an engine that starts again builds what the store says.
    m_engine.kill(SIGTERM);
    ASSERT_TRUE(m_engine.start());
    EXPECT_EQ(get("blue").labels().at("tier"), "back");
    EXPECT_EQ(listEndpoints().size(), 2u);
    for (const auto& e : listEndpoints()) {
        if (e.name() == "b") {
            EXPECT_EQ(e.labels().at("role"), "db");
        }
    }
}

TEST_F(InPlace, BadChangesAreRefusedAndChangeNothing) {
    createNetwork("blue", "10.34.0.0/24");
    auto a = createEndpoint("a", "blue");
    v1::Network n;
    auto s = update("blue", 1451, std::nullopt, &n);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    EXPECT_NE(s.error_message().find("mtu"), std::string::npos) << s.error_message();
    s = update("blue", std::nullopt, std::nullopt, &n);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    EXPECT_NE(s.error_message().find("nothing to change"), std::string::npos) << s.error_message();
    s = update("green", 1400, std::nullopt, &n);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::NOT_FOUND);
    s = update("blue", 1400, std::map<std::string, std::string>{{"Bad Key!", "x"}}, &n);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    EXPECT_EQ(get("blue").mtu(), 1450u) << "a refused change changes nothing";
    EXPECT_TRUE(get("blue").labels().empty());
    EXPECT_NE(runIn(a.netns_path(), "ip -o link show eth0").output.find("mtu 1450"),
              std::string::npos);

    v1::Endpoint e;
    s = relabel("a", {{"Bad Key!", "x"}}, &e);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    s = relabel("ghost", {{"k", "v"}}, &e);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::NOT_FOUND);
    for (const auto& l : listEndpoints()) EXPECT_TRUE(l.labels().empty());
}

TEST_F(InPlace, LoomctlChangesInPlace) {
    createNetwork("blue", "10.36.0.0/24");
    createEndpoint("a", "blue");
    auto ctl = [&](const std::string& args) {
        return run("LOOM_SOCKET=" + m_host.socket() + " " + LOOM_BIN_DIR + "/loomctl " + args);
    };
    auto r = ctl("network update blue --mtu 1300 --label tier=back");
    ASSERT_EQ(r.exitCode, 0) << r.output;
    EXPECT_EQ(get("blue").mtu(), 1300u);
    EXPECT_EQ(get("blue").labels().at("tier"), "back");
    r = ctl("endpoint update a --label role=web");
    ASSERT_EQ(r.exitCode, 0) << r.output;
    EXPECT_EQ(listEndpoints()[0].labels().at("role"), "web");
    r = ctl("network update blue --clear-labels");
    ASSERT_EQ(r.exitCode, 0) << r.output;
    EXPECT_TRUE(get("blue").labels().empty());
    EXPECT_EQ(ctl("network update blue").exitCode, 2);
    EXPECT_EQ(ctl("endpoint update a --label x=y --clear-labels").exitCode, 2);
    r = ctl("network update blue --mtu 9000");
    EXPECT_EQ(r.exitCode, 1);
    EXPECT_NE(r.output.find("mtu"), std::string::npos) << r.output;
}

}  // namespace
}  // namespace loom::test
