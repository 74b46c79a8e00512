#pragma once

#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "engine/store/sqlite_db.h"
#include "engine/telemetry/prober.h"
#include "engine/telemetry/sampler.h"

// Telemetry history in SQLite (a file of its own, beside the store): every sample at full
// resolution for `fineRetention`, rolled up into `coarseStep` averages kept for
// `coarseRetention`. Samples are queued by the sampler's thread (a pointer push) and written in
// batches by a thread of the history's own, so the data plane and the sampler never wait on disk.
namespace loom::engine::telemetry {

class History {
public:
    struct Options {
        std::chrono::seconds fineRetention{3600};
        std::chrono::seconds coarseStep{60};
        std::chrono::seconds coarseRetention{7 * 24 * 3600};
        std::chrono::milliseconds flushInterval{2000};
    };
    struct Point {
        int64_t unixMs = 0;
        v1::Rates rates;
    };
    struct LatencyPoint {
        int64_t unixMs = 0;
        double rttMs = 0;  // average of the answered rounds' last RTT (0: none answered)
        double maxRttMs = 0;
        double loss = 0;  // average recent loss (0..1)
        bool answered = false;
    };

    static common::Result<std::unique_ptr<History>> open(const std::string& path, Options options);
    ~History();

    // Records every sample of `hub` and, if given, every probe round of `latency`.
    void start(StatsHub& hub, LatencyHub* latency = nullptr);
    void stop();
    // Writes what is queued now (the thread does it every flushInterval).
    common::Status flush();

    // Rates of one target in [fromMs, toMs], averaged into buckets of `stepMs` (0: the finest
    // kept for that range). Ranges older than the fine retention come from the rollups.
    common::Result<std::vector<Point>> query(v1::StatsTarget::Kind kind, const std::string& id,
                                             int64_t fromMs, int64_t toMs, int64_t stepMs);
    // Latency from this host to one target (another host's id, or a local endpoint's id) on a
    // network, the same way.
    common::Result<std::vector<LatencyPoint>> queryLatency(const std::string& networkId,
                                                           const std::string& targetId,
                                                           int64_t fromMs, int64_t toMs,
                                                           int64_t stepMs);

private:
    History(std::unique_ptr<store::Db> db, Options options)
        : m_db(std::move(db)), m_options(options) {}
    void run();
    common::Status rollUp(int64_t nowMs);
    // Which table a query reads (fine or not) and its bucket size in ms.
    std::pair<bool, int64_t> resolution(int64_t fromMs, int64_t stepMs) const;
    // One transaction around `write`, rolled back when it fails.
    common::Status inTransaction(const char* what, const std::function<common::Status()>& write);

    std::unique_ptr<store::Db> m_db;
    Options m_options;
    int64_t m_rolledUntil = -1;  // rollups exist for every bucket before this (ms)
    StatsHub* m_hub = nullptr;
    uint64_t m_token = 0;
    LatencyHub* m_latencyHub = nullptr;
    uint64_t m_latencyToken = 0;
    std::deque<std::shared_ptr<const v1::LatencySample>> m_latencyQueue;

    std::mutex m_queueMutex;
    std::deque<SamplePtr> m_queue;
    std::mutex m_dbMutex;  // writer thread vs queries
    std::mutex m_mutex;
    std::condition_variable m_cv;
    bool m_stopping = false;
    std::thread m_thread;
};

}  // namespace loom::engine::telemetry
