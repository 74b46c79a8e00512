// Live rates over WatchStats against the real kernel: a known load shows up on the right
// endpoint, network and host, in time, and nowhere else.
#include <grpcpp/grpcpp.h>

#include <set>
#include <sstream>
#include <thread>

#include "tests/support/engine_fixture.h"

namespace loom::test {
namespace {

using Clock = std::chrono::steady_clock;

class Telemetry : public EngineTest {
protected:
    const v1::StatsTarget* find(const v1::StatsSample& s, v1::StatsTarget::Kind kind,
                                const std::string& name) {
        for (const auto& t : s.targets()) {
            if (t.kind() == kind && t.name() == name) return &t;
        }
        return nullptr;
    }
};

TEST_F(Telemetry, AKnownLoadShowsOnTheRightEndpointWithinTwoSecondsAndNowhereElse) {
    createNetwork("blue", "10.61.0.0/24");
    auto a = createEndpoint("a", "blue");
    auto b = createEndpoint("b", "blue");
    auto idle = createEndpoint("idle", "blue");
    ASSERT_TRUE(eventuallyPings(a, addressOf(b), 5));
    std::string pidFile = "/tmp/loom-iperf-" + randomSuffix(8) + ".pid";
    ASSERT_EQ(runIn(b.netns_path(), "iperf3 -s -1 -D -I " + pidFile).exitCode, 0);
    struct Reap {
        std::string file;
        ~Reap() { run("kill $(cat " + file + ") 2>/dev/null; rm -f " + file); }
    } reap{pidFile};
    ASSERT_TRUE(eventually(
        [&] {
            return runIn(b.netns_path(), "ss -Hltn 'sport = :5201' | grep -q 5201").exitCode == 0;
        },
        std::chrono::seconds(5)))
        << "iperf3 listens";

    auto stub = v1::TelemetryService::NewStub(m_engine.channel());
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(20));
    auto reader = stub->WatchStats(&ctx, {});

    // 40 Mbit/s of UDP from a to b: 5 MB/s, a's tx and b's rx.
    auto started = Clock::now();
    std::thread load(
        [&] { runIn(a.netns_path(), "iperf3 -c " + addressOf(b) + " -u -b 40M -t 4 >/dev/null"); });
    v1::StatsSample sample;
    bool seen = false;
    Clock::duration took{};
    while (!seen && reader->Read(&sample)) {
        auto* rb = find(sample, v1::StatsTarget::KIND_ENDPOINT, "b");
        if (rb && rb->rates().rx_bytes() > 2e6 &&
            Clock::now() - started > std::chrono::seconds(1)) {
            seen = true;
            took = Clock::now() - started;
        }
        if (Clock::now() - started > std::chrono::seconds(5)) break;
    }
    ctx.TryCancel();
    load.join();
    ASSERT_TRUE(seen) << sample.DebugString();
    EXPECT_LT(took, std::chrono::milliseconds(2200))
        << std::chrono::duration_cast<std::chrono::milliseconds>(took).count() << " ms";

