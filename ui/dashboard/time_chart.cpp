#include "ui/dashboard/time_chart.h"

#include <QtCharts/QChart>
#include <QtCharts/QChartView>
#include <QtCharts/QValueAxis>

#include <QDateTime>
#include <QGraphicsItem>
#include <QMouseEvent>
#include <QPainter>
#include <QRubberBand>
#include <QToolTip>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace loom::ui {

namespace {

// Tick spacings a person reads at a glance, in ms.
constexpr qint64 kTicks[] = {1000,     2000,     5000,     10000,    15000,    30000,   60000,
                             120000,   300000,   600000,   900000,   1800000,  3600000, 7200000,
                             10800000, 21600000, 43200000, 86400000, 172800000};

// One series of the chart, drawn by an item of ours in the chart's scene: Qt Charts' own line
// item strokes its whole path again (QPainterPathStroker, for mouse hits) on every change and
// on every move of the axis, which at 128 series of a thousand points was 180 ms a tick. This
// one maps the reduced points to the plot and draws them with a hairline pen.
class SeriesItem : public QGraphicsItem {
public:
    SeriesItem(const ChartSeriesStyle& style, QGraphicsItem* parent)
        : QGraphicsItem(parent), m_style(style) {
        setZValue(5);
        setAcceptedMouseButtons(Qt::NoButton);
    }
    QRectF boundingRect() const override { return m_plot; }
    void paint(QPainter* p, const QStyleOptionGraphicsItem*, QWidget*) override {
        if (m_dirty) remap();
        p->save();
        p->setClipRect(m_plot);
        p->setRenderHint(QPainter::Antialiasing);
        switch (m_style.kind) {
            case ChartSeriesStyle::Kind::Line: {
                // A one-pixel cosmetic pen: the raster engine's fast line path (wider pens
                // go through the general stroker, a hundred times dearer for these lines).
                QPen pen(m_style.color, 1);
                pen.setCosmetic(true);
                if (m_style.dashed) pen.setStyle(Qt::DashLine);
                p->setPen(pen);
                for (const auto& poly : m_mapped) {
                    if (poly.size() == 1) {
                        p->drawPoint(poly.front());
                    } else {
                        p->drawPolyline(poly);
                    }
                }
                break;
            }
            case ChartSeriesStyle::Kind::Band: {
                QColor fill = m_style.color;
                fill.setAlpha(70);
                p->setPen(Qt::NoPen);
                p->setBrush(fill);
                for (const auto& poly : m_mapped) p->drawPolygon(poly);
                break;
            }
            case ChartSeriesStyle::Kind::Markers:
                p->setPen(QPen(m_style.color.darker(), 1));
                p->setBrush(m_style.color);
                for (const auto& poly : m_mapped) {
                    for (const auto& pt : poly) p->drawEllipse(pt, 3.5, 3.5);
                }
                break;
        }
        p->restore();
    }

    // Data (unix ms, value in the axis's unit) to chart coordinates.
    // Both only note what changed; the points are mapped when next painted, so a chart that
    // is out of sight (scrolled away, another tab) costs nothing.
    void setData(Segments segments) {
        m_data = std::move(segments);
        touch();
    }
    void setMapping(const QRectF& plot, qint64 from, qint64 to, double yMax) {
        if (plot == m_plot && from == m_from && to == m_to && yMax == m_yMax) return;
        if (plot != m_plot) prepareGeometryChange();
        m_plot = plot;
        m_from = from;
        m_to = to;
        m_yMax = yMax;
        touch();
    }
    const Segments& data() const { return m_data; }

private:
    void touch() {
        m_dirty = true;
        update();
    }
    void remap() {
        m_dirty = false;
        m_mapped.clear();
        if (m_plot.isEmpty() || m_to <= m_from) return;
        const double sx = m_plot.width() / static_cast<double>(m_to - m_from);
        const double sy = m_yMax > 0 ? m_plot.height() / m_yMax : 0;
        auto map = [&](const QPointF& d) {
            return QPointF(m_plot.left() + (d.x() - static_cast<double>(m_from)) * sx,
                           m_plot.bottom() - d.y() * sy);
        };
        m_mapped.reserve(m_data.size());
        for (const auto& seg : m_data) {
            QPolygonF poly;
            poly.reserve(seg.size());
            for (const auto& d : seg) poly << map(d);
            m_mapped.push_back(std::move(poly));
        }
    }

