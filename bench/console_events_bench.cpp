// The console following another host's changes, against a real lab (bench/console_events.sh):
// a MainWindow (offscreen) connected to one engine while endpoints are created through another.
//  - one create at a time: from the other client's request to the row in the console;
//  - a burst of creates: the longest stall of the GUI thread meanwhile (a 1 ms timer's longest
//    gap, less its period), split into the console's CPU time in it (the GUI thread's and its
//    other threads' while it waited), other processes' (its run delay less that: on this
//    machine the sandbox's own agent runs at nice -10), and time when neither ran (asleep, or
//    the virtual machine's CPU taken away by its host); and the time until the last row shows.
//
//   loom_console_events_bench --console SOCKET --other SOCKET --network NAME [--burst N]
//                             [--weathermap on|off]   (the canvas's live layer; default on)
//   loom_console_events_bench --offline N [--updates U]  (no engine: see offline())
#include <grpcpp/grpcpp.h>

#include <fcntl.h>
#include <unistd.h>

#include <QApplication>
#include <QElapsedTimer>
#include <QTimer>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "loom/v1/loom.grpc.pb.h"
#include "ui/client/engine_client.h"
#include "ui/designer/topology_scene.h"
#include "ui/models/inventory_models.h"
#include "ui/widgets/live_canvas.h"
#include "ui/widgets/main_window.h"