    // The right order of magnitude on the right endpoint and direction...
    auto* ra = find(sample, v1::StatsTarget::KIND_ENDPOINT, "a");
    auto* rb = find(sample, v1::StatsTarget::KIND_ENDPOINT, "b");
    auto* ri = find(sample, v1::StatsTarget::KIND_ENDPOINT, "idle");
    auto* rn = find(sample, v1::StatsTarget::KIND_NETWORK, "blue");
    ASSERT_TRUE(ra && rb && ri && rn) << sample.DebugString();
    EXPECT_GT(rb->rates().rx_bytes(), 2e6);
    EXPECT_LT(rb->rates().rx_bytes(), 20e6);
    EXPECT_GT(ra->rates().tx_bytes(), 2e6);
    EXPECT_LT(ra->rates().tx_bytes(), 20e6);
    EXPECT_GT(rb->rates().rx_packets(), 100);
    // ...and nowhere else: not the idle endpoint, not the other direction, not the vxlan device
    // (the traffic never left the host).
    EXPECT_LT(ri->rates().rx_bytes() + ri->rates().tx_bytes(), 10e3) << ri->DebugString();
    EXPECT_LT(ra->rates().rx_bytes(), 100e3);
    EXPECT_LT(rn->rates().rx_bytes() + rn->rates().tx_bytes(), 10e3) << rn->DebugString();
    EXPECT_GT(sample.interfaces(), 4u);
}

TEST_F(Telemetry, FiltersAndBadFilters) {
    createNetwork("blue", "10.62.0.0/24");
    createNetwork("green", "10.63.0.0/24");
    createEndpoint("a", "blue");
    createEndpoint("g", "green");
    auto stub = v1::TelemetryService::NewStub(m_engine.channel());

    v1::WatchStatsRequest req;
    req.add_networks("green");
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    auto reader = stub->WatchStats(&ctx, req);
    v1::StatsSample sample;
    bool sawGreen = false;
    for (int i = 0; i < 4 && reader->Read(&sample); ++i) {
        for (const auto& t : sample.targets()) {
            if (t.kind() == v1::StatsTarget::KIND_HOST) continue;
            EXPECT_EQ(t.network_name(), "green") << t.DebugString();
            sawGreen = sawGreen || t.name() == "g";
        }
        if (sawGreen) break;
    }
    ctx.TryCancel();
    EXPECT_TRUE(sawGreen);

    v1::WatchStatsRequest bad;
    bad.add_networks("nope");
    grpc::ClientContext badCtx;
    badCtx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
    auto badReader = stub->WatchStats(&badCtx, bad);
    EXPECT_FALSE(badReader->Read(&sample));
    auto s = badReader->Finish();
    EXPECT_EQ(s.error_code(), grpc::StatusCode::NOT_FOUND);
    EXPECT_NE(s.error_message().find("nope"), std::string::npos) << s.error_message();
}

}  // namespace
}  // namespace loom::test

