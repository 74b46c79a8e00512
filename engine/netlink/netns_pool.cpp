#include "engine/netlink/netns_pool.h"
#include "engine/common/thread_name.h"

#include <fcntl.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstring>

#include "engine/common/log.h"
#include "engine/common/unique_fd.h"
#include "engine/netlink/netns.h"

namespace loom::engine::netlink {

NetnsPool::NetnsPool(std::string dir, int home, size_t target)
    : m_dir(std::move(dir)), m_home(home), m_target(target) {}

NetnsPool::~NetnsPool() {
    stop();
}

common::Status NetnsPool::start() {
    if (::mkdir(m_dir.c_str(), 0700) != 0 && errno != EEXIST) {
        return common::fromErrno(errno, "create " + m_dir);
    }
    clear();  // what a killed engine left behind
    // The thread is made here, by the caller (in the host namespace), and inherits it.
    m_thread = std::thread([this] {
        common::nameThisThread("loom-netnspool");
        run();
    });
    return {};
}

void NetnsPool::stop() {
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_cv.notify_all();
    if (m_thread.joinable()) m_thread.join();
    clear();
}

void NetnsPool::clear() {
    std::lock_guard lock(m_mutex);
    m_ready.clear();
    for (const auto& path : listNetns(m_dir, "")) {
        if (path.back() == '.') continue;  // "." and ".."
        (void)deleteNetns(path);
    }
}

bool NetnsPool::take(const std::string& path) {
    std::string pooled;
    {
        // An empty pool is being refilled: waiting for the next one pipelines the two kernels'
        // work (namespaces on the pool thread, links on the reconciler's) during bulk creates.
        std::unique_lock lock(m_mutex);
        m_cv.wait_for(lock, std::chrono::milliseconds(50),
                      [&] { return m_stopping || !m_ready.empty(); });
        if (m_ready.empty()) return false;
        pooled = m_ready.front();
        m_ready.pop_front();
    }
    m_cv.notify_all();
    common::UniqueFd file(::open(path.c_str(), O_RDONLY | O_CREAT | O_CLOEXEC, 0444));
    bool ok = file.valid() && ::mount(pooled.c_str(), path.c_str(), "none", MS_BIND, nullptr) == 0;
    if (!ok) {
        LOOM_LOG(Warning, "netns")
            << "cannot move pooled namespace to " << path << ": " << std::strerror(errno);
        ::unlink(path.c_str());
    }
    (void)deleteNetns(pooled);  // the namespace lives on through its new mount
    return ok;
}

void NetnsPool::run() {
    // Refilling is background work: it yields the CPU to requests in flight.
    ::setpriority(PRIO_PROCESS, static_cast<id_t>(::gettid()), 10);
    while (true) {
        std::string path;
        {
            std::unique_lock lock(m_mutex);
            m_cv.wait(lock, [&] { return m_stopping || m_ready.size() < m_target; });
            if (m_stopping) return;
            path = m_dir + "/" + std::to_string(m_next++);
        }
        common::Status s = createNetns(path, m_home);
        if (!s.isOk()) {
            LOOM_LOG(Warning, "netns") << "namespace pool: " << s.message();
            std::unique_lock lock(m_mutex);
            m_cv.wait_for(lock, std::chrono::seconds(1), [&] { return m_stopping; });
            continue;
        }
        {
            std::lock_guard lock(m_mutex);
            m_ready.push_back(path);
        }
        m_cv.notify_all();
    }
}

}  // namespace loom::engine::netlink
