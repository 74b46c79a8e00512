#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <mutex>

#include "engine/cluster/view.h"
#include "loom/v1/loom.pb.h"

namespace loom::engine::api {

// Fan-out of events to WatchEvents streams. publish() never blocks on a subscriber: each
// subscriber queues (and coalesces) on its own side.
class EventBus {
public:
    using Subscriber = std::function<void(const v1::Event&)>;

    uint64_t subscribe(Subscriber subscriber);
    void unsubscribe(uint64_t token);
    void publish(const v1::Event& event);

private:
    mutable std::mutex m_mutex;
    uint64_t m_next = 1;
    std::map<uint64_t, Subscriber> m_subscribers;
};

v1::Event makeEvent(v1::Event::Kind kind, const std::string& message);

// What other hosts did, as the cluster agent saw it in etcd, published as `remote` events.
void publishClusterChange(EventBus& bus, const cluster::ClusterView::Change& change);

}  // namespace loom::engine::api
