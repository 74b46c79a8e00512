#include "engine/services/health.h"

#include <fcntl.h>
#include <netinet/in.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "engine/common/log.h"
#include "engine/common/thread_name.h"
#include "engine/netlink/netns.h"

namespace loom::engine::services {

namespace {

constexpr const char* kLog = "health";

int64_t unixMs() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

using model::socketAddress;

std::string where(const HealthTarget& t, uint16_t port) {
    return t.ip.toString() + ":" + std::to_string(port);
}

}  // namespace

HealthChecker::HealthChecker(Options options, Inventory inventory, Changed changed)
    : m_options(options), m_inventory(std::move(inventory)), m_changed(std::move(changed)) {}

HealthChecker::~HealthChecker() {
    stop();
}

common::Status HealthChecker::start() {
    m_home.reset(::open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC));
    if (!m_home.valid()) return common::fromErrno(errno, "open this thread's namespace");
    m_thread = std::thread([this] { run(); });
    return {};
}

void HealthChecker::stop() {
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_cv.notify_all();
    if (m_thread.joinable()) m_thread.join();
}

std::optional<BackendHealth> HealthChecker::health(const std::string& endpointId) const {
    std::lock_guard lock(m_mutex);
    auto it = m_states.find(endpointId);
    if (it == m_states.end()) return std::nullopt;
    return it->second.health;
}

void HealthChecker::run() {
    common::nameThisThread("loom-health");
    const auto tick = m_options.interval / 2;
    auto next = std::chrono::steady_clock::now();
    while (true) {
        {
            std::unique_lock lock(m_mutex);
            if (m_cv.wait_until(lock, next, [this] { return m_stopping; })) return;
        }
        const auto round = std::chrono::steady_clock::now();
        next += tick;
        auto targets = m_inventory();
        std::vector<HealthTarget> due;
        {
            std::lock_guard lock(m_mutex);
            for (const auto& t : targets) {
                auto s = m_states.find(t.endpointId);
                // A few milliseconds early is on time: rounds drift by that much.
                if (s == m_states.end() || !(s->second.target == t) ||
                    s->second.due <= round + std::chrono::milliseconds(20)) {
                    due.push_back(t);
                }
            }
        }
        auto results = checkAll(due);

        std::vector<std::pair<HealthTarget, BackendHealth>> changes;
        {
            std::lock_guard lock(m_mutex);
            std::map<std::string, State> states;
            for (const auto& t : targets) {
                auto old = m_states.find(t.endpointId);
                if (old != m_states.end() && old->second.target == t &&
                    old->second.due > round + std::chrono::milliseconds(20)) {
                    states[t.endpointId] = std::move(old->second);  // not checked this round
                    m_states.erase(old);
                    continue;
                }
                State s;
                if (old != m_states.end() && old->second.target.serviceId == t.serviceId &&
                    old->second.target.ports == t.ports && old->second.target.ip == t.ip) {
                    s = std::move(old->second);
                    m_states.erase(old);
                } else {
                    s.health.sinceUnixMs = unixMs();
                }
                s.target = t;
                const std::string& failed = results[t.endpointId];
                if (failed.empty()) {
                    s.failures = 0;
                    if (++s.successes >= m_options.rise && !s.health.healthy) {
                        s.health = {true, "", unixMs()};
                        changes.emplace_back(t, s.health);
                    }
                } else {
                    s.successes = 0;
                    if (!s.health.healthy) s.health.message = failed;
                    if (++s.failures >= m_options.fall && s.health.healthy) {
                        s.health = {false, failed, unixMs()};
                        changes.emplace_back(t, s.health);
                    }
                }
                bool pending = s.health.healthy ? s.failures > 0 : s.successes > 0;
                s.due = round + (pending ? tick : m_options.interval);
                states[t.endpointId] = std::move(s);
            }
            // Backends no longer checked (deleted, left their service, or a new service or
            // address) that were out: reported back in, so their records go.
            for (const auto& [id, s] : m_states) {
                if (!s.health.healthy) {
                    changes.emplace_back(s.target, BackendHealth{true, "", unixMs()});
                }
            }
            m_states = std::move(states);
        }
        for (const auto& [t, h] : changes) {
            LOOM_LOG(Info, kLog) << "backend " << t.endpointName << " of service " << t.serviceName
                                 << (h.healthy ? ": back in" : ": out (" + h.message + ")");
            if (m_changed) m_changed(t, h);
        }
        auto now = std::chrono::steady_clock::now();
        if (next < now) next = now;  // a slow round is not caught up by a burst
    }
}

