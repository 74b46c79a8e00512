// Telemetry history: the packed blocks, the bucket reduction, and the history file over
// simulated hours (a clock of the test's own), with peaks that survive every rollup.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <limits>

#include "engine/telemetry/history.h"
#include "engine/telemetry/history_buckets.h"
#include "engine/telemetry/history_codec.h"

using namespace loom;
using namespace loom::engine::telemetry;

namespace {

constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();

TEST(HistoryCodec, RoundTripsPresenceZeroColumnsAndUnansweredValues) {
    codec::Columns c;
    c.present = {true, false, true, true, false, false, false, false, true, true};
    c.values = {{1, 2, 3, 4, 5}, {0, 0, 0, 0, 0}, {kNaN, 7, kNaN, 9, 10}};
    auto bytes = codec::encode(c);
    auto back = codec::decode(bytes, 3);
    ASSERT_TRUE(back);
    EXPECT_EQ(back->present, c.present);
    EXPECT_EQ(back->values[0], c.values[0]) << "small integers are exact";
    EXPECT_EQ(back->values[1], c.values[1]);
    EXPECT_TRUE(std::isnan(back->values[2][0]));
    EXPECT_EQ(back->values[2][1], 7);
    // The zero column costs nothing but its bit: two columns of five values and a header.
    EXPECT_LE(bytes.size(), 2u * 5 * 3 + 8);
    // Damaged or foreign bytes are refused, not misread.
    EXPECT_FALSE(codec::decode(bytes.substr(0, bytes.size() - 1), 3));
    EXPECT_FALSE(codec::decode(bytes + "x", 3));
    EXPECT_FALSE(codec::decode("", 3));
    EXPECT_FALSE(codec::decode("\x07zzz", 3));
}

// Values are kept to 4.5 significant digits (the top three bytes of a float32, rounded): a
// relative error under 2^-16, whatever the magnitude; NaN stays NaN.
TEST(HistoryCodec, ValuesKeepFourAndAHalfDigits) {
    codec::Columns c;
    std::vector<float> v = {1.0f, 3.14159265f, 112.5e6f, 1e-3f, 9.87654e9f, 1234567.0f, kNaN};
    c.present.assign(v.size(), true);
    c.values = {v};
    auto back = codec::decode(codec::encode(c), 1);
    ASSERT_TRUE(back);
    for (size_t i = 0; i + 1 < v.size(); ++i) {
        EXPECT_NEAR(back->values[0][i], v[i], std::abs(v[i]) * (1.0 / 65536)) << v[i];
    }
    EXPECT_TRUE(std::isnan(back->values[0].back()));
    EXPECT_EQ(codec::encode(c).size(), 1u + 1 + 1 + 1 + 3 * v.size()) << "three bytes a value";
}

TEST(HistoryCodec, AnIdleMinuteIsAFewBytes) {
    codec::Columns idle;
    idle.present.assign(60, true);
    idle.values.assign(8, std::vector<float>(60, 0.0f));
    EXPECT_LE(codec::encode(idle).size(), 4u);
    auto back = codec::decode(codec::encode(idle), 8);
    ASSERT_TRUE(back);
    EXPECT_EQ(back->presentCount(), 60u);
    EXPECT_EQ(back->values[7][59], 0.0f);
}

TEST(HistoryCodec, TimesRoundTrip) {
    std::vector<int64_t> times = {1700000000123, 1700000001120, 1700000002131, 1700000002999};
    auto back = codec::decodeTimes(codec::encodeTimes(times));
    ASSERT_TRUE(back);
    EXPECT_EQ(*back, times);
    EXPECT_LE(codec::encodeTimes(times).size(), 2u + 6 + 3 * 2);
    EXPECT_FALSE(codec::decodeTimes("\x01\x05"));
}

TEST(BucketReducer, KeepsAverageMaximumAndMinimumAndSkipsMissingValues) {
    BucketReducer r(2, 10);
    float a[] = {1, kNaN}, b[] = {3, 5}, peak[] = {9, 5}, c[] = {7, 6};
    r.add(100, a, a);
    r.add(105, b, peak);  // a rollup bucket with its own peak
    r.add(112, c, c);
    auto out = r.take();
    ASSERT_EQ(out.size(), 2u);
    EXPECT_EQ(out[0].unixMs, 100);
    EXPECT_DOUBLE_EQ(out[0].avg[0], 2);
    EXPECT_DOUBLE_EQ(out[0].max[0], 9);
    EXPECT_DOUBLE_EQ(out[0].min[0], 1);
    EXPECT_EQ(out[0].count[1], 1u) << "NaN is no value";
    EXPECT_DOUBLE_EQ(out[0].avg[1], 5);
    EXPECT_EQ(out[1].unixMs, 110);
}

TEST(ChooseStep, FitsMaxPointsInWholeTierSteps) {
    const int64_t day = 86400000, week = 7 * day;
    struct Case {
        int64_t range, tier, requested;
        uint32_t maxPoints;
    } cases[] = {{week, 60000, 0, 2000}, {day, 60000, 0, 1000}, {3600000, 0, 0, 2000},
                 {3600000, 0, 0, 600},   {300000, 0, 0, 2000},  {week, 60000, 3600000, 2000},
                 {day, 60000, 0, 3}};
    for (const auto& c : cases) {
        int64_t from = 1700000000000 + 12345, to = from + c.range;
        int64_t w = chooseStep(from, to, c.tier, c.requested, c.maxPoints);
        int64_t buckets = to / w - from / w + 1;
        EXPECT_LE(buckets, c.maxPoints) << c.range << " at most " << c.maxPoints;
        EXPECT_GE(w, c.requested);
        if (c.tier > 0) {
            EXPECT_EQ(w % c.tier, 0) << w;
        }
    }
    EXPECT_EQ(chooseStep(0, 300000, 0, 0, 0), 1) << "every sample without a limit";
    EXPECT_EQ(chooseStep(0, 3600000, 0, 0, 2000), 2000) << "samples reduced by whole seconds";
    EXPECT_EQ(chooseStep(0, 3600000, 60000, 0, 0), 60000);
}

// A history file over simulated time: the test's clock, samples recorded directly.
class HistoryFile : public ::testing::Test {
protected:
    void SetUp() override {
        m_path = std::filesystem::temp_directory_path() /
                 ("loom-history-test-" + std::to_string(::getpid()) + ".db");
        std::filesystem::remove(m_path);
        open();
    }
    void TearDown() override {
        m_history.reset();
        for (const char* ext : {"", "-wal", "-shm"}) std::filesystem::remove(m_path.string() + ext);
    }
    void open() {
        History::Options o;
        o.fineRetention = std::chrono::seconds(3600);
        o.coarseStep = std::chrono::seconds(60);
        o.coarseRetention = std::chrono::seconds(6 * 3600);
        o.clock = [this] { return m_now; };
        auto h = History::open(m_path.string(), o);
        ASSERT_TRUE(h) << h.status().message();
        m_history = std::move(*h);
    }
    // One sample a second for `seconds`: endpoint "busy" at `rate` bytes/s (with a burst where
    // `burst` says), endpoint "idle" at zero.
    void run(int seconds, double rate, const std::function<double(int64_t)>& burst = nullptr) {
        for (int i = 0; i < seconds; ++i) {
            m_now += 1000;
            v1::StatsSample s;
            s.set_unix_ms(m_now);
            auto* busy = s.add_targets();
            busy->set_kind(v1::StatsTarget::KIND_ENDPOINT);
            busy->set_id("busy");
            double r = burst ? burst(m_now) : rate;
            busy->mutable_rates()->set_rx_bytes(r);
            busy->mutable_rates()->set_rx_packets(r / 1000);
            auto* idle = s.add_targets();
            idle->set_kind(v1::StatsTarget::KIND_ENDPOINT);
            idle->set_id("idle");
            ASSERT_TRUE(m_history->record(s).isOk());
        }
    }
    History::Answer<History::Point> query(const std::string& id, int64_t from, int64_t to,
                                          int64_t step = 0, uint32_t maxPoints = 0) {
        auto a = m_history->query(v1::StatsTarget::KIND_ENDPOINT, id, from, to, step, maxPoints);
        EXPECT_TRUE(a) << a.status().message();
        return a ? *a : History::Answer<History::Point>{};
    }

