// Cluster writes: a slow etcd stalls nothing but the writes that wait on it, a rollback that
// cannot reach etcd leaves nothing behind.
#include <sys/stat.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <fstream>
#include <thread>

#include "tests/cluster/cluster_fixture.h"

namespace loom::test {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

double millisSince(Clock::time_point t) {
    return std::chrono::duration<double, std::milli>(Clock::now() - t).count();
}

double percentile(std::vector<double> v, double p) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, static_cast<size_t>(p * static_cast<double>(v.size())))];
}

// etcdctl inside the lab's etcd namespace: the keys under `prefix`.
std::vector<std::string> etcdKeys(Lab& lab, const std::string& prefix) {
    auto r = runIn(lab.etcdNetns(),
                   "env ETCDCTL_API=3 etcdctl --endpoints http://198.51.100.254:2379 "
                   "--command-timeout=2s get --prefix --keys-only " +
                       prefix);
    std::vector<std::string> keys;
    size_t at = 0;
    while (at < r.output.size()) {
        size_t end = r.output.find('\n', at);
        if (end == std::string::npos) end = r.output.size();
        std::string line = r.output.substr(at, end - at);
        if (!line.empty()) keys.push_back(line);
        at = end + 1;
    }
    return keys;
}

TEST_F(ClusterTest, AFrozenEtcdStallsNeitherReadsNorStreamsNorRepairs) {
    ASSERT_TRUE(bringUp(1));
    createNetwork(1, "web", "10.41.0.0/24");
    auto e1 = createEndpoint(1, "e1", "web");
    ASSERT_FALSE(e1.netns_path().empty());

    // The live stats stream, counted.
    auto telemetry = v1::TelemetryService::NewStub(
        grpc::CreateChannel("unix:" + m_lab->host(1).socket, grpc::InsecureChannelCredentials()));
    grpc::ClientContext statsCtx;
    auto stats = telemetry->WatchStats(&statsCtx, {});
    std::atomic<int> samples{0};
    std::thread statsReader([&] {
        v1::StatsSample s;
        while (stats->Read(&s)) ++samples;
    });

    ASSERT_TRUE(m_lab->lab("etcd pause"));
    // Three creates queue behind etcd: each waits for its deadline.
    std::atomic<int> pending{3};
    std::vector<grpc::Status> outcomes(3);
    std::vector<std::thread> creators;
    for (int i = 0; i < 3; ++i) {
        creators.emplace_back([&, i] {
            v1::Endpoint out;
            outcomes[i] = createEndpoint(1, "late" + std::to_string(i), "web", &out);
            --pending;
        });
    }

    // Reads on the same engine answer as usual meanwhile.
    std::vector<double> lists, hostInfo;
    auto until = Clock::now() + 2s;
    while (Clock::now() < until) {
        auto t = Clock::now();
        v1::ListEndpointsResponse eps;
        ASSERT_TRUE(m_lab->host(1).endpoints->ListEndpoints(deadline().get(), {}, &eps).ok());
        lists.push_back(millisSince(t));
        t = Clock::now();
        v1::ListNetworksResponse nets;
        ASSERT_TRUE(m_lab->host(1).networks->ListNetworks(deadline().get(), {}, &nets).ok());
        lists.push_back(millisSince(t));
        t = Clock::now();
        v1::Host h;
        ASSERT_TRUE(m_lab->host(1).host->GetHost(deadline().get(), {}, &h).ok());
        hostInfo.push_back(millisSince(t));
    }
    EXPECT_EQ(pending.load(), 3) << "the creates did not wait on the frozen etcd";
    std::fprintf(
        stderr, "frozen etcd: %zu lists, p50 %.2f ms, p99 %.2f ms; host info p99 %.2f ms\n",
        lists.size(), percentile(lists, 0.5), percentile(lists, 0.99), percentile(hostInfo, 0.99));
    EXPECT_LT(percentile(lists, 0.99), 10.0);
    EXPECT_LT(percentile(hostInfo, 0.99), 10.0);

    // The stats stream goes on, and the reconciler repairs a deleted interface.
    int before = samples.load();
    EXPECT_TRUE(eventually([&] { return samples.load() >= before + 2; }, 3s));
    ASSERT_EQ(runIn(e1.netns_path(), "ip link del eth0").exitCode, 0);
    EXPECT_TRUE(eventually(
        [&] { return runIn(e1.netns_path(), "ip -o link show eth0").exitCode == 0; }, 3s));
    EXPECT_GT(pending.load(), 0) << "etcd was not frozen for the whole check";

    ASSERT_TRUE(m_lab->lab("etcd resume"));
    for (auto& t : creators) t.join();
    statsCtx.TryCancel();
    statsReader.join();
    (void)stats->Finish();
    // Each waiting create either went through once etcd was back or was refused cleanly.
    EXPECT_TRUE(eventually([&] { return etcdConnected(1); }, 15s));
    v1::ListEndpointsResponse eps;
    ASSERT_TRUE(m_lab->host(1).endpoints->ListEndpoints(deadline().get(), {}, &eps).ok());
    int created = 0;
    for (const auto& o : outcomes) {
        if (o.ok()) {
            ++created;
        } else {
            EXPECT_EQ(o.error_code(), grpc::StatusCode::UNAVAILABLE) << o.error_message();
        }
    }
    EXPECT_EQ(eps.endpoints_size(), 1 + created);
}

