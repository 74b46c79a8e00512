#pragma once

#include <algorithm>
#include <mutex>
#include <thread>
#include <vector>

#include "tests/cluster/cluster_fixture.h"

namespace loom::test {

// Events of one stream, collected by a thread until the stream is cancelled.
class EventFollower {
public:
    EventFollower(Lab::Host& h, bool allHosts)
        : m_stub(v1::NetworkService::NewStub(
              grpc::CreateChannel("unix:" + h.socket, grpc::InsecureChannelCredentials()))) {
        v1::WatchEventsRequest req;
        req.set_all_hosts(allHosts);
        m_reader = m_stub->WatchEvents(&m_ctx, req);
        m_reader->WaitForInitialMetadata();  // subscribed: nothing after this is missed
        m_thread = std::thread([this] {
            v1::Event e;
            while (m_reader->Read(&e)) {
                std::lock_guard lock(m_mutex);
                m_events.push_back(e);
            }
        });
    }
    ~EventFollower() {
        m_ctx.TryCancel();
        m_thread.join();
        (void)m_reader->Finish();
    }
    // "created endpoint e3 on h3", "changed host h2 down", ...
    bool has(v1::Event::Kind kind, const std::string& name, bool host = false) {
        std::lock_guard lock(m_mutex);
        for (const auto& e : m_events) {
            if (e.kind() != kind) continue;
            if (host && e.has_host() && e.host().name() == name) return true;
            if (!host && e.has_endpoint() && e.endpoint().name() == name) return true;
        }
        return false;
    }
    std::vector<v1::Event> events() {
        std::lock_guard lock(m_mutex);
        return m_events;
    }
    size_t remoteCount() {
        std::lock_guard lock(m_mutex);
        return std::count_if(m_events.begin(), m_events.end(),
                             [](const v1::Event& e) { return e.remote(); });
    }

private:
    std::unique_ptr<v1::NetworkService::Stub> m_stub;
    grpc::ClientContext m_ctx;
    std::unique_ptr<grpc::ClientReader<v1::Event>> m_reader;
    std::mutex m_mutex;
    std::vector<v1::Event> m_events;
    std::thread m_thread;
};

}  // namespace loom::test