    ChartSeriesStyle m_style;
    Segments m_data;
    QVector<QPolygonF> m_mapped;
    QRectF m_plot;
    qint64 m_from = 0, m_to = 1;
    double m_yMax = 1;
    bool m_dirty = false;
};

// The time axis, the page's cursor and the engine's events, drawn under and over the series.
// Qt Charts' own axes re-lay their labels out as rich text whenever their range moves, which a
// live window does every second; this one keeps its ticks (whole multiples of a readable
// spacing in local time) until one enters or leaves, and only paints.
class TimeAxisItem : public QGraphicsItem {
public:
    explicit TimeAxisItem(QGraphicsItem* parent) : QGraphicsItem(parent) {
        setZValue(1);
        setAcceptedMouseButtons(Qt::NoButton);
    }
    QRectF boundingRect() const override { return m_area; }
    void setGeometry(const QRectF& plot, const QRectF& chart) {
        if (plot == m_plot && chart == m_area) return;
        prepareGeometryChange();
        m_plot = plot;
        m_area = chart;
        update();
    }
    void setRange(qint64 from, qint64 to, int wantedTicks) {
        m_from = from;
        m_to = to;
        const qint64 span = to - from;
        qint64 step = kTicks[std::size(kTicks) - 1];
        for (qint64 t : kTicks) {
            if (span / t <= wantedTicks) {
                step = t;
                break;
            }
        }
        const qint64 offset =
            static_cast<qint64>(QDateTime::fromMSecsSinceEpoch(from).offsetFromUtc()) * 1000;
        const qint64 local = from + offset;
        const qint64 first = (local / step + (local % step != 0 ? 1 : 0)) * step - offset;
        if (step != m_step || first != m_first || m_ticks.isEmpty() ||
            m_ticks.back().first + step <= to || m_ticks.back().first > to) {
            m_step = step;
            m_first = first;
            const QString format = step < 60000      ? QStringLiteral("HH:mm:ss")
                                   : step < 86400000 ? QStringLiteral("HH:mm")
                                                     : QStringLiteral("MMM d");
            const bool dates = span > 86400000 && step < 86400000;
            m_ticks.clear();
            for (qint64 t = first; t <= to; t += step) {
                QDateTime when = QDateTime::fromMSecsSinceEpoch(t);
                QString label = when.toString(format);
                if (dates && when.time().msecsSinceStartOfDay() == 0) {
                    label = when.toString(QStringLiteral("MMM d"));
                }
                m_ticks.push_back({t, label});
            }
        }
        update();
    }
    void setCursor(qint64 t) {
        if (t == m_cursor) return;
        m_cursor = t;
        update();
    }
    void setEvents(const QVector<ChartEvent>& events) {
        m_events = events;
        update();
    }
    void setColors(const QColor& text, const QColor& grid, const QColor& cursor) {
        m_text = text;
        m_grid = grid;
        m_cursorColor = cursor;
    }
    void paint(QPainter* p, const QStyleOptionGraphicsItem*, QWidget*) override {
        if (m_plot.isEmpty() || m_to <= m_from) return;
        p->save();
        auto x = [&](qint64 t) {
            return m_plot.left() + static_cast<double>(t - m_from) /
                                       static_cast<double>(m_to - m_from) * m_plot.width();
        };
        QPen grid(m_grid, 1);
        grid.setCosmetic(true);
        const QFontMetrics fm(p->font());
        for (const auto& [t, label] : m_ticks) {
            if (t < m_from || t > m_to) continue;
            const double at = x(t);
            p->setPen(grid);
            p->drawLine(QPointF(at, m_plot.top()), QPointF(at, m_plot.bottom()));
            p->setPen(m_text);
            const int w = fm.horizontalAdvance(label);
            p->drawText(QPointF(at - w / 2.0, m_plot.bottom() + fm.ascent() + 3), label);
        }
        p->setRenderHint(QPainter::Antialiasing);
        for (const auto& e : m_events) {
            if (e.t < m_from || e.t > m_to) continue;
            const double at = x(e.t);
            QColor c = e.color;
            c.setAlpha(150);
            QPen pen(c, 1, Qt::DotLine);
            pen.setCosmetic(true);
            p->setPen(pen);
            p->drawLine(QPointF(at, m_plot.top()), QPointF(at, m_plot.bottom()));
            QPolygonF flag;
            flag << QPointF(at - 5, m_plot.bottom()) << QPointF(at + 5, m_plot.bottom())
                 << QPointF(at, m_plot.bottom() - 8);
            p->setPen(Qt::NoPen);
            p->setBrush(e.color);
            p->drawPolygon(flag);
        }
        if (m_cursor >= m_from && m_cursor <= m_to) {
            QPen pen(m_cursorColor, 1, Qt::DashLine);
            pen.setCosmetic(true);
            p->setPen(pen);
            p->drawLine(QPointF(x(m_cursor), m_plot.top()), QPointF(x(m_cursor), m_plot.bottom()));
        }
        p->restore();
    }

private:
    QRectF m_plot, m_area;
    qint64 m_from = 0, m_to = 1, m_step = 0, m_first = 0, m_cursor = -1;
    QVector<QPair<qint64, QString>> m_ticks;
    QVector<ChartEvent> m_events;
    QColor m_text, m_grid, m_cursorColor;
};

struct Series {
    ChartSeriesStyle style;
    SeriesItem* item = nullptr;
    bool visible = true;
    int points = 0;
};

}  // namespace

