#pragma once

#include <QColor>
#include <QPointF>
#include <QString>
#include <QVector>
#include <QWidget>

#include <memory>

#include "ui/dashboard/series_reduce.h"

// The one wrapper around Qt Charts: every QtCharts include of the console is in time_chart.cpp.
// It takes points already reduced to what the plot can show (series_reduce.h), never raw
// samples, and replaces a series' points once per refresh (Qt Charts rebuilds a line's whole
// path on every change, so appending point by point costs O(n) each). Time runs along the x axis
// as unix milliseconds, labelled with wall-clock ticks that stay put while the window slides.
// Qt Charts is deprecated upstream; this class is what a move to Qt Graphs would replace.
namespace loom::ui {

struct ChartSeriesStyle {
    enum class Kind { Line, Band, Markers };
    QString name;
    QColor color;
    Kind kind = Kind::Line;
    bool dashed = false;
    int axis = 0;  // 0: left, 1: right
};

struct ChartEvent {
    qint64 t = 0;
    QString text;
    QColor color;
};

class TimeChartView;

class TimeChart : public QWidget {
    Q_OBJECT
public:
    explicit TimeChart(QWidget* parent = nullptr);
    ~TimeChart() override;

    int addSeries(const ChartSeriesStyle& style);
    int seriesCount() const;
    void setSegments(int series, const Segments& segments);
    // A band between two edges; lower[i] and upper[i] are one stretch without a gap.
    void setBand(int series, const Segments& lower, const Segments& upper);
    void setMarkers(int series, const QVector<QPointF>& points);
    void setSeriesVisible(int series, bool visible);
    bool seriesVisible(int series) const;
    // The points a series holds now, every segment (for tests and the CSV of what is drawn).
    int pointCount(int series) const;
    // The points drawn now, every segment in order (a band: its upper edge), and how many
    // segments (stretches without a gap) there are.
    QVector<QPointF> drawnPoints(int series) const;
    int segmentCount(int series) const;

    void setTimeRange(qint64 from, qint64 to);
    qint64 from() const { return m_from; }
    qint64 to() const { return m_to; }
    // Axis 0 (left) or 1 (right): 0..max, with a title (the unit).
    void setAxis(int axis, double max, const QString& title, bool visible = true);
    void setEvents(const QVector<ChartEvent>& events);
    int eventCount() const { return static_cast<int>(m_events.size()); }
    // A vertical line at `t`, shared by every chart of a page; < 0 hides it.
    void setCursorTime(qint64 t);
    qint64 cursorTime() const { return m_cursor; }
    // The widget that takes the mouse (rubber band, pan, hover), for tests that drive it.
    QWidget* mouseArea() const;
    // Pixel columns of the plot area: the most points worth drawing per series, halved.
    int plotColumns() const;
    // Where time `t` is on the widget (for tests that hover or drag).
    QPoint positionOf(qint64 t, double value = 0) const;
    QString tooltipAt(qint64 t) const;
    void setTooltipProvider(std::function<QString(qint64)> provider);

signals:
    void rangeSelected(qint64 from, qint64 to);  // a rubber band was drawn
    void panned(qint64 deltaMs);                 // dragged with the middle button or Shift
    void panFinished();
    void hovered(qint64 t);  // < 0: the mouse left the plot
    void resetRequested();   // double click

private:
    friend class TimeChartView;
    struct Impl;
    qint64 timeAt(int x) const;

    std::unique_ptr<Impl> d;
    qint64 m_from = 0, m_to = 1;
    QVector<ChartEvent> m_events;
    qint64 m_cursor = -1;
    std::function<QString(qint64)> m_tooltip;
};

}  // namespace loom::ui
