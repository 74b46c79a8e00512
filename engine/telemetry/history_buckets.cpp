#include "engine/telemetry/history_buckets.h"

#include <cmath>
#include <limits>

namespace loom::engine::telemetry {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

int64_t floorTo(int64_t t, int64_t step) {
    int64_t q = t / step;
    if (t % step != 0 && t < 0) --q;
    return q * step;
}
}  // namespace

BucketReducer::BucketReducer(size_t metrics, int64_t stepMs)
    : m_metrics(metrics), m_step(stepMs < 1 ? 1 : stepMs) {}

void BucketReducer::add(int64_t unixMs, const float* avg, const float* max) {
    auto [it, fresh] = m_buckets.try_emplace(floorTo(unixMs, m_step));
    Acc& a = it->second;
    if (fresh) {
        a.sum.assign(m_metrics, 0.0);
        a.max.assign(m_metrics, -std::numeric_limits<double>::infinity());
        a.min.assign(m_metrics, std::numeric_limits<double>::infinity());
        a.n.assign(m_metrics, 0);
    }
    for (size_t m = 0; m < m_metrics; ++m) {
        double v = avg[m];
        if (std::isnan(v)) continue;
        double peak = std::isnan(max[m]) ? v : static_cast<double>(max[m]);
        a.sum[m] += v;
        if (peak > a.max[m]) a.max[m] = peak;
        if (v < a.min[m]) a.min[m] = v;
        ++a.n[m];
    }
}

std::vector<Bucket> BucketReducer::take() {
    std::vector<Bucket> out;
    out.reserve(m_buckets.size());
    for (auto& [t, a] : m_buckets) {
        Bucket b;
        b.unixMs = t;
        b.avg.resize(m_metrics);
        b.max.resize(m_metrics);
        b.min.resize(m_metrics);
        b.count = a.n;
        for (size_t m = 0; m < m_metrics; ++m) {
            bool any = a.n[m] > 0;
            b.avg[m] = any ? a.sum[m] / a.n[m] : kNaN;
            b.max[m] = any ? a.max[m] : kNaN;
            b.min[m] = any ? a.min[m] : kNaN;
        }
        out.push_back(std::move(b));
    }
    m_buckets.clear();
    return out;
}

int64_t chooseStep(int64_t fromMs, int64_t toMs, int64_t tierStepMs, int64_t requestedMs,
                   uint32_t maxPoints) {
    // Samples are bucketed by the millisecond unless asked otherwise; reductions of samples go
    // by whole seconds, so buckets line up with the console's live points.
    int64_t unit = tierStepMs > 0 ? tierStepMs : 1;
    int64_t step = requestedMs > unit ? requestedMs : unit;
    if (step % unit != 0) step = (step / unit + 1) * unit;
    if (maxPoints == 0 || toMs < fromMs) return step;
    auto buckets = [&](int64_t w) { return floorTo(toMs, w) / w - floorTo(fromMs, w) / w + 1; };
    if (buckets(step) <= maxPoints) return step;
    int64_t grain = tierStepMs > 0 ? tierStepMs : 1000;
    int64_t w = (toMs - fromMs) / (maxPoints > 1 ? maxPoints - 1 : 1);
    w = (w / grain + 1) * grain;
    if (w < step) w = step;
    while (buckets(w) > maxPoints) w += grain;
    return w;
}

}  // namespace loom::engine::telemetry
