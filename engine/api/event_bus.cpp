#include "engine/api/event_bus.h"

#include <chrono>

namespace loom::engine::api {

uint64_t EventBus::subscribe(Subscriber subscriber) {
    std::lock_guard lock(m_mutex);
    m_subscribers[m_next] = std::move(subscriber);
    return m_next++;
}

void EventBus::unsubscribe(uint64_t token) {
    std::lock_guard lock(m_mutex);
    m_subscribers.erase(token);
}

void EventBus::publish(const v1::Event& event) {
    // Held across the calls so unsubscribe() waits for a delivery in progress; subscribers
    // only queue, so this is short.
    std::lock_guard lock(m_mutex);
    for (auto& [token, subscriber] : m_subscribers) subscriber(event);
}

v1::Event makeEvent(v1::Event::Kind kind, const std::string& message) {
    v1::Event e;
    e.set_kind(kind);
    e.set_message(message);
    e.set_unix_ms(std::chrono::duration_cast<std::chrono::milliseconds>(
                      std::chrono::system_clock::now().time_since_epoch())
                      .count());
    return e;
}

}  // namespace loom::engine::api