namespace {

// Times every event the GUI thread handles; the slowest kinds are printed at the end, so that a
// stall can be traced to what caused it.
class TimedApp : public QApplication {
public:
    using QApplication::QApplication;
    bool notify(QObject* receiver, QEvent* event) override {
        const qint64 start = now();
        const qint64 cpuStart = m_depth == 0 ? cpuNow() : 0;
        int type = event->type();
        // Before: the receiver may be gone after (a single-shot timer deletes itself).
        const char* cls = receiver->metaObject()->className();
        ++m_depth;
        bool r = QApplication::notify(receiver, event);
        --m_depth;
        qint64 ns = now() - start;
        if (m_depth == 0) {
            m_busy += ns;
            m_longest = std::max(m_longest, ns);
            m_all.push_back({start, ns});
            if (ns > 1'000'000) {
                m_log.push_back({start, ns, std::string(cls) + " event " + std::to_string(type),
                                 cpuNow() - cpuStart});
            }
        }
        if (ns > 8'000'000 && m_depth == 0) {
            std::string what = std::string(cls) + " event " + std::to_string(type);
            m_slow[what] = std::max(m_slow[what], ns / 1e6);
        }
        return r;
    }
    // The GUI thread's own CPU time: less than the wall time when it waited for a CPU.
    static qint64 cpuNow() {
        timespec ts{};
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
        return static_cast<qint64>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
    }
    static qint64 now() {
        return std::chrono::duration_cast<std::chrono::nanoseconds>(
                   std::chrono::steady_clock::now().time_since_epoch())
            .count();
    }
    // What the GUI thread did (events over 1 ms) between two moments of now().
    void explain(qint64 from, qint64 to) const {
        double busy = 0;
        for (const auto& e : m_log) {
            if (e.start + e.ns < from || e.start > to) continue;
            busy += static_cast<double>(e.ns) / 1e6;
            std::fprintf(stderr, "  in the longest stall: +%.1f ms %s %.1f ms (on a CPU %.1f)\n",
                         static_cast<double>(e.start - from) / 1e6, e.what.c_str(),
                         static_cast<double>(e.ns) / 1e6, static_cast<double>(e.cpuNs) / 1e6);
        }
        double all = 0;
        int n = 0;
        for (const auto& [start, ns] : m_all) {
            if (start + ns < from || start > to) continue;
            all += static_cast<double>(std::min(start + ns, to) - std::max(start, from)) / 1e6;
            ++n;
        }
        std::fprintf(stderr,
                     "  the longest stall: %.1f ms, of which in events over 1 ms %.1f, in %d "
                     "events of any length %.1f (the rest: the event loop itself, or the thread "
                     "waiting for a CPU)\n",
                     static_cast<double>(to - from) / 1e6, busy, n, all);
    }
    // The time spent handling events (from the outermost call), in all.
    qint64 busyNs() const { return m_busy; }
    // The longest event handled (from the outermost call), since the last reset.
    double longestMs() const { return static_cast<double>(m_longest) / 1e6; }
    void resetLongest() {
        m_longest = 0;
        m_slow.clear();
        m_log.clear();
        m_all.clear();
    }
    // Events over 1 ms since the last reset, by kind: how many, the longest, the time in all.
    void summary() const {
        std::map<std::string, std::tuple<int, double, double>> by;
        for (const auto& e : m_log) {
            auto& [n, longest, all] = by[e.what];
            ++n;
            longest = std::max(longest, static_cast<double>(e.ns) / 1e6);
            all += static_cast<double>(e.ns) / 1e6;
        }
        for (const auto& [what, v] : by)
            std::fprintf(stderr, "  %s: %d over 1 ms, longest %.1f ms, %.1f ms in all\n",
                         what.c_str(), std::get<0>(v), std::get<1>(v), std::get<2>(v));
    }
    void report() const {
        for (const auto& [what, ms] : m_slow)
            std::fprintf(stderr, "  slow: %s %.1f ms\n", what.c_str(), ms);
    }

private:
    int m_depth = 0;
    qint64 m_longest = 0, m_busy = 0;
    std::map<std::string, double> m_slow;
    struct Handled {
        qint64 start, ns;
        std::string what;
        qint64 cpuNs;
    };
    std::vector<Handled> m_log;
    std::vector<std::pair<qint64, qint64>> m_all;  // every event: start, length (ns)
};

// A moment on the GUI thread's clocks: its own CPU time, the process's (every thread), and how
// long it has waited for a CPU while it could run (the run delay of /proc/thread-self/schedstat).
// Between two moments of a stall: what the thread did, and what kept it from its CPU.
struct Moment {
    qint64 at = 0, threadCpu = 0, processCpu = 0, runDelay = 0;
};

class GuiClocks {
public:
    GuiClocks() : m_fd(::open("/proc/thread-self/schedstat", O_RDONLY | O_CLOEXEC)) {}
    ~GuiClocks() {
        if (m_fd >= 0) ::close(m_fd);
    }
    GuiClocks(const GuiClocks&) = delete;
    GuiClocks& operator=(const GuiClocks&) = delete;
    Moment now() const {
        Moment m;
        m.at = TimedApp::now();
        m.threadCpu = TimedApp::cpuNow();
        timespec ts{};
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
        m.processCpu = static_cast<qint64>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
        char buf[96] = {};
        if (m_fd >= 0 && ::pread(m_fd, buf, sizeof buf - 1, 0) > 0) {
            unsigned long long run = 0, delay = 0;
            if (std::sscanf(buf, "%llu %llu", &run, &delay) == 2)
                m.runDelay = static_cast<qint64>(delay);
        }
        return m;
    }

private:
    int m_fd;
};

// Time each CPU's virtual machine was kept from running by its host so far (steal, ms; in ticks
// of 10 ms), by CPU number.
std::vector<double> stealMs() {
    std::vector<double> out;
    std::ifstream stat("/proc/stat");
    const double tick = 1000.0 / static_cast<double>(sysconf(_SC_CLK_TCK));
    std::string line;
    while (std::getline(stat, line) && line.rfind("cpu", 0) == 0) {
        if (line.size() < 4 || line[3] == ' ') continue;  // the sum of all
        std::istringstream fields(line);
        std::string name;
        double v[8] = {};
        fields >> name;
        for (double& x : v) fields >> x;
        out.push_back(v[7] * tick);
    }
    return out;
}

// Every thread of this process: its name and the CPU time it used so far (ms), by thread id.
std::map<int, std::pair<std::string, double>> threadCpu() {
    std::map<int, std::pair<std::string, double>> out;
    const double tick = 1000.0 / static_cast<double>(sysconf(_SC_CLK_TCK));
    for (const auto& entry : std::filesystem::directory_iterator("/proc/self/task")) {
        std::ifstream stat(entry.path() / "stat");
        std::string line;
        std::getline(stat, line);
        auto open = line.find('('), close = line.rfind(')');
        if (open == std::string::npos || close == std::string::npos) continue;
        std::string name = line.substr(open + 1, close - open - 1);
        std::istringstream rest(line.substr(close + 2));
        std::string field;
        double utime = 0, stime = 0;
        for (int i = 3; i <= 15 && rest >> field; ++i) {
            if (i == 14) utime = std::stod(field);
            if (i == 15) stime = std::stod(field);
        }
        out[std::stoi(entry.path().filename().string())] = {name, (utime + stime) * tick};
    }
    return out;
}

// Runs the event loop until `done` holds or `ms` pass; false on timeout. The loop sleeps
// between events as a console's does (a timer wakes it to look at `done`): a GUI thread that
// spins is a CPU hog to the scheduler, which then lets the process's other threads (gRPC's,
// the designer's worker) run first whenever they wake, and its events wait for them.
bool waitFor(const std::function<bool()>& done, int ms) {
    QElapsedTimer t;
    t.start();
    QTimer look;
    look.start(2);
    while (!done()) {
        if (t.elapsed() > ms) return false;
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
    }
    return true;
}

}  // namespace