TEST_F(ClusterTest, AClaimLeftByARollbackThatCouldNotReachEtcdIsSweptAway) {
    // The engines hold each create after its etcd claim while this file is missing.
    std::string hold = "/tmp/loom-hold-" + std::to_string(::getpid()) + "-" + randomSuffix(6);
    std::ofstream(hold).put('1');
    ::setenv("LOOM_TEST_HOLD_AFTER_CLAIM", hold.c_str(), 1);
    struct Cleanup {
        std::string hold, ns;
        ~Cleanup() {
            ::unsetenv("LOOM_TEST_HOLD_AFTER_CLAIM");
            std::remove(hold.c_str());
            if (!ns.empty()) (void)run("ip netns del " + ns);
        }
    } cleanup{hold, "lct" + randomSuffix(8)};
    ASSERT_TRUE(bringUp(1));
    createNetwork(1, "web", "10.42.0.0/24");
    // The namespace already has an eth0 that is not Loom's: the kernel step will fail.
    ASSERT_EQ(run("ip netns add " + cleanup.ns).exitCode, 0);
    std::string nsPath = "/run/netns/" + cleanup.ns;
    ASSERT_EQ(runIn(nsPath, "ip link add eth0 type veth peer name other").exitCode, 0);

    std::remove(hold.c_str());
    grpc::Status outcome;
    std::thread creator([&] {
        v1::CreateEndpointRequest req;
        req.set_name("doomed");
        req.set_network("web");
        req.set_netns_path(nsPath);
        v1::Endpoint out;
        outcome = m_lab->host(1).endpoints->CreateEndpoint(deadline().get(), req, &out);
    });
    // The claim and the record are in etcd; then etcd freezes, and the create goes on.
    EXPECT_TRUE(eventually([&] { return !etcdKeys(*m_lab, "/loom/v1/endpoints/").empty(); }, 10s));
    ASSERT_TRUE(m_lab->lab("etcd pause"));
    std::ofstream(hold).put('1');
    creator.join();
    EXPECT_EQ(outcome.error_code(), grpc::StatusCode::ALREADY_EXISTS) << outcome.error_message();
    // The rollback could not withdraw the claim (etcd is frozen): it says so.
    EXPECT_TRUE(eventually(
        [&] { return m_lab->logs().find("left to the next sweep") != std::string::npos; }, 10s))
        << m_lab->logs();
    ASSERT_TRUE(m_lab->lab("etcd resume"));

    // No row, no claim, no record, no kernel object after the sweep.
    v1::ListEndpointsResponse eps;
    ASSERT_TRUE(m_lab->host(1).endpoints->ListEndpoints(deadline().get(), {}, &eps).ok());
    EXPECT_EQ(eps.endpoints_size(), 0);
    EXPECT_TRUE(eventually(
        [&] {
            auto claims = etcdKeys(*m_lab, "/loom/v1/ipam/");
            return etcdKeys(*m_lab, "/loom/v1/endpoints/").empty() &&
                   std::none_of(claims.begin(), claims.end(), [](const std::string& k) {
                       return k.find("10.42.0.") != std::string::npos;
                   });
        },
        20s))
        << "left in etcd: "
        << runIn(m_lab->etcdNetns(),
                 "env ETCDCTL_API=3 etcdctl --endpoints "
                 "http://198.51.100.254:2379 get --prefix /loom/v1/")
               .output;
    EXPECT_TRUE(eventually([&] { return !hasSandbox(1, "web"); }, 5s));
    auto links = runIn(nsPath, "ip -o link").output;
    EXPECT_NE(links.find("eth0"), std::string::npos);
    EXPECT_NE(links.find("other"), std::string::npos);
    EXPECT_EQ(countLinks(nsPath, ""), 3) << links;  // lo, eth0, other
}

}  // namespace
}  // namespace loom::test
