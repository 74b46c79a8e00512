// Names across a cluster of three hosts (issue 14): every endpoint of a network resolves from
// every host, by its own host's responder; names are unique per network across the cluster,
// race-free through etcd; forwarding goes to an upstream the test runs in the lab (dnsmasq).
#include <future>

#include "tests/cluster/cluster_fixture.h"

namespace loom::test {
namespace {

using namespace std::chrono_literals;

class ClusterDns : public ClusterTest {
protected:
    CommandResult ctl(int host, const std::string& args) {
        return run(std::string(LOOM_BIN_DIR) + "/loomctl --socket " + m_lab->host(host).socket +
                   " " + args);
    }
    // What glibc finds for a name inside an endpoint of `host` (its resolv.conf).
    CommandResult getent(int host, const std::string& endpoint, const std::string& name) {
        return ctl(host, "endpoint exec " + endpoint + " -- getent hosts " + name);
    }
    std::string resolved(int host, const std::string& endpoint, const std::string& name) {
        auto r = getent(host, endpoint, name);
        return r.exitCode == 0 ? r.output.substr(0, r.output.find(' ')) : "";
    }
    static std::string drill(const v1::Endpoint& from, const std::string& args) {
        return runIn(from.netns_path(), "timeout 3 drill -Q " + args + " 2>&1").output +
               runIn(from.netns_path(), "timeout 3 drill " + args + " | grep -o 'rcode: [A-Z]*'")
                   .output;
    }
};

TEST_F(ClusterDns, NamesResolveOnEveryHostAndOnlyOnTheirNetwork) {
    ASSERT_TRUE(bringUp(3, /*leaseTtl=*/4));
    // The lab's upstream: dnsmasq in etcd's namespace, where every engine forwards.
    Background upstream("(nsenter --net=" + m_lab->etcdNetns() +
                        " dnsmasq --keep-in-foreground --no-resolv --no-hosts --port=5353 "
                        "--listen-address=198.51.100.254 --bind-interfaces --pid-file= "
                        "--address=/upstream.test/203.0.113.7)");
    ASSERT_TRUE(eventually(
        [&] {
            return runIn(m_lab->host(1).netns,
                         "timeout 1 drill -p 5353 @198.51.100.254 www.upstream.test")
                       .output.find("203.0.113.7") != std::string::npos;
        },
        5s));
    createNetwork(1, "blue", "10.62.0.0/24");
    createNetwork(1, "red", "10.63.0.0/24");
    v1::CreateNetworkRequest req;
    req.set_name("quiet");
    req.set_subnet("10.64.0.0/24");
    req.set_internal(true);
    v1::Network quiet;
    ASSERT_TRUE(m_lab->host(2).networks->CreateNetwork(deadline().get(), req, &quiet).ok());
    auto a1 = createEndpoint(1, "a1", "blue");
    auto a2 = createEndpoint(2, "a2", "blue");
    auto a3 = createEndpoint(3, "a3", "blue");
    auto r2 = createEndpoint(2, "r2", "red");
    auto q1 = createEndpoint(1, "q1", "quiet");
    auto q3 = createEndpoint(3, "q3", "quiet");

    // Each endpoint's resolver is its own host's address on the network (known once the
    // cluster granted the host one: the first endpoint's answer may come before).
    auto resolverOf = [&](int host, const std::string& name) {
        std::string out;
        eventually(
            [&] {
                for (const auto& e : allEndpoints(host)) {
                    if (e.name() == name) out = e.dns_server();
                }
                return !out.empty();
            },
            5s);
        return out;
    };
    const std::string r1 = resolverOf(1, "a1"), rq1 = resolverOf(1, "q1");
    ASSERT_FALSE(r1.empty());
    ASSERT_FALSE(rq1.empty());
    EXPECT_NE(r1, resolverOf(2, "a2"));
    EXPECT_EQ(resolverOf(1, "a2"), resolverOf(2, "a2")) << "every host says the same";

    // From every host, every other host's endpoint of the network, by its bare or full name.
    EXPECT_TRUE(eventually([&] { return resolved(1, "a1", "a3") == addressOf(a3); }, 5s));
    EXPECT_EQ(resolved(1, "a1", "a2.blue.loom"), addressOf(a2));
    EXPECT_TRUE(eventually([&] { return resolved(3, "a3", "a1") == addressOf(a1); }, 5s));
    EXPECT_TRUE(eventually([&] { return resolved(2, "a2", "a3") == addressOf(a3); }, 5s));
    EXPECT_EQ(drill(a1, "@" + r1 + " -x " + addressOf(a2)), "a2.blue.loom.\nrcode: NOERROR\n");
    // Not across networks: red's endpoint is not blue's name, and blue's are not red's.
    EXPECT_EQ(resolved(1, "a1", "r2"), "");
    EXPECT_TRUE(eventually([&] { return resolved(2, "r2", "r2") == addressOf(r2); }, 5s));
    EXPECT_EQ(resolved(2, "r2", "a2"), "");
    EXPECT_EQ(drill(a1, "@" + r1 + " r2.blue.loom"), "rcode: NXDOMAIN\n");

    // The outside, forwarded by each host's engine to the lab's upstream; refused on "quiet".
    EXPECT_EQ(resolved(3, "a3", "www.upstream.test"), "203.0.113.7");
    EXPECT_EQ(drill(q1, "@" + rq1 + " q3"), addressOf(q3) + "\nrcode: NOERROR\n");
    EXPECT_EQ(drill(q1, "@" + rq1 + " www.upstream.test"), "rcode: REFUSED\n");

    // Deleted on h3: gone from h1's answers within the TTL (5 s).
    ASSERT_TRUE(deleteEndpoint(3, "a3").ok());
    EXPECT_TRUE(eventually([&] { return resolved(1, "a1", "a3").empty(); }, 5s));

    // A host that dies: its endpoints stop resolving within its lease's TTL + 2 s.
    auto a3b = createEndpoint(3, "a3b", "blue");
    EXPECT_TRUE(eventually([&] { return resolved(1, "a1", "a3b") == addressOf(a3b); }, 5s));
    ASSERT_TRUE(m_lab->lab("engine 3 kill"));
    EXPECT_TRUE(eventually([&] { return resolved(1, "a1", "a3b").empty(); }, 6s));
}

TEST_F(ClusterDns, ANameMeansOneEndpointAcrossTheCluster) {
    ASSERT_TRUE(bringUp(3));
    createNetwork(1, "blue", "10.65.0.0/24");
    createNetwork(1, "green", "10.66.0.0/24");
    createEndpoint(2, "web", "blue");

    // Refused on another host, naming the host that holds it, whatever the case; nothing made.
    v1::Endpoint out;
    auto s = createEndpoint(3, "WEB", "blue", &out);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::ALREADY_EXISTS);
    EXPECT_EQ(s.error_message(),
              "name: an endpoint \"WEB\" already exists on network \"blue\", on host \"h2\"");
    auto r = ctl(1, "endpoint create web --network blue");
    EXPECT_NE(r.exitCode, 0);
    EXPECT_NE(r.output.find("already exists on network \"blue\", on host \"h2\""),
              std::string::npos)
        << r.output;
    EXPECT_EQ(allEndpoints(3).size(), 1u);
    // Another network may have its own "web".
    createEndpoint(3, "web", "green");

