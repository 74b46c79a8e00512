#include "engine/common/serial_worker.h"

#include "engine/common/thread_name.h"

namespace loom::engine::common {

SerialWorker::SerialWorker(std::string name) : m_name(std::move(name)) {
    m_thread = std::thread([this] {
        nameThisThread(m_name.c_str());
        run();
    });
}

SerialWorker::~SerialWorker() {
    stop();
}

bool SerialWorker::post(std::function<void()> job) {
    {
        std::lock_guard lock(m_mutex);
        // A job may post its own continuation while stop() drains the queue.
        if (m_stopping && !onWorker()) return false;
        m_jobs.push_back(std::move(job));
    }
    m_cv.notify_one();
    return true;
}

void SerialWorker::stop() {
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_cv.notify_one();
    if (m_thread.joinable() && !onWorker()) m_thread.join();
}

void SerialWorker::run() {
    while (true) {
        std::function<void()> job;
        {
            std::unique_lock lock(m_mutex);
            m_cv.wait(lock, [this] { return m_stopping || !m_jobs.empty(); });
            if (m_jobs.empty()) return;
            job = std::move(m_jobs.front());
            m_jobs.pop_front();
        }
        job();
    }
}

}  // namespace loom::engine::common
