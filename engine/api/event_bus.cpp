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

void publishClusterChange(EventBus& bus, const cluster::ClusterView::Change& change) {
    auto send = [&](v1::Event::Kind kind, const std::string& message, auto fill) {
        v1::Event e = makeEvent(kind, message);
        e.set_remote(true);
        fill(e);
        bus.publish(e);
    };
    for (const auto& h : change.hostsJoined) {
        send(v1::Event::KIND_CREATED, "joined the cluster",
             [&](v1::Event& e) { *e.mutable_host() = h; });
    }
    for (const auto& h : change.hostsChanged) {
        send(v1::Event::KIND_CHANGED, h.alive() ? "back" : "down: its lease expired",
             [&](v1::Event& e) { *e.mutable_host() = h; });
    }
    for (const auto& ep : change.remoteEndpointsPut) {
        send(v1::Event::KIND_CREATED, "on " + ep.host_name(), [&](v1::Event& e) {
            *e.mutable_endpoint() = ep;
            e.mutable_endpoint()->set_state(v1::OBJECT_STATE_READY);  // published: its host has it
        });
    }
    for (const auto& ep : change.remoteEndpointsDeleted) {
        send(v1::Event::KIND_DELETED, "on " + ep.host_name(),
             [&](v1::Event& e) { *e.mutable_endpoint() = ep; });
    }
}

}  // namespace loom::engine::api
