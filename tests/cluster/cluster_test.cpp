// Engines on several lab hosts sharing networks through a real etcd.
#include <set>

#include "tests/cluster/cluster_fixture.h"

namespace loom::test {
namespace {

using namespace std::chrono_literals;

TEST_F(ClusterTest, EndpointsOnDifferentHostsReachEachOtherOnlyWithinTheirNetwork) {
    ASSERT_TRUE(bringUp(3));
    createNetwork(1, "web", "10.30.0.0/24");
    // Every host knows the network; none has built it, since none has an endpoint on it.
    for (int h = 2; h <= 3; ++h) {
        EXPECT_TRUE(eventually([&] { return !sandbox(h, "web").empty(); }, 3s)) << "h" << h;
    }
    for (int h = 1; h <= 3; ++h) EXPECT_FALSE(hasSandbox(h, "web")) << "h" << h;

    auto e1 = createEndpoint(1, "e1", "web");
    auto e2 = createEndpoint(2, "e2", "web");
    auto e3 = createEndpoint(3, "e3", "web");
    ASSERT_EQ(e1.host_name(), "h1");
    EXPECT_TRUE(eventuallyPings(e1, addressOf(e2), 5));
    EXPECT_TRUE(eventuallyPings(e2, addressOf(e3), 5));
    EXPECT_TRUE(eventuallyPings(e3, addressOf(e1), 5));

    // A network is the cluster's: every host counts every host's endpoints on it.
    for (int h = 1; h <= 3; ++h) {
        EXPECT_TRUE(eventually(
            [&] {
                v1::GetNetworkRequest req;
                req.set_network("web");
                v1::Network n;
                return m_lab->host(h).networks->GetNetwork(deadline().get(), req, &n).ok() &&
                       n.endpoint_count() == 3;
            },
            2s))
            << "h" << h;
    }

    // Full-size frames with DF cross hosts at exactly the overlay MTU (1500 - 50), not beyond.
    EXPECT_TRUE(ping(e1, addressOf(e3), "-M do -s 1422"));
    EXPECT_FALSE(ping(e1, addressOf(e3), "-M do -s 1423"));

    // No flooding, no learning: only permanent entries naming the remote VTEPs.
    std::string ns1 = sandbox(1, "web");
    EXPECT_NE(runIn(ns1, "ip -d link show vx0").output.find("nolearning"), std::string::npos);
    std::string entries = peerEntries(1, "web");
    EXPECT_EQ(entries.find("00:00:00:00:00:00"), std::string::npos) << entries;
    EXPECT_NE(entries.find(e2.mac() + " dst " + m_lab->host(2).vtep), std::string::npos) << entries;
    EXPECT_NE(entries.find(addressOf(e3) + " lladdr " + e3.mac() + " PERMANENT"), std::string::npos)
        << entries;

    // A second network: its endpoints reach each other, never the first network's.
    createNetwork(2, "db", "10.31.0.0/24");
    auto d1 = createEndpoint(1, "d1", "db");
    auto d3 = createEndpoint(3, "d3", "db");
    EXPECT_TRUE(eventuallyPings(d1, addressOf(d3), 5));
    EXPECT_FALSE(ping(e1, addressOf(d3)));
    EXPECT_FALSE(ping(d1, addressOf(e2)));
    EXPECT_EQ(peerEntries(1, "web").find(d3.mac()), std::string::npos);
    EXPECT_FALSE(hasSandbox(2, "db"));  // h2 made db but has no endpoint on it

    // Every host's endpoints, from any host.
    std::set<std::string> seen;
    for (const auto& e : allEndpoints(3)) seen.insert(e.name() + "@" + e.host_name());
    EXPECT_EQ(seen, (std::set<std::string>{"e1@h1", "e2@h2", "e3@h3", "d1@h1", "d3@h3"}));

    // Deleted on h2: unreachable, and its entries leave h1 and h3.
    ASSERT_TRUE(deleteEndpoint(2, "e2").ok());
    for (int h : {1, 3}) {
        EXPECT_TRUE(eventually(
            [&] {
                std::string s = peerEntries(h, "web");
                return s.find(e2.mac()) == std::string::npos &&
                       s.find(addressOf(e2) + " ") == std::string::npos;
            },
            2s))
            << "h" << h << ":\n"
            << peerEntries(h, "web");
    }
    EXPECT_FALSE(ping(e1, addressOf(e2)));
    // Its last endpoint on web gone, h2 takes web's sandbox down.
    EXPECT_TRUE(eventually([&] { return !hasSandbox(2, "web"); }, 3s));
}

TEST_F(ClusterTest, ADeadHostLeavesEveryTableWithinItsLeaseAndComesBack) {
    constexpr int kTtl = 3;
    ASSERT_TRUE(bringUp(3, kTtl));
    createNetwork(1, "web", "10.32.0.0/24");
    auto e1 = createEndpoint(1, "e1", "web");
    auto e2 = createEndpoint(2, "e2", "web");
    auto e3 = createEndpoint(3, "e3", "web");
    ASSERT_TRUE(eventuallyPings(e1, addressOf(e2), 5));
    ASSERT_TRUE(eventuallyPings(e3, addressOf(e2), 5));

    // h2's engine dies and its devices go with it (as in a crash and reboot).
    auto killed = std::chrono::steady_clock::now();
    ASSERT_TRUE(m_lab->lab("engine 2 kill"));
    run("awk '$5 ~ \"^" + m_lab->dir() +
        "/h2/\" {print $5}' /proc/self/mountinfo | sort -r | xargs -r -n1 umount -l");
    const std::string vtep2 = m_lab->host(2).vtep;
    auto clean = [&] {
        for (int h : {1, 3}) {
            std::string s = peerEntries(h, "web");
            if (s.find("dst " + vtep2 + " ") != std::string::npos) return false;
            if (s.find(addressOf(e2) + " ") != std::string::npos) return false;
        }
        return true;
    };
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        std::chrono::seconds(kTtl + 2) - (std::chrono::steady_clock::now() - killed));
    EXPECT_TRUE(eventually(clean, left)) << "h1:\n"
                                         << peerEntries(1, "web") << "h3:\n"
                                         << peerEntries(3, "web");
    auto took = std::chrono::duration_cast<std::chrono::milliseconds>(
        std::chrono::steady_clock::now() - killed);
    std::printf("entries of the dead host gone after %lld ms (lease %d s)\n",
                static_cast<long long>(took.count()), kTtl);
    bool listedDead = false;
    for (const auto& h : hosts(1)) {
        if (h.name() == "h2") listedDead = !h.alive();
    }
    EXPECT_TRUE(listedDead);

