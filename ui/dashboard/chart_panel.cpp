#include "ui/dashboard/chart_panel.h"

#include <QDateTime>
#include <QFile>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMenu>
#include <QMessageBox>
#include <QPixmap>
#include <QTextStream>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <map>

#include "ui/client/telemetry_client.h"

namespace loom::ui {

namespace {

QString unitName(Quantity q) {
    switch (q) {
        case Quantity::Bits:
            return QStringLiteral("bit/s");
        case Quantity::Packets:
            return QStringLiteral("packets/s");
        case Quantity::Millis:
            return QStringLiteral("ms");
        case Quantity::Percent:
            return QStringLiteral("fraction");
    }
    return {};
}

// The point of `points` nearest to `t`, if one is within `tolerance`.
const SeriesPoint* nearest(const std::vector<SeriesPoint>& points, qint64 t, qint64 tolerance) {
    auto it = std::lower_bound(points.begin(), points.end(), t,
                               [](const SeriesPoint& p, qint64 v) { return p.t < v; });
    const SeriesPoint* best = nullptr;
    qint64 bestD = tolerance + 1;
    for (auto c : {it, it == points.begin() ? it : std::prev(it)}) {
        if (c == points.end()) continue;
        qint64 dist = std::abs(c->t - t);
        if (dist < bestD) {
            bestD = dist;
            best = &*c;
        }
    }
    return best;
}

}  // namespace

// ---------------------------------------------------------------- MonitorPanel

MonitorPanel::MonitorPanel(const PanelSpec& spec, QWidget* parent)
    : QFrame(parent),
      m_spec(spec),
      m_title(new QLabel(this)),
      m_status(new QLabel(this)),
      m_menu(new QToolButton(this)) {
    setFrameShape(QFrame::StyledPanel);
    setMinimumSize(380, 330);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 2, 4, 4);
    layout->setSpacing(2);
    auto* bar = new QHBoxLayout();
    QFont bold = m_title->font();
    bold.setBold(true);
    m_title->setFont(bold);
    m_title->setText(spec.title());
    m_status->setForegroundRole(QPalette::PlaceholderText);
    m_menu->setText(QStringLiteral("⋮"));
    m_menu->setAutoRaise(true);
    m_menu->setPopupMode(QToolButton::InstantPopup);
    auto* menu = new QMenu(m_menu);
    menu->addAction(tr("Export as &PNG..."), this, [this] { askExport(true); });
    menu->addAction(tr("Export data as &CSV..."), this, [this] { askExport(false); });
    menu->addSeparator();
    menu->addAction(tr("Move &earlier"), this, [this] { emit moveRequested(-1); });
    menu->addAction(tr("Move &later"), this, [this] { emit moveRequested(1); });
    menu->addSeparator();
    menu->addAction(tr("&Remove"), this, [this] { emit removeRequested(); });
    m_menu->setMenu(menu);
    bar->addWidget(m_title, 1);
    bar->addWidget(m_status);
    bar->addWidget(m_menu);
    layout->addLayout(bar);
}

void MonitorPanel::setBody(QWidget* body) {
    static_cast<QVBoxLayout*>(layout())->addWidget(body, 1);
}

void MonitorPanel::setStatus(const QString& text) {
    if (m_status->text() != text) m_status->setText(text);
}

bool MonitorPanel::exportCsv(const QString&, QString* error) {
    if (error) *error = tr("this panel has no data to export");
    return false;
}

bool MonitorPanel::exportPng(const QString& path, QString* error) {
    if (grab().save(path, "PNG")) return true;
    if (error) *error = tr("cannot write %1").arg(path);
    return false;
}

void MonitorPanel::askExport(bool png) {
    QString path =
        QFileDialog::getSaveFileName(this, png ? tr("Export chart") : tr("Export chart data"), {},
                                     png ? tr("PNG images (*.png)") : tr("CSV files (*.csv)"));
    if (path.isEmpty()) return;
    QString error;
    bool ok = png ? exportPng(path, &error) : exportCsv(path, &error);
    if (!ok) QMessageBox::warning(this, tr("Export"), error);
}

// ---------------------------------------------------------------- ChartPanel

