#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>

namespace loom::engine::telemetry {

// The newest message of a producer (the sampler, the prober) and whoever wants the next ones.
// Listeners run on the producer's thread and must not block: stream writers only swap a
// pointer and maybe start a write.
template <typename Message>
class Hub {
public:
    using Ptr = std::shared_ptr<const Message>;
    using Listener = std::function<void(const Ptr&)>;

    uint64_t subscribe(Listener listener) {
        std::lock_guard lock(m_mutex);
        m_listeners[m_next] = std::move(listener);
        return m_next++;
    }
    void unsubscribe(uint64_t token) {
        std::lock_guard lock(m_mutex);
        m_listeners.erase(token);
    }
    void publish(Ptr message) {
        std::lock_guard lock(m_mutex);
        m_latest = message;
        for (auto& [token, listener] : m_listeners) listener(message);
    }
    Ptr latest() const {
        std::lock_guard lock(m_mutex);
        return m_latest;
    }

private:
    mutable std::mutex m_mutex;
    Ptr m_latest;
    uint64_t m_next = 1;
    std::map<uint64_t, Listener> m_listeners;
};

}  // namespace loom::engine::telemetry