// Without an engine: the window fed a synthetic inventory of `n` endpoints on 3 hosts through the
// client's own signal, then `burst` single-endpoint updates, each measured as the GUI thread's
// time in events until the canvas has drawn it (the models, the canvas, its geometry and paint).
// Quiet enough to compare canvas changes.
int offline(int n, int burst, bool weathermap) {
    loom::ui::EngineClient client;
    loom::ui::MainWindow window(client);
    window.resize(1400, 900);
    window.liveCanvas().setEnabled(weathermap);
    window.show();
    loom::ui::Inventory inv;
    for (int h = 1; h <= 3; ++h) {
        loom::ui::HostInfo host;
        host.id = host.name = QStringLiteral("h%1").arg(h);
        host.alive = true;
        host.vtep = QStringLiteral("198.51.100.%1").arg(h);
        inv.hosts.append(host);
    }
    loom::ui::NetworkInfo net;
    net.id = QStringLiteral("n1");
    net.name = QStringLiteral("ev");
    net.subnet = QStringLiteral("10.99.0.0/16");
    net.state = QStringLiteral("ready");
    inv.networks.append(net);
    auto endpoint = [&](int i) {
        loom::ui::EndpointInfo e;
        e.id = QStringLiteral("id%1").arg(i);
        e.name = QStringLiteral("e%1").arg(i, 5, 10, QLatin1Char('0'));
        e.networkId = net.id;
        e.networkName = net.name;
        e.hostId = e.hostName = QStringLiteral("h%1").arg(i % 3 + 1);
        e.ip = QStringLiteral("10.99.%1.%2/16").arg(i / 250).arg(i % 250 + 2);
        e.state = QStringLiteral("ready");
        return e;
    };
    for (int i = 0; i < n; ++i) inv.endpoints.append(endpoint(i * 2));
    emit client.inventoryChanged(inv);
    QCoreApplication::processEvents();
    std::vector<double> ms, handled;
    auto* app = static_cast<TimedApp*>(QCoreApplication::instance());
    app->resetLongest();
    for (int i = 0; i < burst; ++i) {
        inv.endpoints.append(endpoint(i * 2 + 1));  // lands in the middle of its host
        const QString id = inv.endpoints.back().id;
        const qint64 busyBefore = app->busyNs();
        loom::ui::InventoryChange change = loom::ui::InventoryChange::none();
        change.endpoints.insert(id);  // as the client says after the endpoint's event
        QElapsedTimer t;
        t.start();
        emit client.inventoryChanged(inv, change);
        const qint64 direct = t.nsecsElapsed();
        handled.push_back(static_cast<double>(direct) / 1e6);
        // Until the canvas has it, then a while longer for what follows (its geometry, the
        // paint); the GUI thread's work is the time it spent in events meanwhile.
        if (!waitFor([&] { return window.topology().itemFor(id) != nullptr; }, 5000)) return 1;
        waitFor([] { return false; }, 30);
        ms.push_back(static_cast<double>(direct + app->busyNs() - busyBefore) / 1e6);
    }
    std::sort(ms.begin(), ms.end());
    std::sort(handled.begin(), handled.end());
    std::printf(
        "offline, %d endpoints, weathermap %s, %d updates of one endpoint: all views median "
        "%.1f ms (the tables and the tree %.1f ms), p90 %.1f ms, max %.1f ms; longest single "
        "event %.1f ms\n",
        n, weathermap ? "on" : "off", burst, ms[ms.size() / 2], handled[handled.size() / 2],
        ms[ms.size() * 9 / 10], ms.back(), app->longestMs());
    app->summary();
    return 0;
}