ChartPanel::ChartPanel(const PanelSpec& spec, TelemetryStore& store, TelemetryClient* client,
                       QWidget* parent)
    : MonitorPanel(spec, parent),
      m_store(store),
      m_client(client),
      m_chart(new TimeChart(this)),
      m_legend(new LegendWidget(this)) {
    auto* body = new QWidget(this);
    auto* layout = new QVBoxLayout(body);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(m_chart, 1);
    layout->addWidget(m_legend);
    setBody(body);
    connect(m_legend, &LegendWidget::toggled, this, [this](int i, bool shown) {
        if (i < 0 || i >= seriesCount() || m_shown[static_cast<size_t>(i)] == shown) return;
        m_userHidden[static_cast<size_t>(i)] = !shown;
        setSeriesShown(i, shown);
    });
    m_chart->setTooltipProvider([this](qint64 t) { return tooltip(t); });
    connect(m_chart, &TimeChart::hovered, this, &MonitorPanel::cursorMoved);
    connect(m_chart, &TimeChart::rangeSelected, this, &MonitorPanel::rangeSelected);
    connect(m_chart, &TimeChart::panned, this, &MonitorPanel::panned);
    connect(m_chart, &TimeChart::panFinished, this, &MonitorPanel::panFinished);
    connect(m_chart, &TimeChart::resetRequested, this, &MonitorPanel::resetRequested);
}

ChartPanel::~ChartPanel() = default;

void ChartPanel::addSeries(const SeriesInfo& info) {
    m_series.push_back(info);
    m_chartSeries.push_back(
        m_chart->addSeries({info.name, info.color, info.kind, info.dashed, info.axis}));
    m_points.emplace_back();
    m_main.emplace_back();
    m_upper.emplace_back();
    m_shown.push_back(!info.onlyWhenNonZero);
    m_userHidden.push_back(false);
    int row = m_legend->addRow(info.name, info.color, info.dashed);
    m_legend->setRowHidden(row, info.onlyWhenNonZero);
    m_chart->setSeriesVisible(m_chartSeries.back(), !info.onlyWhenNonZero);
}

int ChartPanel::seriesIndex(const QString& name) const {
    for (int i = 0; i < seriesCount(); ++i) {
        if (m_series[static_cast<size_t>(i)].name == name) return i;
    }
    return -1;
}

void ChartPanel::setSeriesShown(int i, bool shown) {
    m_shown[static_cast<size_t>(i)] = shown;
    m_chart->setSeriesVisible(m_chartSeries[static_cast<size_t>(i)], shown);
    m_legend->blockSignals(true);
    m_legend->setChecked(i, shown);
    m_legend->blockSignals(false);
    m_drawnVersion = ~quint64{0};
    refresh();
}

qint64 ChartPanel::historyStep() const {
    return m_step ? m_step() : 1;
}

void ChartPanel::setRange(const ViewRange& range, bool refetch) {
    m_range = range;
    m_chart->setTimeRange(range.from, range.to);
    if (refetch && m_fetch) {
        m_pending = true;
        ++m_requests;
        setStatus(tr("loading..."));
        // Twice the plot's columns: a minimum and a maximum for each.
        m_fetch(range, static_cast<quint32>(2 * m_chart->plotColumns()));
    }
}

void ChartPanel::historyArrived(const QString& error) {
    m_pending = false;
    setStatus(error.isEmpty() ? QString() : tr("history: %1").arg(error));
    m_drawnVersion = ~quint64{0};
    refresh();
}

void ChartPanel::setEvents(const QVector<ChartEvent>& events) {
    m_chart->setEvents(events);
}

void ChartPanel::collectSeries(size_t i, qint64 from, qint64 to,
                               std::vector<SeriesPoint>* out) const {
    const SeriesInfo& s = m_series[i];
    m_collect(s.column, from, to, out);
    if (s.upperColumn >= 0) {
        // A band: the lower edge as min, the upper edge as max, of one point.
        std::vector<SeriesPoint> upper;
        m_collect(s.upperColumn, from, to, &upper);
        for (size_t k = 0; k < out->size() && k < upper.size(); ++k) {
            (*out)[k].max = upper[k].avg;
            (*out)[k].min = (*out)[k].avg;
        }
    }
    if (s.multiplier != 1) {
        for (auto& p : *out) {
            p.avg *= s.multiplier;
            p.min *= s.multiplier;
            p.max *= s.multiplier;
        }
    }
}