namespace loom::test {
namespace {

// Samples every 200 ms, rolled up every 2 s, so a test sees both in seconds.
class History : public EngineTest {
protected:
    History()
        : EngineTest(1500, {"--sample-interval", "200", "--probe-interval", "200", "--history-step",
                            "2"}) {}
};

// Standalone, the prober pings each local endpoint from its network's bridge; every round is
// kept, and the rollups average the answered rounds.
TEST_F(History, ProbesLocalEndpointsAndKeepsTheirLatency) {
    createNetwork("green", "10.65.0.0/24");
    auto a = createEndpoint("a", "green");
    auto stub = v1::TelemetryService::NewStub(m_engine.channel());
    {
        grpc::ClientContext ctx;
        auto reader = stub->WatchLatency(&ctx, {});
        v1::LatencySample s;
        bool answered = false;
        auto until = std::chrono::steady_clock::now() + std::chrono::seconds(5);
        while (!answered && std::chrono::steady_clock::now() < until && reader->Read(&s)) {
            for (const auto& t : s.targets()) {
                if (t.kind() == v1::LatencyTarget::KIND_ENDPOINT && t.name() == "a" &&
                    t.received() > 0) {
                    answered = true;
                    EXPECT_EQ(t.address(), addressOf(a));
                    EXPECT_EQ(t.network_name(), "green");
                    EXPECT_GT(t.p50_ms(), 0.0);
                    EXPECT_EQ(t.loss_recent(), 0.0);
                }
            }
        }
        ctx.TryCancel();
        EXPECT_TRUE(answered);
    }
    auto query = [&](int64_t stepMs) {
        v1::QueryLatencyRequest req;
        req.set_network("green");
        req.set_to("a");
        req.set_from_unix_ms(std::chrono::duration_cast<std::chrono::milliseconds>(
                                 std::chrono::system_clock::now().time_since_epoch())
                                 .count() -
                             60000);
        req.set_step_ms(stepMs);
        v1::QueryLatencyResponse resp;
        auto s = stub->QueryLatency(deadline().get(), req, &resp);
        EXPECT_TRUE(s.ok()) << s.error_message();
        return resp;
    };
    // Until over 3 s of rounds are in the history and a 2-s bucket holds several of them.
    v1::QueryLatencyResponse fine, coarse;
    auto filled = [&] {
        fine = query(0);
        coarse = query(2000);
        if (fine.points_size() < 15) return false;
        for (const auto& c : coarse.points()) {
            int n = 0;
            for (const auto& p : fine.points()) {
                n += p.answered() && p.unix_ms() >= c.unix_ms() && p.unix_ms() < c.unix_ms() + 2000;
            }
            if (n >= 5) return true;
        }
        return false;
    };
    EXPECT_TRUE(eventually(filled, std::chrono::seconds(10)));
    EXPECT_EQ(fine.to_name(), "a");
    ASSERT_GE(fine.points_size(), 15) << "5 rounds a second for over 3 s";
    int checked = 0;
    for (const auto& c : coarse.points()) {
        double sum = 0;
        int n = 0;
        for (const auto& p : fine.points()) {
            if (p.answered() && p.unix_ms() >= c.unix_ms() && p.unix_ms() < c.unix_ms() + 2000) {
                sum += p.rtt_ms();
                ++n;
            }
        }
        if (n == 0) continue;
        EXPECT_TRUE(c.answered());
        EXPECT_NEAR(c.rtt_ms(), sum / n, 1e-9 + 1e-4 * sum / n) << c.unix_ms();
        EXPECT_GE(c.max_rtt_ms(), c.rtt_ms());
        ++checked;
    }
    EXPECT_GE(checked, 1);

    v1::QueryLatencyRequest bad;
    bad.set_network("green");
    bad.set_to("nobody");
    v1::QueryLatencyResponse resp;
    auto s = stub->QueryLatency(deadline().get(), bad, &resp);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::NOT_FOUND);
    EXPECT_NE(s.error_message().find("nobody"), std::string::npos) << s.error_message();
}

TEST_F(History, KeepsEverySampleAndRollsThemUpConsistently) {
    createNetwork("blue", "10.64.0.0/24");
    auto a = createEndpoint("a", "blue");
    auto b = createEndpoint("b", "blue");
    ASSERT_TRUE(eventuallyPings(a, addressOf(b), 5));
    // Some traffic, so the numbers are not all zero.
    runIn(a.netns_path(), "ping -q -c 40 -i 0.1 -s 1000 " + addressOf(b));
    auto stub = v1::TelemetryService::NewStub(m_engine.channel());
    auto query = [&](int64_t stepMs) {
        v1::QueryStatsRequest req;
        req.set_kind(v1::StatsTarget::KIND_ENDPOINT);
        req.set_target("a");
        req.set_from_unix_ms(std::chrono::duration_cast<std::chrono::milliseconds>(
                                 std::chrono::system_clock::now().time_since_epoch())
                                 .count() -
                             60000);
        req.set_step_ms(stepMs);
        v1::QueryStatsResponse resp;
        auto s = stub->QueryStats(deadline().get(), req, &resp);
        EXPECT_TRUE(s.ok()) << s.error_message();
        return resp;
    };
    // Until the pings' samples are in the history and a full 2-s bucket follows them.
    v1::QueryStatsResponse fine;
    auto sentIn = [](const v1::QueryStatsResponse& r) {
        double sent = 0;
        for (const auto& p : r.points()) sent += p.rates().tx_bytes();
        return sent;
    };
    EXPECT_TRUE(eventually(
        [&] {
            fine = query(0);
            return fine.points_size() >= 20 && sentIn(fine) > 0;
        },
        std::chrono::seconds(10)));
    EXPECT_EQ(fine.name(), "a");
    ASSERT_GE(fine.points_size(), 20) << "5 samples a second for over 4 s";
    EXPECT_GT(sentIn(fine), 0);

    // Every rolled-up bucket is the average of the samples in it.
    auto coarse = query(2000);
    ASSERT_GE(coarse.points_size(), 1);
    int checked = 0;
    for (const auto& c : coarse.points()) {
        double sum = 0;
        int n = 0;
        for (const auto& p : fine.points()) {
            if (p.unix_ms() >= c.unix_ms() && p.unix_ms() < c.unix_ms() + 2000) {
                sum += p.rates().tx_bytes();
                ++n;
            }
        }
        if (n == 0) continue;  // its samples are older than the fine query's first
        // Stored values keep 4.5 significant digits (a relative error under 2^-16).
        EXPECT_NEAR(c.rates().tx_bytes(), sum / n, 1e-4 * (1 + sum / n)) << c.unix_ms();
        ++checked;
    }
    EXPECT_GE(checked, 1);

    // Bad queries say what is wrong.
    v1::QueryStatsRequest bad;
    bad.set_kind(v1::StatsTarget::KIND_ENDPOINT);
    bad.set_target("nope");
    v1::QueryStatsResponse resp;
    auto s = stub->QueryStats(deadline().get(), bad, &resp);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::NOT_FOUND);
    bad.set_kind(v1::StatsTarget::KIND_UNSPECIFIED);
    s = stub->QueryStats(deadline().get(), bad, &resp);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
}

}  // namespace
}  // namespace loom::test