    // A live host cannot be removed; a dead one can, and its address claims go with it.
    v1::RemoveHostRequest rm;
    v1::RemoveHostResponse removed;
    rm.set_host("h3");
    EXPECT_EQ(m_lab->host(1).host->RemoveHost(deadline().get(), rm, &removed).error_code(),
              grpc::StatusCode::FAILED_PRECONDITION);
    rm.set_host("h2");
    auto s = m_lab->host(1).host->RemoveHost(deadline().get(), rm, &removed);
    ASSERT_TRUE(s.ok()) << s.error_message();
    EXPECT_EQ(removed.addresses_released(), 2u) << "its endpoint's and its own on the network";
    EXPECT_TRUE(eventually(
        [&] {
            for (const auto& h : hosts(3)) {
                if (h.name() == "h2") return false;
            }
            return true;
        },
        2s));

    // Back with the same id and store: it joins again, claims its (free) address again, and
    // its endpoint is rebuilt and published.
    ASSERT_TRUE(m_lab->lab("engine 2 start"));
    EXPECT_TRUE(eventuallyPings(e1, addressOf(e2), 10));
    EXPECT_TRUE(eventuallyPings(e3, addressOf(e2), 5));
    EXPECT_NE(peerEntries(1, "web").find(e2.mac() + " dst " + vtep2), std::string::npos);
    for (const auto& h : hosts(1)) {
        if (h.name() == "h2") {
            EXPECT_TRUE(h.alive());
        }
    }
}

TEST_F(ClusterTest, TrafficSurvivesAnEtcdOutageAndChangesConvergeAfter) {
    ASSERT_TRUE(bringUp(3));
    createNetwork(1, "web", "10.33.0.0/24");
    auto e1 = createEndpoint(1, "e1", "web");
    auto e2 = createEndpoint(2, "e2", "web");
    auto e5 = createEndpoint(3, "e5", "web");
    ASSERT_TRUE(eventuallyPings(e1, addressOf(e2), 5));
    ASSERT_TRUE(eventuallyPings(e5, addressOf(e1), 5));

    // 5 pings a second for 36 s, across the whole outage.
    CommandResult pinged;
    std::thread pinger(
        [&] { pinged = runIn(e1.netns_path(), "ping -q -i 0.2 -c 180 -W 1 " + addressOf(e2)); });
    std::this_thread::sleep_for(1s);
    ASSERT_TRUE(m_lab->lab("etcd stop"));
    auto stopped = std::chrono::steady_clock::now();

    // Cluster writes are refused with a clear reason; local reads go on.
    EXPECT_TRUE(eventually([&] { return !etcdConnected(1); }, 5s));
    v1::Endpoint refused;
    auto s = createEndpoint(1, "e3", "web", &refused);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::UNAVAILABLE);
    EXPECT_NE(s.error_message().find("etcd"), std::string::npos) << s.error_message();
    EXPECT_NE(s.error_message().find("unreachable"), std::string::npos) << s.error_message();
    EXPECT_EQ(deleteEndpoint(1, "e1").error_code(), grpc::StatusCode::UNAVAILABLE);
    v1::ListEndpointsResponse local;
    ASSERT_TRUE(m_lab->host(1).endpoints->ListEndpoints(deadline().get(), {}, &local).ok());
    EXPECT_EQ(local.endpoints_size(), 1);