const std::vector<SeriesPoint>& ChartPanel::points(int series) const {
    const quint64 version = m_version ? m_version() : 0;
    if (version != m_pointsVersion || !(m_pointsRange == m_range)) {
        m_pointsVersion = version;
        m_pointsRange = m_range;
        for (size_t i = 0; i < m_series.size(); ++i) {
            collectSeries(i, m_range.from, m_range.to, &m_points[i]);
        }
    }
    return m_points.at(static_cast<size_t>(series));
}

void ChartPanel::refresh() {
    if (!m_collect) return;
    const quint64 version = m_version();
    if (version == m_drawnVersion && m_range == m_drawnRange) return;
    m_drawnVersion = version;
    m_drawnRange = m_range;
    // A live range keeps twice its span; older points are let go (rarely: trimming makes every
    // column be reduced again).
    const qint64 span = m_range.to - m_range.from;
    if (m_range.live && m_oldest() < m_range.from - 2 * span) m_trim(m_range.from - span);
    ColumnCache::Options o;
    o.from = m_range.from;
    o.to = m_range.to;
    o.columns = m_chart->plotColumns();
    o.gapMs = gapFor(std::max<qint64>(m_step(), 1000));
    o.seam = m_seam();
    o.liveGapMs = gapFor(1000);
    const quint64 epoch = m_epoch();
    // Only what is new is read and reduced; an axis's unit follows the largest value on it.
    double axisMax[2] = {0, 0};
    Quantity axisQuantity[2] = {Quantity::Bits, Quantity::Packets};
    bool axisUsed[2] = {false, false};
    for (size_t i = 0; i < m_series.size(); ++i) {
        const SeriesInfo& s = m_series[i];
        auto source = [this, i](qint64 from, qint64 to, std::vector<SeriesPoint>* out) {
            collectSeries(i, from, to, out);
        };
        ColumnCache::Options main = o;
        main.extremes = s.kind != ChartSeriesStyle::Kind::Band;
        m_main[i].update(main, epoch, source);
        if (s.kind == ChartSeriesStyle::Kind::Band) {
            ColumnCache::Options upper = main;
            upper.lowFromMax = true;
            m_upper[i].update(upper, epoch, source);
        }
        if (s.onlyWhenNonZero && !m_userHidden[i]) {
            const bool any = m_main[i].anyNonZero();
            if (any != m_shown[i]) {
                m_shown[i] = any;
                m_chart->setSeriesVisible(m_chartSeries[i], any);
                m_legend->setRowHidden(static_cast<int>(i), !any);
            }
        }
        if (!m_shown[i] || s.kind == ChartSeriesStyle::Kind::Markers) continue;
        axisUsed[s.axis] = true;
        axisQuantity[s.axis] = s.quantity;
        const double high =
            s.kind == ChartSeriesStyle::Kind::Band ? m_upper[i].highest() : m_main[i].highest();
        axisMax[s.axis] = std::max(axisMax[s.axis], high);
    }
    std::vector<Unit> units(2);
    for (int a = 0; a < 2; ++a) {
        units[static_cast<size_t>(a)] = unitFor(axisQuantity[a], axisMax[a]);
        double top = niceCeiling(axisMax[a] * units[static_cast<size_t>(a)].factor * 1.05);
        m_chart->setAxis(a, top, units[static_cast<size_t>(a)].name, axisUsed[a] || a == 0);
    }
    m_units = units;
    // Markers (loss) ride on the first line of the chart: the median.
    const ColumnCache* carrier = nullptr;
    for (size_t i = 0; i < m_series.size(); ++i) {
        if (m_series[i].kind == ChartSeriesStyle::Kind::Line) {
            carrier = &m_main[i];
            break;
        }
    }
    for (size_t i = 0; i < m_series.size(); ++i) {
        const SeriesInfo& s = m_series[i];
        const double scale = units[static_cast<size_t>(s.axis)].factor;
        const int ci = m_chartSeries[i];
        if (!m_shown[i]) continue;
        if (s.kind == ChartSeriesStyle::Kind::Band) {
            m_chart->setBand(ci, m_main[i].segments(scale), m_upper[i].segments(scale));
        } else if (s.kind == ChartSeriesStyle::Kind::Markers) {
            // A mark where a column lost probes, at the height of the line there.
            QVector<QPointF> marks;
            const Segments lost = m_main[i].segments(1);
            const Segments line = carrier ? carrier->segments(units[0].factor) : Segments{};
            for (const auto& seg : lost) {
                for (const auto& p : seg) {
                    if (p.y() <= 0) continue;
                    double y = 0, best = -1;
                    for (const auto& ls : line) {
                        for (const auto& q : ls) {
                            double dist = std::abs(q.x() - p.x());
                            if (best < 0 || dist < best) {
                                best = dist;
                                y = q.y();
                            }
                        }
                    }
                    marks.push_back({p.x(), y});
                }
            }
            m_chart->setMarkers(ci, marks);
        } else {
            m_chart->setSegments(ci, m_main[i].segments(scale));
        }
    }
    updateLegend(units);
}

