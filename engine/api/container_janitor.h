#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "engine/api/engine_context.h"

namespace loom::engine::api {

// Removes the endpoints made for containers (loom-cni) whose namespace is gone: the container
// ended and its runtime's DEL never reached this engine (the engine was down, the runtime
// crashed). Such an endpoint can never work again, and its address and name would stay taken.
// It goes as a DEL would take it: from etcd first, then the store, then the kernel, with an
// event. Checked every `interval` on a thread of its own (a stat per container endpoint).
class ContainerJanitor {
public:
    ContainerJanitor(EngineContext& ctx, std::chrono::milliseconds interval);
    ~ContainerJanitor();
    ContainerJanitor(const ContainerJanitor&) = delete;
    ContainerJanitor& operator=(const ContainerJanitor&) = delete;

    void start();
    void stop();

    // One look now (on the caller's thread; clustered, the removal runs on the agent's writer).
    void sweep();

private:
    void run();
    // Runs where endpoints are written: gone from etcd, then from the store, then the kernel.
    void remove(const std::vector<model::Endpoint>& gone);

    EngineContext& m_ctx;
    std::chrono::milliseconds m_interval;
    std::mutex m_mutex;
    std::condition_variable m_cv;
    bool m_stopping = false;
    std::thread m_thread;
};

}  // namespace loom::engine::api
