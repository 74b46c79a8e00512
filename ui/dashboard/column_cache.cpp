#include "ui/dashboard/column_cache.h"

#include <algorithm>
#include <cmath>

namespace loom::ui {

namespace {
constexpr qint64 kNone = std::numeric_limits<qint64>::min();

qint64 floorDiv(qint64 t, qint64 w) {
    qint64 q = t / w;
    if (t % w != 0 && t < 0) --q;
    return q;
}
}  // namespace

void ColumnCache::update(const Options& o, quint64 dataEpoch, const Source& source) {
    m_lastRead = 0;
    if (o.to <= o.from || o.columns < 1) {
        m_columns.clear();
        return;
    }
    const qint64 width = std::max<qint64>(1, (o.to - o.from + o.columns - 1) / o.columns);
    const qint64 first = floorDiv(o.from, width), last = floorDiv(o.to, width);
    const bool full = dataEpoch != m_epoch || width != m_width || o.extremes != m_extremes ||
                      o.lowFromMax != m_lowFromMax || m_columns.empty() ||
                      m_columns.front().index > first || m_columns.back().index > last;
    m_epoch = dataEpoch;
    m_width = width;
    m_extremes = o.extremes;
    m_lowFromMax = o.lowFromMax;
    if (full) {
        m_columns.clear();
        m_lastT = kNone;
        m_broken = true;
        rebuildFrom(o.from, o, source);
        return;
    }
    // The window slid: columns that left go, the newest (maybe partial) column is read again
    // with whatever came after it.
    while (!m_columns.empty() && m_columns.front().index < first) m_columns.pop_front();
    qint64 tail = o.from;
    if (!m_columns.empty()) {
        const qint64 index = m_columns.back().index;
        while (!m_columns.empty() && m_columns.back().index == index) m_columns.pop_back();
        tail = std::max(o.from, index * width);
    }
    if (m_columns.empty()) {
        m_lastT = kNone;
        m_broken = true;
    } else {
        m_lastT = m_columns.back().last.t;
        m_broken = m_columns.back().breakAfter;
    }
    rebuildFrom(tail, o, source);
}

void ColumnCache::rebuildFrom(qint64 t, const Options& o, const Source& source) {
    m_scratch.clear();
    source(t, o.to, &m_scratch);
    m_lastRead = m_scratch.size();
    for (const auto& p : m_scratch) add(p, o);
}

void ColumnCache::add(const SeriesPoint& p, const Options& o) {
    if (std::isnan(p.avg)) {
        // No value (nothing answered): the line ends at the last one.
        if (!m_columns.empty()) m_columns.back().breakAfter = true;
        m_broken = true;
        return;
    }
    if (m_lastT != kNone && !m_columns.empty()) {
        const qint64 gap = p.t > o.seam && m_lastT >= o.seam ? o.liveGapMs : o.gapMs;
        if (p.t - m_lastT > gap) {
            m_columns.back().breakAfter = true;
            m_broken = true;
        }
    }
    const double value = o.extremes ? p.avg : (o.lowFromMax ? p.max : p.avg);
    const SeriesPoint lo{p.t, value, value, value};
    const double low = o.extremes ? p.min : value, high = o.extremes ? p.max : value;
    const qint64 index = floorDiv(p.t, m_width);
    if (m_broken || m_columns.empty() || m_columns.back().index != index) {
        Column c;
        c.index = index;
        c.first = c.last = lo;
        c.lo = {p.t, low, p.min, p.max};
        c.hi = {p.t, high, p.min, p.max};
        c.sum = p.avg;
        c.count = 1;
        m_columns.push_back(c);
    } else {
        Column& c = m_columns.back();
        if (low < c.lo.avg) c.lo = {p.t, low, p.min, p.max};
        if (high > c.hi.avg) c.hi = {p.t, high, p.min, p.max};
        // The extremes of the raw values, for the legend, whatever the column draws.
        c.lo.min = std::min(c.lo.min, p.min);
        c.hi.max = std::max(c.hi.max, p.max);
        c.last = lo;
        c.sum += p.avg;
        ++c.count;
    }
    m_lastT = p.t;
    m_broken = false;
}

Segments ColumnCache::segments(double scale) const {
    Segments out;
    QVector<QPointF>* segment = nullptr;
    for (const auto& c : m_columns) {
        if (!segment) {
            out.push_back({});
            segment = &out.back();
        }
        const QPointF lo(static_cast<double>(c.lo.t), c.lo.avg * scale);
        const QPointF hi(static_cast<double>(c.hi.t), c.hi.avg * scale);
        // A single point can be a bucket with a spread of its own: its low and its peak both
        // show (a spike), so a burst in a week-long view is still drawn.
        if (lo == hi) {
            segment->push_back(lo);
        } else if (c.lo.t <= c.hi.t) {
            segment->push_back(lo);
            segment->push_back(hi);
        } else {
            segment->push_back(hi);
            segment->push_back(lo);
        }
        if (c.breakAfter) segment = nullptr;
    }
    return out;
}

SeriesStats ColumnCache::stats() const {
    SeriesStats s;
    double sum = 0;
    int n = 0;
    for (const auto& c : m_columns) {
        if (!s.any) {
            s.min = c.lo.min;
            s.max = c.hi.max;
            s.any = true;
        }
        s.min = std::min(s.min, c.lo.min);
        s.max = std::max(s.max, c.hi.max);
        sum += c.sum;
        n += c.count;
        s.last = c.last.avg;
    }
    if (n) s.mean = sum / n;
    return s;
}

bool ColumnCache::anyNonZero() const {
    for (const auto& c : m_columns) {
        if (c.hi.max != 0 || c.lo.min != 0) return true;
    }
    return false;
}

double ColumnCache::highest() const {
    double h = 0;
    for (const auto& c : m_columns) h = std::max(h, std::max(c.hi.max, c.hi.avg));
    return h;
}

}  // namespace loom::ui
