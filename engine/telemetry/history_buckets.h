#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <vector>

// Reducing a series to the buckets a query asks for: each bucket keeps the average, the
// maximum and the minimum of what fell into it, so a short burst survives any reduction.
// Pure: no SQLite, no clock.
namespace loom::engine::telemetry {

struct Bucket {
    int64_t unixMs = 0;                 // start of the bucket
    std::vector<double> avg, max, min;  // per metric; NaN where nothing fell in
    std::vector<uint32_t> count;        // values per metric
};

class BucketReducer {
public:
    BucketReducer(size_t metrics, int64_t stepMs);
    // One value per metric at `unixMs`: the average of what it stands for and its maximum (the
    // same for a single sample; a rollup bucket's own average and peak). NaN means "no value"
    // (an unanswered probe) and is skipped.
    void add(int64_t unixMs, const float* avg, const float* max);
    std::vector<Bucket> take();
    int64_t step() const { return m_step; }

private:
    struct Acc {
        std::vector<double> sum, max, min;
        std::vector<uint32_t> n;
    };
    size_t m_metrics;
    int64_t m_step;
    std::map<int64_t, Acc> m_buckets;
};

// The bucket width of a query over [fromMs, toMs]: at least `requestedMs` and the tier's own
// step (0 for samples: each its own point), a whole multiple of that step, and wide enough that
// no more than `maxPoints` buckets cover the range (0: no limit).
int64_t chooseStep(int64_t fromMs, int64_t toMs, int64_t tierStepMs, int64_t requestedMs,
                   uint32_t maxPoints);

}  // namespace loom::engine::telemetry