namespace loom::test {
namespace {

class SlowReader : public EngineTest {
protected:
    SlowReader() : EngineTest(1500, {"--sample-interval", "100"}) {}
};

// A reader that stops reading for 3 s (30 samples at 100 ms) finds the newest sample after a
// few reads (what sat in transport buffers), not a backlog of every sample it missed. The
// client keeps a small flow-control window (no BDP growth), so back-pressure reaches the
// engine within a few samples; with gRPC's default, growing window the transport itself holds
// up to a few seconds of samples before the engine starts coalescing.
TEST_F(SlowReader, GetsTheNewestSampleNotABacklog) {
    createNetwork("blue", "10.65.0.0/24");
    for (int i = 0; i < 60; ++i) createEndpoint("e" + std::to_string(i), "blue");
    grpc::ChannelArguments args;
    args.SetInt(GRPC_ARG_HTTP2_BDP_PROBE, 0);
    args.SetInt(GRPC_ARG_HTTP2_STREAM_LOOKAHEAD_BYTES, 16 * 1024);
    auto stub = v1::TelemetryService::NewStub(grpc::CreateCustomChannel(
        "unix:" + m_host.socket(), grpc::InsecureChannelCredentials(), args));
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(20));
    auto reader = stub->WatchStats(&ctx, {});
    v1::StatsSample sample;
    ASSERT_TRUE(reader->Read(&sample));
    std::this_thread::sleep_for(std::chrono::seconds(3));
    auto nowMs = [] {
        return std::chrono::duration_cast<std::chrono::milliseconds>(
                   std::chrono::system_clock::now().time_since_epoch())
            .count();
    };
    int reads = 0;
    int64_t behind = 0;
    do {
        ASSERT_TRUE(reader->Read(&sample));
        ++reads;
        behind = nowMs() - sample.unix_ms();
    } while (behind > 500 && reads < 40);
    ctx.TryCancel();
    EXPECT_LE(behind, 500);
    EXPECT_LE(reads, 10) << "a backlog: " << reads << " samples to catch up";
}

}  // namespace
}  // namespace loom::test

namespace loom::test {
namespace {

class ProbeLimit : public EngineTest {
protected:
    ProbeLimit() : EngineTest(1500, {"--probe-interval", "200", "--probe-endpoints", "1"}) {}
};

// --probe-endpoints still bounds the work: beyond it, only the first endpoints by name.
TEST_F(ProbeLimit, ProbesOnlyTheFirstEndpointsByName) {
    createNetwork("red", "10.66.0.0/24");
    createEndpoint("b", "red");
    createEndpoint("a", "red");
    auto stub = v1::TelemetryService::NewStub(m_engine.channel());
    grpc::ClientContext ctx;
    auto reader = stub->WatchLatency(&ctx, {});
    v1::LatencySample s;
    std::set<std::string> probed;
    auto until = std::chrono::steady_clock::now() + std::chrono::seconds(3);
    while (std::chrono::steady_clock::now() < until && reader->Read(&s)) {
        for (const auto& t : s.targets()) {
            if (t.kind() == v1::LatencyTarget::KIND_ENDPOINT && t.received() > 0) {
                probed.insert(t.name());
            }
        }
    }
    ctx.TryCancel();
    EXPECT_EQ(probed, std::set<std::string>{"a"});
}

}  // namespace
}  // namespace loom::test

