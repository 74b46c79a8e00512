#include "engine/telemetry/history.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "engine/common/log.h"
#include "engine/common/thread_name.h"
#include "engine/telemetry/history_codec.h"

namespace loom::engine::telemetry {

namespace {
constexpr const char* kLog = "history";
constexpr size_t kMaxQueued = 600;  // samples; beyond that (a stuck disk) the oldest are dropped
constexpr int kSchemaVersion = 2;
constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();

int64_t systemNowMs() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

int64_t floorTo(int64_t t, int64_t step) {
    int64_t q = t / step;
    if (t % step != 0 && t < 0) --q;
    return q * step;
}

std::string statsKey(int kind, const std::string& id) {
    return std::to_string(kind) + ":" + id;
}
std::string latencyKey(const std::string& network, const std::string& target) {
    return "L:" + network + "/" + target;
}

using Row = std::pair<std::string, std::array<float, 8>>;

// A rollup block's values as the codec takes them: kept per slot in memory (absent slots
// hold zeros), packed to the present slots only.
codec::Columns packedRollup(const std::vector<bool>& present,
                            const std::vector<std::vector<float>>& bySlot) {
    codec::Columns c;
    c.present = present;
    c.values.reserve(bySlot.size());
    for (const auto& column : bySlot) {
        std::vector<float> packed;
        for (size_t slot = 0; slot < present.size() && slot < column.size(); ++slot) {
            if (present[slot]) packed.push_back(column[slot]);
        }
        c.values.push_back(std::move(packed));
    }
    return c;
}

// A block's values as the codec takes them: absent slots padded to the span's length.
codec::Columns columnsOf(const std::vector<bool>& present,
                         const std::vector<std::vector<float>>& values, size_t slots) {
    codec::Columns c;
    c.present = present;
    c.present.resize(slots, false);
    c.values = values;
    return c;
}

}  // namespace

common::Result<std::unique_ptr<History>> History::open(const std::string& path, Options options) {
    // Rows are a minute of an interface (up to a few KiB): large pages keep them together.
    auto db = store::Db::open(path, 16384);
    if (!db) return db.status();
    // History is rebuilt by the next minutes; it does not need the store's fsync per commit.
    LOOM_RETURN_IF_ERROR((*db)->exec("PRAGMA synchronous=NORMAL"));
    // The write-ahead log is checkpointed every 256 pages (4 MiB; SQLite's default of 1000
    // pages would be 16 MiB at this page size, more than an idle cluster's whole history) and
    // cut back to 4 MiB after each checkpoint, so a large minute does not leave it large.
    LOOM_RETURN_IF_ERROR((*db)->exec("PRAGMA wal_autocheckpoint=256"));
    LOOM_RETURN_IF_ERROR((*db)->exec("PRAGMA journal_size_limit=4194304"));
    int version = 0;
    {
        auto q = (*db)->prepare("PRAGMA user_version");
        if (!q) return q.status();
        if (q->step()) version = static_cast<int>(q->integer(0));
    }
    if (version < kSchemaVersion) {
        // The first format kept a row per interface per sample; its data is not carried over.
        bool old = false;
        {
            auto q = (*db)->prepare("SELECT count(*) FROM sqlite_master WHERE name = 'coarse'");
            if (!q) return q.status();
            old = q->step() && q->integer(0) > 0;
        }
        for (const char* sql :
             {"DROP TABLE IF EXISTS fine", "DROP TABLE IF EXISTS coarse",
              "DROP TABLE IF EXISTS latency_fine", "DROP TABLE IF EXISTS latency_coarse"}) {
            LOOM_RETURN_IF_ERROR((*db)->exec(sql));
        }
        if (old) {
            LOOM_LOG(Info, kLog) << path << ": history of the row-per-sample format dropped";
            LOOM_RETURN_IF_ERROR((*db)->exec("VACUUM"));
        }
    }
    for (const char* sql : {
             "CREATE TABLE IF NOT EXISTS series (id INTEGER PRIMARY KEY, key TEXT NOT NULL "
             "UNIQUE)",
             // Sample times of one block (kind 0: rates, 1: probe rounds), by its first.
             "CREATE TABLE IF NOT EXISTS times (kind INTEGER NOT NULL, start INTEGER NOT NULL, "
             "data BLOB NOT NULL, PRIMARY KEY (kind, start)) WITHOUT ROWID",
             "CREATE TABLE IF NOT EXISTS fine (series INTEGER NOT NULL, start INTEGER NOT NULL, "
             "data BLOB NOT NULL, PRIMARY KEY (series, start)) WITHOUT ROWID",
             "CREATE INDEX IF NOT EXISTS fine_start ON fine(start)",
             "CREATE TABLE IF NOT EXISTS rollup (series INTEGER NOT NULL, start INTEGER NOT "
             "NULL, data BLOB NOT NULL, PRIMARY KEY (series, start)) WITHOUT ROWID",
             "CREATE INDEX IF NOT EXISTS rollup_start ON rollup(start)",
             "PRAGMA user_version = 2",
         }) {
        LOOM_RETURN_IF_ERROR((*db)->exec(sql));
    }
    auto reader = store::Db::open(path);
    if (!reader) return reader.status();
    return std::unique_ptr<History>(new History(std::move(*db), std::move(*reader), options));
}

History::History(std::unique_ptr<store::Db> writer, std::unique_ptr<store::Db> reader,
                 Options options)
    : m_db(std::move(writer)), m_reader(std::move(reader)), m_options(std::move(options)) {}

History::~History() {
    stop();
}

int64_t History::now() const {
    return m_options.clock ? m_options.clock() : systemNowMs();
}

int64_t History::stepMs() const {
    return std::chrono::duration_cast<std::chrono::milliseconds>(m_options.coarseStep).count();
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
        std::lock_guard lock(m_wakeMutex);
        if (m_stopping) return;
        m_stopping = true;
    }
    m_cv.notify_all();
    if (m_thread.joinable()) m_thread.join();
    if (auto s = flush(); !s.isOk()) {
        LOOM_LOG(Warning, kLog) << s.message();
    }
    if (auto s = closeOpenBlocks(); !s.isOk()) {
        LOOM_LOG(Warning, kLog) << s.message();
    }
}

