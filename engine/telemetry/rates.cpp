#include "engine/telemetry/rates.h"

namespace loom::engine::telemetry {

std::optional<Rates> RateTracker::update(uint64_t key, const netlink::LinkCounters& c,
                                         Clock::time_point at) {
    auto it = m_last.find(key);
    if (it == m_last.end()) {
        m_last[key] = {c, at};
        return std::nullopt;
    }
    const netlink::LinkCounters& p = it->second.counters;
    double seconds = std::chrono::duration<double>(at - it->second.at).count();
    bool reset = c.ifindex != p.ifindex || c.rxBytes < p.rxBytes || c.txBytes < p.txBytes ||
                 c.rxPackets < p.rxPackets || c.txPackets < p.txPackets ||
                 c.rxErrors < p.rxErrors || c.txErrors < p.txErrors || c.rxDropped < p.rxDropped ||
                 c.txDropped < p.txDropped;
    if (reset || seconds <= 0) {
        it->second = {c, at};
        return std::nullopt;
    }
    auto rate = [&](uint64_t now, uint64_t before) {
        return static_cast<double>(now - before) / seconds;
    };
    Rates r{rate(c.rxBytes, p.rxBytes),     rate(c.txBytes, p.txBytes),
            rate(c.rxPackets, p.rxPackets), rate(c.txPackets, p.txPackets),
            rate(c.rxErrors, p.rxErrors),   rate(c.txErrors, p.txErrors),
            rate(c.rxDropped, p.rxDropped), rate(c.txDropped, p.txDropped)};
    it->second = {c, at};
    return r;
}

void RateTracker::prune(Clock::time_point before) {
    for (auto it = m_last.begin(); it != m_last.end();) {
        it = it->second.at < before ? m_last.erase(it) : std::next(it);
    }
}

}  // namespace loom::engine::telemetry
