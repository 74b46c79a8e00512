// The telemetry history's cost at N endpoints over simulated time, next to the format it
// replaced (one row per interface per sample, per-minute averages; kept here as the
// reference), in the same run: CPU per second of samples, database bytes after an hour and a
// day, and a week-long query reduced to max_points.
//
//   loom_history_bench [--endpoints N] [--hours H] [--reference-hours R] [--profile P]
//   loom_history_bench --seed-week DB --id ENDPOINT_ID     a week of one busy endpoint's
//                                                          samples, ending now, into an engine's
//                                                          history.db (the engine stopped)
//   loom_history_bench --query SOCKET --target NAME        QueryStats of that week through the
//                                                          engine's API, max_points 2000
//
// H simulated hours of the new history (default 24), R of the reference (default 4; its day
// is then extrapolated from its last hour's growth, and the table says so: a file keeps
// growing fast in its second hour while the first hour's rows are not yet deleted, and steadily
// from its third). P: idle (no traffic),
// mixed (a tenth of the endpoints busy, the default) or busy (all of them).
#include <sqlite3.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include <grpcpp/grpcpp.h>

#include "engine/store/sqlite_db.h"
#include "engine/telemetry/history.h"
#include "loom/v1/loom.grpc.pb.h"

using namespace loom;
using namespace loom::engine;

