#include "engine/telemetry/history.h"
#include "engine/common/thread_name.h"

#include "engine/common/log.h"

namespace loom::engine::telemetry {

namespace {
constexpr const char* kLog = "history";
constexpr size_t kMaxQueued = 600;  // samples; beyond that (a stuck disk) the oldest are dropped

const char* kColumns =
    "rx_bytes, tx_bytes, rx_packets, tx_packets, rx_errors, tx_errors, rx_drops, tx_drops";

int64_t nowMs() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}
}  // namespace

common::Result<std::unique_ptr<History>> History::open(const std::string& path, Options options) {
    auto db = store::Db::open(path);
    if (!db) return db.status();
    // History is rebuilt by the next minutes; it does not need the store's fsync per commit.
    for (const char* sql : {
             "PRAGMA journal_mode=WAL",
             "PRAGMA synchronous=NORMAL",
             "CREATE TABLE IF NOT EXISTS fine (kind INTEGER NOT NULL, id TEXT NOT NULL, "
             "ts INTEGER NOT NULL, rx_bytes REAL, tx_bytes REAL, rx_packets REAL, tx_packets "
             "REAL, rx_errors REAL, tx_errors REAL, rx_drops REAL, tx_drops REAL)",
             "CREATE INDEX IF NOT EXISTS fine_target ON fine(kind, id, ts)",
             "CREATE INDEX IF NOT EXISTS fine_ts ON fine(ts)",
             "CREATE TABLE IF NOT EXISTS coarse (kind INTEGER NOT NULL, id TEXT NOT NULL, "
             "ts INTEGER NOT NULL, rx_bytes REAL, tx_bytes REAL, rx_packets REAL, tx_packets "
             "REAL, rx_errors REAL, tx_errors REAL, rx_drops REAL, tx_drops REAL, "
             "PRIMARY KEY (kind, id, ts))",
             "CREATE INDEX IF NOT EXISTS coarse_ts ON coarse(ts)",
             // Latency from this host: one row per probe round and target. rtt is NULL for a
             // round with nothing answered in the recent window.
             "CREATE TABLE IF NOT EXISTS latency_fine (network TEXT NOT NULL, target TEXT NOT "
             "NULL, ts INTEGER NOT NULL, rtt REAL, loss REAL NOT NULL)",
             "CREATE INDEX IF NOT EXISTS latency_fine_target ON latency_fine(network, target, ts)",
             "CREATE INDEX IF NOT EXISTS latency_fine_ts ON latency_fine(ts)",
             "CREATE TABLE IF NOT EXISTS latency_coarse (network TEXT NOT NULL, target TEXT NOT "
             "NULL, ts INTEGER NOT NULL, rtt REAL, rtt_max REAL, loss REAL NOT NULL, "
             "PRIMARY KEY (network, target, ts))",
             "CREATE INDEX IF NOT EXISTS latency_coarse_ts ON latency_coarse(ts)",
         }) {
        LOOM_RETURN_IF_ERROR((*db)->exec(sql));
    }
    return std::unique_ptr<History>(new History(std::move(*db), options));
}

History::~History() {
    stop();
}

void History::start(StatsHub& hub, LatencyHub* latency) {
    m_hub = &hub;
    if (latency) {
        m_latencyHub = latency;
        m_latencyToken = latency->subscribe([this](const LatencyHub::Ptr& s) {
            std::lock_guard lock(m_queueMutex);
            m_latencyQueue.push_back(s);
            if (m_latencyQueue.size() > kMaxQueued) m_latencyQueue.pop_front();
        });
    }
    m_token = hub.subscribe([this](const SamplePtr& s) {
        std::lock_guard lock(m_queueMutex);
        m_queue.push_back(s);
        if (m_queue.size() > kMaxQueued) m_queue.pop_front();
    });
    m_thread = std::thread([this] {
        common::nameThisThread("loom-history");
        run();
    });
}

void History::stop() {
    if (m_hub) {
        m_hub->unsubscribe(m_token);
        m_hub = nullptr;
    }
    if (m_latencyHub) {
        m_latencyHub->unsubscribe(m_latencyToken);
        m_latencyHub = nullptr;
    }
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_cv.notify_all();
    if (m_thread.joinable()) m_thread.join();
    (void)flush();
}

void History::run() {
    while (true) {
        {
            std::unique_lock lock(m_mutex);
            if (m_cv.wait_for(lock, m_options.flushInterval, [this] { return m_stopping; })) {
                return;
            }
        }
        if (auto s = flush(); !s.isOk()) LOOM_LOG(Warning, kLog) << s.message();
    }
}

