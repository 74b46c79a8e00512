// The cluster-wide API and latency: any engine answers for every host, asking the others over
// their mutual-TLS listeners; latency is probed over the overlay between every pair of hosts.
#include <algorithm>
#include <condition_variable>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>

#include "tests/cluster/cluster_fixture.h"
#include "tests/cluster/event_follower.h"

namespace loom::test {
namespace {

using namespace std::chrono_literals;

// Follows one server stream of per-host samples and keeps the newest of each host.
template <typename Message>
class Follower {
public:
    template <typename Open>
    explicit Follower(Open open) {
        m_reader = open(&m_ctx);
        m_thread = std::thread([this] {
            Message m;
            while (m_reader->Read(&m)) {
                std::lock_guard lock(m_mutex);
                m_latest[m.host_name()] = m;
                ++m_count;
            }
        });
    }
    ~Follower() {
        m_ctx.TryCancel();
        m_thread.join();
        (void)m_reader->Finish();
    }
    std::map<std::string, Message> latest() {
        std::lock_guard lock(m_mutex);
        return m_latest;
    }

private:
    grpc::ClientContext m_ctx;
    std::unique_ptr<grpc::ClientReader<Message>> m_reader;
    std::mutex m_mutex;
    std::map<std::string, Message> m_latest;
    size_t m_count = 0;
    std::thread m_thread;
};

int countEntries(const std::string& dir) {
    std::error_code ec;
    int n = 0;
    for (auto it = std::filesystem::directory_iterator(dir, ec);
         !ec && it != std::filesystem::directory_iterator(); it.increment(ec)) {
        ++n;
    }
    return n;
}

std::unique_ptr<v1::TelemetryService::Stub> telemetry(Lab::Host& h) {
    return v1::TelemetryService::NewStub(
        grpc::CreateChannel("unix:" + h.socket, grpc::InsecureChannelCredentials()));
}

// The probe from `from` to `to` on a network, as `from` reported it.
const v1::LatencyTarget* probe(const std::map<std::string, v1::LatencySample>& samples,
                               const std::string& from, const std::string& to,
                               v1::LatencyTarget::Kind kind = v1::LatencyTarget::KIND_HOST) {
    auto s = samples.find(from);
    if (s == samples.end()) return nullptr;
    for (const auto& t : s->second.targets()) {
        if (t.kind() == kind && t.name() == to) return &t;
    }
    return nullptr;
}

TEST_F(ClusterTest, LatencyBetweenEveryPairOfHostsAndLossOnceAnEngineStops) {
    ASSERT_TRUE(bringUp(3, 10, /*tls=*/true));
    createNetwork(1, "web", "10.36.0.0/24");
    std::vector<v1::Endpoint> eps;
    for (int h = 1; h <= 3; ++h) eps.push_back(createEndpoint(h, "e" + std::to_string(h), "web"));

    // Each host holds an address of its own on the network's bridge, with the derived MAC.
    for (int h = 1; h <= 3; ++h) {
        ASSERT_TRUE(eventually(
            [&] {
                auto out = runIn(sandbox(h, "web"), "ip -4 -o addr show dev br0").output;
                return out.find("10.36.0.1/24") != std::string::npos &&
                       out.find("10.36.0.25") != std::string::npos;  // from the top: .25x
            },
            5s))
            << runIn(sandbox(h, "web"), "ip addr show dev br0").output;
    }

    auto stub = telemetry(m_lab->host(1));
    v1::WatchLatencyRequest req;
    req.set_all_hosts(true);
    Follower<v1::LatencySample> follow(
        [&](grpc::ClientContext* ctx) { return stub->WatchLatency(ctx, req); });
    // Every ordered pair answers, and every host reaches its own endpoint.
    std::string missing;
    bool all = eventually(
        [&] {
            auto samples = follow.latest();
            missing.clear();
            for (int a = 1; a <= 3; ++a) {
                std::string from = "h" + std::to_string(a);
                for (int b = 1; b <= 3; ++b) {
                    if (a == b) continue;
                    std::string to = "h" + std::to_string(b);
                    auto* t = probe(samples, from, to);
                    if (!t || t->received() == 0 || t->loss_recent() > 0) {
                        missing += " " + from + "->" + to;
                    }
                }
                auto* own =
                    probe(samples, from, "e" + std::to_string(a), v1::LatencyTarget::KIND_ENDPOINT);
                if (!own || own->received() == 0) missing += " " + from + "->own endpoint";
            }
            return missing.empty();
        },
        15s);
    ASSERT_TRUE(all) << "no answers on:" << missing;
    auto samples = follow.latest();
    auto* t = probe(samples, "h2", "h3");
    ASSERT_NE(t, nullptr);
    EXPECT_EQ(t->network_name(), "web");
    EXPECT_GT(t->p50_ms(), 0.0);
    EXPECT_LT(t->p50_ms(), 100.0);
    EXPECT_LE(t->p50_ms(), t->p90_ms());
    EXPECT_LE(t->p90_ms(), t->p99_ms());
    EXPECT_FALSE(t->source().empty());
    EXPECT_NE(t->source(), t->address());

    // Host 2's probes of host 3, kept by host 2's engine, read through host 1.
    v1::QueryLatencyRequest q;
    q.set_network("web");
    q.set_from_host("h2");
    q.set_to("h3");
    ASSERT_TRUE(eventually(
        [&] {
            v1::QueryLatencyResponse r;
            auto st = stub->QueryLatency(deadline().get(), q, &r);
            if (!st.ok() || r.from_host() != "h2" || r.to_name() != "h3") {
                std::fprintf(stderr, "%s\n", st.error_message().c_str());
                return false;
            }
            for (const auto& p : r.points()) {
                if (p.answered() && p.rtt_ms() > 0) return true;
            }
            return false;
        },
        6s));

    // Host 3's engine stops (the data plane stays): its probes go unanswered, and within 5 s
    // it shows as 100% loss from both other hosts: a row with loss, not a missing row.
    auto stopped = std::chrono::steady_clock::now();
    ASSERT_TRUE(m_lab->lab("engine 3 stop"));
    bool lost = eventually(
        [&] {
            auto s = follow.latest();
            auto* a = probe(s, "h1", "h3");
            auto* b = probe(s, "h2", "h3");
            return a && b && a->loss_recent() == 1.0 && b->loss_recent() == 1.0;
        },
        6s);
    auto took = std::chrono::duration_cast<std::chrono::milliseconds>(
        std::chrono::steady_clock::now() - stopped);
    EXPECT_TRUE(lost);
    EXPECT_LE(took.count(), 5000) << "took " << took.count() << " ms";
    std::fprintf(stderr, "100%% loss seen %lld ms after the stop command\n",
                 static_cast<long long>(took.count()));
    // The others still answer each other.
    auto s = follow.latest();
    ASSERT_NE(probe(s, "h1", "h2"), nullptr);
    EXPECT_EQ(probe(s, "h1", "h2")->loss_recent(), 0.0);
}

TEST_F(ClusterTest, AnyEngineAnswersForTheClusterAndForwardsWritesToTheOwner) {
    ASSERT_TRUE(bringUp(2, 10, /*tls=*/true));
    createNetwork(1, "web", "10.37.0.0/24");
    auto local = createEndpoint(1, "near", "web");

    // Created on host 2 by asking host 1.
    v1::CreateEndpointRequest req;
    req.set_name("far");
    req.set_network("web");
    req.set_host("h2");
    v1::Endpoint far;
    auto s = m_lab->host(1).endpoints->CreateEndpoint(deadline().get(), req, &far);
    ASSERT_TRUE(s.ok()) << s.error_message();
    EXPECT_EQ(far.host_name(), "h2");
    EXPECT_TRUE(eventuallyPings(local, addressOf(far), 5));
    // Host 2 has it in its own store, as a local endpoint.
    v1::ListEndpointsResponse onTwo;
    ASSERT_TRUE(m_lab->host(2).endpoints->ListEndpoints(deadline().get(), {}, &onTwo).ok());
    ASSERT_EQ(onTwo.endpoints_size(), 1);
    EXPECT_EQ(onTwo.endpoints(0).name(), "far");
    // Host 1 reads it.
    v1::GetEndpointRequest get;
    get.set_endpoint("far");
    v1::Endpoint seen;
    ASSERT_TRUE(m_lab->host(1).endpoints->GetEndpoint(deadline().get(), get, &seen).ok());
    EXPECT_EQ(seen.id(), far.id());

    // Live rates of both hosts through host 1, each endpoint by name under its own host.
    auto stub = telemetry(m_lab->host(1));
    v1::WatchStatsRequest watch;
    watch.set_all_hosts(true);
    Follower<v1::StatsSample> follow(
        [&](grpc::ClientContext* ctx) { return stub->WatchStats(ctx, watch); });
    ASSERT_TRUE(eventually(
        [&] {
            auto all = follow.latest();
            auto named = [&](const std::string& host, const std::string& endpoint) {
                if (!all.count(host)) return false;
                for (const auto& t : all[host].targets()) {
                    if (t.kind() == v1::StatsTarget::KIND_ENDPOINT && t.name() == endpoint) {
                        return true;
                    }
                }
                return false;
            };
            return named("h1", "near") && named("h2", "far") && !named("h1", "far");
        },
        10s));

    // History of host 2's endpoint, through host 1 (the history file is written every 2 s).
    v1::QueryStatsRequest q;
    q.set_kind(v1::StatsTarget::KIND_ENDPOINT);
    q.set_target("far");
    ASSERT_TRUE(eventually(
        [&] {
            v1::QueryStatsResponse r;
            auto st = stub->QueryStats(deadline().get(), q, &r);
            return st.ok() && r.id() == far.id() && r.points_size() > 0;
        },
        10s));
    // And of host 2 itself.
    q.set_kind(v1::StatsTarget::KIND_HOST);
    q.set_target("h2");
    v1::QueryStatsResponse hostHistory;
    ASSERT_TRUE(stub->QueryStats(deadline().get(), q, &hostHistory).ok());
    EXPECT_EQ(hostHistory.name(), "h2");

    // A network's traffic summed over the hosts, asked once: every bucket is the sum of each
    // host's own, and no more than max_points buckets come back.
    runIn(local.netns_path(), "ping -q -c 20 -i 0.05 -s 1200 " + addressOf(far));
    auto nowMs = [] {
        return std::chrono::duration_cast<std::chrono::milliseconds>(
                   std::chrono::system_clock::now().time_since_epoch())
            .count();
    };
    // Every host has sampled up to `to` once it is 1.5 s old; the pings' own samples come a
    // second or two after they end, so the window moves on until the hosts' histories hold them.
    v1::QueryStatsRequest net;
    net.set_kind(v1::StatsTarget::KIND_NETWORK);
    net.set_target("web");
    net.set_step_ms(2000);
    std::map<int64_t, double> summed;
    ASSERT_TRUE(eventually(
        [&] {
            int64_t to = nowMs() - 1500;
            net.set_from_unix_ms(to - 20000);
            net.set_to_unix_ms(to);
            summed.clear();
            double seen = 0;
            for (const char* h : {"h1", "h2"}) {
                net.set_host(h);
                v1::QueryStatsResponse part;
                if (!stub->QueryStats(deadline().get(), net, &part).ok()) return false;
                for (const auto& p : part.points()) {
                    summed[p.unix_ms()] += p.rates().tx_bytes();
                    seen += p.rates().tx_bytes();
                }
            }
            return seen > 0;
        },
        10s))
        << "the pings show in the hosts' histories";
    net.clear_host();
    net.set_all_hosts(true);
    net.set_max_points(8);
    net.clear_step_ms();
    v1::QueryStatsResponse all;
    s = stub->QueryStats(deadline().get(), net, &all);
    ASSERT_TRUE(s.ok()) << s.error_message();
    EXPECT_EQ(all.hosts(), 2u);
    EXPECT_LE(all.points_size(), 8);
    net.set_max_points(0);
    net.set_step_ms(2000);
    all.Clear();
    ASSERT_TRUE(stub->QueryStats(deadline().get(), net, &all).ok());
    double total = 0;
    for (const auto& p : all.points()) {
        ASSERT_TRUE(summed.count(p.unix_ms())) << p.unix_ms();
        EXPECT_NEAR(p.rates().tx_bytes(), summed[p.unix_ms()], 1e-3 * (1 + summed[p.unix_ms()]));
        EXPECT_GE(p.max().tx_bytes(), p.rates().tx_bytes());
        total += p.rates().tx_bytes();
    }
    EXPECT_GT(total, 0) << "the pings crossed the overlay";
    // Asked for every sample, the sum still lines the hosts' samples up: one point a second.
    net.clear_step_ms();
    v1::QueryStatsResponse perSample;
    ASSERT_TRUE(stub->QueryStats(deadline().get(), net, &perSample).ok());
    EXPECT_EQ(perSample.step_ms(), 1000);
    for (int i = 1; i < perSample.points_size(); ++i) {
        EXPECT_EQ(perSample.points(i).unix_ms() - perSample.points(i - 1).unix_ms(), 1000) << i;
    }
    net.set_kind(v1::StatsTarget::KIND_ENDPOINT);
    net.set_target("near");
    s = stub->QueryStats(deadline().get(), net, &all);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << s.error_message();

    // Bad targets get a clear refusal and change nothing.
    req.set_name("nowhere");
    req.set_host("h9");
    v1::Endpoint none;
    s = m_lab->host(1).endpoints->CreateEndpoint(deadline().get(), req, &none);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::NOT_FOUND) << s.error_message();
    EXPECT_NE(s.error_message().find("h9"), std::string::npos) << s.error_message();