void ChartPanel::updateLegend(const std::vector<Unit>& units) {
    auto text = [](double v, const Unit& u) {
        if (std::isnan(v)) return QStringLiteral("–");
        double s = v * u.factor;
        return QString::number(s, 'f',
                               std::abs(s) >= 100  ? 0
                               : std::abs(s) >= 10 ? 1
                                                   : 2) +
               QLatin1Char(' ') + u.name;
    };
    const QString none = QStringLiteral("–");
    for (size_t i = 0; i < m_series.size(); ++i) {
        if (m_legend->isRowHidden(static_cast<int>(i))) continue;
        const SeriesStats st = m_main[i].stats();
        // Markers are not on an axis of their own: their unit is their own.
        const Unit u = m_series[i].kind == ChartSeriesStyle::Kind::Markers
                           ? unitFor(m_series[i].quantity, st.max)
                           : units[static_cast<size_t>(m_series[i].axis)];
        QStringList cells;
        if (m_series[i].kind == ChartSeriesStyle::Kind::Band) {
            // The band's edges now (p90 – p99), its lowest lower edge and highest upper edge.
            const SeriesStats up = m_upper[i].stats();
            cells = {st.any ? text(st.last, u) + QStringLiteral(" – ") + text(up.last, u) : none,
                     st.any ? text(st.min, u) : none, up.any ? text(up.max, u) : none, QString()};
        } else {
            cells = {st.any ? text(st.last, u) : none, st.any ? text(st.min, u) : none,
                     st.any ? text(st.max, u) : none, st.any ? text(st.mean, u) : none};
        }
        m_legend->setCells(static_cast<int>(i), cells);
    }
}