common::Status History::flush() {
    std::deque<SamplePtr> batch;
    std::deque<LatencyHub::Ptr> latency;
    {
        std::lock_guard lock(m_queueMutex);
        batch.swap(m_queue);
        latency.swap(m_latencyQueue);
    }
    std::lock_guard lock(m_dbMutex);
    if (!latency.empty()) {
        LOOM_RETURN_IF_ERROR(inTransaction("latency history", [&]() -> common::Status {
            auto insert = m_db->prepare(
                "INSERT INTO latency_fine (network, target, ts, rtt, loss) VALUES (?,?,?,?,?)");
            if (!insert) return insert.status();
            for (const auto& round : latency) {
                for (const auto& t : round->targets()) {
                    insert->reset();
                    insert->bind(1, t.network_id())
                        .bind(2, t.id())
                        .bind(3, int64_t{round->unix_ms()});
                    if (t.received() > 0 && t.loss_recent() < 1.0) {
                        insert->bind(4, t.rtt_ms());
                    } else {
                        insert->bindNull(4);
                    }
                    LOOM_RETURN_IF_ERROR(insert->bind(5, t.loss_recent()).run());
                }
            }
            return {};
        }));
    }
    if (!batch.empty()) {
        LOOM_RETURN_IF_ERROR(inTransaction("history", [&]() -> common::Status {
            auto insert = m_db->prepare(std::string("INSERT INTO fine (kind, id, ts, ") + kColumns +
                                        ") VALUES (?,?,?,?,?,?,?,?,?,?,?)");
            if (!insert) return insert.status();
            for (const auto& sample : batch) {
                for (const auto& t : sample->targets()) {
                    insert->reset();
                    const auto& r = t.rates();
                    LOOM_RETURN_IF_ERROR(insert->bind(1, int64_t{t.kind()})
                                             .bind(2, t.id())
                                             .bind(3, int64_t{sample->unix_ms()})
                                             .bind(4, r.rx_bytes())
                                             .bind(5, r.tx_bytes())
                                             .bind(6, r.rx_packets())
                                             .bind(7, r.tx_packets())
                                             .bind(8, r.rx_errors())
                                             .bind(9, r.tx_errors())
                                             .bind(10, r.rx_drops())
                                             .bind(11, r.tx_drops())
                                             .run());
                }
            }
            return {};
        }));
    }
    return rollUp(nowMs());
}

common::Status History::inTransaction(const char* what,
                                      const std::function<common::Status()>& write) {
    LOOM_RETURN_IF_ERROR(m_db->exec("BEGIN"));
    common::Status s = write();
    if (s.isOk()) s = m_db->exec("COMMIT");
    if (!s.isOk()) {
        (void)m_db->exec("ROLLBACK");
        return s.withContext(what);
    }
    return s;
}

common::Status History::rollUp(int64_t now) {
    int64_t step =
        std::chrono::duration_cast<std::chrono::milliseconds>(m_options.coarseStep).count();
    int64_t complete = now / step * step;  // buckets before this one are complete
    if (m_rolledUntil < 0) {
        // After a start: from the last bucket rolled before (re-rolling it is idempotent).
        auto q = m_db->prepare(
            "SELECT min(coalesce((SELECT max(ts) FROM coarse), 0), "
            "coalesce((SELECT max(ts) FROM latency_coarse), 0))");
        if (!q) return q.status();
        m_rolledUntil = q->step() ? q->integer(0) : 0;
    }
    // Nothing new until a bucket completes: the fine rows are read once, when it does.
    if (complete <= m_rolledUntil) return {};
    int64_t fineCut =
        now -
        std::chrono::duration_cast<std::chrono::milliseconds>(m_options.fineRetention).count();
    int64_t coarseCut =
        now -
        std::chrono::duration_cast<std::chrono::milliseconds>(m_options.coarseRetention).count();
    std::string bucket =
        "(ts / " + std::to_string(step) + ") * " + std::to_string(step) + " AS bucket";
    common::Status s = inTransaction("history rollup", [&]() -> common::Status {
        // Average every complete bucket that has no rollup yet.
        auto roll = m_db->prepare(std::string("INSERT OR REPLACE INTO coarse (kind, id, ts, ") +
                                  kColumns + ") SELECT kind, id, " + bucket +
                                  ", avg(rx_bytes), avg(tx_bytes), avg(rx_packets), "
                                  "avg(tx_packets), avg(rx_errors), avg(tx_errors), "
                                  "avg(rx_drops), avg(tx_drops) FROM fine WHERE ts < ? AND ts >= "
                                  "? GROUP BY kind, id, bucket");
        if (!roll) return roll.status();
        LOOM_RETURN_IF_ERROR(roll->bind(1, complete).bind(2, m_rolledUntil).run());
        auto rollLatency = m_db->prepare(
            "INSERT OR REPLACE INTO latency_coarse (network, target, ts, rtt, rtt_max, loss) "
            "SELECT network, target, " +
            bucket +
            ", avg(rtt), max(rtt), avg(loss) FROM latency_fine WHERE ts < ? AND ts >= ? "
            "GROUP BY network, target, bucket");
        if (!rollLatency) return rollLatency.status();
        LOOM_RETURN_IF_ERROR(rollLatency->bind(1, complete).bind(2, m_rolledUntil).run());
        for (const char* table : {"fine", "latency_fine", "coarse", "latency_coarse"}) {
            bool fine = std::string(table).find("fine") != std::string::npos;
            auto del = m_db->prepare(std::string("DELETE FROM ") + table + " WHERE ts < ?");
            if (!del) return del.status();
            LOOM_RETURN_IF_ERROR(del->bind(1, fine ? fineCut : coarseCut).run());
        }
        return {};
    });
    if (!s.isOk()) return s;
    m_rolledUntil = complete;
    return s;
}