int main(int argc, char** argv) {
    TimedApp app(argc, argv);
    bool weathermapOn = true;
    int nUpdates = 30;
    for (int i = 1; i + 1 < argc; ++i) {
        if (!std::strcmp(argv[i], "--weathermap")) weathermapOn = std::strcmp(argv[i + 1], "off");
        if (!std::strcmp(argv[i], "--updates")) nUpdates = std::atoi(argv[i + 1]);
    }
    for (int i = 1; i + 1 < argc; ++i) {
        if (!std::strcmp(argv[i], "--offline")) {
            return offline(std::atoi(argv[i + 1]), nUpdates, weathermapOn);
        }
    }
    std::string console, other, network;
    int burst = 100;
    bool weathermap = true;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!std::strcmp(argv[i], "--console")) console = argv[i + 1];
        if (!std::strcmp(argv[i], "--other")) other = argv[i + 1];
        if (!std::strcmp(argv[i], "--network")) network = argv[i + 1];
        if (!std::strcmp(argv[i], "--burst")) burst = std::atoi(argv[i + 1]);
        if (!std::strcmp(argv[i], "--weathermap")) weathermap = std::strcmp(argv[i + 1], "off");
    }
    if (console.empty() || other.empty() || network.empty()) {
        std::fprintf(stderr,
                     "usage: loom_console_events_bench --console SOCK --other SOCK "
                     "--network NAME [--burst N]\n");
        return 2;
    }
    auto stub = loom::v1::EndpointService::NewStub(
        grpc::CreateChannel("unix:" + other, grpc::InsecureChannelCredentials()));
    loom::v1::ListEndpointsRequest all;
    all.set_all_hosts(true);
    loom::v1::ListEndpointsResponse listed;
    {
        grpc::ClientContext ctx;
        if (!stub->ListEndpoints(&ctx, all, &listed).ok()) return 1;
    }
    int rows = listed.endpoints_size();
    auto create = [&](const std::string& name) {
        loom::v1::CreateEndpointRequest req;
        req.set_name(name);
        req.set_network(network);
        loom::v1::Endpoint out;
        grpc::ClientContext ctx;
        return stub->CreateEndpoint(&ctx, req, &out).ok();
    };

    // A burst of creates with the GUI thread watched by a 1 ms timer: the timer's longest gap
    // less its period, and the time until `shown` holds (given how many creates returned; it
    // must not block the GUI thread itself).
    struct Burst {
        double stallMs = 0, allMs = 0;
        qint64 stallFrom = 0, stallTo = 0;
        Moment before, after;  // the clocks at the longest stall's ends
        // Of the stall: the GUI thread ran (its CPU time), or waited for its CPU (its run delay:
        // while the console's other threads ran, at most their CPU time, or other processes),
        // or neither (asleep or blocked, or the virtual machine's CPU taken away by its host:
        // the guest counts no time for anyone then).
        double ms(qint64 ns) const { return static_cast<double>(ns) / 1e6; }
        qint64 guiRan() const { return after.threadCpu - before.threadCpu; }
        qint64 waited() const { return after.runDelay - before.runDelay; }
        qint64 otherThreadsRan() const {
            return std::min(waited(), after.processCpu - before.processCpu - guiRan());
        }
        double consoleMs() const { return ms(guiRan() + otherThreadsRan()); }
        double othersMs() const { return ms(std::max<qint64>(0, waited() - otherThreadsRan())); }
        double neitherMs() const { return std::max(0.0, stallMs - ms(guiRan()) - ms(waited())); }
        int made = 0;
        bool shown = false;
    };
    auto watchedBurst = [&](const std::string& prefix, const std::function<bool(int)>& shown) {
        QElapsedTimer clock;
        clock.start();
        GuiClocks clocks;
        Moment last = clocks.now(), worstBefore = last, worstAfter = last;
        qint64 worst = 0;
        QTimer tick;
        tick.setInterval(1);
        QObject::connect(&tick, &QTimer::timeout, [&] {
            Moment now = clocks.now();
            if (now.at - last.at > worst) {
                worst = now.at - last.at;
                worstBefore = last;
                worstAfter = now;
            }
            last = now;
        });
        tick.start();
        std::atomic<int> made{0}, done{0};
        std::thread th([&] {
            for (int i = 0; i < burst; ++i) {
                made +=
                    create(prefix + std::to_string(::getpid()) + "-" + std::to_string(i)) ? 1 : 0;
                ++done;
            }
        });
        Burst b;
        b.shown = waitFor([&] { return shown(done.load()); }, 120000);
        b.allMs = static_cast<double>(clock.nsecsElapsed()) / 1e6;
        th.join();
        tick.stop();
        b.made = made.load();
        b.stallMs = std::max<double>(0, static_cast<double>(worst) / 1e6 - 1);
        b.stallFrom = worstBefore.at;
        b.stallTo = worstAfter.at;
        b.before = worstBefore;
        b.after = worstAfter;
        return b;
    };

    // The floor: the same burst with no console at all, the GUI thread idle (on this machine
    // the engines, etcd and the client share two cores with it).
    Burst idle = watchedBurst("ci", [&](int done) { return done == burst; });
    rows += idle.made;

    loom::ui::EngineClient client;
    loom::ui::MainWindow window(client);
    window.resize(1400, 900);
    window.liveCanvas().setEnabled(weathermap);
    window.show();
    client.connectToSocket(QString::fromStdString(console));
    if (!waitFor([&] { return window.endpoints().rowCount() == rows; }, 30000)) {
        std::fprintf(stderr, "the console never listed %d endpoints\n", rows);
        return 1;
    }

    // What one update of every view costs at this size (the inventory handed over again).
    std::vector<double> updates;
    for (int i = 0; i < 5; ++i) {
        QElapsedTimer u;
        u.start();
        emit client.inventoryChanged(client.inventory());
        QCoreApplication::processEvents();
        updates.push_back(static_cast<double>(u.nsecsElapsed()) / 1e6);
    }
    std::sort(updates.begin(), updates.end());
    std::fprintf(stderr, "one update of the views: %.1f ms (median of 5)\n", updates[2]);

    // At rest: what the console's threads use while nothing changes (the stats stream and the
    // charts, the live canvas) over three seconds.
    {
        const auto before = threadCpu();
        waitFor([] { return false; }, 3000);
        const auto after = threadCpu();
        const double gui = after.at(::getpid()).second - before.at(::getpid()).second;
        double all = 0;
        for (const auto& [tid, v] : after) {
            auto was = before.find(tid);
            all += v.second - (was == before.end() ? 0 : was->second.second);
        }
        std::fprintf(stderr, "at rest: the GUI thread %.0f ms of CPU a second, all threads %.0f\n",
                     gui / 3, all / 3);
    }

    // One at a time.
    std::vector<double> single, answered;
    for (int i = 0; i < 10; ++i) {
        QElapsedTimer t;
        t.start();
        std::atomic<bool> ok{false};
        std::atomic<qint64> answeredNs{0};
        std::thread th([&] {
            ok = create("cs" + std::to_string(::getpid()) + "-" + std::to_string(i));
            answeredNs = t.nsecsElapsed();
        });
        ++rows;
        bool shown = waitFor([&] { return window.endpoints().rowCount() == rows; }, 10000);
        const qint64 rowNs = t.nsecsElapsed();
        th.join();
        if (!ok || !shown) return 1;
        single.push_back(static_cast<double>(rowNs) / 1e6);
        answered.push_back(static_cast<double>(answeredNs.load()) / 1e6);
    }
    std::sort(single.begin(), single.end());
    std::sort(answered.begin(), answered.end());
    // Of it: the create itself (the other engine's answer: its kernel work and its record in
    // etcd), before the row can come at all.
    std::fprintf(stderr, "one create: the other engine answered in %.1f ms (median of 10)\n",
                 answered[answered.size() / 2]);

    // A burst with the console following it (what is slow is reported for this burst alone).
    app.resetLongest();
    rows += burst;
    const auto cpuBefore = threadCpu();
    const auto stealBefore = stealMs();
    Burst watched = watchedBurst("cb", [&](int) { return window.endpoints().rowCount() == rows; });
    const auto cpuAfter = threadCpu();
    const auto stealAfter = stealMs();
    std::printf("| %d | %.1f | %.1f | %.1f | %d | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f |\n",
                rows - burst, single[single.size() / 2], single.back(), single.front(),
                watched.made, watched.stallMs, watched.consoleMs(), watched.othersMs(),
                watched.neitherMs(), idle.stallMs, watched.allMs);
    app.report();
    app.explain(watched.stallFrom, watched.stallTo);
    std::fprintf(stderr,
                 "  the longest stall: the GUI thread ran %.1f ms, waited for its CPU %.1f ms\n",
                 watched.ms(watched.guiRan()), watched.ms(watched.waited()));
    std::fprintf(stderr, "  steal in the burst (the host kept the CPU from this machine):");
    for (size_t i = 0; i < stealAfter.size() && i < stealBefore.size(); ++i)
        std::fprintf(stderr, " CPU %zu %.0f ms;", i, stealAfter[i] - stealBefore[i]);
    std::fprintf(stderr, "\n");
    // Who else wanted the console's CPU meanwhile (threads by name, CPU time in the burst).
    std::map<std::string, double> byName;
    for (const auto& [tid, v] : cpuAfter) {
        auto was = cpuBefore.find(tid);
        double ms = v.second - (was == cpuBefore.end() ? 0 : was->second.second);
        if (ms > 0) byName[v.first] += ms;
    }
    std::fprintf(stderr,
                 "  CPU time of the console's threads in the burst (%.0f ms long; the GUI "
                 "thread %.0f ms):",
                 watched.allMs, cpuAfter.at(::getpid()).second - cpuBefore.at(::getpid()).second);
    for (const auto& [name, ms] : byName) std::fprintf(stderr, " %s %.0f ms;", name.c_str(), ms);
    std::fprintf(stderr, "\n");
    return watched.shown && watched.made == burst ? 0 : 1;
}
