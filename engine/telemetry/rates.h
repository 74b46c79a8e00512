#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <unordered_map>

#include "engine/netlink/stats_ops.h"

// Counters to per-second rates, keyed by what they belong to. Pure: no clock of its own.
namespace loom::engine::telemetry {

struct Rates {
    double rxBytes = 0, txBytes = 0, rxPackets = 0, txPackets = 0;
    double rxErrors = 0, txErrors = 0, rxDrops = 0, txDrops = 0;
};

class RateTracker {
public:
    using Clock = std::chrono::steady_clock;

    // The rates since the previous reading of `key`; nullopt for the first reading, and when
    // the device was re-created (another ifindex) or a counter went backwards (a reset): the
    // reading becomes the new base instead of a negative or absurd spike.
    // Keys are numbers (the sampler's namespace slot and the ifindex): a thousand lookups per
    // sample cost no string hashing.
    std::optional<Rates> update(uint64_t key, const netlink::LinkCounters& counters,
                                Clock::time_point at);
    // Forgets keys not updated since `before` (devices that are gone).
    void prune(Clock::time_point before);

private:
    struct Last {
        netlink::LinkCounters counters;
        Clock::time_point at;
    };
    std::unordered_map<uint64_t, Last> m_last;
};

}  // namespace loom::engine::telemetry