    std::this_thread::sleep_until(stopped + 30s);
    ASSERT_TRUE(m_lab->lab("etcd start"));
    for (int h = 1; h <= 3; ++h) {
        EXPECT_TRUE(eventually([&] { return etcdConnected(h); }, 15s)) << "h" << h;
    }
    // Changes made after the restart reach every host.
    auto e3 = createEndpoint(2, "e3", "web");
    EXPECT_TRUE(eventuallyPings(e1, addressOf(e3), 3));
    EXPECT_TRUE(eventuallyPings(e5, addressOf(e3), 3));
    auto e4 = createEndpoint(1, "e4", "web");
    EXPECT_TRUE(eventuallyPings(e3, addressOf(e4), 3));
    EXPECT_TRUE(eventuallyPings(e5, addressOf(e4), 3));
    ASSERT_TRUE(deleteEndpoint(3, "e5").ok());
    for (int h : {1, 2}) {
        EXPECT_TRUE(eventually(
            [&] { return peerEntries(h, "web").find(e5.mac()) == std::string::npos; }, 2s))
            << "h" << h;
    }

    pinger.join();
    EXPECT_NE(pinged.output.find(" 0% packet loss"), std::string::npos) << pinged.output;
}

TEST_F(ClusterTest, ConcurrentAllocationFromThreeHostsHandsOutEachAddressAndVniOnce) {
    ASSERT_TRUE(bringUp(3));
    createNetwork(1, "big", "10.40.0.0/22");
    for (int h = 2; h <= 3; ++h) {
        ASSERT_TRUE(eventually([&] { return !sandbox(h, "big").empty(); }, 3s));
    }

    constexpr int kPerHost = 100;
    std::vector<std::thread> threads;
    std::vector<int> failures(3, 0);
    std::vector<std::string> firstError(3);
    for (int h = 1; h <= 3; ++h) {
        threads.emplace_back([&, h] {
            for (int k = 0; k < kPerHost; ++k) {
                v1::Endpoint e;
                auto s =
                    createEndpoint(h, "h" + std::to_string(h) + "-" + std::to_string(k), "big", &e);
                if (!s.ok() && failures[h - 1]++ == 0) firstError[h - 1] = s.error_message();
            }
        });
    }
    for (auto& t : threads) t.join();
    for (int h = 0; h < 3; ++h) EXPECT_EQ(failures[h], 0) << "h" << h + 1 << ": " << firstError[h];

    std::set<std::string> ips, macs;
    auto all = allEndpoints(1);
    for (const auto& e : all) {
        ips.insert(e.ip());
        macs.insert(e.mac());
    }
    EXPECT_EQ(all.size(), 3u * kPerHost);
    EXPECT_EQ(ips.size(), 3u * kPerHost);
    EXPECT_EQ(macs.size(), 3u * kPerHost);

    // Networks made at the same time on three hosts: distinct VNIs; one name, one winner.
    threads.clear();
    std::vector<int> created(3, 0), dupWon(3, 0);
    for (int h = 1; h <= 3; ++h) {
        threads.emplace_back([&, h] {
            for (int k = 0; k < 5; ++k) {
                v1::Network n;
                auto s = createNetwork(
                    h, "n" + std::to_string(h) + "-" + std::to_string(k),
                    "10.5" + std::to_string(h) + "." + std::to_string(k) + ".0/24", &n);
                if (s.ok()) created[h - 1]++;
            }
            v1::Network n;
            auto s = createNetwork(h, "dup", "10.6" + std::to_string(h) + ".0.0/24", &n);
            if (s.ok())
                dupWon[h - 1] = 1;
            else
                EXPECT_EQ(s.error_code(), grpc::StatusCode::ALREADY_EXISTS) << s.error_message();
        });
    }
    for (auto& t : threads) t.join();
    EXPECT_EQ(created, (std::vector<int>{5, 5, 5}));
    EXPECT_EQ(dupWon[0] + dupWon[1] + dupWon[2], 1);
    EXPECT_TRUE(eventually(
        [&] {
            v1::ListNetworksResponse resp;
            m_lab->host(3).networks->ListNetworks(deadline().get(), {}, &resp);
            std::set<uint32_t> vnis;
            for (const auto& n : resp.networks()) vnis.insert(n.vni());
            return resp.networks_size() == 17 && vnis.size() == 17;
        },
        3s));
}

