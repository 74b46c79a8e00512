// The Monitor's logic without an engine: the join of history and live points, the reduction
// to pixel columns, units, the panel arrangement kept across restarts, legend toggles and
// tooltips on charts fed by hand.
#include <QApplication>
#include <QDateTime>
#include <QImage>
#include <QMenu>
#include <QMouseEvent>
#include <QSettings>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <limits>

#include "ui/dashboard/chart_menu.h"
#include "ui/dashboard/chart_panel.h"
#include "ui/dashboard/column_cache.h"
#include "ui/dashboard/legend_widget.h"
#include "ui/dashboard/monitor_page.h"
#include "ui/dashboard/series_reduce.h"
#include "ui/dashboard/telemetry_store.h"
#include "ui/dashboard/top_panel.h"
#include "ui/dashboard/units.h"

#include <gtest/gtest.h>

#include "tests/gui/dashboard_support.h"

namespace loom::test {
namespace {

using namespace loom::ui;

StatsBuffer::Values rate(float rx) {
    StatsBuffer::Values v{};
    v[RxBytes] = rx;
    return v;
}

TEST(SourceBuffer, HistoryAndLivePointsJoinAtTheFirstLivePointWithNoPointTwice) {
    StatsBuffer b(100);
    for (qint64 t = 1000; t <= 5000; t += 1000) b.addLive(t, rate(static_cast<float>(t)));
    // History answered afterwards, reaching into the live part (the engine had those samples).
    std::vector<StatsBuffer::Bucket> history;
    for (qint64 t = -3000; t <= 3000; t += 1000) {
        StatsBuffer::Bucket h;
        h.t = t;
        h.avg = h.min = h.max = rate(1);
        history.push_back(h);
    }
    b.setHistory(history, 1000);
    std::vector<SeriesPoint> out;
    b.collect(RxBytes, -10000, 10000, &out);
    ASSERT_EQ(out.size(), 9u) << "4 history points before the first live one, then 5 live";
    for (size_t i = 1; i < out.size(); ++i) EXPECT_EQ(out[i].t - out[i - 1].t, 1000);
    EXPECT_EQ(out[4].t, 1000);
    EXPECT_EQ(out[4].avg, 1000) << "at the seam, the live point";
    // A newer sample at the same time replaces the newest (a cluster sum completing).
    b.addLive(5000, rate(7));
    b.collect(RxBytes, 4000, 6000, &out);
    ASSERT_EQ(out.size(), 2u);
    EXPECT_EQ(out.back().avg, 7);
}

TEST(SourceBuffer, LivePointsLeavingTheRingJoinTheHistoryAtItsStep) {
    StatsBuffer b(10);
    b.setHistory({}, 5000);
    for (qint64 t = 1000; t <= 30000; t += 1000) b.addLive(t, rate(t == 3000 ? 100.f : 10.f));
    EXPECT_EQ(b.liveCount(), 10u);
    std::vector<SeriesPoint> out;
    b.collect(RxBytes, 0, 40000, &out);
    // Folded: buckets of 5 s for the 20 oldest samples, then 10 live ones; no hole between.
    ASSERT_FALSE(out.empty());
    EXPECT_EQ(out.front().t, 0);
    EXPECT_EQ(out.front().max, 100) << "a peak survives the fold";
    for (size_t i = 1; i < out.size(); ++i) EXPECT_LE(out[i].t - out[i - 1].t, 5000);
    b.trimBefore(25000);
    b.collect(RxBytes, 0, 40000, &out);
    EXPECT_EQ(out.front().t, 25000);
}

// A source of points for a column cache: every point with t in [from, to].
ColumnCache::Source sourceOf(const std::vector<SeriesPoint>& pts, size_t* reads = nullptr) {
    return [&pts, reads](qint64 from, qint64 to, std::vector<SeriesPoint>* out) {
        out->clear();
        for (const auto& p : pts) {
            if (p.t >= from && p.t <= to) out->push_back(p);
        }
        if (reads) *reads += out->size();
    };
}

TEST(ColumnCache, KeepsEachColumnsLowestAndHighestAndBreaksAtGaps) {
    std::vector<SeriesPoint> pts;
    for (qint64 t = 0; t < 100; ++t) {
        double v = t == 37 ? 1000 : 10;
        pts.push_back({t * 1000, v, v, v});
    }
    pts.push_back({200000, 10, 10, 10});          // after a gap of 100 s
    pts.push_back({201000, std::nan(""), 0, 0});  // an unanswered probe: a break too
    pts.push_back({202000, 10, 10, 10});
    pts.push_back({205000, 10, 2, 3000});  // a bucket with a spread of its own
    ColumnCache cache;
    ColumnCache::Options o;
    o.from = 0;
    o.to = 210000;
    o.columns = 21;
    o.gapMs = 3500;
    cache.update(o, 1, sourceOf(pts));
    Segments s = cache.segments(0.5);
    ASSERT_EQ(s.size(), 3);
    EXPECT_LE(s[0].size(), 2 * 10) << "at most two points per column";
    double peak = 0;
    for (const auto& p : s[0]) peak = std::max(peak, p.y());
    EXPECT_EQ(peak, 500) << "the burst survives, scaled";
    EXPECT_EQ(s[1].size(), 1);
    EXPECT_GE(s[2].front().x(), 202000) << "after the break";
    double spike = 0;
    for (const auto& p : s[2]) spike = std::max(spike, p.y());
    EXPECT_EQ(spike, 1500) << "a lone bucket shows its peak";
    SeriesStats st = cache.stats();
    EXPECT_EQ(st.max, 3000);
    EXPECT_EQ(st.min, 2);
    EXPECT_EQ(st.last, 10);
    EXPECT_EQ(cache.highest(), 3000);
}

// A live window sliding a second at a time reads only what is new, and draws exactly what a
// reduction from scratch draws.
TEST(ColumnCache, ASlidingWindowReadsOnlyTheNewPointsAndDrawsTheSame) {
    std::vector<SeriesPoint> pts;
    for (qint64 t = 0; t < 3600; ++t) {
        double v = std::sin(t / 30.0) * 100 + 100;
        pts.push_back({t * 1000, v, v, v});
    }
    ColumnCache sliding;
    ColumnCache::Options o;
    o.columns = 400;
    qint64 now = 1800 * 1000;
    o.from = now - 1800 * 1000;
    o.to = now;
    size_t reads = 0;
    sliding.update(o, 7, sourceOf(pts, &reads));
    EXPECT_EQ(reads, 1801u);
    for (int i = 0; i < 600; ++i) {
        now += 1000;
        o.from = now - 1800 * 1000;
        o.to = now;
        reads = 0;
        sliding.update(o, 7, sourceOf(pts, &reads));
        EXPECT_LE(reads, 12u) << "tick " << i << ": only the newest column is read again";
    }
    ColumnCache fresh;
    fresh.update(o, 7, sourceOf(pts));
    // The same columns, except the oldest (the sliding one keeps points before `from` in it).
    Segments a = sliding.segments(1), b = fresh.segments(1);
    ASSERT_EQ(a.size(), 1);
    ASSERT_EQ(b.size(), 1);
    EXPECT_NEAR(a[0].size(), b[0].size(), 2);
    EXPECT_EQ(a[0].back(), b[0].back());
    EXPECT_EQ(a[0][a[0].size() / 2], b[0][b[0].size() / 2]);
    // Older points that changed (a history answer) make it reduce everything again.
    reads = 0;
    sliding.update(o, 8, sourceOf(pts, &reads));
    EXPECT_GT(reads, 1000u);
}

TEST(Units, ScaleWithTheValuesAndBandsAreFixed) {
    EXPECT_EQ(unitFor(Quantity::Bits, 950).name, QStringLiteral("bit/s"));
    EXPECT_EQ(unitFor(Quantity::Bits, 12e6).name, QStringLiteral("Mbit/s"));
    EXPECT_DOUBLE_EQ(unitFor(Quantity::Bits, 3.2e9).factor, 1e-9);
    EXPECT_EQ(unitFor(Quantity::Millis, 0.42).name, QStringLiteral("µs"));
    EXPECT_EQ(formatValue(Quantity::Millis, 0.42), QStringLiteral("420 µs"));
    EXPECT_EQ(formatValue(Quantity::Bits, 200e6), QStringLiteral("200 Mbit/s"));
    EXPECT_EQ(niceCeiling(3.7), 5);
    EXPECT_EQ(niceCeiling(0.021), 0.025);
    EXPECT_EQ(loadBand(0), 0);
    EXPECT_EQ(loadBand(5e8), 4);
    EXPECT_EQ(loadBand(5e8, 1e9), 4) << "half the capacity";
    EXPECT_EQ(rttBand(0.3), 0);
    EXPECT_EQ(rttBand(50), kRttBands - 1);
}

TEST(PanelSpec, RoundTripsThroughJson) {
    PanelSpec s;
    s.kind = PanelSpec::Kind::Latency;
    s.hostId = QStringLiteral("h1id");
    s.hostName = QStringLiteral("h1");
    s.networkId = QStringLiteral("n");
    s.networkName = QStringLiteral("web");
    s.toId = QStringLiteral("e");
    s.toName = QStringLiteral("web3");
    s.toEndpoint = true;
    EXPECT_EQ(PanelSpec::fromJson(s.toJson()), s);
    PanelSpec t;
    t.target = TargetKind::Network;
    t.id = QStringLiteral("n");
    EXPECT_EQ(PanelSpec::fromJson(t.toJson()), t);
    EXPECT_NE(s.key(), t.key());
}

PanelSpec endpointSpec(const QString& id) {
    PanelSpec s;
    s.id = id;
    s.name = id;
    s.hostId = QStringLiteral("h1id");
    s.hostName = QStringLiteral("h1");
    return s;
}

// Objects re-created under new ids (a design applied again, a restored panel on another lab)
// are found again by name, and the page puts a panel of the new object in the old one's place.
TEST(PanelSpec, FollowsObjectsReCreatedUnderNewIds) {
    Inventory inv = webOnTwoHosts();
    PanelSpec ep;
    ep.id = QStringLiteral("old-e");
    ep.name = QStringLiteral("web2");
    ep.hostId = QStringLiteral("old-h2");
    ep.hostName = QStringLiteral("h2");
    ASSERT_TRUE(ep.resolve(inv));
    EXPECT_EQ(ep.id, QStringLiteral("eid2"));
    EXPECT_EQ(ep.hostId, QStringLiteral("hid2"));
    EXPECT_FALSE(ep.resolve(inv)) << "nothing more to change";
    PanelSpec lat;
    lat.kind = PanelSpec::Kind::Latency;
    lat.hostId = QStringLiteral("old-h1");
    lat.hostName = QStringLiteral("h1");
    lat.networkId = QStringLiteral("old-n");
    lat.networkName = QStringLiteral("web");
    lat.toId = QStringLiteral("old-h2");
    lat.toName = QStringLiteral("h2");
    ASSERT_TRUE(lat.resolve(inv));
    EXPECT_EQ(lat.hostId, QStringLiteral("hid1"));
    EXPECT_EQ(lat.networkId, QStringLiteral("nid"));
    EXPECT_EQ(lat.toId, QStringLiteral("hid2"));
    PanelSpec gone;
    gone.id = QStringLiteral("x");
    gone.name = QStringLiteral("nowhere");
    EXPECT_FALSE(gone.resolve(inv)) << "an object that is not there keeps its panel as it was";

    QSettings().remove(QStringLiteral("monitor"));
    TelemetryStore store(nullptr);
    MonitorPage page(store, nullptr);
    PanelSpec stale = endpointSpec(QStringLiteral("old-e"));
    stale.name = QStringLiteral("web1");
    stale.hostName = QStringLiteral("h1");
    page.addPanel(stale);
    page.addPanel(endpointSpec(QStringLiteral("other")));
    store.setInventory(inv);
    ASSERT_EQ(page.panels().size(), 2);
    EXPECT_EQ(page.panels()[0]->spec().id, QStringLiteral("eid1")) << "in the same place";
    EXPECT_EQ(page.panels()[1]->spec().id, QStringLiteral("other"));
    QSettings().remove(QStringLiteral("monitor"));
}

TEST(MonitorPage, PanelsAreAddedRearrangedRemovedAndRememberedAcrossRestarts) {
    QSettings().remove(QStringLiteral("monitor"));
    TelemetryStore store(nullptr);
    {
        MonitorPage page(store, nullptr);
        EXPECT_TRUE(page.panels().isEmpty());
        auto* a = page.addPanel(endpointSpec(QStringLiteral("a")));
        page.addPanel(endpointSpec(QStringLiteral("b")));
        PanelSpec top;
        top.kind = PanelSpec::Kind::TopEndpoints;
        page.addPanel(top);
        EXPECT_EQ(page.addPanel(endpointSpec(QStringLiteral("a"))), a) << "one panel per object";
        EXPECT_EQ(page.panels().size(), 3);
        page.movePanel(a, 1);
        EXPECT_EQ(page.panels()[1], a);
        page.removePanel(page.panels()[2]);
        page.setSpan(MonitorPage::Span::Hour);
    }
    MonitorPage again(store, nullptr);
    ASSERT_EQ(again.panels().size(), 2);
    EXPECT_EQ(again.panels()[0]->spec().id, QStringLiteral("b"));
    EXPECT_EQ(again.panels()[1]->spec().id, QStringLiteral("a"));
    EXPECT_EQ(again.span(), MonitorPage::Span::Hour);
    again.setCustomRange(1000, 2000);
    EXPECT_TRUE(again.paused());
    EXPECT_EQ(again.range().from, 1000);
    again.setPaused(false);
    EXPECT_FALSE(again.paused());
    EXPECT_EQ(again.span(), MonitorPage::Span::Hour) << "resume goes back to the live span";
    QSettings().remove(QStringLiteral("monitor"));
}

// A chart fed by hand: the legend toggles its series, the tooltip has the exact values, and
// markers of events concern the panel's object only.
TEST(ThroughputPanel, LegendTogglesSeriesAndTheTooltipSaysTheValues) {
    TelemetryStore store(nullptr);
    ThroughputPanel panel(endpointSpec(QStringLiteral("a")), store, nullptr);
    panel.resize(700, 420);
    panel.show();
    const qint64 now = 1800000000000;
    StatsFrame f;
    f.hostId = QStringLiteral("h1id");
    f.hostName = QStringLiteral("h1");
    for (int i = 0; i < 30; ++i) {
        f.unixMs = now - (30 - i) * 1000;
        f.targets = {{TargetKind::Endpoint,
                      QStringLiteral("a"),
                      QStringLiteral("a"),
                      QStringLiteral("web"),
                      {25e6, 1e6, 2000, 100, 0, 0, i == 29 ? 3.0 : 0.0, 0}}};
        store.addStats(f);
    }
    panel.setRange({now - 60000, now, true}, false);
    panel.refresh();
    const int in = panel.seriesIndex(QStringLiteral("in"));
    EXPECT_EQ(panel.points(in).size(), 30u);
    EXPECT_DOUBLE_EQ(panel.points(in).back().avg, 200e6) << "bytes/s shown as bits/s";
    auto* chart = panel.chart();
    EXPECT_TRUE(chart->seriesVisible(panel.chartSeries(in)));
    // Drops appeared, so their series shows; errors did not.
    EXPECT_TRUE(
        chart->seriesVisible(panel.chartSeries(panel.seriesIndex(QStringLiteral("drops in")))));
    EXPECT_FALSE(
        chart->seriesVisible(panel.chartSeries(panel.seriesIndex(QStringLiteral("errors in")))));
    // A click on the legend's box hides the series.
    auto* legend = panel.legend();
    QTest::mouseClick(legend, Qt::LeftButton, {},
                      QPoint(20, legend->fontMetrics().height() * 3 / 2 + 4));  // row "in"
    EXPECT_FALSE(chart->seriesVisible(panel.chartSeries(in)));
    EXPECT_FALSE(legend->isChecked(in));
    legend->setChecked(in, true);
    EXPECT_TRUE(chart->seriesVisible(panel.chartSeries(in)));
    EXPECT_EQ(legend->cell(in, 1), QStringLiteral("200 Mbit/s"));
    QString tip = chart->tooltipAt(now - 1000);
    EXPECT_TRUE(tip.contains(QStringLiteral("in: 200 Mbit/s"))) << tip.toStdString();
    EXPECT_TRUE(tip.contains(QStringLiteral("out: 8.00 Mbit/s"))) << tip.toStdString();
    // The shared cursor and event markers.
    chart->setCursorTime(now - 5000);
    chart->setEvents({{now - 10000, QStringLiteral("endpoint a created"), Qt::green}});
    EXPECT_EQ(chart->eventCount(), 1);
    EXPECT_TRUE(chart->tooltipAt(now - 10000).contains(QStringLiteral("endpoint a created")));
}

TEST(TopEndpoints, RanksByRateAndOpensTheChartOnAClick) {
    TelemetryStore store(nullptr);
    StatsFrame f;
    f.hostId = QStringLiteral("h1id");
    f.hostName = QStringLiteral("h1");
    f.unixMs = 1800000000000;
    for (int i = 0; i < 20; ++i) {
        f.targets.push_back({TargetKind::Endpoint,
                             QStringLiteral("e%1").arg(i),
                             QStringLiteral("e%1").arg(i),
                             QStringLiteral("web"),
                             {i * 1000.0, 0, 0, 0, 0, 0, 0, 0}});
    }
    store.addStats(f);
    PanelSpec s;
    s.kind = PanelSpec::Kind::TopEndpoints;
    s.top = 5;
    TopPanel panel(s, store);
    panel.refresh();
    ASSERT_EQ(panel.model().rowCount(), 5);
    EXPECT_EQ(panel.model().index(0, 0).data().toString(), QStringLiteral("e19"));
    EXPECT_EQ(panel.model().index(4, 0).data().toString(), QStringLiteral("e15"));
    PanelSpec opened;
    QObject::connect(&panel, &MonitorPanel::chartRequested,
                     [&](const PanelSpec& p) { opened = p; });
    emit panel.view()->clicked(panel.model().index(1, 0));
    EXPECT_EQ(opened.id, QStringLiteral("e18"));
    EXPECT_EQ(opened.target, TargetKind::Endpoint);
}

// The context menus of the tree, the tables and the canvas offer what fits the object.
TEST(ChartMenu, OffersThroughputAndLatencyForWhatWasClicked) {
    const Inventory inv = webOnTwoHosts();
    QList<PanelSpec> opened;
    QStringList matrices;
    auto open = [&](const PanelSpec& s) { opened << s; };
    auto matrix = [&](const QString& id) { matrices << id; };
    auto trigger = [](QMenu& menu, const QString& path) {
        QMenu* m = &menu;
        const QStringList steps = path.split(QLatin1Char('/'));
        for (int i = 0; i < steps.size(); ++i) {
            QAction* found = nullptr;
            for (auto* a : m->actions()) {
                if (a->text() == steps[i]) found = a;
            }
            if (!found) return false;
            if (i + 1 < steps.size()) {
                m = found->menu();
                if (!m) return false;
            } else {
                found->trigger();
            }
        }
        return true;
    };
    {
        QMenu menu;
        addChartActions(&menu, inv, {TargetKind::Endpoint, QStringLiteral("eid2"), {}}, open,
                        matrix);
        ASSERT_TRUE(trigger(menu, QStringLiteral("Chart throughput")));
        ASSERT_TRUE(trigger(menu, QStringLiteral("Chart latency (from its host)")));
    }
    ASSERT_EQ(opened.size(), 2);
    EXPECT_EQ(opened[0].target, TargetKind::Endpoint);
    EXPECT_EQ(opened[0].hostName, QStringLiteral("h2"));
    EXPECT_EQ(opened[1].kind, PanelSpec::Kind::Latency);
    EXPECT_EQ(opened[1].toId, QStringLiteral("eid2"));
    EXPECT_EQ(opened[1].hostId, QStringLiteral("hid2"));
    {
        QMenu menu;
        addChartActions(&menu, inv,
                        {TargetKind::Network, QStringLiteral("nid"), QStringLiteral("hid1")}, open,
                        matrix);
        ASSERT_TRUE(trigger(menu, QStringLiteral("Chart throughput/Summed over all hosts")));
        ASSERT_TRUE(trigger(menu, QStringLiteral("Chart throughput/On h1")));
        ASSERT_TRUE(trigger(menu, QStringLiteral("Chart latency (the matrix)")));
    }
    ASSERT_EQ(opened.size(), 4);
    EXPECT_TRUE(opened[2].hostId.isEmpty()) << "summed";
    EXPECT_EQ(opened[3].hostName, QStringLiteral("h1"));
    EXPECT_EQ(matrices, QStringList{QStringLiteral("nid")});
    {
        QMenu menu;
        addChartActions(&menu, inv,
                        {TargetKind::Host, QStringLiteral("hid1"), QStringLiteral("hid1")}, open,
                        matrix);
        ASSERT_TRUE(trigger(menu, QStringLiteral("Chart throughput/Underlay of h1")));
        ASSERT_TRUE(trigger(menu, QStringLiteral("Chart latency/To h2 on web")));
    }
    ASSERT_EQ(opened.size(), 6);
    EXPECT_EQ(opened[4].target, TargetKind::Host);
    EXPECT_EQ(opened[5].toName, QStringLiteral("h2"));
    // The command line names charts the same way.
    QString why;
    auto spec = panelFromText(QStringLiteral("latency:h1:web:h2"), inv, &why);
    ASSERT_TRUE(spec) << why.toStdString();
    EXPECT_EQ(spec->toId, QStringLiteral("hid2"));
    EXPECT_FALSE(panelFromText(QStringLiteral("network:nope"), inv, &why));
    EXPECT_TRUE(why.contains(QStringLiteral("nope")));
}

// A drag across a chart zooms the whole page into that stretch; a double click goes back to
// live; hovering one chart moves the cursor on all of them; a chart exports as a PNG.
TEST(MonitorPage, ZoomWithTheMouseSharedCursorAndExport) {
    QSettings().remove(QStringLiteral("monitor"));
    TelemetryStore store(nullptr);
    MonitorPage page(store, nullptr);
    page.resize(1300, 800);
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    StatsFrame f;
    f.hostId = QStringLiteral("h1id");
    f.hostName = QStringLiteral("h1");
    auto* a = qobject_cast<ChartPanel*>(page.addPanel(endpointSpec(QStringLiteral("a"))));
    auto* b = qobject_cast<ChartPanel*>(page.addPanel(endpointSpec(QStringLiteral("b"))));
    ASSERT_TRUE(a && b);
    for (int i = 0; i < 120; ++i) {
        f.unixMs = now - (120 - i) * 1000;
        f.targets = {{TargetKind::Endpoint,
                      QStringLiteral("a"),
                      QStringLiteral("a"),
                      QStringLiteral("web"),
                      {1e6 * (i % 10), 0, 0, 0, 0, 0, 0, 0}},
                     {TargetKind::Endpoint,
                      QStringLiteral("b"),
                      QStringLiteral("b"),
                      QStringLiteral("web"),
                      {2e6, 0, 0, 0, 0, 0, 0, 0}}};
        store.addStats(f);
    }
    page.show();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(&page));
    QApplication::processEvents();
    page.tick();
    ASSERT_FALSE(page.paused());
    TimeChart* chart = a->chart();
    QWidget* area = chart->mouseArea();
    const qint64 from = now - 90000, to = now - 30000;
    const QPoint p1 = area->mapFrom(chart, chart->positionOf(from, 0));
    const QPoint p2 = area->mapFrom(chart, chart->positionOf(to, 0)) - QPoint(0, 20);
    // Hover: every chart of the page shows the cursor at that time.
    QMouseEvent hover(QEvent::MouseMove, QPointF(p1 - QPoint(0, 20)),
                      area->mapToGlobal(QPointF(p1)), Qt::NoButton, Qt::NoButton, Qt::NoModifier);
    QApplication::sendEvent(area, &hover);
    EXPECT_NEAR(static_cast<double>(b->chart()->cursorTime()), static_cast<double>(from), 2000);
    // Drag from `from` to `to`: the page shows that stretch, paused.
    QTest::mousePress(area, Qt::LeftButton, {}, p1 - QPoint(0, 20));
    QMouseEvent drag(QEvent::MouseMove, QPointF(p2), area->mapToGlobal(QPointF(p2)), Qt::LeftButton,
                     Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(area, &drag);
    QTest::mouseRelease(area, Qt::LeftButton, {}, p2);
    EXPECT_TRUE(page.paused());
    EXPECT_EQ(page.span(), MonitorPage::Span::Custom);
    EXPECT_NEAR(static_cast<double>(page.range().from), static_cast<double>(from), 2000);
    EXPECT_NEAR(static_cast<double>(page.range().to), static_cast<double>(to), 2000);
    EXPECT_EQ(b->chart()->from(), page.range().from) << "every chart of the page follows";
    const size_t zoomed = a->points(a->seriesIndex(QStringLiteral("in"))).size();
    EXPECT_NEAR(static_cast<double>(zoomed), 60, 3);
    // A double click: live again.
    QTest::mouseDClick(area, Qt::LeftButton, {}, p2);
    EXPECT_FALSE(page.paused());
    EXPECT_EQ(page.span(), MonitorPage::Span::Live5m);
    // PNG export of a panel.
    QTemporaryDir dir;
    QString png = dir.filePath(QStringLiteral("a.png"));
    QString error;
    ASSERT_TRUE(a->exportPng(png, &error)) << error.toStdString();
    QImage image(png);
    EXPECT_EQ(image.size(), a->size());
    QSettings().remove(QStringLiteral("monitor"));
}

}  // namespace
}  // namespace loom::test
