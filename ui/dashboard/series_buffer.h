#pragma once

#include <QtGlobal>

#include <array>
#include <cmath>
#include <deque>
#include <limits>
#include <vector>

// What the Monitor keeps of one source (a target's rates, or a pair's latency): the engine's
// history for the range shown, and the live points that came after it, joined with no gap and
// no point twice. Bounded: live points beyond the capacity are folded into the history at its
// step, and history older than the range shown is let go. No Qt Charts, no widgets: the
// reduction to what a chart draws is in series_reduce.h.
namespace loom::ui {

// One value of a series: the average over its bucket and the extremes inside it (all three the
// same for a single sample). NaN avg: no value (an unanswered probe).
struct SeriesPoint {
    qint64 t = 0;
    double avg = 0, min = 0, max = 0;
};

template <int N>
class SourceBuffer {
public:
    using Values = std::array<float, N>;
    struct Bucket {
        qint64 t = 0;
        Values avg{}, min{}, max{};
    };

    explicit SourceBuffer(size_t liveCapacity = 3600) : m_capacity(liveCapacity) {}

    // A live sample. One at the same time as the newest replaces it (a sum over hosts completes
    // as their samples arrive); one older than the newest is ignored.
    void addLive(qint64 t, const Values& v) {
        if (!m_live.empty() && t <= m_live.back().t) {
            if (t == m_live.back().t) m_live.back().v = v;
            return;
        }
        m_live.push_back({t, v});
        while (m_live.size() > m_capacity) {
            foldIntoHistory(m_live.front());
            m_live.pop_front();
        }
        ++m_version;
    }

    // The engine's answer for a range, bucketed at `stepMs` (1: samples). Replaces what was
    // there; the live points keep what came after the answer's buckets.
    void setHistory(std::vector<Bucket> points, qint64 stepMs) {
        m_history = std::move(points);
        m_step = stepMs < 1 ? 1 : stepMs;
        ++m_version;
        ++m_epoch;
    }
    // Lets go of everything before `t` (the start of the range shown, with a margin).
    void trimBefore(qint64 t) {
        size_t h = 0;
        while (h < m_history.size() && m_history[h].t < t) ++h;
        if (h) m_history.erase(m_history.begin(), m_history.begin() + static_cast<long>(h));
        size_t l = 0;
        while (!m_live.empty() && m_live.front().t < t) {
            m_live.pop_front();
            ++l;
        }
        if (h || l) {
            ++m_version;
            ++m_epoch;
        }
    }
    // The oldest time held (the history's first, or the live ring's).
    qint64 oldest() const {
        if (!m_history.empty()) return m_history.front().t;
        return m_live.empty() ? std::numeric_limits<qint64>::max() : m_live.front().t;
    }

    qint64 liveStart() const {
        return m_live.empty() ? std::numeric_limits<qint64>::max() : m_live.front().t;
    }
    qint64 newest() const {
        if (!m_live.empty()) return m_live.back().t;
        return m_history.empty() ? 0 : m_history.back().t;
    }
    bool empty() const { return m_live.empty() && m_history.empty(); }
    size_t liveCount() const { return m_live.size(); }
    size_t historyCount() const { return m_history.size(); }
    qint64 historyStep() const { return m_step; }
    // Changes whenever the points change: a chart redraws only then (or when its range moves).
    quint64 version() const { return m_version; }
    // Changes only when points already shown may have changed (history arrived or was let go);
    // new live points alone leave it: a chart then reduces only what is new.
    quint64 epoch() const { return m_epoch; }
    // Bytes held, for the benchmark's memory column.
    size_t bytes() const {
        return m_live.size() * sizeof(Live) + m_history.capacity() * sizeof(Bucket);
    }

    // The joined points of column `c` with t in [from, to], ascending, each time once: history
    // buckets that start before the first live point, then the live points.
    void collect(int c, qint64 from, qint64 to, std::vector<SeriesPoint>* out) const {
        out->clear();
        const qint64 seam = liveStart();
        for (const auto& b : m_history) {
            if (b.t >= seam) break;
            if (b.t + m_step <= from || b.t > to) continue;
            out->push_back({b.t, b.avg[c], b.min[c], b.max[c]});
        }
        for (const auto& l : m_live) {
            if (l.t < from) continue;
            if (l.t > to) break;
            out->push_back({l.t, l.v[c], l.v[c], l.v[c]});
        }
    }
    // The newest value of column `c` (NaN when there is none).
    double last(int c) const {
        if (!m_live.empty()) return m_live.back().v[c];
        if (!m_history.empty()) return m_history.back().avg[c];
        return std::numeric_limits<double>::quiet_NaN();
    }

private:
    struct Live {
        qint64 t;
        Values v;
    };
    // A live point leaving the ring joins the history at the history's step, so a long-running
    // 24-hour view has no hole where the ring ended.
    void foldIntoHistory(const Live& l) {
        qint64 t = l.t - l.t % m_step;
        if (m_history.empty() || m_history.back().t < t) {
            m_history.push_back({t, l.v, l.v, l.v});
            m_count = 1;
            return;
        }
        if (m_history.back().t != t) return;  // older than what history holds: nothing to add
        Bucket& b = m_history.back();
        ++m_count;
        for (int c = 0; c < N; ++c) {
            float v = l.v[c];
            if (std::isnan(v)) continue;
            if (std::isnan(b.avg[c])) {
                b.avg[c] = b.min[c] = b.max[c] = v;
                continue;
            }
            b.avg[c] += (v - b.avg[c]) / static_cast<float>(m_count);
            b.min[c] = std::min(b.min[c], v);
            b.max[c] = std::max(b.max[c], v);
        }
    }

    size_t m_capacity;
    std::deque<Live> m_live;
    std::vector<Bucket> m_history;
    qint64 m_step = 1;
    int m_count = 0;  // live points folded into the newest history bucket
    quint64 m_version = 0;
    quint64 m_epoch = 0;
};

}  // namespace loom::ui