void History::run() {
    while (true) {
        {
            std::unique_lock lock(m_wakeMutex);
            if (m_cv.wait_for(lock, m_options.flushInterval, [this] { return m_stopping; })) {
                return;
            }
        }
        if (auto s = flush(); !s.isOk()) {
            LOOM_LOG(Warning, kLog) << s.message();
        }
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
    common::Status first;
    for (const auto& s : batch) {
        if (auto r = record(*s); !r.isOk() && first.isOk()) first = r;
    }
    for (const auto& s : latency) {
        if (auto r = record(*s); !r.isOk() && first.isOk()) first = r;
    }
    return first;
}

common::Status History::record(const v1::StatsSample& sample) {
    std::vector<Row> rows;
    rows.reserve(static_cast<size_t>(sample.targets_size()));
    for (const auto& t : sample.targets()) {
        const auto& r = t.rates();
        rows.push_back({statsKey(t.kind(), t.id()),
                        {static_cast<float>(r.rx_bytes()), static_cast<float>(r.tx_bytes()),
                         static_cast<float>(r.rx_packets()), static_cast<float>(r.tx_packets()),
                         static_cast<float>(r.rx_errors()), static_cast<float>(r.tx_errors()),
                         static_cast<float>(r.rx_drops()), static_cast<float>(r.tx_drops())}});
    }
    return fold(m_stats, sample.unix_ms(), rows);
}

common::Status History::record(const v1::LatencySample& round) {
    std::vector<Row> rows;
    rows.reserve(static_cast<size_t>(round.targets_size()));
    for (const auto& t : round.targets()) {
        bool answered = t.received() > 0 && t.loss_recent() < 1.0;
        auto v = [answered](double x) { return answered ? static_cast<float>(x) : kNaN; };
        rows.push_back({latencyKey(t.network_id(), t.id()),
                        {v(t.rtt_ms()), v(t.p50_ms()), v(t.p90_ms()), v(t.p99_ms()),
                         static_cast<float>(t.loss_recent()), 0, 0, 0}});
    }
    return fold(m_latency, round.unix_ms(), rows);
}

common::Status History::fold(Family& f, int64_t unixMs, const std::vector<Row>& rows) {
    bool rotated = false;
    {
        std::lock_guard lock(m_mutex);
        int64_t span = floorTo(unixMs, stepMs());
        if (f.open.start != span) {
            if (f.open.start >= 0) {
                // The minute is complete: it becomes every series' last block, and its bucket
                // joins their rollups. Written below, outside the lock.
                f.last = std::move(f.open);
                for (auto& [key, s] : f.series) {
                    s.last = std::move(s.open);
                    s.open = {};
                    if (s.last.key == f.last.key) foldIntoRollup(f, key, s, f.last.start, s.last);
                }
                rotated = true;
            }
            f.open = {span, unixMs, {}};
        }
        size_t slot = f.open.times.size();
        f.open.times.push_back(unixMs);
        for (const auto& [key, values] : rows) {
            Series& s = f.series[key];
            if (s.open.key != f.open.key) {
                s.open.key = f.open.key;
                s.open.present.clear();
                s.open.values.assign(f.metrics, {});
            }
            s.open.present.resize(slot, false);
            s.open.present.push_back(true);
            for (size_t m = 0; m < f.metrics; ++m) s.open.values[m].push_back(values[m]);
            s.lastSeenMs = unixMs;
        }
    }
    return rotated ? closeSpan(f) : common::Status{};
}

void History::foldIntoRollup(Family& f, const std::string& key, Series& s, int64_t spanStart,
                             const Block& b) {
    int64_t block = floorTo(spanStart, rollupSpanMs());
    if (!s.loaded) {
        // After a restart, the block of this hour may hold buckets already.
        s.loaded = true;
        s.rollupStart = block;
        if (auto st = loadRollup(key, s, f.metrics); !st.isOk()) {
            LOOM_LOG(Warning, kLog) << st.message();
        }
    }
    if (s.rollupStart != block) {
        s.rollupStart = block;
        s.rollupPresent.clear();
        s.rollup.clear();
    }
    if (s.rollup.empty()) {
        s.rollupPresent.assign(kBucketsPerRollup, false);
        s.rollup.assign(2 * f.metrics, std::vector<float>(kBucketsPerRollup, 0.0f));
    }
    size_t bucket = static_cast<size_t>((spanStart - block) / stepMs());
    for (size_t m = 0; m < f.metrics; ++m) {
        double sum = 0, peak = -std::numeric_limits<double>::infinity();
        size_t n = 0;
        for (float v : b.values[m]) {
            if (std::isnan(v)) continue;
            sum += v;
            peak = std::max(peak, static_cast<double>(v));
            ++n;
        }
        float avg = n ? static_cast<float>(sum / static_cast<double>(n)) : kNaN;
        float max = n ? static_cast<float>(peak) : kNaN;
        float& a = s.rollup[m][bucket];
        float& x = s.rollup[f.metrics + m][bucket];
        if (s.rollupPresent[bucket] && !std::isnan(a)) {
            // The same bucket again (a restart within the minute): both halves count.
            if (!std::isnan(avg)) {
                avg = (a + avg) / 2;
                max = std::max(x, max);
            } else {
                avg = a;
                max = x;
            }
        }
        a = avg;
        x = max;
    }
    s.rollupPresent[bucket] = true;
}

common::Status History::loadRollup(const std::string& key, Series& s, size_t metrics) {
    auto q = m_db->prepare(
        "SELECT r.data FROM rollup r JOIN series s ON s.id = r.series WHERE s.key = ? AND "
        "r.start = ?");
    if (!q) return q.status();
    q->bind(1, key).bind(2, s.rollupStart);
    if (!q->step()) return q->status();
    size_t columns = 2 * metrics;
    auto block = codec::decode(q->blob(0), columns);
    if (!block || block->present.size() != kBucketsPerRollup) return {};
    s.rollupPresent = block->present;
    s.rollup.assign(columns, std::vector<float>(kBucketsPerRollup, 0.0f));
    for (size_t c = 0; c < columns; ++c) {
        size_t i = 0;
        for (size_t slot = 0; slot < kBucketsPerRollup; ++slot) {
            if (block->present[slot]) s.rollup[c][slot] = block->values[c][i++];
        }
    }
    return {};
}

common::Result<int64_t> History::seriesRow(const std::string& key) {
    auto find = m_db->prepare("SELECT id FROM series WHERE key = ?");
    if (!find) return find.status();
    find->bind(1, key);
    if (find->step()) return find->integer(0);
    LOOM_RETURN_IF_ERROR(find->status());
    auto insert = m_db->prepare("INSERT INTO series (key) VALUES (?) RETURNING id");
    if (!insert) return insert.status();
    insert->bind(1, key);
    if (insert->step()) return insert->integer(0);
    LOOM_RETURN_IF_ERROR(insert->status());
    return common::internal("history: no id for series " + key);
}

// Writes the span that just completed: its times, every series' block of it, and the rollups
// that changed. Only this (writer) thread changes the blocks it reads here; the lock is taken
// only for the series' row ids and to let go of series that are gone.
common::Status History::closeSpan(Family& f) {
    const int kind = static_cast<int>(f.kind);
    const int64_t key = f.last.key;
    const size_t slots = f.last.times.size();
    common::Status s = inTransaction("history", [&]() -> common::Status {
        auto times =
            m_db->prepare("INSERT OR REPLACE INTO times (kind, start, data) VALUES (?,?,?)");
        if (!times) return times.status();
        LOOM_RETURN_IF_ERROR(times->bind(1, int64_t{kind})
                                 .bind(2, key)
                                 .bindBlob(3, codec::encodeTimes(f.last.times))
                                 .run());
        auto fine =
            m_db->prepare("INSERT OR REPLACE INTO fine (series, start, data) VALUES (?,?,?)");
        if (!fine) return fine.status();
        auto rollup =
            m_db->prepare("INSERT OR REPLACE INTO rollup (series, start, data) VALUES (?,?,?)");
        if (!rollup) return rollup.status();
        for (auto& [name, series] : f.series) {
            if (series.last.key != key) continue;
            if (series.row == 0) {
                auto row = seriesRow(name);
                if (!row) return row.status();
                std::lock_guard lock(m_mutex);
                series.row = *row;
            }
            fine->reset();
            LOOM_RETURN_IF_ERROR(
                fine->bind(1, series.row)
                    .bind(2, key)
                    .bindBlob(
                        3, codec::encode(columnsOf(series.last.present, series.last.values, slots)))
                    .run());
            rollup->reset();
            LOOM_RETURN_IF_ERROR(
                rollup->bind(1, series.row)
                    .bind(2, series.rollupStart)
                    .bindBlob(3, codec::encode(packedRollup(series.rollupPresent, series.rollup)))
                    .run());
        }
        return expire(key);
    });
    // Series not seen for a whole rollup block are let go (their rows stay until they expire).
    std::lock_guard lock(m_mutex);
    for (auto it = f.series.begin(); it != f.series.end();) {
        if (it->second.lastSeenMs < key - rollupSpanMs() && it->second.row != 0) {
            it = f.series.erase(it);
        } else {
            ++it;
        }
    }
    return s;
}

common::Status History::expire(int64_t newestMs) {
    auto ms = [](std::chrono::seconds s) {
        return std::chrono::duration_cast<std::chrono::milliseconds>(s).count();
    };
    // One step more than promised, so a query of exactly the retention finds it all.
    int64_t fineCut = newestMs - ms(m_options.fineRetention) - 2 * stepMs();
    for (const char* sql :
         {"DELETE FROM fine WHERE start < ?", "DELETE FROM times WHERE start < ?"}) {
        auto del = m_db->prepare(sql);
        if (!del) return del.status();
        LOOM_RETURN_IF_ERROR(del->bind(1, fineCut).run());
    }
    // Rollups once per rollup block: they are kept for days.
    if (newestMs - m_expiredAt < rollupSpanMs()) return {};
    m_expiredAt = newestMs;
    auto del = m_db->prepare("DELETE FROM rollup WHERE start < ?");
    if (!del) return del.status();
    LOOM_RETURN_IF_ERROR(
        del->bind(1, newestMs - ms(m_options.coarseRetention) - rollupSpanMs()).run());
    return m_db->exec(
        "DELETE FROM series WHERE id NOT IN (SELECT series FROM rollup) AND id NOT IN (SELECT "
        "series FROM fine)");
}

common::Status History::closeOpenBlocks() {
    for (Family* f : {&m_stats, &m_latency}) {
        {
            std::lock_guard lock(m_mutex);
            if (f->open.start < 0) continue;
            f->last = std::move(f->open);
            f->open = {};
            for (auto& [key, s] : f->series) {
                s.last = std::move(s.open);
                s.open = {};
                if (s.last.key == f->last.key) foldIntoRollup(*f, key, s, f->last.start, s.last);
            }
        }
        LOOM_RETURN_IF_ERROR(closeSpan(*f));
    }
    return {};
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

template <typename P>
common::Result<History::Answer<P>> History::read(Family& f, const std::string& key, int64_t fromMs,
                                                 int64_t toMs, int64_t stepReq, uint32_t maxPoints,
                                                 const std::function<P(const Bucket&)>& make) {
    const int64_t nowMs = now();
    const int64_t fineFrom =
        nowMs -
        std::chrono::duration_cast<std::chrono::milliseconds>(m_options.fineRetention).count();
    const bool fine = fromMs >= fineFrom - stepMs() && (stepReq == 0 || stepReq < stepMs());
    int64_t width = chooseStep(fromMs, toMs, fine ? 0 : stepMs(), stepReq, maxPoints);
    // Samples are collected first: when they fit, each is its own point.
    struct Sample {
        int64_t t;
        std::vector<float> v;
    };
    std::vector<Sample> samples;
    BucketReducer reducer(f.metrics, width);
    auto addSamples = [&](const std::vector<int64_t>& times, const codec::Columns& c) {
        size_t i = 0;
        for (size_t slot = 0; slot < c.present.size() && slot < times.size(); ++slot) {
            if (!c.present[slot]) continue;
            if (times[slot] >= fromMs && times[slot] <= toMs) {
                Sample s{times[slot], std::vector<float>(f.metrics)};
                for (size_t m = 0; m < f.metrics; ++m) s.v[m] = c.values[m][i];
                samples.push_back(std::move(s));
            }
            ++i;
        }
    };
    auto addBuckets = [&](int64_t start, const codec::Columns& c) {
        std::vector<float> avg(f.metrics), max(f.metrics);
        size_t i = 0;
        for (size_t slot = 0; slot < c.present.size(); ++slot) {
            if (!c.present[slot]) continue;
            for (size_t m = 0; m < f.metrics; ++m) {
                avg[m] = c.values[m][i];
                max[m] = c.values[f.metrics + m][i];
            }
            ++i;
            int64_t t = start + static_cast<int64_t>(slot) * stepMs();
            if (t + stepMs() > fromMs && t <= toMs) reducer.add(t, avg.data(), max.data());
        }
    };

    // What is in memory: the open and the last minute, the open rollup block.
    struct Snapshot {
        std::vector<int64_t> openTimes, lastTimes;
        Block open, last;
        int64_t rollupStart = -1;
        codec::Columns rollup;
        int64_t openStart = -1;
    } snap;
    {
        std::lock_guard lock(m_mutex);
        snap.openTimes = f.open.times;
        snap.lastTimes = f.last.times;
        snap.openStart = f.open.start;
        auto it = f.series.find(key);
        if (it != f.series.end()) {
            const Series& s = it->second;
            if (s.open.key == f.open.key) snap.open = s.open;
            if (s.last.key == f.last.key) snap.last = s.last;
            if (!fine && !s.rollup.empty()) {
                snap.rollupStart = s.rollupStart;
                snap.rollup = packedRollup(s.rollupPresent, s.rollup);
            }
        }
    }

    {
        std::lock_guard lock(m_readMutex);
        auto find = m_reader->prepare("SELECT id FROM series WHERE key = ?");
        if (!find) return find.status();
        find->bind(1, key);
        int64_t row = find->step() ? find->integer(0) : 0;
        LOOM_RETURN_IF_ERROR(find->status());
        if (row != 0 && fine) {
            auto q = m_reader->prepare(
                "SELECT f.start, f.data, t.data FROM fine f JOIN times t ON t.kind = ? AND "
                "t.start = f.start WHERE f.series = ? AND f.start >= ? AND f.start <= ? ORDER BY "
                "f.start");
            if (!q) return q.status();
            q->bind(1, int64_t{static_cast<int>(f.kind)})
                .bind(2, row)
                .bind(3, fromMs - stepMs())
                .bind(4, toMs);
            while (q->step()) {
                int64_t start = q->integer(0);
                if (start == snap.open.key || start == snap.last.key) continue;  // from memory
                auto times = codec::decodeTimes(q->blob(2));
                auto block = codec::decode(q->blob(1), f.metrics);
                if (times && block) addSamples(*times, *block);
            }
            LOOM_RETURN_IF_ERROR(q->status());
        } else if (row != 0) {
            auto q = m_reader->prepare(
                "SELECT start, data FROM rollup WHERE series = ? AND start >= ? AND start <= ? "
                "ORDER BY start");
            if (!q) return q.status();
            q->bind(1, row).bind(2, fromMs - rollupSpanMs()).bind(3, toMs);
            while (q->step()) {
                int64_t start = q->integer(0);
                if (start == snap.rollupStart) continue;  // from memory
                auto block = codec::decode(q->blob(1), 2 * f.metrics);
                if (block) addBuckets(start, *block);
            }
            LOOM_RETURN_IF_ERROR(q->status());
        }
    }

    if (fine) {
        if (snap.last.key >= 0)
            addSamples(snap.lastTimes,
                       columnsOf(snap.last.present, snap.last.values, snap.lastTimes.size()));
        if (snap.open.key >= 0)
            addSamples(snap.openTimes,
                       columnsOf(snap.open.present, snap.open.values, snap.openTimes.size()));
    } else {
        if (snap.rollupStart >= 0) addBuckets(snap.rollupStart, snap.rollup);
        // The open minute, as the bucket it will become.
        if (snap.open.key >= 0 && snap.openStart + stepMs() > fromMs && snap.openStart <= toMs) {
            std::vector<float> avg(f.metrics, kNaN), max(f.metrics, kNaN);
            for (size_t m = 0; m < f.metrics; ++m) {
                double sum = 0;
                size_t n = 0;
                for (float v : snap.open.values[m]) {
                    if (std::isnan(v)) continue;
                    sum += v;
                    max[m] = std::isnan(max[m]) ? v : std::max(max[m], v);
                    ++n;
                }
                if (n) avg[m] = static_cast<float>(sum / static_cast<double>(n));
            }
            reducer.add(snap.openStart, avg.data(), max.data());
        }
    }

    if (fine) {
        std::sort(samples.begin(), samples.end(),
                  [](const Sample& a, const Sample& b) { return a.t < b.t; });
        if (stepReq == 0 && (maxPoints == 0 || samples.size() <= maxPoints)) width = 1;
        BucketReducer bySample(f.metrics, width);
        for (const auto& s : samples) bySample.add(s.t, s.v.data(), s.v.data());
        reducer = std::move(bySample);
    }
    Answer<P> out;
    out.stepMs = width;
    for (const auto& b : reducer.take()) out.points.push_back(make(b));
    return out;
}

common::Result<History::Answer<History::Point>> History::query(v1::StatsTarget::Kind kind,
                                                               const std::string& id,
                                                               int64_t fromMs, int64_t toMs,
                                                               int64_t stepMs, uint32_t maxPoints) {
    auto rates = [](const std::vector<double>& v, v1::Rates* r) {
        auto z = [](double x) { return std::isnan(x) ? 0.0 : x; };
        r->set_rx_bytes(z(v[0]));
        r->set_tx_bytes(z(v[1]));
        r->set_rx_packets(z(v[2]));
        r->set_tx_packets(z(v[3]));
        r->set_rx_errors(z(v[4]));
        r->set_tx_errors(z(v[5]));
        r->set_rx_drops(z(v[6]));
        r->set_tx_drops(z(v[7]));
    };
    return read<Point>(m_stats, statsKey(kind, id), fromMs, toMs, stepMs, maxPoints,
                       [&](const Bucket& b) {
                           Point p;
                           p.unixMs = b.unixMs;
                           rates(b.avg, &p.rates);
                           rates(b.max, &p.max);
                           rates(b.min, &p.min);
                           return p;
                       });
}

common::Result<History::Answer<History::LatencyPoint>> History::queryLatency(
    const std::string& networkId, const std::string& targetId, int64_t fromMs, int64_t toMs,
    int64_t stepMs, uint32_t maxPoints) {
    return read<LatencyPoint>(m_latency, latencyKey(networkId, targetId), fromMs, toMs, stepMs,
                              maxPoints, [](const Bucket& b) {
                                  LatencyPoint p;
                                  p.unixMs = b.unixMs;
                                  p.answered = b.count[0] > 0;
                                  if (p.answered) {
                                      p.rttMs = b.avg[0];
                                      p.maxRttMs = b.max[0];
                                      p.minRttMs = b.min[0];
                                      p.p50Ms = b.avg[1];
                                      p.p90Ms = b.avg[2];
                                      p.p99Ms = b.avg[3];
                                  }
                                  p.loss = std::isnan(b.avg[4]) ? 0 : b.avg[4];
                                  p.maxLoss = std::isnan(b.max[4]) ? 0 : b.max[4];
                                  return p;
                              });
}

}  // namespace loom::engine::telemetry
