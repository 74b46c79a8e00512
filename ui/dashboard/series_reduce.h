#pragma once

#include <QPointF>
#include <QVector>

#include <vector>

#include "ui/dashboard/series_buffer.h"

// What a chart draws (stretches of points without a gap), a legend's summary of a series, and
// when points are too far apart to be joined. The reduction itself is ColumnCache's. Pure.
namespace loom::ui {

using Segments = QVector<QVector<QPointF>>;

// Summary of what a legend shows, over the points in range: newest, lowest, highest, mean.
struct SeriesStats {
    double last = 0, min = 0, max = 0, mean = 0;
    bool any = false;
};
SeriesStats summarize(const std::vector<SeriesPoint>& points);

// The gap threshold for data at `stepMs` (samples every second, or the history's buckets).
qint64 gapFor(qint64 stepMs);

}  // namespace loom::ui