TEST_F(ClusterTest, ThePeriodicPassRewritesMissingStaleAndWrongEntries) {
    ASSERT_TRUE(bringUp(2, 10, false, /*resyncSeconds=*/2));
    createNetwork(1, "web", "10.35.0.0/24");
    auto a = createEndpoint(1, "a", "web");
    auto b = createEndpoint(2, "b", "web");
    ASSERT_TRUE(eventuallyPings(a, addressOf(b), 5));
    std::string ns = sandbox(1, "web");
    // Behind the engine's back: b's FDB entry gone, its neighbour wrong, a stranger added.
    ASSERT_TRUE(corruptPeerEntries(ns, b));
    EXPECT_TRUE(eventually([&] { return peerEntriesRight(b); }, 5s)) << peerEntries(1, "web");
    EXPECT_TRUE(eventuallyPings(a, addressOf(b), 2));
}

// The same drift with the periodic pass half a minute away: the engine hears the FDB and
// neighbour changes in its sandbox and repairs them within about a second.
TEST_F(ClusterTest, FdbAndNeighbourDriftIsRepairedFromKernelEvents) {
    ASSERT_TRUE(bringUp(2, 10, false, /*resyncSeconds=*/30));
    createNetwork(1, "web", "10.36.0.0/24");
    auto a = createEndpoint(1, "a", "web");
    auto b = createEndpoint(2, "b", "web");
    ASSERT_TRUE(eventuallyPings(a, addressOf(b), 5));
    std::string ns = sandbox(1, "web");
    auto repaired = [&] { return peerEntriesRight(b); };
    ASSERT_TRUE(repaired()) << peerEntries(1, "web");
    auto started = std::chrono::steady_clock::now();
    ASSERT_TRUE(corruptPeerEntries(ns, b));
    EXPECT_TRUE(eventually(repaired, 2s)) << peerEntries(1, "web");
    auto took = std::chrono::duration_cast<std::chrono::milliseconds>(
        std::chrono::steady_clock::now() - started);
    std::fprintf(stderr, "FDB and neighbour drift repaired %lld ms after the first change\n",
                 static_cast<long long>(took.count()));
    EXPECT_TRUE(eventuallyPings(a, addressOf(b), 2));
}