// The view: rubber band to zoom, middle button (or Shift) to pan, hover for the cursor.
class TimeChartView : public QChartView {
public:
    TimeChartView(QChart* chart, TimeChart* owner) : QChartView(chart, owner), m_owner(owner) {
        setRenderHint(QPainter::Antialiasing);
        setMouseTracking(true);
        setRubberBand(QChartView::NoRubberBand);
    }

protected:
    void mousePressEvent(QMouseEvent* e) override {
        const QPoint at = e->position().toPoint();
        if (e->button() == Qt::MiddleButton ||
            (e->button() == Qt::LeftButton && (e->modifiers() & Qt::ShiftModifier))) {
            m_panning = true;
            m_last = at;
            setCursor(Qt::ClosedHandCursor);
            e->accept();
            return;
        }
        if (e->button() == Qt::LeftButton) {
            m_origin = at;
            if (!m_band) m_band = new QRubberBand(QRubberBand::Rectangle, viewport());
            m_band->setGeometry(QRect(m_origin, QSize()));
            m_band->show();
            e->accept();
            return;
        }
        QChartView::mousePressEvent(e);
    }
    void mouseMoveEvent(QMouseEvent* e) override {
        const QPoint at = e->position().toPoint();
        if (m_panning) {
            qint64 before = m_owner->timeAt(m_last.x()), now = m_owner->timeAt(at.x());
            m_last = at;
            if (before != now) emit m_owner->panned(before - now);
            e->accept();
            return;
        }
        if (m_band && m_band->isVisible()) {
            const QRectF plot = chart()->plotArea();
            m_band->setGeometry(QRect(QPoint(m_origin.x(), static_cast<int>(plot.top())),
                                      QPoint(at.x(), static_cast<int>(plot.bottom())))
                                    .normalized());
        }
        if (chart()->plotArea().contains(at)) {
            qint64 t = m_owner->timeAt(at.x());
            emit m_owner->hovered(t);
            QString tip = m_owner->tooltipAt(t);
            if (!tip.isEmpty()) QToolTip::showText(e->globalPosition().toPoint(), tip, this);
        } else {
            emit m_owner->hovered(-1);
        }
        QChartView::mouseMoveEvent(e);
    }
    void mouseReleaseEvent(QMouseEvent* e) override {
        if (m_panning) {
            m_panning = false;
            unsetCursor();
            emit m_owner->panFinished();
            e->accept();
            return;
        }
        if (m_band && m_band->isVisible()) {
            m_band->hide();
            const int x1 = std::min(m_origin.x(), e->position().toPoint().x());
            const int x2 = std::max(m_origin.x(), e->position().toPoint().x());
            if (x2 - x1 >= 5) emit m_owner->rangeSelected(m_owner->timeAt(x1), m_owner->timeAt(x2));
            e->accept();
            return;
        }
        QChartView::mouseReleaseEvent(e);
    }
    void mouseDoubleClickEvent(QMouseEvent* e) override {
        emit m_owner->resetRequested();
        e->accept();
    }
    void leaveEvent(QEvent* e) override {
        emit m_owner->hovered(-1);
        QChartView::leaveEvent(e);
    }

private:
    TimeChart* m_owner;
    QRubberBand* m_band = nullptr;
    QPoint m_origin, m_last;
    bool m_panning = false;
};

