// A bundle imported over a live cluster: the engine's plan (PlanBundle) changes labels and MTU
// in place, and ApplyBundle (through loomctl, as a person runs it) runs it while a ping goes on.
#include <fstream>

#include "engine/bundle/bundle.h"
#include "tests/cluster/cluster_fixture.h"

namespace loom::test {
namespace {

using namespace std::chrono_literals;
namespace bundle = engine::bundle;

class BundleImportTest : public ClusterTest {
protected:
    std::unique_ptr<v1::BundleService::Stub> bundles(int host) {
        return v1::BundleService::NewStub(grpc::CreateChannel("unix:" + m_lab->host(host).socket,
                                                              grpc::InsecureChannelCredentials()));
    }
    CommandResult ctl(int host, const std::string& args) {
        return run("(LOOM_SOCKET=" + m_lab->host(host).socket + " " + LOOM_BIN_DIR + "/loomctl " +
                   args + ")");
    }
    std::vector<v1::Network> networks(int host) {
        v1::ListNetworksResponse r;
        EXPECT_TRUE(m_lab->host(host).networks->ListNetworks(deadline().get(), {}, &r).ok());
        return {r.networks().begin(), r.networks().end()};
    }
};

TEST_F(BundleImportTest, ImportOverALiveClusterChangesInPlaceWithoutLosingAPing) {
    ASSERT_TRUE(bringUp(2, 10, /*tls=*/true));
    createNetwork(1, "web", "10.65.0.0/24");
    auto e1 = createEndpoint(1, "e1", "web");
    auto e2 = createEndpoint(2, "e2", "web");
    ASSERT_TRUE(eventuallyPings(e1, addressOf(e2), 5));

    // The live state exported, and edited: the network's MTU and a label, e1's labels.
    v1::ExportBundleResponse exported;
    ASSERT_TRUE(bundles(2)->ExportBundle(deadline().get(), {}, &exported).ok());
    auto live = bundle::readBundle(exported.bundle());
    ASSERT_TRUE(live) << live.status().message();
    auto t = bundle::topologyOf(*live);
    ASSERT_TRUE(t) << t.status().message();
    ASSERT_EQ(t->networks.size(), 1u);
    t->networks[0].mtu = 1400;
    t->networks[0].labels["tier"] = "back";
    for (auto& e : t->endpoints) {
        if (e.name == "e1") e.labels["role"] = "web";
    }
    auto edited = bundle::designBundle(*t, "edited");
    ASSERT_TRUE(edited) << edited.status().message();
    auto archive = bundle::writeBundle(*edited);
    ASSERT_TRUE(archive);
    const std::string file = m_lab->dir() + "/edited.tar.gz";
    std::ofstream(file, std::ios::binary) << *archive;

    // The plan, asked of h2: updates only, nothing re-created.
    v1::PlanBundleRequest planReq;
    planReq.set_bundle(*archive);
    v1::PlanBundleResponse plan;
    auto s = bundles(2)->PlanBundle(deadline().get(), planReq, &plan);
    ASSERT_TRUE(s.ok()) << s.error_message();
    ASSERT_EQ(plan.steps_size(), 2) << plan.DebugString();
    EXPECT_EQ(plan.steps(0).kind(), v1::BundleStep::KIND_UPDATE_NETWORK);
    EXPECT_EQ(plan.steps(0).what(), "change network web in place");
    EXPECT_EQ(plan.steps(0).why(),
              "exists: changed in place: MTU 1450 → 1400; labels none → "
              "tier=back");
    EXPECT_EQ(plan.steps(1).kind(), v1::BundleStep::KIND_UPDATE_ENDPOINT);
    EXPECT_EQ(plan.steps(1).host(), "h1");
    auto r = ctl(2, "bundle plan " + file);
    ASSERT_EQ(r.exitCode, 0) << r.output;
    EXPECT_NE(r.output.find("change network web in place"), std::string::npos) << r.output;
    EXPECT_EQ(networks(1)[0].mtu(), 1450u) << "a plan changes nothing";

    // Applied with loomctl on h2 while e1 pings e2 every 10 ms.
    const std::string eth0 = linkLines(e1.netns_path(), "eth0");
    const std::string log = m_lab->dir() + "/ping.log";
    Background pinger("(nsenter --net=" + e1.netns_path() + " ping -i 0.01 -c 300 -W 1 " +
                      addressOf(e2) + " > " + log + " 2>&1)");
    ASSERT_TRUE(eventually([&] { return run("grep -c icmp_seq " + log).output != "0\n"; }, 5s));
    r = ctl(2, "bundle apply " + file + " --yes");
    ASSERT_EQ(r.exitCode, 0) << r.output;
    EXPECT_NE(r.output.find("applied 2 step(s)"), std::string::npos) << r.output;
    // Both hosts' kernels at the new MTU, the same devices.
    EXPECT_TRUE(eventually(
        [&] {
            return runIn(e1.netns_path(), "ip -o link show eth0").output.find("mtu 1400") !=
                       std::string::npos &&
                   runIn(e2.netns_path(), "ip -o link show eth0").output.find("mtu 1400") !=
                       std::string::npos;
        },
        5s));
    const std::string after = linkLines(e1.netns_path(), "eth0");
    EXPECT_EQ(after.substr(0, after.find(':')), eth0.substr(0, eth0.find(':')));
    ASSERT_TRUE(eventually([&] { return run("grep -q 'packet loss' " + log).exitCode == 0; }, 15s));
    const std::string summary = run("tail -n 3 " + log).output;
    EXPECT_NE(summary.find("300 packets transmitted, 300 received"), std::string::npos) << summary;
    EXPECT_NE(summary.find(" 0% packet loss"), std::string::npos) << summary;
    EXPECT_EQ(networks(1)[0].labels().at("tier"), "back");
    EXPECT_TRUE(eventually(
        [&] {
            for (const auto& e : allEndpoints(2)) {
                if (e.name() == "e1" && e.labels().count("role")) return true;
            }
            return false;
        },
        5s));

    // Applied again: nothing to do. A digest of an older plan is refused.
    r = ctl(1, "bundle apply " + file + " --yes");
    ASSERT_EQ(r.exitCode, 0) << r.output;
    EXPECT_NE(r.output.find("nothing to do"), std::string::npos) << r.output;
    v1::ApplyBundleRequest stale;
    stale.set_bundle(*archive);
    stale.set_digest(plan.digest());
    v1::ApplyBundleResponse done;
    s = bundles(1)->ApplyBundle(deadline().get(), stale, &done);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION) << s.error_message();
    EXPECT_NE(s.error_message().find("plan again"), std::string::npos) << s.error_message();
    // Not on a terminal, apply does not run without --yes.
    t->networks[0].mtu = 1300;
    auto again = bundle::designBundle(*t, "again");
    ASSERT_TRUE(again);
    auto second = bundle::writeBundle(*again);
    ASSERT_TRUE(second);
    std::ofstream(file + ".2", std::ios::binary) << *second;
    EXPECT_EQ(ctl(1, "bundle apply " + file + ".2 < /dev/null").exitCode, 2);
    EXPECT_EQ(networks(1)[0].mtu(), 1400u);
}

}  // namespace
}  // namespace loom::test