namespace {

double threadCpuMs() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

double fileMiB(const std::string& path) {
    double total = 0;
    for (const char* ext : {"", "-wal"}) {
        struct stat st {};
        if (::stat((path + ext).c_str(), &st) == 0) total += static_cast<double>(st.st_size);
    }
    return total / (1024 * 1024);
}

// The samples of N endpoints (plus a network and the host) at one second.
class Workload {
public:
    Workload(int endpoints, const std::string& profile) : m_rng(42) {
        for (int i = 0; i < endpoints; ++i) {
            bool busy = profile == "busy" || (profile == "mixed" && i % 10 == 0);
            m_busy.push_back(busy);
            char id[64];
            std::snprintf(id, sizeof id, "%08x-%04x-4%03x-8%03x-%012x", 0x1000 + i, i, i, i, i);
            m_ids.emplace_back(id);
        }
    }
    v1::StatsSample at(int64_t unixMs) {
        v1::StatsSample s;
        s.set_unix_ms(unixMs);
        std::uniform_real_distribution<double> rate(1e5, 1e8);
        double total = 0;
        for (size_t i = 0; i < m_ids.size(); ++i) {
            auto* t = s.add_targets();
            t->set_kind(v1::StatsTarget::KIND_ENDPOINT);
            t->set_id(m_ids[i]);
            if (!m_busy[i]) continue;
            auto* r = t->mutable_rates();
            r->set_rx_bytes(rate(m_rng));
            r->set_tx_bytes(rate(m_rng));
            r->set_rx_packets(r->rx_bytes() / 1400);
            r->set_tx_packets(r->tx_bytes() / 1400);
            total += r->rx_bytes();
        }
        auto* n = s.add_targets();
        n->set_kind(v1::StatsTarget::KIND_NETWORK);
        n->set_id("network-0000");
        n->mutable_rates()->set_rx_bytes(total);
        auto* h = s.add_targets();
        h->set_kind(v1::StatsTarget::KIND_HOST);
        h->set_id("host-0000");
        h->mutable_rates()->set_rx_bytes(total);
        return s;
    }

private:
    std::mt19937_64 m_rng;
    std::vector<std::string> m_ids;
    std::vector<bool> m_busy;
};

// The former format, as it was: a row per target per sample (two indexes), a flush every 2 s,
// per-minute averages rolled up as each minute completes, rows deleted as they age out.
class RowPerSample {
public:
    explicit RowPerSample(const std::string& path) {
        auto db = engine::store::Db::open(path);
        if (!db) throw std::runtime_error(db.status().message());
        m_db = std::move(*db);
        for (const char* sql :
             {"PRAGMA synchronous=NORMAL",
              "CREATE TABLE fine (kind INTEGER NOT NULL, id TEXT NOT NULL, ts INTEGER NOT "
              "NULL, rx_bytes REAL, tx_bytes REAL, rx_packets REAL, tx_packets REAL, "
              "rx_errors REAL, tx_errors REAL, rx_drops REAL, tx_drops REAL)",
              "CREATE INDEX fine_target ON fine(kind, id, ts)", "CREATE INDEX fine_ts ON fine(ts)",
              "CREATE TABLE coarse (kind INTEGER NOT NULL, id TEXT NOT NULL, ts INTEGER NOT "
              "NULL, rx_bytes REAL, tx_bytes REAL, rx_packets REAL, tx_packets REAL, "
              "rx_errors REAL, tx_errors REAL, rx_drops REAL, tx_drops REAL, PRIMARY KEY "
              "(kind, id, ts))",
              "CREATE INDEX coarse_ts ON coarse(ts)"}) {
            (void)m_db->exec(sql);
        }
    }
    void add(v1::StatsSample s) {
        m_queue.push_back(std::move(s));
        if (m_queue.size() < 2) return;  // the former writer flushed every 2 s
        int64_t now = m_queue.back().unix_ms();
        (void)m_db->exec("BEGIN");
        auto insert = m_db->prepare(
            "INSERT INTO fine (kind, id, ts, rx_bytes, tx_bytes, rx_packets, tx_packets, "
            "rx_errors, tx_errors, rx_drops, tx_drops) VALUES (?,?,?,?,?,?,?,?,?,?,?)");
        for (const auto& sample : m_queue) {
            for (const auto& t : sample.targets()) {
                insert->reset();
                const auto& r = t.rates();
                (void)insert->bind(1, int64_t{t.kind()})
                    .bind(2, t.id())
                    .bind(3, int64_t{sample.unix_ms()})
                    .bind(4, r.rx_bytes())
                    .bind(5, r.tx_bytes())
                    .bind(6, r.rx_packets())
                    .bind(7, r.tx_packets())
                    .bind(8, r.rx_errors())
                    .bind(9, r.tx_errors())
                    .bind(10, r.rx_drops())
                    .bind(11, r.tx_drops())
                    .run();
            }
        }
        (void)m_db->exec("COMMIT");
        m_queue.clear();
        int64_t complete = now / 60000 * 60000;
        if (complete <= m_rolledUntil) return;
        (void)m_db->exec("BEGIN");
        auto roll = m_db->prepare(
            "INSERT OR REPLACE INTO coarse (kind, id, ts, rx_bytes, tx_bytes, rx_packets, "
            "tx_packets, rx_errors, tx_errors, rx_drops, tx_drops) SELECT kind, id, (ts / 60000) "
            "* 60000 AS bucket, avg(rx_bytes), avg(tx_bytes), avg(rx_packets), avg(tx_packets), "
            "avg(rx_errors), avg(tx_errors), avg(rx_drops), avg(tx_drops) FROM fine WHERE ts < ? "
            "AND ts >= ? GROUP BY kind, id, bucket");
        (void)roll->bind(1, complete).bind(2, m_rolledUntil).run();
        auto del = m_db->prepare("DELETE FROM fine WHERE ts < ?");
        (void)del->bind(1, now - 3600 * 1000).run();
        auto delCoarse = m_db->prepare("DELETE FROM coarse WHERE ts < ?");
        (void)delCoarse->bind(1, now - int64_t{7} * 86400 * 1000).run();
        (void)m_db->exec("COMMIT");
        m_rolledUntil = complete;
    }

private:
    std::unique_ptr<engine::store::Db> m_db;
    std::vector<v1::StatsSample> m_queue;
    int64_t m_rolledUntil = 0;
};

struct Run {
    double cpuMsPerSecond = 0;  // of the writer, per simulated second of samples
    double mibAfterHour = 0, mibAfterDay = 0;
    bool dayMeasured = false;
    double mibLastHourGrowth = 0;
};

template <typename Add>
Run simulate(const std::string& path, Workload& w, int hours, Add add, int64_t& clock) {
    Run r;
    double cpu = 0;
    int64_t seconds = 0;
    double lastHourMiB = 0;
    for (int h = 1; h <= hours; ++h) {
        for (int s = 0; s < 3600; ++s) {
            clock += 1000;
            auto sample = w.at(clock);  // not measured: the sampler's work
            double t0 = threadCpuMs();
            add(std::move(sample));
            cpu += threadCpuMs() - t0;
            ++seconds;
        }
        double mib = fileMiB(path);
        if (h == 1) r.mibAfterHour = mib;
        r.mibLastHourGrowth = mib - lastHourMiB;
        lastHourMiB = mib;
        std::fprintf(stderr, "  %s: hour %d, %.1f MiB, %.3f ms CPU/s\n", path.c_str(), h, mib,
                     cpu / static_cast<double>(seconds));
    }
    r.cpuMsPerSecond = cpu / static_cast<double>(seconds);
    r.dayMeasured = hours >= 24;
    r.mibAfterDay =
        r.dayMeasured ? fileMiB(path) : lastHourMiB + (24 - hours) * r.mibLastHourGrowth;
    return r;
}

int64_t wallMs() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

// A week of samples of one endpoint (busy, random rates) ending now, as the engine writes them.
int seedWeek(const std::string& db, const std::string& id) {
    int64_t clock = wallMs() - int64_t{7} * 86400000;
    telemetry::History::Options o;
    o.clock = [&clock] { return clock; };
    auto history = telemetry::History::open(db, o);
    if (!history) {
        std::fprintf(stderr, "%s\n", history.status().message().c_str());
        return 1;
    }
    std::mt19937_64 rng(5);
    std::uniform_real_distribution<double> rate(1e5, 1e8);
    for (int64_t s = 0; s < 7 * 86400; ++s) {
        clock += 1000;
        v1::StatsSample sample;
        sample.set_unix_ms(clock);
        auto* t = sample.add_targets();
        t->set_kind(v1::StatsTarget::KIND_ENDPOINT);
        t->set_id(id);
        t->mutable_rates()->set_rx_bytes(rate(rng));
        t->mutable_rates()->set_tx_bytes(rate(rng));
        t->mutable_rates()->set_rx_packets(t->rates().rx_bytes() / 1400);
        t->mutable_rates()->set_tx_packets(t->rates().tx_bytes() / 1400);
        (void)(*history)->record(sample);
    }
    return (*history)->closeOpenBlocks().isOk() ? 0 : 1;
}

// The console's 7-day chart asks for this: one QueryStats of a week, at most 2000 points.
int queryWeek(const std::string& socket, const std::string& target) {
    auto stub = v1::TelemetryService::NewStub(
        grpc::CreateChannel("unix:" + socket, grpc::InsecureChannelCredentials()));
    std::vector<double> ms;
    size_t bytes = 0;
    int points = 0;
    int64_t step = 0;
    for (int i = 0; i < 21; ++i) {
        v1::QueryStatsRequest req;
        req.set_kind(v1::StatsTarget::KIND_ENDPOINT);
        req.set_target(target);
        req.set_from_unix_ms(wallMs() - int64_t{7} * 86400000);
        req.set_max_points(2000);
        v1::QueryStatsResponse resp;
        grpc::ClientContext ctx;
        auto t0 = std::chrono::steady_clock::now();
        auto s = stub->QueryStats(&ctx, req, &resp);
        ms.push_back(
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0)
                .count());
        if (!s.ok()) {
            std::fprintf(stderr, "QueryStats: %s\n", s.error_message().c_str());
            return 1;
        }
        bytes = resp.ByteSizeLong();
        points = resp.points_size();
        step = resp.step_ms();
    }
    ms.erase(ms.begin());  // the first call opens the channel
    std::sort(ms.begin(), ms.end());
    std::printf(
        "QueryStats of 7 days, max_points 2000, through the engine's socket: %.2f ms median, "
        "%.2f ms max of 20; %d points of %lld s, %zu bytes\n",
        ms[ms.size() / 2], ms.back(), points, static_cast<long long>(step / 1000), bytes);
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    for (int i = 1; i + 3 < argc + 1; ++i) {
        std::string a = argv[i];
        if (a == "--seed-week" && i + 3 < argc) return seedWeek(argv[i + 1], argv[i + 3]);
        if (a == "--query" && i + 3 < argc) return queryWeek(argv[i + 1], argv[i + 3]);
    }
    int endpoints = 1000, hours = 24, referenceHours = 4;
    std::string profile = "mixed";
    for (int i = 1; i + 1 < argc; i += 2) {
        std::string a = argv[i];
        if (a == "--endpoints") endpoints = std::atoi(argv[i + 1]);
        if (a == "--hours") hours = std::atoi(argv[i + 1]);
        if (a == "--reference-hours") referenceHours = std::atoi(argv[i + 1]);
        if (a == "--profile") profile = argv[i + 1];
    }
    if (hours < 1 || referenceHours < 2 || endpoints < 1) {
        std::fprintf(stderr,
                     "usage: %s [--endpoints N] [--hours H>=1] [--reference-hours R>=2] "
                     "[--profile idle|mixed|busy]\n",
                     argv[0]);
        return 2;
    }
    std::string dir = std::filesystem::temp_directory_path() /
                      ("loom-history-bench-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    const int64_t start = 1800000000000;

    // The history as the engine runs it.
    Workload w(endpoints, profile);
    int64_t clock = start;
    std::string newPath = dir + "/history.db";
    telemetry::History::Options o;
    o.clock = [&clock] { return clock; };
    auto history = telemetry::History::open(newPath, o);
    if (!history) {
        std::fprintf(stderr, "%s\n", history.status().message().c_str());
        return 1;
    }
    Run now = simulate(
        newPath, w, hours, [&](v1::StatsSample s) { (void)(*history)->record(s); }, clock);

    // A week of one series, queried as the console's 7-day chart does.
    Workload one(1, "busy");
    int64_t weekClock = start;
    std::string weekPath = dir + "/week.db";
    o.clock = [&weekClock] { return weekClock; };
    auto week = telemetry::History::open(weekPath, o);
    for (int64_t s = 0; s < 7 * 86400; ++s) {
        weekClock += 1000;
        (void)(*week)->record(one.at(weekClock));
    }
    auto q0 = std::chrono::steady_clock::now();
    auto answer =
        (*week)->query(v1::StatsTarget::KIND_ENDPOINT, "00001000-0000-4000-8000-000000000000",
                       weekClock - int64_t{7} * 86400000, weekClock, 0, 2000);
    double queryMs =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - q0).count();
    v1::QueryStatsResponse resp;
    if (answer) {
        resp.set_step_ms(answer->stepMs);
        for (const auto& p : answer->points) {
            auto* out = resp.add_points();
            out->set_unix_ms(p.unixMs);
            *out->mutable_rates() = p.rates;
            *out->mutable_max() = p.max;
            *out->mutable_min() = p.min;
        }
    }