    // Deleted on host 2 by asking host 1, by name.
    ASSERT_TRUE(deleteEndpoint(1, "far").ok());
    onTwo.Clear();
    ASSERT_TRUE(m_lab->host(2).endpoints->ListEndpoints(deadline().get(), {}, &onTwo).ok());
    EXPECT_EQ(onTwo.endpoints_size(), 0);
    EXPECT_EQ(allEndpoints(1).size(), 1u);
}

// Consoles come and go: each cluster-wide stream that ends (its client cancels, or is killed)
// must let go of its peer streams without blocking the engine. Stopping used to join the peer
// readers inside gRPC's reaction, on the executor that their cancellation needed: after a few
// clients, every new all_hosts stream of that engine stalled.
TEST_F(ClusterTest, ClientsThatLeaveDoNotWedgeTheClusterWideStreams) {
    ASSERT_TRUE(bringUp(3, 10, /*tls=*/true));
    createNetwork(1, "web", "10.39.0.0/24");
    for (int h = 1; h <= 3; ++h) createEndpoint(h, "w" + std::to_string(h), "web");
    auto stub = telemetry(m_lab->host(1));
    v1::WatchStatsRequest all;
    all.set_all_hosts(true);
    v1::WatchLatencyRequest allLatency;
    allLatency.set_all_hosts(true);
    for (int round = 0; round < 6; ++round) {
        Follower<v1::StatsSample> stats(
            [&](grpc::ClientContext* ctx) { return stub->WatchStats(ctx, all); });
        Follower<v1::LatencySample> latency(
            [&](grpc::ClientContext* ctx) { return stub->WatchLatency(ctx, allLatency); });
        // Leave while the peers' samples flow.
        ASSERT_TRUE(eventually([&] { return stats.latest().size() == 3; }, 5s))
            << "round " << round;
    }
    Follower<v1::StatsSample> last(
        [&](grpc::ClientContext* ctx) { return stub->WatchStats(ctx, all); });
    EXPECT_TRUE(eventually([&] { return last.latest().size() == 3; }, 5s))
        << "h1 still merges every host's samples";
}

// Ten console-like clients of one engine, each following every host's stats and latency,
// share one stream per peer and kind: the engine adds no thread per client (it added one per
// peer per client, and one more per client), and the peers' samples reach all of them.
TEST_F(ClusterTest, TenClusterWideSubscribersShareOneStreamPerPeer) {
    ASSERT_TRUE(bringUp(3, 10, /*tls=*/true));
    createNetwork(1, "web", "10.37.0.0/24");
    for (int h = 1; h <= 3; ++h) createEndpoint(h, "s" + std::to_string(h), "web");
    auto threads = [&] {
        std::ifstream in(m_lab->dir() + "/h1/pid");
        int pid = 0;
        in >> pid;
        return countEntries("/proc/" + std::to_string(pid) + "/task");
    };
    auto stub = telemetry(m_lab->host(1));
    // One client first, so that what is shared (the peer streams, gRPC's own threads) exists.
    v1::WatchStatsRequest all;
    all.set_all_hosts(true);
    v1::WatchLatencyRequest allLatency;
    allLatency.set_all_hosts(true);
    Follower<v1::StatsSample> first(
        [&](grpc::ClientContext* ctx) { return stub->WatchStats(ctx, all); });
    ASSERT_TRUE(eventually([&] { return first.latest().size() == 3; }, 5s));
    int before = threads();

    std::vector<std::unique_ptr<Follower<v1::StatsSample>>> stats;
    std::vector<std::unique_ptr<Follower<v1::LatencySample>>> latency;
    for (int i = 0; i < 10; ++i) {
        stats.push_back(std::make_unique<Follower<v1::StatsSample>>(
            [&](grpc::ClientContext* ctx) { return stub->WatchStats(ctx, all); }));
        latency.push_back(std::make_unique<Follower<v1::LatencySample>>(
            [&](grpc::ClientContext* ctx) { return stub->WatchLatency(ctx, allLatency); }));
    }
    for (auto& f : stats) {
        EXPECT_TRUE(eventually([&] { return f->latest().size() == 3; }, 5s));
    }
    for (auto& f : latency) {
        EXPECT_TRUE(eventually([&] { return f->latest().size() == 3; }, 10s));
    }
    int after = threads();
    std::fprintf(stderr, "h1's engine: %d threads with 1 cluster-wide client, %d with 21\n", before,
                 after);
    EXPECT_LE(after, before + 2);
}

// Without listeners, engines cannot reach each other: a write for another host says why.
TEST_F(ClusterTest, ForwardingNeedsTheListenerAndSaysSo) {
    ASSERT_TRUE(bringUp(2));
    createNetwork(1, "web", "10.38.0.0/24");
    v1::CreateEndpointRequest req;
    req.set_name("far");
    req.set_network("web");
    req.set_host("h2");
    v1::Endpoint e;
    auto s = m_lab->host(1).endpoints->CreateEndpoint(deadline().get(), req, &e);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION) << s.error_message();
    EXPECT_NE(s.error_message().find("--listen"), std::string::npos) << s.error_message();
    EXPECT_TRUE(allEndpoints(2).empty());
}

