#include "engine/api/container_janitor.h"

#include <set>

#include "engine/api/convert.h"
#include "engine/api/event_bus.h"
#include "engine/api/intents.h"
#include "engine/cluster/agent.h"
#include "engine/common/log.h"
#include "engine/netlink/netns.h"

namespace loom::engine::api {

using common::Status;

namespace {
constexpr const char* kLog = "cni";
}

ContainerJanitor::ContainerJanitor(EngineContext& ctx, std::chrono::milliseconds interval)
    : m_ctx(ctx), m_interval(interval) {}

ContainerJanitor::~ContainerJanitor() {
    stop();
}

void ContainerJanitor::start() {
    m_thread = std::thread([this] { run(); });
}

void ContainerJanitor::stop() {
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_cv.notify_all();
    if (m_thread.joinable()) m_thread.join();
}

void ContainerJanitor::run() {
    std::unique_lock lock(m_mutex);
    while (!m_stopping) {
        lock.unlock();
        sweep();
        lock.lock();
        m_cv.wait_for(lock, m_interval, [this] { return m_stopping; });
    }
}

void ContainerJanitor::sweep() {
    auto endpoints = m_ctx.store.endpoints();
    if (!endpoints) {
        LOOM_LOG(Warning, kLog) << "reading endpoints: " << endpoints.status().message();
        return;
    }
    std::vector<model::Endpoint> gone;
    for (const auto& e : *endpoints) {
        if (e.containerId.empty() || e.netnsMode != model::NetnsMode::Path) continue;
        if (!netlink::isNetns(e.netnsPath)) gone.push_back(e);
    }
    if (gone.empty()) return;
    if (!m_ctx.cluster) {
        remove(gone);
    } else if (!m_ctx.cluster->submit([this, gone] { remove(gone); })) {
        LOOM_LOG(Debug, kLog) << "the agent is stopping; " << gone.size()
                              << " container endpoint(s) left to the next start";
    }
}

void ContainerJanitor::remove(const std::vector<model::Endpoint>& candidates) {
    // Still there and still without a namespace: a DEL may have come meanwhile.
    std::vector<model::Endpoint> gone;
    std::vector<v1::Endpoint> shown;
    for (const auto& c : candidates) {
        auto now = m_ctx.store.endpoint(c.id);
        if (!now || !now->has_value() || netlink::isNetns((*now)->netnsPath)) continue;
        gone.push_back(**now);
        shown.emplace_back();
        if (!fillEndpoint(m_ctx, c.id, &shown.back()).isOk()) shown.pop_back();
    }
    if (gone.empty()) return;
    if (m_ctx.cluster) {
        if (Status s = m_ctx.cluster->unpublishEndpoints(gone); !s.isOk()) {
            LOOM_LOG(Warning, kLog) << "removing " << gone.size()
                                    << " endpoint(s) of ended containers from etcd: " << s.message()
                                    << "; tried again at the next look";
            return;
        }
    }
    Status s = m_ctx.store.transaction([&]() -> Status {
        for (const auto& e : gone) LOOM_RETURN_IF_ERROR(deleteEndpointIntent(m_ctx, e));
        return {};
    });
    if (!s.isOk()) {
        LOOM_LOG(Error, kLog) << "removing endpoints of ended containers: " << s.message();
        if (m_ctx.cluster) m_ctx.cluster->requestSweep();  // republishes the rows that stayed
        return;
    }
    std::vector<std::string> ids;
    std::set<std::string> networks;
    for (const auto& e : gone) {
        LOOM_LOG(Info, kLog) << "endpoint " << e.name << ": its container ("
                             << e.containerId.substr(0, 12) << ") ended without a DEL ("
                             << e.netnsPath << " is gone); removed";
        ids.push_back(e.id);
        networks.insert(e.networkId);
    }
    if (m_ctx.cluster) m_ctx.cluster->releaseEmptyBlocks(networks);
    EventBus* events = &m_ctx.events;
    m_ctx.reconciler.markEndpoints(ids, [events, shown](const Status&) {
        for (const auto& e : shown) {
            v1::Event ev = makeEvent(v1::Event::KIND_DELETED, "its container ended");
            *ev.mutable_endpoint() = e;
            events->publish(ev);
        }
    });
}

}  // namespace loom::engine::api
