// Counters to rates: steady traffic, resets and re-created devices never make a spike.
#include "engine/telemetry/rates.h"

#include <gtest/gtest.h>

using namespace loom::engine;
using telemetry::RateTracker;

namespace {

netlink::LinkCounters counters(int ifindex, uint64_t rxBytes, uint64_t txBytes) {
    netlink::LinkCounters c;
    c.ifindex = ifindex;
    c.rxBytes = rxBytes;
    c.txBytes = txBytes;
    c.rxPackets = rxBytes / 100;
    c.txPackets = txBytes / 100;
    return c;
}

TEST(RateTracker, TurnsCountersIntoPerSecondRates) {
    RateTracker t;
    auto t0 = RateTracker::Clock::time_point{} + std::chrono::seconds(100);
    EXPECT_FALSE(t.update(1, counters(5, 1000, 0), t0).has_value()) << "one reading: no rate";
    auto r = t.update(1, counters(5, 3000, 500), t0 + std::chrono::milliseconds(500));
    ASSERT_TRUE(r.has_value());
    EXPECT_DOUBLE_EQ(r->rxBytes, 4000);
    EXPECT_DOUBLE_EQ(r->txBytes, 1000);
    EXPECT_DOUBLE_EQ(r->rxPackets, 40);
    // Another key is tracked on its own.
    EXPECT_FALSE(t.update(2, counters(6, 10, 10), t0).has_value());
}

TEST(RateTracker, AResetOrARecreatedDeviceStartsAgainInsteadOfSpiking) {
    RateTracker t;
    auto t0 = RateTracker::Clock::time_point{} + std::chrono::seconds(100);
    auto s = std::chrono::seconds(1);
    t.update(1, counters(5, 1'000'000, 1'000'000), t0);
    EXPECT_FALSE(t.update(1, counters(5, 10, 1'000'100), t0 + s).has_value())
        << "a counter went backwards";
    auto r = t.update(1, counters(5, 110, 1'000'200), t0 + 2 * s);
    ASSERT_TRUE(r.has_value());
    EXPECT_DOUBLE_EQ(r->rxBytes, 100);
    EXPECT_FALSE(t.update(1, counters(9, 5'000'000, 5'000'000), t0 + 3 * s).has_value())
        << "same name, new device";
    r = t.update(1, counters(9, 5'000'000, 5'000'050), t0 + 4 * s);
    ASSERT_TRUE(r.has_value());
    EXPECT_DOUBLE_EQ(r->txBytes, 50);
    EXPECT_FALSE(t.update(1, counters(9, 5'000'000, 5'000'050), t0 + 4 * s).has_value())
        << "no time passed";
}

TEST(RateTracker, ForgetsWhatWasNotSeenForAWhile) {
    RateTracker t;
    auto t0 = RateTracker::Clock::time_point{} + std::chrono::seconds(100);
    t.update(1, counters(5, 0, 0), t0);
    t.prune(t0 + std::chrono::seconds(1));
    EXPECT_FALSE(t.update(1, counters(5, 100, 100), t0 + std::chrono::seconds(2)).has_value());
}

}  // namespace
