#pragma once

#include <condition_variable>
#include <deque>
#include <mutex>
#include <string>
#include <thread>

#include "engine/common/status.h"

namespace loom::engine::netlink {

// Empty namespaces made ahead of time on a thread of their own, so that creating an endpoint
// costs a bind mount (~0.1 ms) instead of a namespace (~1.5 ms, most of it the kernel's
// per-namespace setup), and so that on a busy engine the two kernels' work overlaps. They live
// in a directory that belongs to the engine alone and is emptied at start and at stop.
class NetnsPool {
public:
    // `home` is the namespace the pool thread returns to (the engine's host namespace).
    NetnsPool(std::string dir, int home, size_t target);
    ~NetnsPool();

    common::Status start();
    void stop();

    // Mounts a pooled namespace at `path`; false when the pool is empty (make one directly).
    bool take(const std::string& path);

private:
    void run();
    void clear();

    std::string m_dir;
    int m_home;
    size_t m_target;
    std::mutex m_mutex;
    std::condition_variable m_cv;
    std::deque<std::string> m_ready;
    bool m_stopping = false;
    uint64_t m_next = 0;
    std::thread m_thread;
};

}  // namespace loom::engine::netlink