std::pair<bool, int64_t> History::resolution(int64_t fromMs, int64_t stepMs) const {
    int64_t fineFrom =
        nowMs() -
        std::chrono::duration_cast<std::chrono::milliseconds>(m_options.fineRetention).count();
    int64_t coarse =
        std::chrono::duration_cast<std::chrono::milliseconds>(m_options.coarseStep).count();
    bool useFine = fromMs >= fineFrom && (stepMs == 0 || stepMs < coarse);
    return {useFine, stepMs > 0 ? stepMs : (useFine ? 1 : coarse)};
}

common::Result<std::vector<History::Point>> History::query(v1::StatsTarget::Kind kind,
                                                           const std::string& id, int64_t fromMs,
                                                           int64_t toMs, int64_t stepMs) {
    auto [useFine, step] = resolution(fromMs, stepMs);
    const char* table = useFine ? "fine" : "coarse";
    std::string sql =
        std::string("SELECT (ts / ") + std::to_string(step) + ") * " + std::to_string(step) +
        " AS bucket, avg(rx_bytes), avg(tx_bytes), avg(rx_packets), avg(tx_packets), "
        "avg(rx_errors), avg(tx_errors), avg(rx_drops), avg(tx_drops) FROM " +
        table +
        " WHERE kind = ? AND id = ? AND ts >= ? AND ts <= ? GROUP BY bucket ORDER BY bucket";
    std::lock_guard lock(m_dbMutex);
    auto q = m_db->prepare(sql);
    if (!q) return q.status();
    q->bind(1, int64_t{kind}).bind(2, id).bind(3, fromMs).bind(4, toMs);
    std::vector<Point> out;
    while (q->step()) {
        Point p;
        p.unixMs = q->integer(0);
        p.rates.set_rx_bytes(q->real(1));
        p.rates.set_tx_bytes(q->real(2));
        p.rates.set_rx_packets(q->real(3));
        p.rates.set_tx_packets(q->real(4));
        p.rates.set_rx_errors(q->real(5));
        p.rates.set_tx_errors(q->real(6));
        p.rates.set_rx_drops(q->real(7));
        p.rates.set_tx_drops(q->real(8));
        out.push_back(p);
    }
    if (!q->status().isOk()) return q->status();
    return out;
}

common::Result<std::vector<History::LatencyPoint>> History::queryLatency(
    const std::string& networkId, const std::string& targetId, int64_t fromMs, int64_t toMs,
    int64_t stepMs) {
    auto [useFine, step] = resolution(fromMs, stepMs);
    std::string bucket = "(ts / " + std::to_string(step) + ") * " + std::to_string(step);
    std::string sql =
        "SELECT " + bucket + " AS bucket, avg(rtt), max(" + (useFine ? "rtt" : "rtt_max") +
        "), avg(loss), count(rtt) FROM " + (useFine ? "latency_fine" : "latency_coarse") +
        " WHERE network = ? AND target = ? AND ts >= ? AND ts <= ? GROUP BY bucket ORDER BY bucket";
    std::lock_guard lock(m_dbMutex);
    auto q = m_db->prepare(sql);
    if (!q) return q.status();
    q->bind(1, networkId).bind(2, targetId).bind(3, fromMs).bind(4, toMs);
    std::vector<LatencyPoint> out;
    while (q->step()) {
        LatencyPoint p;
        p.unixMs = q->integer(0);
        p.answered = q->integer(4) > 0;
        p.rttMs = p.answered ? q->real(1) : 0;
        p.maxRttMs = p.answered ? q->real(2) : 0;
        p.loss = q->real(3);
        out.push_back(p);
    }
    if (!q->status().isOk()) return q->status();
    return out;
}

}  // namespace loom::engine::telemetry
