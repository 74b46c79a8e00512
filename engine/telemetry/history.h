#pragma once

#include <array>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "engine/store/sqlite_db.h"
#include "engine/telemetry/history_buckets.h"
#include "engine/telemetry/prober.h"
#include "engine/telemetry/sampler.h"

// Telemetry history in SQLite (a file of its own, beside the store), in two tiers:
//  - every sample, for `fineRetention`, packed per series and per `coarseStep` (a minute): one
//    row holds that minute's samples of one interface (or probe target);
//  - per `coarseStep` bucket, the average and the maximum of every value, for
//    `coarseRetention`, packed per series and per 60 buckets (an hour).
// Samples are queued by the sampler's and prober's threads (a pointer push) and folded into the
// open minute by a thread of the history's own, which writes each minute once it is complete;
// queries see the open minute from memory, so nothing is missing at the end of a range.
namespace loom::engine::telemetry {

class History {
public:
    struct Options {
        std::chrono::seconds fineRetention{3600};
        std::chrono::seconds coarseStep{60};
        std::chrono::seconds coarseRetention{7 * 24 * 3600};
        std::chrono::milliseconds flushInterval{2000};
        // Unix ms now (a simulated clock in benchmarks); the system clock by default.
        std::function<int64_t()> clock;
    };
    static constexpr size_t kStatsMetrics = 8;    // rx/tx bytes, packets, errors, drops
    static constexpr size_t kLatencyMetrics = 5;  // rtt, p50, p90, p99 (NaN: unanswered), loss
    static constexpr size_t kBucketsPerRollup = 60;

    // A bucket of rates: averages, maxima and minima over it.
    struct Point {
        int64_t unixMs = 0;
        v1::Rates rates, max, min;
    };
    struct LatencyPoint {
        int64_t unixMs = 0;
        double rttMs = 0, maxRttMs = 0, minRttMs = 0;  // over the answered rounds
        double p50Ms = 0, p90Ms = 0, p99Ms = 0;        // averages of the last minute's
        double loss = 0, maxLoss = 0;                  // recent loss (0..1)
        bool answered = false;
    };
    template <typename P>
    struct Answer {
        std::vector<P> points;
        int64_t stepMs = 0;  // the bucket width (1: every sample as it was taken)
    };

    static common::Result<std::unique_ptr<History>> open(const std::string& path, Options options);
    ~History();

    // Records every sample of `hub` and, if given, every probe round of `latency`.
    void start(StatsHub& hub, LatencyHub* latency = nullptr);
    void stop();
    // Folds what is queued now and writes every complete minute (the thread does it every
    // flushInterval).
    common::Status flush();
    // Folds one sample or probe round directly (benchmarks, tests; not while started).
    common::Status record(const v1::StatsSample& sample);
    common::Status record(const v1::LatencySample& round);
    // Writes the open minutes too, as partial blocks (at a clean stop).
    common::Status closeOpenBlocks();

    // Rates of one target in [fromMs, toMs], in buckets of at least `stepMs` (0: the finest kept
    // for that range), at most `maxPoints` of them (0: no limit). Ranges older than the fine
    // retention, or steps of a rollup step or more, come from the rollups.
    common::Result<Answer<Point>> query(v1::StatsTarget::Kind kind, const std::string& id,
                                        int64_t fromMs, int64_t toMs, int64_t stepMs,
                                        uint32_t maxPoints = 0);
    // Latency from this host to one target (another host's id, or a local endpoint's id) on a
    // network, the same way.
    common::Result<Answer<LatencyPoint>> queryLatency(const std::string& networkId,
                                                      const std::string& targetId, int64_t fromMs,
                                                      int64_t toMs, int64_t stepMs,
                                                      uint32_t maxPoints = 0);

private:
    enum class Kind { Stats = 0, Latency = 1 };
    // One series' open minute, its last written minute, and its open rollup block.
    struct Block {
        int64_t key = -1;  // first sample's time: the row's key
        std::vector<bool> present;
        std::vector<std::vector<float>> values;
    };
    struct Series {
        int64_t row = 0;  // id in the series table
        Block open, last;
        int64_t rollupStart = -1;
        std::vector<bool> rollupPresent;
        std::vector<std::vector<float>> rollup;  // [metric avg..., metric max...][bucket]
        int64_t lastSeenMs = 0;
        bool loaded = false;  // the rollup block was read back after a restart
    };
    struct Span {
        int64_t start = -1;  // of the coarse step
        int64_t key = -1;    // first sample's time
        std::vector<int64_t> times;
    };
    struct Family {  // every series of one kind
        Kind kind;
        size_t metrics;
        Span open, last;
        std::unordered_map<std::string, Series> series;
    };

    History(std::unique_ptr<store::Db> writer, std::unique_ptr<store::Db> reader, Options options);
    void run();
    int64_t now() const;
    int64_t stepMs() const;
    int64_t rollupSpanMs() const { return stepMs() * static_cast<int64_t>(kBucketsPerRollup); }
    // Adds one sample's values (one row of `metrics` per key) at `unixMs`; writes the previous
    // minute when this one starts a new one. Called with m_mutex held.
    common::Status fold(Family& f, int64_t unixMs,
                        const std::vector<std::pair<std::string, std::array<float, 8>>>& rows);
    common::Status closeSpan(Family& f);
    void foldIntoRollup(Family& f, const std::string& key, Series& s, int64_t spanStart,
                        const Block& b);
    common::Result<int64_t> seriesRow(const std::string& key);
    common::Status loadRollup(const std::string& key, Series& s, size_t metrics);
    common::Status expire(int64_t newestMs);
    // One transaction around `write`, rolled back when it fails.
    common::Status inTransaction(const char* what, const std::function<common::Status()>& write);

    template <typename P>
    common::Result<Answer<P>> read(Family& f, const std::string& key, int64_t fromMs, int64_t toMs,
                                   int64_t stepMs, uint32_t maxPoints,
                                   const std::function<P(const Bucket&)>& make);

    std::unique_ptr<store::Db> m_db;      // the writer thread's connection
    std::unique_ptr<store::Db> m_reader;  // queries' connection (WAL: never waits for a write)
    Options m_options;
    StatsHub* m_hub = nullptr;
    uint64_t m_token = 0;
    LatencyHub* m_latencyHub = nullptr;
    uint64_t m_latencyToken = 0;

    std::mutex m_queueMutex;
    std::deque<SamplePtr> m_queue;
    std::deque<std::shared_ptr<const v1::LatencySample>> m_latencyQueue;

    std::mutex m_mutex;  // the families (writer vs queries' snapshots) and the writer's db
    Family m_stats{Kind::Stats, kStatsMetrics, {}, {}, {}};
    Family m_latency{Kind::Latency, kLatencyMetrics, {}, {}, {}};
    int64_t m_expiredAt = 0;
    std::mutex m_readMutex;  // the reader connection
    std::mutex m_wakeMutex;
    std::condition_variable m_cv;
    bool m_stopping = false;
    std::thread m_thread;
};

}  // namespace loom::engine::telemetry
