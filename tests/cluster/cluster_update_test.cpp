// Changes in place across the cluster: a network's MTU and labels changed on one host reach
// every host's kernel; another host's endpoint is relabelled by its own engine.
#include "tests/cluster/cluster_fixture.h"

namespace loom::test {
namespace {

using namespace std::chrono_literals;

TEST_F(ClusterTest, AnUpdateOnOneHostReachesEveryHost) {
    ASSERT_TRUE(bringUp(2, 10, /*tls=*/true));  // h1 asks h2's engine over mutual TLS
    createNetwork(1, "web", "10.35.0.0/24");
    auto e1 = createEndpoint(1, "e1", "web");
    auto e2 = createEndpoint(2, "e2", "web");
    ASSERT_TRUE(eventuallyPings(e1, addressOf(e2), 5));
    const std::string e1Link = linkLines(e1.netns_path(), "eth0");

    v1::UpdateNetworkRequest req;
    req.set_network("web");
    req.set_mtu(1400);
    req.set_set_labels(true);
    (*req.mutable_labels())["tier"] = "back";
    v1::Network changed;
    auto s = m_lab->host(2).networks->UpdateNetwork(deadline().get(), req, &changed);
    ASSERT_TRUE(s.ok()) << s.error_message();
    EXPECT_EQ(changed.mtu(), 1400u);

    // h1 hears it from etcd: its store, and its kernel, with the same devices.
    EXPECT_TRUE(eventually(
        [&] {
            v1::GetNetworkRequest get;
            get.set_network("web");
            v1::Network n;
            return m_lab->host(1).networks->GetNetwork(deadline().get(), get, &n).ok() &&
                   n.mtu() == 1400 && n.labels().count("tier");
        },
        5s));
    EXPECT_TRUE(eventually(
        [&] {
            return runIn(e1.netns_path(), "ip -o link show eth0").output.find("mtu 1400") !=
                   std::string::npos;
        },
        5s));
    const std::string after = linkLines(e1.netns_path(), "eth0");
    EXPECT_EQ(after.substr(0, after.find(':')), e1Link.substr(0, e1Link.find(':')))
        << "the same device";
    EXPECT_TRUE(ping(e1, addressOf(e2), "-M do -s 1372"));
    EXPECT_FALSE(ping(e1, addressOf(e2), "-M do -s 1373"));
    // Every host lists every endpoint of it at the new MTU, its own and the others'.
    for (int h = 1; h <= 2; ++h) {
        for (const auto& e : allEndpoints(h)) EXPECT_EQ(e.mtu(), 1400u) << e.name() << "@h" << h;
    }

    // e2 lives on h2: asked on h1, changed by h2's engine, seen by everyone.
    v1::UpdateEndpointRequest relabel;
    relabel.set_endpoint("e2");
    relabel.set_set_labels(true);
    (*relabel.mutable_labels())["role"] = "db";
    v1::Endpoint e;
    s = m_lab->host(1).endpoints->UpdateEndpoint(deadline().get(), relabel, &e);
    ASSERT_TRUE(s.ok()) << s.error_message();
    EXPECT_EQ(e.host_name(), "h2");
    EXPECT_EQ(e.labels().at("role"), "db");
    EXPECT_TRUE(eventually(
        [&] {
            for (const auto& l : allEndpoints(1)) {
                if (l.name() == "e2" && l.labels().count("role")) return true;
            }
            return false;
        },
        5s));
}

}  // namespace
}  // namespace loom::test