TEST_F(ClusterTest, EnginesJoinAnEtcdThatDemandsClientCertificates) {
    ASSERT_TRUE(bringUp(2, 10, /*tls=*/true));
    createNetwork(1, "web", "10.34.0.0/24");
    // Host 2 learns of the network from its watch (under load, after the create returned).
    ASSERT_TRUE(knowsNetwork(2, "web"));
    auto a = createEndpoint(1, "a", "web");
    auto b = createEndpoint(2, "b", "web");
    EXPECT_TRUE(eventuallyPings(a, addressOf(b), 5));
    // The engines got in with the lab's client certificate; without one, etcd says no.
    std::string pki = m_lab->dir() + "/pki/";
    std::string etcdctl =
        "env ETCDCTL_API=3 etcdctl --endpoints https://198.51.100.254:2379 "
        "--dial-timeout 2s --command-timeout 2s --cacert " +
        pki + "ca.pem ";
    auto with =
        runIn(m_lab->etcdNetns(), etcdctl + "--cert " + pki + "client.pem --key " + pki +
                                      "client-key.pem get --prefix /loom/v1/hosts/ --keys-only");
    EXPECT_EQ(with.exitCode, 0) << with.output;
    EXPECT_NE(with.output.find("/loom/v1/hosts/"), std::string::npos) << with.output;
    auto without = runIn(m_lab->etcdNetns(), etcdctl + "get --prefix /loom/v1/hosts/ --keys-only");
    EXPECT_NE(without.exitCode, 0) << without.output;
}

}  // namespace
}  // namespace loom::test

namespace loom::test {
namespace {

// The API on TCP with mutual TLS: a certificate from the lab's CA gets in; none, or one from
// another CA, does not.
TEST_F(ClusterTest, TheTcpListenerTakesOnlyClientsWithACertificateFromItsCa) {
    ASSERT_TRUE(bringUp(2, 10, /*tls=*/true));
    std::string pki = m_lab->dir() + "/pki/";
    std::string other = m_lab->dir() + "/other/";
    ASSERT_EQ(run("mkdir -p " + other + " && cd " + other +
                  " && openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes "
                  "-days 1 -subj /CN=other -keyout ca-key.pem -out ca.pem && openssl req -newkey "
                  "ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -subj /CN=x -keyout x-key.pem "
                  "-out x.csr && printf 'extendedKeyUsage=clientAuth\\n' > x.ext && openssl x509 "
                  "-req -in x.csr -CA ca.pem -CAkey ca-key.pem -CAcreateserial -days 1 -extfile "
                  "x.ext -out x.pem")
                  .exitCode,
              0);
    // From inside host 2, to host 1's listener (its VTEP, as published in its host record).
    std::string api;
    for (const auto& h : hosts(2)) {
        if (h.name() == "h1") api = h.api_address();
    }
    ASSERT_EQ(api, m_lab->host(1).vtep + ":7443");
    std::string ctl =
        std::string(LOOM_BIN_DIR) + "/loomctl --server " + api + " --ca " + pki + "ca.pem ";
    auto good = runIn(m_lab->host(2).netns, ctl + "--cert " + pki + "client.pem --key " + pki +
                                                "client-key.pem host info");
    EXPECT_EQ(good.exitCode, 0) << good.output;
    EXPECT_NE(good.output.find("name:       h1"), std::string::npos) << good.output;
    auto none = runIn(m_lab->host(2).netns, ctl + "host info");
    EXPECT_EQ(none.exitCode, 1) << none.output;
    auto stranger = runIn(m_lab->host(2).netns,
                          ctl + "--cert " + other + "x.pem --key " + other + "x-key.pem host info");
    EXPECT_EQ(stranger.exitCode, 1) << stranger.output;
}

}  // namespace
}  // namespace loom::test