struct TimeChart::Impl {
    QChart* chart = nullptr;
    TimeChartView* view = nullptr;
    QValueAxis* axes[2] = {nullptr, nullptr};
    TimeAxisItem* time = nullptr;
    std::vector<Series> series;

    // Every series and the time axis follow the plot area and the range.
    void remapAll(qint64 from, qint64 to) {
        const QRectF plot = chart->plotArea();
        for (auto& s : series) s.item->setMapping(plot, from, to, axes[s.style.axis]->max());
        time->setGeometry(plot, chart->rect());
    }
};

TimeChart::TimeChart(QWidget* parent) : QWidget(parent), d(std::make_unique<Impl>()) {
    d->chart = new QChart();
    d->chart->legend()->hide();
    d->chart->setAnimationOptions(QChart::NoAnimation);
    // Room under the plot for the time labels, which are ours.
    const int labels = fontMetrics().height() + 6;
    d->chart->setMargins(QMargins(2, 2, 2, labels));
    d->chart->setBackgroundRoundness(0);
    const QPalette pal = palette();
    d->chart->setBackgroundBrush(pal.color(QPalette::Base));
    d->chart->setPlotAreaBackgroundVisible(false);
    for (int a = 0; a < 2; ++a) {
        auto* axis = new QValueAxis();
        axis->setLabelFormat(QStringLiteral("%.4g"));
        axis->setRange(0, 1);
        axis->setTickCount(5);
        axis->setLabelsBrush(pal.color(QPalette::Text));
        axis->setTitleBrush(pal.color(QPalette::Text));
        axis->setGridLineColor(pal.color(QPalette::Midlight));
        axis->setVisible(a == 0);
        d->chart->addAxis(axis, a == 0 ? Qt::AlignLeft : Qt::AlignRight);
        d->axes[a] = axis;
    }
    d->time = new TimeAxisItem(d->chart);
    d->time->setColors(pal.color(QPalette::Text), pal.color(QPalette::Midlight),
                       pal.color(QPalette::Highlight));
    d->view = new TimeChartView(d->chart, this);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(d->view);
    connect(d->chart, &QChart::plotAreaChanged, this, [this] { d->remapAll(m_from, m_to); });
}

TimeChart::~TimeChart() = default;

int TimeChart::addSeries(const ChartSeriesStyle& style) {
    Series s;
    s.style = style;
    s.item = new SeriesItem(style, d->chart);
    s.item->setMapping(d->chart->plotArea(), m_from, m_to, d->axes[style.axis]->max());
    d->series.push_back(s);
    return static_cast<int>(d->series.size()) - 1;
}
int TimeChart::seriesCount() const {
    return static_cast<int>(d->series.size());
}

void TimeChart::setSegments(int index, const Segments& segments) {
    Series& s = d->series.at(static_cast<size_t>(index));
    s.points = 0;
    for (const auto& seg : segments) s.points += static_cast<int>(seg.size());
    s.item->setData(segments);
}

void TimeChart::setBand(int index, const Segments& lower, const Segments& upper) {
    // One closed polygon per stretch: along the upper edge, back along the lower one.
    Series& s = d->series.at(static_cast<size_t>(index));
    Segments shapes;
    s.points = 0;
    const int n = static_cast<int>(std::min(lower.size(), upper.size()));
    for (int i = 0; i < n; ++i) {
        QVector<QPointF> shape = upper[i];
        for (auto it = lower[i].rbegin(); it != lower[i].rend(); ++it) shape.push_back(*it);
        s.points += static_cast<int>(shape.size());
        shapes.push_back(std::move(shape));
    }
    s.item->setData(std::move(shapes));
}

