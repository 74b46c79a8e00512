// The Monitor against real engines in a lab: a known load shows in its chart and on the canvas,
// history joins live data without a seam, a short burst keeps its peak in the coarse view, the
// latency matrix greys a stopped engine, a lost engine leaves a gap, and a CSV holds what the
// series holds.
#include <QAbstractItemModelTester>
#include <QDateTime>
#include <QFile>
#include <QGraphicsLineItem>
#include <QPen>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

#include <chrono>
#include <cmath>
#include <set>

#include "tests/cluster/cluster_fixture.h"
#include "ui/client/engine_client.h"
#include "ui/dashboard/chart_panel.h"
#include "ui/dashboard/latency_matrix.h"
#include "ui/dashboard/monitor_page.h"
#include "ui/dashboard/units.h"
#include "ui/dashboard/weathermap.h"
#include "ui/designer/design_view.h"
#include "ui/designer/topology_scene.h"
#include "ui/models/inventory_models.h"
#include "ui/widgets/live_canvas.h"
#include "ui/widgets/main_window.h"

namespace loom::test {
namespace {

using ui::ChartPanel;
using ui::PanelSpec;

qint64 nowMs() {
    return QDateTime::currentMSecsSinceEpoch();
}

class Monitor : public ClusterTest {
protected:
    void SetUp() override {
        ClusterTest::SetUp();
        // Each test starts with an empty Monitor, live, whatever the one before left.
        QSettings().remove(QStringLiteral("monitor"));
        QSettings().remove(QStringLiteral("weathermap"));
    }
    void TearDown() override {
        m_window.reset();
        ClusterTest::TearDown();
    }
    // The console on host 1 of the lab, on screen (offscreen), its inventory read.
    void openConsole(int endpoints) {
        m_window = std::make_unique<ui::MainWindow>(m_client);
        m_window->resize(1300, 860);
        m_window->show();
        m_client.connectToSocket(QString::fromStdString(m_lab->host(1).socket));
        ASSERT_TRUE(
            QTest::qWaitFor([&] { return m_window->endpoints().rowCount() == endpoints; }, 10000));
    }
    ChartPanel* chartOf(const v1::Endpoint& e) {
        PanelSpec s;
        s.target = ui::TargetKind::Endpoint;
        s.id = QString::fromStdString(e.id());
        s.name = QString::fromStdString(e.name());
        s.hostId = QString::fromStdString(e.host_id());
        s.hostName = QString::fromStdString(e.host_name());
        m_window->openChart(s);
        for (auto* p : m_window->monitor().panels()) {
            if (p->spec().key() == s.key()) return qobject_cast<ChartPanel*>(p);
        }
        return nullptr;
    }
    // The mean of a series' last `n` live points (base units), NaN when it has fewer.
    static double recent(ChartPanel* p, const QString& series, size_t n) {
        const auto& pts = p->points(p->seriesIndex(series));
        if (pts.size() < n) return std::nan("");
        double sum = 0;
        for (size_t i = pts.size() - n; i < pts.size(); ++i) sum += pts[i].avg;
        return sum / static_cast<double>(n);
    }
    // An endpoint's history of the last `ms`, asked of host 1's engine directly.
    v1::QueryStatsResponse engineHistory(const std::string& endpoint, qint64 ms) {
        auto stub = v1::TelemetryService::NewStub(grpc::CreateChannel(
            "unix:" + m_lab->host(1).socket, grpc::InsecureChannelCredentials()));
        v1::QueryStatsRequest q;
        q.set_kind(v1::StatsTarget::KIND_ENDPOINT);
        q.set_target(endpoint);
        q.set_from_unix_ms(nowMs() - ms);
        v1::QueryStatsResponse r;
        if (!stub->QueryStats(deadline().get(), q, &r).ok()) r.Clear();
        return r;
    }
    static void waitForHistory(ChartPanel* p) {
        ASSERT_TRUE(QTest::qWaitFor([&] { return !p->historyPending(); }, 10000));
        p->refresh();
    }
    // An iperf3 server in `server`'s namespace, listening once this returns.
    std::unique_ptr<Background> iperfServer(const v1::Endpoint& server) {
        auto bg =
            std::make_unique<Background>("nsenter --net=" + server.netns_path() + " iperf3 -s");
        EXPECT_TRUE(eventually(
            [&] {
                return runIn(server.netns_path(), "ss -ltn").output.find(":5201") !=
                       std::string::npos;
            },
            std::chrono::seconds(5)));
        return bg;
    }

