#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

// One named thread that runs posted jobs one after another, in order. Work that waits on the
// network (etcd) goes here so that no gRPC callback and no lock holder ever waits on it; being
// one thread, it also orders the cluster writes of one engine without a lock.
namespace loom::engine::common {

class SerialWorker {
public:
    explicit SerialWorker(std::string name);
    ~SerialWorker();
    SerialWorker(const SerialWorker&) = delete;
    SerialWorker& operator=(const SerialWorker&) = delete;

    // Queues `job`; false (and the job dropped) once stop() has begun.
    bool post(std::function<void()> job);
    // Runs what is queued, then ends the thread. Jobs posted by a running job still run.
    void stop();
    // True on the worker's own thread.
    bool onWorker() const { return std::this_thread::get_id() == m_thread.get_id(); }

private:
    void run();

    std::string m_name;
    std::mutex m_mutex;
    std::condition_variable m_cv;
    std::deque<std::function<void()>> m_jobs;
    bool m_stopping = false;
    std::thread m_thread;
};

}  // namespace loom::engine::common