TEST_F(ClusterTest, OneEnginesEventStreamCarriesTheWholeCluster) {
    ASSERT_TRUE(bringUp(3, /*leaseTtl=*/3));
    createNetwork(1, "web", "10.44.0.0/24");
    createEndpoint(2, "e2", "web");
    EventFollower all(m_lab->host(1), true);
    EventFollower local(m_lab->host(1), false);

    auto t = std::chrono::steady_clock::now();
    createEndpoint(3, "e3", "web");
    EXPECT_TRUE(eventually([&] { return all.has(v1::Event::KIND_CREATED, "e3"); }, 1s));
    ASSERT_TRUE(deleteEndpoint(2, "e2").ok());
    EXPECT_TRUE(eventually([&] { return all.has(v1::Event::KIND_DELETED, "e2"); }, 1s));
    std::fprintf(stderr, "create on h3 and delete on h2 seen on h1 after %lld ms\n",
                 static_cast<long long>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                            std::chrono::steady_clock::now() - t)
                                            .count()));
    // A host dies (its lease expires) and comes back.
    ASSERT_TRUE(m_lab->lab("engine 2 kill"));
    EXPECT_TRUE(eventually([&] { return all.has(v1::Event::KIND_CHANGED, "h2", true); }, 10s));
    ASSERT_TRUE(m_lab->lab("engine 2 start"));
    EXPECT_TRUE(eventually(
        [&] {
            return all.has(v1::Event::KIND_CHANGED, "h2", true) && etcdConnected(2) && [&] {
                for (const auto& h : hosts(1)) {
                    if (h.name() == "h2") return h.alive();
                }
                return false;
            }();
        },
        15s));
    // A stream that did not ask for the cluster hears only this engine.
    EXPECT_EQ(local.remoteCount(), 0u);
    EXPECT_FALSE(local.has(v1::Event::KIND_CREATED, "e3"));
}

}  // namespace
}  // namespace loom::test