    // The reference, in the same run.
    Workload wr(endpoints, profile);
    int64_t refClock = start;
    std::string refPath = dir + "/reference.db";
    RowPerSample reference(refPath);
    Run ref = simulate(
        refPath, wr, referenceHours, [&](v1::StatsSample s) { reference.add(std::move(s)); },
        refClock);

    std::printf("history at %d endpoints (+1 network, +1 host), profile %s, 1 sample/s\n",
                endpoints, profile.c_str());
    std::printf("%-30s | %14s | %14s | %12s\n", "", "packed (now)", "row per sample", "ratio");
    std::printf("%-30s | %14.3f | %14.3f | %11.1fx\n", "writer CPU, ms per second",
                now.cpuMsPerSecond, ref.cpuMsPerSecond, ref.cpuMsPerSecond / now.cpuMsPerSecond);
    std::printf("%-30s | %14.2f | %14.2f | %11.1fx\n", "database MiB after 1 hour",
                now.mibAfterHour, ref.mibAfterHour, ref.mibAfterHour / now.mibAfterHour);
    std::printf("%-30s | %14.2f | %13.2f%s | %11.1fx\n", "database MiB after 1 day",
                now.mibAfterDay, ref.mibAfterDay, ref.dayMeasured ? " " : "*",
                ref.mibAfterDay / now.mibAfterDay);
    if (!now.dayMeasured) {
        std::printf("  (packed: %d simulated hours only; its day is extrapolated)\n", hours);
    }
    if (!ref.dayMeasured) {
        std::printf(
            "  * row per sample: measured for %d hours, the day extrapolated from its last "
            "hour's growth (%.2f MiB/h)\n",
            referenceHours, ref.mibLastHourGrowth);
    }
    std::printf(
        "7-day query, max_points 2000: %.2f ms, %d points of %lld s, %zu bytes as "
        "QueryStatsResponse\n",
        queryMs, resp.points_size(), static_cast<long long>(resp.step_ms() / 1000),
        resp.ByteSizeLong());
    if (!getenv("LOOM_BENCH_KEEP")) std::filesystem::remove_all(dir);
    return 0;
}
