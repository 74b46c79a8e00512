// The Monitor's cost per refresh tick (offscreen Qt, no engine: samples are fed by hand at a
// simulated 1 Hz):
//  - charts: P panels of 8 series each, every series holding S points (an hour of samples),
//    the page's tick (ranges moved, points reduced to the plot's columns and replaced in the
//    charts) and the same tick with the page painted, median and p99, and the memory a series
//    holds;
//  - weathermap: N endpoints on the designer's canvas over 10 hosts, new rates for all of them
//    each second, the layer's update (colours, widths, tooltips), median and p99.
//
//   loom_monitor_bench [--panels P] [--points S] [--ticks T] [--endpoints N]
#include <malloc.h>

#include <QApplication>
#include <QDateTime>
#include <QElapsedTimer>
#include <QGraphicsView>
#include <QSettings>

#include <algorithm>
#include <cstdio>
#include <random>
#include <vector>

#include "ui/dashboard/chart_panel.h"
#include "ui/dashboard/monitor_page.h"
#include "ui/dashboard/telemetry_store.h"
#include "ui/dashboard/weathermap.h"
#include "ui/designer/design_document.h"
#include "ui/designer/design_view.h"
#include "ui/designer/topology_scene.h"
#include "ui/widgets/live_canvas.h"

namespace {

using namespace loom::ui;

struct Summary {
    double median = 0, p99 = 0;
};

Summary summarize(std::vector<double> ms) {
    std::sort(ms.begin(), ms.end());
    if (ms.empty()) return {};
    return {ms[ms.size() / 2], ms[std::min(ms.size() - 1, ms.size() * 99 / 100)]};
}

size_t heapInUse() {
    return mallinfo2().uordblks;
}

RateValues randomRates(std::mt19937& rng) {
    std::uniform_real_distribution<double> r(0, 3e7);
    double rx = r(rng), tx = r(rng);
    return {rx, tx, rx / 1200, tx / 1200, 0, 0, 0, 0};
}

// `all`: every panel draws each tick, as if all were in sight (a page tall enough for 16).
Summary charts(int panels, int points, int ticks, bool all, std::vector<double>* painted,
               size_t* drawnPerSeries, double* heldKiB, double* heapKiB) {
    QSettings().remove(QStringLiteral("monitor"));
    TelemetryStore store(nullptr);
    MonitorPage page(store, nullptr);
    page.resize(1400, all ? 900 + (panels / 2) * 360 : 900);
    page.setRefreshHidden(all);
    page.show();
    qint64 now = 1800000000000;
    page.setClock([&now] { return now; });
    const size_t heapBefore = heapInUse();
    for (int p = 0; p < panels; ++p) {
        PanelSpec s;
        s.id = QStringLiteral("e%1").arg(p);
        s.name = s.id;
        s.hostId = QStringLiteral("h1");
        s.hostName = QStringLiteral("host1");
        page.addPanel(s);
    }
    QApplication::processEvents();  // lays the panels out
    std::mt19937 rng(7);
    auto feed = [&] {
        StatsFrame f;
        f.hostId = QStringLiteral("h1");
        f.hostName = QStringLiteral("host1");
        f.unixMs = now;
        for (int p = 0; p < panels; ++p) {
            f.targets.push_back({TargetKind::Endpoint, QStringLiteral("e%1").arg(p),
                                 QStringLiteral("e%1").arg(p), QStringLiteral("web"),
                                 randomRates(rng)});
        }
        store.addStats(f);
    };
    now -= static_cast<qint64>(points) * 1000;
    for (int i = 0; i < points; ++i) {
        now += 1000;
        feed();
    }
    page.setSpan(MonitorPage::Span::Hour);
    QApplication::processEvents();
    const size_t heapAfter = heapInUse();
    std::vector<double> tick;
    for (int i = 0; i < ticks; ++i) {
        now += 1000;
        feed();
        QElapsedTimer t;
        t.start();
        page.tick();
        tick.push_back(static_cast<double>(t.nsecsElapsed()) / 1e6);
        page.repaint();  // the visible panels drawn, as the next frame would
        QApplication::processEvents();
        painted->push_back(static_cast<double>(t.nsecsElapsed()) / 1e6);
    }
    size_t held = 0, drawn = 0;
    for (auto* p : page.panels()) {
        auto* tp = static_cast<ThroughputPanel*>(p);
        held += tp->buffer().bytes();
        for (int s = 0; s < tp->seriesCount(); ++s)
            drawn += static_cast<size_t>(tp->chart()->pointCount(tp->chartSeries(s)));
    }
    const int series = panels * 8;
    *drawnPerSeries = drawn / static_cast<size_t>(series);
    *heldKiB = held / 1024.0 / series;
    *heapKiB = (heapAfter - heapBefore) / 1024.0 / series;
    return summarize(tick);
}

void weathermap(int endpoints) {
    const int hosts = 10, networks = std::max(1, endpoints / 50);
    Inventory inv;
    for (int h = 0; h < hosts; ++h) {
        HostInfo host;
        host.id = QStringLiteral("h%1").arg(h);
        host.name = QStringLiteral("host%1").arg(h);
        host.alive = true;
        host.underlayMtu = 1500;
        inv.hosts.append(host);
    }
    for (int n = 0; n < networks; ++n) {
        NetworkInfo net;
        net.id = QStringLiteral("n%1").arg(n);
        net.name = QStringLiteral("net%1").arg(n);
        net.subnet = QStringLiteral("10.%1.%2.0/24").arg(n / 256).arg(n % 256);
        inv.networks.append(net);
    }
    for (int e = 0; e < endpoints; ++e) {
        EndpointInfo ep;
        ep.id = QStringLiteral("e%1").arg(e);
        ep.name = QStringLiteral("ep%1").arg(e);
        ep.networkId = inv.networks[e % networks].id;
        ep.networkName = inv.networks[e % networks].name;
        ep.hostId = inv.hosts[e % hosts].id;
        ep.hostName = inv.hosts[e % hosts].name;
        ep.ip = QStringLiteral("10.%1.%2.%3/24")
                    .arg((e % networks) / 256)
                    .arg((e % networks) % 256)
                    .arg(2 + e / networks);
        inv.endpoints.append(ep);
    }
    DesignDocument doc;
    doc.setLive(inv);
    TopologyScene scene(doc);
    DesignView view(&scene);
    view.resize(1400, 900);
    view.show();
    TelemetryStore store(nullptr);
    store.setInventory(inv);
    QElapsedTimer t;
    t.start();
    LiveCanvas live(store, doc, scene, view);
    live.updateGeometry();
    double geometryMs = static_cast<double>(t.nsecsElapsed()) / 1e6;
    std::mt19937 rng(11);
    std::vector<double> update;
    for (int i = 0; i < 60; ++i) {
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        for (int h = 0; h < hosts; ++h) {
            StatsFrame f;
            f.hostId = inv.hosts[h].id;
            f.hostName = inv.hosts[h].name;
            f.unixMs = now;
            for (int e = h; e < endpoints; e += hosts) {
                f.targets.push_back({TargetKind::Endpoint, inv.endpoints[e].id,
                                     inv.endpoints[e].name, inv.endpoints[e].networkName,
                                     randomRates(rng)});
            }
            store.addStats(f);
        }
        t.restart();
        live.weathermap().update(now);
        update.push_back(static_cast<double>(t.nsecsElapsed()) / 1e6);
    }
    Summary u = summarize(update);
    std::printf(
        "weathermap: %d endpoints on the canvas over %d hosts and %d networks, all with new rates "
        "each second\n",
        endpoints, hosts, networks);
    std::printf("%-44s | %10.2f | %10.2f\n", "colours update per tick (median, p99 ms)", u.median,
                u.p99);
    std::printf("%-44s | %10.2f |\n", "geometry of every link, network and host (ms)", geometryMs);
}

}  // namespace