QString ChartPanel::tooltip(qint64 t) const {
    const qint64 tolerance = std::max<qint64>(
        historyStep(), (m_range.to - m_range.from) / std::max(1, m_chart->plotColumns()) * 3);
    QStringList lines;
    qint64 at = -1;
    for (size_t i = 0; i < m_series.size(); ++i) {
        if (!m_shown[i]) continue;
        const SeriesPoint* p = nearest(points(static_cast<int>(i)), t, tolerance);
        if (!p) continue;
        at = p->t;
        const SeriesInfo& s = m_series[i];
        QString line;
        if (s.kind == ChartSeriesStyle::Kind::Band) {
            line =
                QStringLiteral("%1: %2 – %3")
                    .arg(s.name, formatValue(s.quantity, p->min), formatValue(s.quantity, p->max));
        } else if (p->max != p->avg || p->min != p->avg) {
            //: A series under the mouse: name, average, and the extremes of its bucket
            line = tr("%1: %2 (min %3, max %4)")
                       .arg(s.name, formatValue(s.quantity, p->avg),
                            formatValue(s.quantity, p->min), formatValue(s.quantity, p->max));
        } else {
            line = QStringLiteral("%1: %2").arg(s.name, formatValue(s.quantity, p->avg));
        }
        lines << line;
    }
    if (lines.isEmpty()) return {};
    lines.prepend(
        QDateTime::fromMSecsSinceEpoch(at).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")));
    return lines.join(QLatin1Char('\n'));
}

bool ChartPanel::exportCsv(const QString& path, QString* error) {
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate | QIODevice::Text)) {
        if (error) *error = tr("cannot write %1: %2").arg(path, f.errorString());
        return false;
    }
    QTextStream out(&f);
    // Base units in the header; one row per time any shown series has a point.
    QStringList header{QStringLiteral("unix_ms"), QStringLiteral("time")};
    std::vector<size_t> columns;
    std::map<qint64, std::map<size_t, QString>> rows;
    for (size_t i = 0; i < m_series.size(); ++i) {
        if (!m_shown[i]) continue;
        const SeriesInfo& s = m_series[i];
        QString unit = unitName(s.quantity);
        if (s.kind == ChartSeriesStyle::Kind::Band) {
            header << QStringLiteral("%1 lower (%2)").arg(s.name, unit)
                   << QStringLiteral("%1 upper (%2)").arg(s.name, unit);
        } else {
            header << QStringLiteral("%1 (%2)").arg(s.name, unit)
                   << QStringLiteral("%1 max (%2)").arg(s.name, unit);
        }
        columns.push_back(i);
        for (const auto& p : points(static_cast<int>(i))) {
            auto& row = rows[p.t];
            if (s.kind == ChartSeriesStyle::Kind::Band) {
                row[i] = QString::number(p.min, 'g', 10) + QLatin1Char(',') +
                         QString::number(p.max, 'g', 10);
            } else {
                row[i] = (std::isnan(p.avg) ? QString() : QString::number(p.avg, 'g', 10)) +
                         QLatin1Char(',') +
                         (std::isnan(p.max) ? QString() : QString::number(p.max, 'g', 10));
            }
        }
    }
    out << header.join(QLatin1Char(',')) << '\n';
    for (const auto& [t, values] : rows) {
        QStringList cells{QString::number(t),
                          QDateTime::fromMSecsSinceEpoch(t).toString(Qt::ISODateWithMs)};
        for (size_t i : columns) {
            auto it = values.find(i);
            cells << (it == values.end() ? QStringLiteral(",") : it->second);
        }
        out << cells.join(QLatin1Char(',')) << '\n';
    }
    out.flush();
    if (f.error() != QFile::NoError) {
        if (error) *error = tr("cannot write %1: %2").arg(path, f.errorString());
        return false;
    }
    return true;
}

// ---------------------------------------------------------------- ThroughputPanel

namespace {
StatsKey statsKeyOf(const PanelSpec& s) {
    if (s.target == TargetKind::Host) return {TargetKind::Host, s.hostId, s.hostId};
    if (s.target == TargetKind::Network) return {TargetKind::Network, s.id, s.hostId};
    return {TargetKind::Endpoint, s.id, s.hostId};
}
}  // namespace

