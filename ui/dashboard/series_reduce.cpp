#include "ui/dashboard/series_reduce.h"

#include <algorithm>
#include <cmath>

namespace loom::ui {

SeriesStats summarize(const std::vector<SeriesPoint>& points) {
    SeriesStats s;
    double sum = 0;
    int n = 0;
    for (const auto& p : points) {
        if (std::isnan(p.avg)) continue;
        if (!s.any) {
            s.min = p.min;
            s.max = p.max;
            s.any = true;
        }
        s.min = std::min(s.min, p.min);
        s.max = std::max(s.max, p.max);
        s.last = p.avg;
        sum += p.avg;
        ++n;
    }
    if (n) s.mean = sum / n;
    return s;
}

qint64 gapFor(qint64 stepMs) {
    // A sample a second, a missing one or two is jitter; three in a row is an outage.
    return std::max<qint64>(3500, 2 * stepMs + 500);
}

}  // namespace loom::ui