    ui::EngineClient m_client;
    std::unique_ptr<ui::MainWindow> m_window;
};

// A known 200 Mbit/s load from an endpoint on h1 to one on h2: within seconds the sender's
// chart reads it within 15%, an idle endpoint stays near zero, and on the canvas the sender's
// link is coloured by its band (the idle one, on the same line, keeps its own idle band).
TEST_F(Monitor, AKnownLoadShowsInItsChartAndColoursItsLinkOnTheCanvas) {
    ASSERT_TRUE(bringUp(2, 10, /*tls=*/true));
    createNetwork(1, "load", "10.50.0.0/24");
    auto a = createEndpoint(1, "a", "load");
    auto c = createEndpoint(1, "c", "load");
    auto b = createEndpoint(2, "b", "load");
    ASSERT_TRUE(eventuallyPings(a, addressOf(b), 5));
    auto server = iperfServer(b);
    Background load("nsenter --net=" + a.netns_path() + " iperf3 -c " + addressOf(b) +
                    " -b 200M -t 60");
    openConsole(3);
    ChartPanel* sender = chartOf(a);
    ChartPanel* idle = chartOf(c);
    ASSERT_TRUE(sender && idle);
    ASSERT_TRUE(QTest::qWaitFor(
        [&] {
            double out = recent(sender, QStringLiteral("out"), 3);  // bit/s
            return std::abs(out - 200e6) < 0.15 * 200e6;
        },
        15000))
        << "sender reads " << recent(sender, QStringLiteral("out"), 3) << " bit/s";
    double quiet = recent(idle, QStringLiteral("out"), 3);
    EXPECT_LT(quiet, 0.01 * 200e6) << "the idle endpoint sends " << quiet << " bit/s";
    // The chart draws it: the out series' newest drawn points near 200 in Mbit/s.
    auto* chart = sender->chart();
    auto drawn =
        chart->drawnPoints(sender->chartSeries(sender->seriesIndex(QStringLiteral("out"))));
    ASSERT_FALSE(drawn.isEmpty());
    EXPECT_NEAR(drawn.back().y(), 200, 30) << "drawn in Mbit/s";
    // The legend's last value says the same, with its unit.
    EXPECT_TRUE(sender->legend()->cell(1, 1).endsWith(QStringLiteral("Mbit/s")))
        << sender->legend()->cell(1, 1).toStdString();

    // The weathermap on the designer's canvas.
    m_window->showTab(0);
    auto& map = m_window->liveCanvas().weathermap();
    const QString aId = QString::fromStdString(a.id()), cId = QString::fromStdString(c.id());
    ASSERT_TRUE(QTest::qWaitFor([&] { return map.linkBand(aId, 0) == ui::loadBand(200e6); }, 8000))
        << "band of a's out half: " << map.linkBand(aId, 0) << " width " << map.linkWidth(aId, 0)
        << " visible " << m_window->designView().isVisible() << " live "
        << m_window->telemetry().live();
    EXPECT_GT(map.linkWidth(aId, 0), map.linkWidth(cId, 0));
    EXPECT_EQ(map.linkBand(cId, 0), 0) << "idle keeps the idle colour";
    // What the scene draws: the items' own pens, in the scene that the canvas shows.
    auto pen = [&](const QString& id, int dir) {
        auto* item = dynamic_cast<QGraphicsLineItem*>(map.linkItem(id, dir));
        EXPECT_TRUE(item && item->scene() == &m_window->topology()) << id.toStdString();
        return item ? item->pen() : QPen();
    };
    EXPECT_EQ(pen(aId, 0).color(), QColor(QLatin1String(ui::loadBandColor(ui::loadBand(200e6)))));
    // c's link leaves h1's frame where a's does: one line, drawn in the busier one's colour,
    // and it says so.
    EXPECT_EQ(map.linkItem(cId, 0), map.linkItem(aId, 0));
    EXPECT_TRUE(map.linkItem(aId, 0)->toolTip().contains(QStringLiteral("endpoint a on")))
        << map.linkItem(aId, 0)->toolTip().toStdString();
    EXPECT_TRUE(map.linkItem(aId, 0)->toolTip().contains(QStringLiteral("2 links share")));
    EXPECT_LE(map.linkBand(aId, 1), 1) << "a receives only the acknowledgements";
    // h2's side of the network carries the load over vxlan; the frames are not marked.
    const QString net = QString::fromStdString(b.network_id());
    EXPECT_GE(map.busBand(net, QString::fromStdString(b.host_id())), ui::loadBand(100e6));
    EXPECT_FALSE(map.hostMarked(QString::fromStdString(b.host_id())));
}

// History that is older than the console appears when the range is switched to an hour, and
// the seam between it and the live points has neither a gap nor a point twice; the day view
// takes the rollups with one query.
TEST_F(Monitor, HistoryBeforeTheConsoleJoinsLivePointsWithoutASeam) {
    ASSERT_TRUE(bringUp(1));
    createNetwork(1, "hist", "10.51.0.0/24");
    auto a = createEndpoint(1, "a", "hist");
    auto b = createEndpoint(1, "b", "hist");
    Background traffic("nsenter --net=" + a.netns_path() + " ping -q -i 0.2 -s 1000 " +
                       addressOf(b));
    // The engine's history has 20 s of a before any console looks.
    ASSERT_TRUE(eventually([&] { return engineHistory("a", 3600000).points_size() >= 20; },
                           std::chrono::seconds(30)));
    const qint64 consoleStart = nowMs();
    openConsole(2);
    ChartPanel* panel = chartOf(a);
    ASSERT_TRUE(panel);
    waitForHistory(panel);
    // Some live points.
    ASSERT_TRUE(QTest::qWaitFor(
        [&] {
            panel->refresh();
            const auto& pts = panel->points(panel->seriesIndex(QStringLiteral("in")));
            return !pts.empty() && pts.back().t > consoleStart + 3000;
        },
        10000));
    const int requests = panel->historyRequests();
    m_window->monitor().setSpan(ui::MonitorPage::Span::Hour);
    EXPECT_EQ(panel->historyRequests(), requests + 1) << "one query for the series";
    waitForHistory(panel);
    const auto& pts = panel->points(panel->seriesIndex(QStringLiteral("in")));
    ASSERT_GE(pts.size(), 10u);
    EXPECT_LT(pts.front().t, consoleStart - 15000) << "older than the console";
    EXPECT_GT(pts.back().t, consoleStart);
    const qint64 gap = ui::gapFor(std::max<qint64>(panel->historyStep(), 1000));
    for (size_t i = 1; i < pts.size(); ++i) {
        EXPECT_GT(pts[i].t, pts[i - 1].t) << "a point twice, or out of order, at " << i;
        EXPECT_LE(pts[i].t - pts[i - 1].t, gap) << "a gap at " << i;
    }
    // An endpoint created meanwhile is marked on the network's chart; hovering the mark says so.
    PanelSpec net;
    net.target = ui::TargetKind::Network;
    net.id = QString::fromStdString(a.network_id());
    net.name = QStringLiteral("hist");
    m_window->openChart(net);
    createEndpoint(1, "late", "hist");
    ChartPanel* netPanel = nullptr;
    for (auto* p : m_window->monitor().panels()) {
        if (p->spec().key() == net.key()) netPanel = qobject_cast<ChartPanel*>(p);
    }
    ASSERT_TRUE(netPanel);
    ASSERT_TRUE(QTest::qWaitFor(
        [&] {
            m_window->monitor().tick();
            return netPanel->chart()->eventCount() > 0;
        },
        5000));
    const auto& events = m_window->telemetry().events();
    ASSERT_FALSE(events.isEmpty());
    EXPECT_TRUE(netPanel->chart()->tooltipAt(events.back().unixMs).contains(QStringLiteral("late")))
        << netPanel->chart()->tooltipAt(events.back().unixMs).toStdString();
    EXPECT_EQ(panel->chart()->eventCount(), 0) << "not on a's own chart";
    // The day view: the rollups (buckets of a minute or more), asked for once.
    m_window->monitor().setSpan(ui::MonitorPage::Span::Day);
    EXPECT_EQ(panel->historyRequests(), requests + 2);
    waitForHistory(panel);
    EXPECT_GE(panel->historyStep(), 60000);
    EXPECT_FALSE(panel->points(panel->seriesIndex(QStringLiteral("in"))).empty());

    // The CSV holds the points the series holds, in base units, with units in the header.
    m_window->monitor().setSpan(ui::MonitorPage::Span::Live5m);
    waitForHistory(panel);
    QTemporaryDir dir;
    QString csv = dir.filePath(QStringLiteral("a.csv"));
    QString error;
    ASSERT_TRUE(panel->exportCsv(csv, &error)) << error.toStdString();
    QFile f(csv);
    ASSERT_TRUE(f.open(QIODevice::ReadOnly));
    const QStringList lines =
        QString::fromUtf8(f.readAll()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    ASSERT_FALSE(lines.isEmpty());
    EXPECT_TRUE(lines[0].contains(QStringLiteral("in (bit/s)"))) << lines[0].toStdString();
    const auto& in = panel->points(panel->seriesIndex(QStringLiteral("in")));
    std::set<qint64> times;
    for (int s = 0; s < panel->seriesCount(); ++s) {
        if (panel->chart()->seriesVisible(panel->chartSeries(s))) {
            for (const auto& p : panel->points(s)) times.insert(p.t);
        }
    }
    EXPECT_EQ(static_cast<size_t>(lines.size() - 1), times.size());
    // Row by row: the "in" column is the series' value at that time.
    int column =
        static_cast<int>(lines[0].split(QLatin1Char(',')).indexOf(QStringLiteral("in (bit/s)")));
    ASSERT_GE(column, 2);
    size_t k = 0;
    for (int i = 1; i < lines.size() && k < in.size(); ++i) {
        const QStringList cells = lines[i].split(QLatin1Char(','));
        if (cells[0].toLongLong() != in[k].t) continue;
        EXPECT_NEAR(cells[column].toDouble(), in[k].avg, 1e-6 * (1 + std::abs(in[k].avg)));
        ++k;
    }
    EXPECT_EQ(k, in.size()) << "every point of the series is a row";
}

// A burst of a few seconds, over before the console starts: the 24-hour view (minute buckets
// or wider) still shows its peak, while the bucket's average is spread out.
TEST_F(Monitor, ABurstShorterThanAMinuteKeepsItsPeakInTheCoarseView) {
    ASSERT_TRUE(bringUp(1));
    createNetwork(1, "burst", "10.52.0.0/24");
    auto a = createEndpoint(1, "a", "burst");
    auto b = createEndpoint(1, "b", "burst");
    ASSERT_TRUE(eventuallyPings(a, addressOf(b), 5));
    auto server = iperfServer(b);
    // Idle samples in the burst's minute before it: the minute began 8 s ago or more and the
    // endpoint has been sampled since then (made just before, it had too few once, and the
    // bucket's average came out at 0.75 of its peak).
    qint64 made = nowMs();
    ASSERT_TRUE(QTest::qWaitFor(
        [&] {
            qint64 now = nowMs();
            return now % 60000 > 8000 && now % 60000 < 40000 && now - made > 8000;
        },
        70000));
    auto r = runIn(a.netns_path(), "iperf3 -c " + addressOf(b) + " -b 300M -t 4");
    ASSERT_EQ(r.exitCode, 0) << r.output;
    // The burst is over in the engine's samples too (a sample reports the second before it).
    ASSERT_TRUE(eventually(
        [&] {
            auto h = engineHistory("a", 3000);
            return h.points_size() > 0 &&
                   h.points(h.points_size() - 1).rates().tx_bytes() * 8 < 1e6;
        },
        std::chrono::seconds(5)));
    openConsole(2);
    ChartPanel* panel = chartOf(a);
    ASSERT_TRUE(panel);
    waitForHistory(panel);
    m_window->monitor().setSpan(ui::MonitorPage::Span::Day);
    waitForHistory(panel);
    ASSERT_GE(panel->historyStep(), 60000);
    int out = panel->seriesIndex(QStringLiteral("out"));
    double peak = 0, avgThere = 0;
    for (const auto& p : panel->points(out)) {
        if (p.max > peak) {
            peak = p.max;
            avgThere = p.avg;
        }
    }
    EXPECT_GT(peak, 0.85 * 300e6) << "the burst's peak survives the rollup";
    EXPECT_LT(avgThere, 0.75 * peak) << "its bucket's average is spread over the minute";
    // And the chart draws the peak (in Mbit/s).
    double drawnPeak = 0;
    for (const auto& p : panel->chart()->drawnPoints(panel->chartSeries(out)))
        drawnPeak = std::max(drawnPeak, p.y());
    EXPECT_GT(drawnPeak, 0.85 * 300)
        << "drawn " << panel->chart()->drawnPoints(panel->chartSeries(out)).size()
        << " points, data " << panel->points(out).size() << " step " << panel->historyStep();
}

// Every ordered pair of live hosts has a cell; a stopped engine greys its row and column
// within a few seconds.
TEST_F(Monitor, TheLatencyMatrixHasEveryPairAndGreysAStoppedEngine) {
    ASSERT_TRUE(bringUp(3, 10, /*tls=*/true));
    createNetwork(1, "mesh", "10.53.0.0/24");
    for (int h = 1; h <= 3; ++h) createEndpoint(h, "m" + std::to_string(h), "mesh");
    openConsole(3);
    m_window->showTab(1);
    auto& matrix = m_window->monitor().matrix();
    auto& model = matrix.model();
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    auto cell = [&](int r, int c) { return model.index(r, c).data().toString(); };
    ASSERT_TRUE(QTest::qWaitFor(
        [&] {
            if (model.rowCount() != 3 || model.columnCount() != 3) return false;
            for (int r = 0; r < 3; ++r) {
                for (int c = 0; c < 3; ++c) {
                    // An RTT in every cell ("0.21 ms" or "187 µs"), nothing lost or missing.
                    if (r != c && !cell(r, c).endsWith(QStringLiteral("s"))) return false;
                    if (r != c &&
                        model.index(r, c).data(ui::LatencyMatrixModel::BandRole).toInt() < 0) {
                        return false;
                    }
                }
            }
            return true;
        },
        15000))
        << "rows " << model.rowCount() << ": " << cell(0, 1).toStdString() << " | "
        << cell(0, 2).toStdString() << " | " << cell(1, 0).toStdString() << " | "
        << cell(1, 2).toStdString() << " | " << cell(2, 0).toStdString() << " | "
        << cell(2, 1).toStdString();
    EXPECT_GE(model.index(0, 1).data(ui::LatencyMatrixModel::BandRole).toInt(), 0);
    int h3 = -1;
    for (int i = 0; i < 3; ++i) {
        if (model.hosts()[i].name == QStringLiteral("h3")) h3 = i;
    }
    ASSERT_GE(h3, 0);
    ASSERT_TRUE(m_lab->lab("engine 3 stop"));
    const qint64 stopped = nowMs();
    ASSERT_TRUE(QTest::qWaitFor([&] { return !model.deadReason(h3).isEmpty(); }, 8000));
    std::fprintf(stderr, "h3 greyed %lld ms after its engine stopped\n",
                 static_cast<long long>(nowMs() - stopped));
    for (int i = 0; i < 3; ++i) {
        if (i == h3) continue;
        EXPECT_FALSE(
            model.index(h3, i).data(ui::LatencyMatrixModel::DeadRole).toString().isEmpty());
        EXPECT_FALSE(
            model.index(i, h3).data(ui::LatencyMatrixModel::DeadRole).toString().isEmpty());
        EXPECT_TRUE(model.deadReason(i).isEmpty());
    }
    int other = h3 == 0 ? 1 : 0, third = 3 - h3 - other;
    EXPECT_TRUE(
        model.index(other, third).data(ui::LatencyMatrixModel::DeadRole).toString().isEmpty())
        << "the others still see each other";
    EXPECT_TRUE(model.headerData(h3, Qt::Vertical, Qt::ToolTipRole)
                    .toString()
                    .contains(QStringLiteral("not answering")));
}

// The console's engine goes away and comes back: the chart shows a gap, then goes on.
TEST_F(Monitor, ALostEngineLeavesAGapAndTheChartGoesOn) {
    ASSERT_TRUE(bringUp(1));
    createNetwork(1, "gap", "10.54.0.0/24");
    auto a = createEndpoint(1, "a", "gap");
    auto b = createEndpoint(1, "b", "gap");
    Background traffic("nsenter --net=" + a.netns_path() + " ping -q -i 0.2 " + addressOf(b));
    openConsole(2);
    ChartPanel* panel = chartOf(a);
    ASSERT_TRUE(panel);
    waitForHistory(panel);
    const int in = panel->seriesIndex(QStringLiteral("in"));
    ASSERT_TRUE(QTest::qWaitFor([&] { return panel->points(in).size() >= 5; }, 10000));
    ASSERT_TRUE(m_lab->lab("engine 1 stop"));
    ASSERT_TRUE(QTest::qWaitFor([&] { return !m_window->telemetry().live(); }, 5000));
    const qint64 lost = nowMs();
    // Long enough to be a gap (a few missing samples), then back.
    ASSERT_TRUE(QTest::qWaitFor([&] { return nowMs() - lost > 5000; }, 10000));
    ASSERT_TRUE(m_lab->lab("engine 1 start"));
    ASSERT_TRUE(QTest::qWaitFor(
        [&] {
            m_window->monitor().tick();
            const auto& pts = panel->points(in);
            return m_window->telemetry().live() && !pts.empty() && pts.back().t > lost + 5000 &&
                   panel->chart()->segmentCount(panel->chartSeries(in)) >= 2;
        },
        20000))
        << "segments: " << panel->chart()->segmentCount(panel->chartSeries(in)) << ", live "
        << m_window->telemetry().live() << ", newest point "
        << (panel->points(in).empty() ? 0 : panel->points(in).back().t - lost)
        << " ms after the loss" << [&] {
               std::string o;
               for (const auto& p : panel->points(in)) {
                   if (p.t > lost - 5000) o += " " + std::to_string(p.t - lost);
               }
               return o;
           }();
    const auto& pts = panel->points(in);
    qint64 widest = 0;
    for (size_t i = 1; i < pts.size(); ++i) widest = std::max(widest, pts[i].t - pts[i - 1].t);
    EXPECT_GT(widest, 4000) << "the outage is a gap in the points";
}

}  // namespace
}  // namespace loom::test