    // Two hosts racing for one name: exactly one wins, whatever the view said when each
    // checked.
    for (int round = 0; round < 5; ++round) {
        const std::string name = "race" + std::to_string(round);
        auto first = std::async(std::launch::async, [&] {
            v1::Endpoint e;
            return createEndpoint(1, name, "blue", &e);
        });
        auto second = std::async(std::launch::async, [&] {
            v1::Endpoint e;
            return createEndpoint(3, name, "blue", &e);
        });
        grpc::Status s1 = first.get(), s3 = second.get();
        EXPECT_NE(s1.ok(), s3.ok())
            << name << ": " << s1.error_message() << " / " << s3.error_message();
        const grpc::Status& lost = s1.ok() ? s3 : s1;
        EXPECT_EQ(lost.error_code(), grpc::StatusCode::ALREADY_EXISTS) << lost.error_message();
        int held = 0;
        for (const auto& e : allEndpoints(2)) held += e.name() == name;
        EXPECT_TRUE(eventually(
            [&] {
                held = 0;
                for (const auto& e : allEndpoints(2)) held += e.name() == name;
                return held == 1;
            },
            5s))
            << name << " held " << held << " times";
    }

    // A duplicate from before names were unique (its claim taken out of etcd by hand, the
    // name then given on another host) is reported when the engine joins again, not renamed.
    auto etcd = runIn(m_lab->etcdNetns(),
                      "env ETCDCTL_API=3 etcdctl --endpoints http://198.51.100.254:2379 "
                      "--dial-timeout 2s --command-timeout 2s del /loom/v1/names/ --prefix");
    ASSERT_EQ(etcd.exitCode, 0) << etcd.output;
    ASSERT_TRUE(eventually(
        [&] {
            v1::Endpoint e;
            return createEndpoint(1, "web", "blue", &e).ok();
        },
        5s));
    ASSERT_TRUE(m_lab->lab("engine 2 stop") && m_lab->lab("engine 2 start"));
    EXPECT_TRUE(eventually(
        [&] {
            return run("grep -c 'endpoint \"web\" on network \"blue\" has the same name as an "
                       "endpoint of host \"h1\"' " +
                       m_lab->host(2).log)
                       .output == "1\n";
        },
        10s))
        << run("cat " + m_lab->host(2).log).output;
    EXPECT_EQ(allEndpoints(2).size(), allEndpoints(1).size());
    ASSERT_TRUE(deleteEndpoint(1, "web").ok());

    // Deleted, the name is free again, on any host.
    ASSERT_TRUE(deleteEndpoint(2, "web").ok());
    EXPECT_TRUE(eventually(
        [&] {
            v1::Endpoint e;
            return createEndpoint(1, "web", "blue", &e).ok();
        },
        5s));
}

}  // namespace
}  // namespace loom::test