void TimeChart::setMarkers(int index, const QVector<QPointF>& points) {
    Series& s = d->series.at(static_cast<size_t>(index));
    s.points = static_cast<int>(points.size());
    s.item->setData(points.isEmpty() ? Segments{} : Segments{points});
}

void TimeChart::setSeriesVisible(int index, bool visible) {
    Series& s = d->series.at(static_cast<size_t>(index));
    s.visible = visible;
    s.item->setVisible(visible);
}

bool TimeChart::seriesVisible(int index) const {
    return d->series.at(static_cast<size_t>(index)).visible;
}

int TimeChart::pointCount(int index) const {
    return d->series.at(static_cast<size_t>(index)).points;
}

QVector<QPointF> TimeChart::drawnPoints(int index) const {
    const Series& s = d->series.at(static_cast<size_t>(index));
    QVector<QPointF> out;
    for (const auto& seg : s.item->data()) out += seg;
    return out;
}

int TimeChart::segmentCount(int index) const {
    const Series& s = d->series.at(static_cast<size_t>(index));
    int n = 0;
    for (const auto& seg : s.item->data()) n += !seg.isEmpty();
    return n;
}

void TimeChart::setTimeRange(qint64 from, qint64 to) {
    if (to <= from) to = from + 1;
    if (from == m_from && to == m_to) return;
    m_from = from;
    m_to = to;
    d->time->setRange(from, to, std::max(2, width() / 110));
    d->remapAll(m_from, m_to);
}

void TimeChart::setAxis(int axis, double max, const QString& title, bool visible) {
    QValueAxis* a = d->axes[axis];
    bool rescaled = a->max() != max;
    if (rescaled) a->setRange(0, max);
    if (a->titleText() != title) a->setTitleText(title);
    if (a->isVisible() != visible) a->setVisible(visible);
    if (rescaled) {
        for (auto& s : d->series) {
            if (s.style.axis == axis) s.item->setMapping(d->chart->plotArea(), m_from, m_to, max);
        }
    }
}

void TimeChart::setEvents(const QVector<ChartEvent>& events) {
    m_events = events;
    d->time->setEvents(events);
}

void TimeChart::setCursorTime(qint64 t) {
    m_cursor = t;
    d->time->setCursor(t);
}

QWidget* TimeChart::mouseArea() const {
    return d->view->viewport();
}

int TimeChart::plotColumns() const {
    return std::max(50, static_cast<int>(d->chart->plotArea().width()));
}

qint64 TimeChart::timeAt(int x) const {
    const QRectF plot = d->chart->plotArea();
    if (plot.width() <= 0) return m_from;
    double f = (x - plot.left()) / plot.width();
    return m_from + static_cast<qint64>(std::llround(f * static_cast<double>(m_to - m_from)));
}

QPoint TimeChart::positionOf(qint64 t, double value) const {
    const QRectF plot = d->chart->plotArea();
    double f = static_cast<double>(t - m_from) / static_cast<double>(m_to - m_from);
    double max = d->axes[0]->max();
    double y = plot.bottom() - (max > 0 ? value / max : 0) * plot.height();
    QPointF scene = d->chart->mapToScene(QPointF(plot.left() + f * plot.width(), y));
    return d->view->mapTo(this, d->view->mapFromScene(scene));
}

void TimeChart::setTooltipProvider(std::function<QString(qint64)> provider) {
    m_tooltip = std::move(provider);
}

QString TimeChart::tooltipAt(qint64 t) const {
    // An event near the mouse (within a few pixels) is said first.
    const QRectF plot = d->chart->plotArea();
    const double msPerPx = plot.width() > 0 ? (m_to - m_from) / plot.width() : 1;
    QStringList lines;
    for (const auto& e : m_events) {
        if (std::abs(static_cast<double>(e.t - t)) <= 4 * msPerPx) lines << e.text;
    }
    if (m_tooltip) {
        QString values = m_tooltip(t);
        if (!values.isEmpty()) lines << values;
    }
    return lines.join(QLatin1Char('\n'));
}

}  // namespace loom::ui