    std::filesystem::path m_path;
    int64_t m_now = 1700000000000 - 1700000000000 % 3600000;  // on an hour
    std::unique_ptr<History> m_history;
};

TEST_F(HistoryFile, EverySampleOfTheLastHourIsThereTheOpenMinuteIncluded) {
    run(150, 1000);
    auto a = query("busy", m_now - 100000, m_now);
    EXPECT_EQ(a.stepMs, 1);
    ASSERT_EQ(a.points.size(), 101u) << "every sample, the open minute's from memory";
    EXPECT_EQ(a.points.back().unixMs, m_now);
    for (const auto& p : a.points) EXPECT_DOUBLE_EQ(p.rates.rx_bytes(), 1000);
    auto idle = query("idle", m_now - 100000, m_now);
    ASSERT_EQ(idle.points.size(), 101u) << "idle is zero, not missing";
    EXPECT_DOUBLE_EQ(idle.points[5].rates.rx_bytes(), 0);
    EXPECT_TRUE(query("nobody", m_now - 100000, m_now).points.empty());
}

TEST_F(HistoryFile, AOneSecondBurstSurvivesTheMinuteAndTheHourViews) {
    const int64_t burstAt = m_now + 5400 * 1000;  // 1.5 h in
    run(3 * 3600, 0, [&](int64_t t) { return t == burstAt ? 112.5e6 : 1000.0; });
    // The whole three hours, in at most 100 points: from the rollups, the burst is the max.
    auto a = query("busy", m_now - 3 * 3600 * 1000, m_now, 0, 100);
    EXPECT_LE(a.points.size(), 100u);
    EXPECT_EQ(a.stepMs % 60000, 0);
    double peak = 0, top = 0, floor = 0;
    for (const auto& p : a.points) {
        if (p.max.rx_bytes() > peak) floor = p.min.rx_bytes();
        peak = std::max(peak, p.max.rx_bytes());
        top = std::max(top, p.rates.rx_bytes());
    }
    EXPECT_NEAR(peak, 112.5e6, 112.5e6 * 2e-5) << "the burst survives in the bucket's maximum";
    EXPECT_LT(top, 112.5e6 / 30) << "while its average is spread over the bucket";
    EXPECT_FLOAT_EQ(floor, 1000) << "and its minimum is the quietest minute's average";
    // The one-minute view of that hour: the burst's minute holds it as its max.
    auto minute = query("busy", burstAt - 1800 * 1000, burstAt + 1800 * 1000, 60000);
    EXPECT_EQ(minute.stepMs, 60000);
    int burstMinutes = 0;
    for (const auto& p : minute.points) {
        if (p.max.rx_bytes() > 1e8) {
            ++burstMinutes;
            EXPECT_EQ(p.unixMs, burstAt - burstAt % 60000);
            EXPECT_NEAR(p.rates.rx_bytes(), (112.5e6 + 59 * 1000.0) / 60, 1875983 * 2e-5);
        }
    }
    EXPECT_EQ(burstMinutes, 1);
}

TEST_F(HistoryFile, OldRangesComeFromRollupsAndExpiredOnesAreGone) {
    run(8 * 3600, 2000);
    // Two hours ago is past the fine hour: minute buckets.
    auto old = query("busy", m_now - 2 * 3600 * 1000, m_now - 3600 * 1000 - 60000);
    EXPECT_EQ(old.stepMs, 60000);
    EXPECT_NEAR(static_cast<double>(old.points.size()), 59, 1);
    for (const auto& p : old.points) EXPECT_FLOAT_EQ(p.rates.rx_bytes(), 2000);
    // Rollups are kept for six hours here (plus the block being filled).
    auto gone = query("busy", m_now - 8 * 3600 * 1000, m_now - 7 * 3600 * 1000 - 60000);
    EXPECT_TRUE(gone.points.empty());
}

// A series that starts in the middle of an hour: its rollup block holds the buckets from there
// on, and read back from the file (once the hour is over) each bucket is in its own minute.
TEST_F(HistoryFile, RollupsOfASeriesThatStartsMidHourReadBackInTheirMinutes) {
    m_now += 30 * 60 * 1000;
    int64_t start = m_now;
    run(3600, 0, [&](int64_t t) { return (t - start) / 60000 < 30 ? 1000.0 : 4000.0; });
    auto a = query("busy", start, start + 3600 * 1000, 60000);
    ASSERT_GE(a.points.size(), 59u);
    for (const auto& p : a.points) {
        double expected = (p.unixMs - start) / 60000 < 30 ? 1000 : 4000;
        EXPECT_FLOAT_EQ(p.rates.rx_bytes(), expected) << (p.unixMs - start) / 60000 << " min in";
    }
}

TEST_F(HistoryFile, ARestartWithinTheHourContinuesItsRollupsWithoutAGap) {
    run(1800, 3000);
    ASSERT_TRUE(m_history->closeOpenBlocks().isOk());
    m_history.reset();
    open();
    run(1800, 5000);
    auto a = query("busy", m_now - 3600 * 1000 + 1, m_now, 60000);
    ASSERT_GE(a.points.size(), 59u);
    // One bucket per minute, none twice, none missing.
    for (size_t i = 1; i < a.points.size(); ++i) {
        EXPECT_EQ(a.points[i].unixMs - a.points[i - 1].unixMs, 60000) << i;
    }
    EXPECT_FLOAT_EQ(a.points.front().rates.rx_bytes(), 3000);
    EXPECT_FLOAT_EQ(a.points.back().rates.rx_bytes(), 5000);
    auto fine = query("busy", m_now - 1900 * 1000, m_now);
    EXPECT_EQ(fine.points.size(), 1901u) << "the samples before the restart are in the file";
}

TEST_F(HistoryFile, LatencyKeepsPercentilesAndUnansweredRoundsAsLoss) {
    for (int i = 0; i < 180; ++i) {
        m_now += 1000;
        v1::LatencySample round;
        round.set_unix_ms(m_now);
        auto* t = round.add_targets();
        t->set_network_id("net");
        t->set_id("h2");
        bool down = i >= 119;  // the rounds of the third minute
        t->set_received(down ? 0 : 10);
        t->set_loss_recent(down ? 1.0 : 0.0);
        t->set_rtt_ms(0.2 + (i % 10) * 0.01);
        t->set_p50_ms(0.25);
        t->set_p90_ms(0.3);
        t->set_p99_ms(0.5);
        ASSERT_TRUE(m_history->record(round).isOk());
    }
    auto a = m_history->queryLatency("net", "h2", m_now - 180000, m_now - 1, 60000);
    ASSERT_TRUE(a) << a.status().message();
    ASSERT_EQ(a->points.size(), 3u);
    EXPECT_TRUE(a->points[0].answered);
    EXPECT_NEAR(a->points[0].p50Ms, 0.25, 1e-6);
    EXPECT_NEAR(a->points[0].p99Ms, 0.5, 1e-6);
    EXPECT_NEAR(a->points[0].maxRttMs, 0.29, 1e-6);
    // From the samples, a bucket's minimum is the lowest round's.
    auto fine = m_history->queryLatency("net", "h2", m_now - 180000, m_now - 1, 30000);
    ASSERT_TRUE(fine);
    ASSERT_EQ(fine->points.size(), 6u);
    EXPECT_NEAR(fine->points[0].minRttMs, 0.2, 1e-6);
    EXPECT_NEAR(fine->points[0].maxRttMs, 0.29, 1e-6);
    EXPECT_FALSE(a->points[2].answered) << "the last minute nothing answered";
    EXPECT_DOUBLE_EQ(a->points[2].loss, 1.0);
}

}  // namespace
