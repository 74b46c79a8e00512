// The Monitor's logic without an engine: the join of history and live points, the reduction
// to pixel columns, units, the panel arrangement kept across restarts, legend toggles and
// tooltips on charts fed by hand.
#include <QSettings>
#include <QTableView>
#include <QTest>

#include <cmath>
#include <limits>

#include "ui/dashboard/chart_panel.h"
#include "ui/dashboard/column_cache.h"
#include "ui/dashboard/legend_widget.h"
#include "ui/dashboard/monitor_page.h"
#include "ui/dashboard/series_reduce.h"
#include "ui/dashboard/telemetry_store.h"
#include "ui/dashboard/top_panel.h"
#include "ui/dashboard/units.h"

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace loom::test
