#pragma once

#include <QtGlobal>

#include <deque>
#include <functional>
#include <limits>
#include <vector>

#include "ui/dashboard/series_reduce.h"

// A series reduced to the plot's pixel columns, kept from one refresh to the next. Columns are
// whole multiples of their width in absolute time, so when a live window slides, the columns it
// keeps are already reduced: a refresh reads only the points of the newest column onwards (a
// sample or two, not the hour), drops the columns that left on the left, and emits at most two
// points per column, split where data is missing. Pure: no Qt Charts.
namespace loom::ui {

class ColumnCache {
public:
    // Streams the points with t in [from, to] into `out`, ascending.
    using Source = std::function<void(qint64 from, qint64 to, std::vector<SeriesPoint>* out)>;

    struct Options {
        qint64 from = 0, to = 0;
        int columns = 500;
        qint64 gapMs = 3500;  // history points further apart are not joined
        qint64 seam = std::numeric_limits<qint64>::max();  // live points from here on
        qint64 liveGapMs = 3500;
        bool extremes = true;     // false: each column by its averages only (a band's edge)
        bool lowFromMax = false;  // the column's value is the points' max (a band's upper edge)
    };

    // Brings the columns up to date. `dataEpoch` changes when older points changed (history
    // arrived, or was trimmed): then everything is reduced again; otherwise only the tail.
    void update(const Options& o, quint64 dataEpoch, const Source& source);
    // The columns as lines, values multiplied by `scale`.
    Segments segments(double scale) const;

    // Over the columns in range: lowest, highest, mean of the averages, newest.
    SeriesStats stats() const;
    bool anyNonZero() const;
    double highest() const;
    // Points read from the source by the last update (a measure of the work done).
    size_t lastRead() const { return m_lastRead; }

private:
    struct Column {
        qint64 index = 0;
        SeriesPoint first, lo, hi, last;  // in time order: first ... last
        double sum = 0;
        int count = 0;
        bool breakAfter = false;  // a gap or a missing value ends the line here
    };
    void rebuildFrom(qint64 t, const Options& o, const Source& source);
    void add(const SeriesPoint& p, const Options& o);

    std::deque<Column> m_columns;
    qint64 m_width = 0;
    int m_count = 0;
    quint64 m_epoch = ~quint64{0};
    bool m_extremes = true, m_lowFromMax = false;
    qint64 m_lastT = std::numeric_limits<qint64>::min();
    bool m_broken = true;  // the next point starts a new line
    size_t m_lastRead = 0;
    std::vector<SeriesPoint> m_scratch;
};

}  // namespace loom::ui