namespace loom::test {
namespace {

class ProbeEverything : public EngineTest {
protected:
    ProbeEverything() : EngineTest(1500, {"--probe-interval", "200"}) {}
};

// Probes and their answers use permanent neighbour entries that the reconciler writes (each
// endpoint on br0, the gateway in each endpoint), so every endpoint is probed and none of it
// adds a learned entry to the kernel's machine-wide neighbour table.
TEST_F(ProbeEverything, EveryEndpointIsProbedWithoutALearnedNeighbourEntry) {
    constexpr int kEndpoints = 100;
    auto net = createNetwork("wide", "10.67.0.0/24");
    v1::CreateEndpointsRequest bulk;
    for (int i = 0; i < kEndpoints; ++i) {
        auto* r = bulk.add_endpoints();
        r->set_name("p" + std::to_string(i));
        r->set_network("wide");
    }
    v1::CreateEndpointsResponse made;
    ASSERT_TRUE(m_engine.endpoints().CreateEndpoints(deadline().get(), bulk, &made).ok());
    ASSERT_EQ(made.endpoints_size(), kEndpoints);

    auto stub = v1::TelemetryService::NewStub(m_engine.channel());
    grpc::ClientContext ctx;
    auto reader = stub->WatchLatency(&ctx, {});
    v1::LatencySample s;
    std::set<std::string> answered;
    auto until = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (answered.size() < static_cast<size_t>(kEndpoints) &&
           std::chrono::steady_clock::now() < until && reader->Read(&s)) {
        for (const auto& t : s.targets()) {
            if (t.kind() == v1::LatencyTarget::KIND_ENDPOINT && t.received() > 0) {
                answered.insert(t.name());
            }
        }
    }
    ctx.TryCancel();
    EXPECT_EQ(answered.size(), static_cast<size_t>(kEndpoints));

    // Only permanent entries in the sandbox and in the endpoints: nothing learned.
    v1::GetNetworkRequest get;
    get.set_network("wide");
    v1::Network n;
    ASSERT_TRUE(m_engine.networks().GetNetwork(deadline().get(), get, &n).ok());
    auto learned = [](const std::string& out) {
        int count = 0;
        std::istringstream in(out);
        for (std::string line; std::getline(in, line);) {
            if (!line.empty() && line.find("PERMANENT") == std::string::npos) ++count;
        }
        return count;
    };
    auto sandbox = runIn(n.sandbox_netns(), "ip -4 neigh show dev br0").output;
    EXPECT_EQ(learned(sandbox), 0) << sandbox;
    EXPECT_EQ(std::count(sandbox.begin(), sandbox.end(), '\n'), kEndpoints) << sandbox;
    for (int i : {0, kEndpoints / 2, kEndpoints - 1}) {
        auto inside = runIn(made.endpoints(i).netns_path(), "ip -4 neigh show").output;
        EXPECT_EQ(learned(inside), 0) << made.endpoints(i).name() << ": " << inside;
        EXPECT_NE(inside.find("10.67.0.1 "), std::string::npos) << inside;
    }
    // And traffic between endpoints and to the gateway still flows.
    EXPECT_EQ(runIn(made.endpoints(0).netns_path(), "ping -c 1 -W 1 10.67.0.1").exitCode, 0);
    std::string to = made.endpoints(1).ip().substr(0, made.endpoints(1).ip().find('/'));
    EXPECT_EQ(runIn(made.endpoints(0).netns_path(), "ping -c 1 -W 1 " + to).exitCode, 0);
}

}  // namespace
}  // namespace loom::test