int main(int argc, char** argv) {
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("LoomBench"));
    QApplication::setApplicationName(QStringLiteral("loom-monitor-bench"));
    int panels = 16, points = 3600, ticks = 60, endpoints = 1000;
    for (int i = 1; i + 1 < argc; i += 2) {
        std::string a = argv[i];
        if (a == "--panels") panels = std::atoi(argv[i + 1]);
        if (a == "--points") points = std::atoi(argv[i + 1]);
        if (a == "--ticks") ticks = std::atoi(argv[i + 1]);
        if (a == "--endpoints") endpoints = std::atoi(argv[i + 1]);
    }
    std::printf("charts: %d panels x 8 series of %d points (1 h at 1 Hz), fed and ticked at 1 Hz\n",
                panels, points);
    std::printf("%-52s | %10s | %10s\n", "", "median ms", "p99 ms");
    size_t drawn = 0;
    double held = 0, heap = 0;
    for (bool all : {false, true}) {
        std::vector<double> painted;
        Summary a = charts(panels, points, ticks, all, &painted, &drawn, &held, &heap);
        Summary b = summarize(painted);
        const char* what = all ? "every panel in sight (page 1400x%d)"
                               : "page 1400x900 (the panels in sight draw)";
        char label[80];
        std::snprintf(label, sizeof label, what, 900 + (panels / 2) * 360);
        std::printf("%s:\n", label);
        std::printf("  %-50s | %10.2f | %10.2f\n", "tick (ranges, reduction, points to the charts)",
                    a.median, a.p99);
        std::printf("  %-50s | %10.2f | %10.2f\n", "tick + paint of what is in sight", b.median,
                    b.p99);
    }
    std::printf(
        "points drawn per series (after reduction): %zu; memory per series: %.1f KiB held "
        "by its source, %.1f KiB heap with its chart and legend\n",
        drawn, held, heap);
    std::printf("\n");
    weathermap(endpoints);
    return 0;
}
