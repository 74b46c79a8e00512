#pragma once

#include <QFrame>
#include <QVector>

#include <functional>
#include <memory>
#include <vector>

#include "ui/dashboard/column_cache.h"
#include "ui/dashboard/legend_widget.h"
#include "ui/dashboard/panel_spec.h"
#include "ui/dashboard/telemetry_store.h"
#include "ui/dashboard/time_chart.h"
#include "ui/dashboard/units.h"

class QLabel;
class QToolButton;

namespace loom::ui {

class TelemetryClient;

// The time range of a page: [from, to] in unix ms; live ranges slide with the clock.
struct ViewRange {
    qint64 from = 0, to = 0;
    bool live = true;
    bool operator==(const ViewRange&) const = default;
};

// One panel of the Monitor: a title bar with its menu (export, move, remove) over its content.
class MonitorPanel : public QFrame {
    Q_OBJECT
public:
    MonitorPanel(const PanelSpec& spec, QWidget* parent);
    const PanelSpec& spec() const { return m_spec; }

    // The page's range: `refetch` when the engine should be asked for the history of it (a new
    // span, a zoom, a pan that ended), not when a live window just slid.
    virtual void setRange(const ViewRange& range, bool refetch) = 0;
    // Draws what changed since the last call; cheap when nothing did.
    virtual void refresh() = 0;
    virtual TimeChart* chart() { return nullptr; }
    virtual bool exportCsv(const QString& path, QString* error);
    bool exportPng(const QString& path, QString* error);

signals:
    void removeRequested();
    void moveRequested(int delta);
    void chartRequested(const loom::ui::PanelSpec& spec);
    void cursorMoved(qint64 t);
    void rangeSelected(qint64 from, qint64 to);
    void panned(qint64 deltaMs);
    void panFinished();
    void resetRequested();

protected:
    // The body under the title bar.
    void setBody(QWidget* body);
    void setStatus(const QString& text);
    void askExport(bool png);

    PanelSpec m_spec;
    QLabel* m_title;
    QLabel* m_status;
    QToolButton* m_menu;
};

// A panel that charts columns of one source over time, with a legend (last, min, max, mean
// per series; a click on an entry shows or hides its series), a tooltip with the exact values
// under the mouse, the page's shared cursor, and the engine's events as markers.
class ChartPanel : public MonitorPanel {
    Q_OBJECT
public:
    struct SeriesInfo {
        QString name;
        int column = 0;
        int upperColumn = -1;  // Band: the upper edge (column is the lower)
        Quantity quantity = Quantity::Bits;
        double multiplier = 1;  // bytes to bits
        ChartSeriesStyle::Kind kind = ChartSeriesStyle::Kind::Line;
        QColor color;
        bool dashed = false;
        int axis = 0;
        bool onlyWhenNonZero = false;  // drops and errors: shown when there are any
    };

    ChartPanel(const PanelSpec& spec, TelemetryStore& store, TelemetryClient* client,
               QWidget* parent);
    ~ChartPanel() override;

    void setRange(const ViewRange& range, bool refetch) override;
    void refresh() override;
    TimeChart* chart() override { return m_chart; }
    bool exportCsv(const QString& path, QString* error) override;
    void setEvents(const QVector<ChartEvent>& events);

    // What the series holds in the range now (as of the last refresh), in base units; read from
    // the source when asked (tooltips, exports, tests), not on every refresh.
    const std::vector<SeriesPoint>& points(int series) const;
    int seriesCount() const { return static_cast<int>(m_series.size()); }
    const SeriesInfo& seriesInfo(int series) const { return m_series.at(series); }
    int seriesIndex(const QString& name) const;
    // The chart's index of a series (for TimeChart's accessors).
    int chartSeries(int series) const { return m_chartSeries.at(static_cast<size_t>(series)); }
    void setSeriesShown(int series, bool shown);
    qint64 historyStep() const;
    int historyRequests() const { return m_requests; }
    bool historyPending() const { return m_pending; }
    LegendWidget* legend() const { return m_legend; }

protected:
    void addSeries(const SeriesInfo& info);
    // The source the series read from (a buffer of the store, held by the panel).
    template <int N>
    void bindSource(SourceBuffer<N>* b) {
        m_collect = [b](int c, qint64 from, qint64 to, std::vector<SeriesPoint>* out) {
            b->collect(c, from, to, out);
        };
        m_version = [b] { return b->version(); };
        m_step = [b] { return b->historyStep(); };
        m_seam = [b] { return b->liveStart(); };
        m_epoch = [b] { return b->epoch(); };
        m_trim = [b](qint64 before) { b->trimBefore(before); };
        m_oldest = [b] { return b->oldest(); };
    }
    // The source's points of one column; the buffer's version and history step.
    std::function<void(int column, qint64 from, qint64 to, std::vector<SeriesPoint>* out)>
        m_collect;
    std::function<quint64()> m_version;
    std::function<qint64()> m_step;
    std::function<qint64()> m_seam;    // the first live point's time
    std::function<quint64()> m_epoch;  // changes when points already shown changed
    std::function<void(qint64 before)> m_trim;
    std::function<qint64()> m_oldest;
    // Asks the engine for the range's history (maxPoints: what the plot can show).
    std::function<void(const ViewRange&, quint32 maxPoints)> m_fetch;
    void historyArrived(const QString& error);

    TelemetryStore& m_store;
    TelemetryClient* m_client;
    bool m_pending = false;
    int m_generation = 0;

private:
    void updateLegend(const std::vector<Unit>& units);
    QString tooltip(qint64 t) const;
    // The points of series `i` with t in [from, to], in base units (bands: lower edge as avg and
    // min, upper edge as max).
    void collectSeries(size_t i, qint64 from, qint64 to, std::vector<SeriesPoint>* out) const;

    TimeChart* m_chart;
    LegendWidget* m_legend;
    std::vector<SeriesInfo> m_series;
    std::vector<int> m_chartSeries;  // chart index of each series
    mutable std::vector<std::vector<SeriesPoint>> m_points;
    mutable quint64 m_pointsVersion = ~quint64{0};
    mutable ViewRange m_pointsRange;
    std::vector<ColumnCache> m_main, m_upper;  // per series; m_upper for a band's upper edge
    std::vector<bool> m_shown, m_userHidden;
    ViewRange m_range;
    ViewRange m_drawnRange;
    quint64 m_drawnVersion = ~quint64{0};
    std::vector<Unit> m_units{2};
    int m_requests = 0;
};

// Rates of an endpoint, a network (on one host or summed over the cluster) or a host's
// underlay: bit/s and packets/s in and out, errors and drops when there are any.
class ThroughputPanel : public ChartPanel {
    Q_OBJECT
public:
    ThroughputPanel(const PanelSpec& spec, TelemetryStore& store, TelemetryClient* client,
                    QWidget* parent = nullptr);
    StatsBuffer& buffer() const { return *m_buffer; }

private:
    std::shared_ptr<StatsBuffer> m_buffer;
};

// Latency from a host to another host or a local endpoint over a network: the median as a
// line, the p90-p99 spread as a band behind it, and loss marked on the line.
class LatencyPanel : public ChartPanel {
    Q_OBJECT
public:
    LatencyPanel(const PanelSpec& spec, TelemetryStore& store, TelemetryClient* client,
                 QWidget* parent = nullptr);
    LatencyBuffer& buffer() const { return *m_buffer; }

private:
    std::shared_ptr<LatencyBuffer> m_buffer;
};

}  // namespace loom::ui