std::map<std::string, std::string> HealthChecker::checkAll(
    const std::vector<HealthTarget>& targets) {
    std::map<std::string, std::string> failed;  // endpoint id -> why
    struct Attempt {
        common::UniqueFd fd;
        const HealthTarget* target;
        uint16_t port;
    };
    std::vector<Attempt> attempts;
    std::map<std::string, std::vector<const HealthTarget*>> bySandbox;
    for (const auto& t : targets) {
        if (!t.ports.empty()) bySandbox[t.sandbox].push_back(&t);
    }
    for (const auto& [sandbox, list] : bySandbox) {
        auto ns = netlink::openNetns(sandbox);
        common::Status opened = ns.status();
        if (ns) {
            opened = netlink::inNetns(ns->get(), m_home.get(), [&]() -> common::Status {
                for (const auto* t : list) {
                    for (uint16_t port : t->ports) {
                        common::UniqueFd fd(
                            ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
                        if (!fd.valid()) return common::fromErrno(errno, "TCP socket");
                        int one = 1;
                        ::setsockopt(fd.get(), IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, &one,
                                     sizeof one);
                        if (t->source) {
                            ::setsockopt(fd.get(), IPPROTO_IP, IP_FREEBIND, &one, sizeof one);
                            sockaddr_in from = socketAddress(*t->source, 0);
                            ::bind(fd.get(), reinterpret_cast<sockaddr*>(&from), sizeof from);
                        }
                        sockaddr_in to = socketAddress(t->ip, port);
                        if (::connect(fd.get(), reinterpret_cast<sockaddr*>(&to), sizeof to) != 0 &&
                            errno != EINPROGRESS) {
                            failed[t->endpointId] =
                                "connect " + where(*t, port) + ": " + std::strerror(errno);
                            continue;
                        }
                        attempts.push_back({std::move(fd), t, port});
                    }
                }
                return {};
            });
        }
        if (!opened.isOk()) {
            for (const auto* t : list) failed[t->endpointId] = opened.message();
        }
    }

    common::UniqueFd epoll(::epoll_create1(EPOLL_CLOEXEC));
    if (!epoll.valid()) {
        for (const auto& a : attempts) failed[a.target->endpointId] = "epoll: no descriptor";
        return failed;
    }
    for (size_t i = 0; i < attempts.size(); ++i) {
        epoll_event ev{};
        ev.events = EPOLLOUT;
        ev.data.u64 = i;
        ::epoll_ctl(epoll.get(), EPOLL_CTL_ADD, attempts[i].fd.get(), &ev);
    }
    size_t open = attempts.size();
    auto deadline = std::chrono::steady_clock::now() + m_options.timeout;
    std::vector<epoll_event> ready(64);
    while (open > 0) {
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                        deadline - std::chrono::steady_clock::now())
                        .count();
        if (left <= 0) break;
        int n = ::epoll_wait(epoll.get(), ready.data(), static_cast<int>(ready.size()),
                             static_cast<int>(left));
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        for (int k = 0; k < n; ++k) {
            auto& a = attempts[ready[k].data.u64];
            int error = 0;
            socklen_t len = sizeof error;
            ::getsockopt(a.fd.get(), SOL_SOCKET, SO_ERROR, &error, &len);
            if (error != 0) {
                failed[a.target->endpointId] =
                    "connect " + where(*a.target, a.port) + ": " + std::strerror(error);
            }
            ::epoll_ctl(epoll.get(), EPOLL_CTL_DEL, a.fd.get(), nullptr);
            a.fd.reset();
            --open;
        }
    }
    for (const auto& a : attempts) {
        if (a.fd.valid() && !failed.count(a.target->endpointId)) {
            failed[a.target->endpointId] = "connect " + where(*a.target, a.port) +
                                           ": no answer in " +
                                           std::to_string(m_options.timeout.count()) + " ms";
        }
    }
    return failed;
}

}  // namespace loom::engine::services