ThroughputPanel::ThroughputPanel(const PanelSpec& spec, TelemetryStore& store,
                                 TelemetryClient* client, QWidget* parent)
    : ChartPanel(spec, store, client, parent), m_buffer(store.watch(statsKeyOf(spec))) {
    bindSource(m_buffer.get());
    m_fetch = [this](const ViewRange& r, quint32 maxPoints) {
        if (!m_client) return historyArrived(QString());
        StatsQuery q;
        q.kind = m_spec.target;
        q.fromMs = r.from;
        q.toMs = r.to;
        q.maxPoints = maxPoints;
        if (m_spec.target == TargetKind::Host) {
            q.target = m_spec.hostName;
            q.allHosts = m_spec.hostId.isEmpty();
        } else {
            q.target = m_spec.id;
            q.host = m_spec.target == TargetKind::Network ? m_spec.hostName : QString();
            q.allHosts = m_spec.target == TargetKind::Network && m_spec.hostId.isEmpty();
        }
        int generation = ++m_generation;
        m_client->queryStats(q, this, [this, generation](const StatsHistory& h) {
            if (generation != m_generation) return;  // a newer range was asked for
            std::vector<StatsBuffer::Bucket> points;
            points.reserve(static_cast<size_t>(h.points.size()));
            for (const auto& p : h.points) {
                StatsBuffer::Bucket b;
                b.t = p.unixMs;
                for (int m = 0; m < kMetrics; ++m) {
                    b.avg[m] = static_cast<float>(p.avg[m]);
                    b.max[m] = static_cast<float>(p.max[m]);
                    b.min[m] = static_cast<float>(p.min[m]);
                }
                points.push_back(b);
            }
            if (h.error.isEmpty()) m_buffer->setHistory(std::move(points), h.stepMs);
            historyArrived(h.error);
        });
    };
    const QColor rx(31, 119, 180), tx(214, 98, 36);
    addSeries({tr("in"), RxBytes, -1, Quantity::Bits, 8, ChartSeriesStyle::Kind::Line, rx});
    addSeries({tr("out"), TxBytes, -1, Quantity::Bits, 8, ChartSeriesStyle::Kind::Line, tx});
    addSeries({tr("packets in"), RxPackets, -1, Quantity::Packets, 1, ChartSeriesStyle::Kind::Line,
               rx.lighter(140), true, 1});
    addSeries({tr("packets out"), TxPackets, -1, Quantity::Packets, 1, ChartSeriesStyle::Kind::Line,
               tx.lighter(140), true, 1});
    const QColor bad(200, 30, 30), drop(150, 60, 160);
    addSeries({tr("errors in"), RxErrors, -1, Quantity::Packets, 1, ChartSeriesStyle::Kind::Line,
               bad, false, 1, true});
    addSeries({tr("errors out"), TxErrors, -1, Quantity::Packets, 1, ChartSeriesStyle::Kind::Line,
               bad.lighter(130), true, 1, true});
    addSeries({tr("drops in"), RxDrops, -1, Quantity::Packets, 1, ChartSeriesStyle::Kind::Line,
               drop, false, 1, true});
    addSeries({tr("drops out"), TxDrops, -1, Quantity::Packets, 1, ChartSeriesStyle::Kind::Line,
               drop.lighter(130), true, 1, true});
}

// ---------------------------------------------------------------- LatencyPanel

LatencyPanel::LatencyPanel(const PanelSpec& spec, TelemetryStore& store, TelemetryClient* client,
                           QWidget* parent)
    : ChartPanel(spec, store, client, parent),
      m_buffer(store.watch(LatencyKey{spec.hostId, spec.networkId, spec.toId})) {
    bindSource(m_buffer.get());
    m_fetch = [this](const ViewRange& r, quint32 maxPoints) {
        if (!m_client) return historyArrived(QString());
        LatencyQuery q{m_spec.networkName, m_spec.hostName, m_spec.toName, r.from, r.to, maxPoints};
        int generation = ++m_generation;
        m_client->queryLatency(q, this, [this, generation](const LatencyHistory& h) {
            if (generation != m_generation) return;
            constexpr float nan = std::numeric_limits<float>::quiet_NaN();
            std::vector<LatencyBuffer::Bucket> points;
            for (const auto& p : h.points) {
                LatencyBuffer::Bucket b;
                b.t = p.unixMs;
                auto f = [&](double v) { return p.answered ? static_cast<float>(v) : nan; };
                b.avg = {f(p.rttMs), f(p.p50Ms), f(p.p90Ms), f(p.p99Ms),
                         static_cast<float>(p.loss)};
                b.min = {f(p.minRttMs), f(p.p50Ms), f(p.p90Ms), f(p.p99Ms),
                         static_cast<float>(p.loss)};
                b.max = {f(p.maxRttMs), f(p.p50Ms), f(p.p90Ms), f(p.p99Ms),
                         static_cast<float>(p.maxLoss)};
                points.push_back(b);
            }
            if (h.error.isEmpty()) m_buffer->setHistory(std::move(points), h.stepMs);
            historyArrived(h.error);
        });
    };
    const QColor median(44, 123, 182);
    addSeries({tr("p90–p99"), LatP90, LatP99, Quantity::Millis, 1, ChartSeriesStyle::Kind::Band,
               median.lighter(150)});
    addSeries(
        {tr("median"), LatP50, -1, Quantity::Millis, 1, ChartSeriesStyle::Kind::Line, median});
    // Marks on the median's line (axis 0), in the legend as a share of probes.
    addSeries({tr("loss"), LatLoss, -1, Quantity::Percent, 1, ChartSeriesStyle::Kind::Markers,
               QColor(215, 25, 28), false, 0});
}

}  // namespace loom::ui
