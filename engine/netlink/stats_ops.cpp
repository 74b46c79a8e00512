#include "engine/netlink/stats_ops.h"

#include <fcntl.h>
#include <linux/if_link.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include <cstring>
#include <set>

#include "engine/netlink/netns.h"

namespace loom::engine::netlink {

namespace {

constexpr size_t kBuffer = 64 * 1024;

// The attributes after a message's fixed header.
template <typename Fn>
void forEachAttribute(const nlmsghdr* h, size_t fixed, Fn&& fn) {
    const char* start = static_cast<const char*>(NLMSG_DATA(h)) + NLMSG_ALIGN(fixed);
    int len = static_cast<int>(h->nlmsg_len) - static_cast<int>(NLMSG_LENGTH(NLMSG_ALIGN(fixed)));
    for (auto* a = reinterpret_cast<const rtattr*>(start); RTA_OK(a, len); a = RTA_NEXT(a, len)) {
        fn(a);
    }
}

// Names by index (RTM_GETLINK): read only when an index shows up that is not known yet.
void onLink(const nlmsghdr* h, std::unordered_map<int, std::string>& names) {
    if (h->nlmsg_type != RTM_NEWLINK || h->nlmsg_len < NLMSG_LENGTH(sizeof(ifinfomsg))) return;
    auto* ifi = static_cast<const ifinfomsg*>(NLMSG_DATA(h));
    forEachAttribute(h, sizeof(ifinfomsg), [&](const rtattr* a) {
        if (a->rta_type != IFLA_IFNAME) return;
        const char* name = static_cast<const char*>(RTA_DATA(a));
        names[ifi->ifi_index] = std::string(name, strnlen(name, RTA_PAYLOAD(a)));
    });
}

// Counters (RTM_GETSTATS with only the 64-bit link stats): ~200 bytes per link, not ~1.5 KB.
void onStats(const nlmsghdr* h, std::vector<LinkCounters>& out) {
    if (h->nlmsg_type != RTM_NEWSTATS || h->nlmsg_len < NLMSG_LENGTH(sizeof(if_stats_msg))) return;
    auto* ifs = static_cast<const if_stats_msg*>(NLMSG_DATA(h));
    LinkCounters& c = out.emplace_back();
    c.ifindex = static_cast<int>(ifs->ifindex);
    forEachAttribute(h, sizeof(if_stats_msg), [&](const rtattr* a) {
        if (a->rta_type != IFLA_STATS_LINK_64 || RTA_PAYLOAD(a) < sizeof(rtnl_link_stats64)) {
            return;
        }
        rtnl_link_stats64 s;
        std::memcpy(&s, RTA_DATA(a), sizeof s);
        c.rxBytes = s.rx_bytes;
        c.txBytes = s.tx_bytes;
        c.rxPackets = s.rx_packets;
        c.txPackets = s.tx_packets;
        c.rxErrors = s.rx_errors;
        c.txErrors = s.tx_errors;
        c.rxDropped = s.rx_dropped;
        c.txDropped = s.tx_dropped;
    });
}

}  // namespace

Result<StatsReader> StatsReader::open() {
    common::UniqueFd home(::open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC));
    if (!home.valid()) return common::fromErrno(errno, "open own network namespace");
    return StatsReader(std::move(home));
}

Result<StatsReader::Cached*> StatsReader::socketFor(const std::string& path) {
    ino_t inode = 0;
    if (!path.empty()) {
        struct stat st {};
        if (::stat(path.c_str(), &st) != 0) return common::notFound(path + " is gone");
        inode = st.st_ino;
    }
    auto it = m_sockets.find(path);
    if (it != m_sockets.end() && it->second.inode == inode) return &it->second;
    common::UniqueFd target;
    if (path.empty()) {
        target.reset(::dup(m_home.get()));
    } else {
        auto fd = openNetns(path);
        if (!fd) return fd.status();
        target = std::move(*fd);
    }
    common::UniqueFd sk;
    Status s = inNetns(target.get(), m_home.get(), [&]() -> Status {
        sk.reset(::socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE));
        if (!sk.valid()) return common::fromErrno(errno, "netlink socket");
        return {};
    });
    if (!s.isOk()) return s.withContext(path.empty() ? "the host" : path);
    auto& slot = m_sockets[path];
    slot.inode = inode;
    slot.socket = std::move(sk);
    slot.names.clear();
    return &slot;
}

template <typename Each>
Status StatsReader::dump(Cached& c, uint16_t type, const void* header, size_t size, Each&& each,
                         const std::string& path) {
    auto fail = [&](const Status& s) {
        m_sockets.erase(path);  // a half-read socket is not reused
        return s.withContext("read link counters of " + (path.empty() ? "the host" : path));
    };
    struct {
        nlmsghdr h;
        char body[64];
    } req{};
    uint32_t seq = m_seq++;
    req.h.nlmsg_len = static_cast<uint32_t>(NLMSG_LENGTH(size));
    req.h.nlmsg_type = type;
    req.h.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
    req.h.nlmsg_seq = seq;
    std::memcpy(NLMSG_DATA(&req.h), header, size);
    if (::send(c.socket.get(), &req, req.h.nlmsg_len, 0) < 0) {
        return fail(common::fromErrno(errno, "send dump request"));
    }
    m_buffer.resize(kBuffer);
    while (true) {
        ssize_t n = ::recv(c.socket.get(), m_buffer.data(), m_buffer.size(), 0);
        if (n < 0) {
            if (errno == EINTR) continue;
            return fail(common::fromErrno(errno, "receive dump"));
        }
        int len = static_cast<int>(n);
        for (auto* h = reinterpret_cast<const nlmsghdr*>(m_buffer.data()); NLMSG_OK(h, len);
             h = NLMSG_NEXT(h, len)) {
            if (h->nlmsg_seq != seq) continue;  // a late answer to an earlier request
            if (h->nlmsg_type == NLMSG_DONE) return {};
            if (h->nlmsg_type == NLMSG_ERROR) {
                auto* e = static_cast<const nlmsgerr*>(NLMSG_DATA(h));
                if (e->error == 0) return {};
                return fail(common::fromErrno(-e->error, "dump"));
            }
            each(h);
        }
    }
}

Result<std::vector<LinkCounters>> StatsReader::read(const std::string& path) {
    auto c = socketFor(path);
    if (!c) return c.status();
    Cached& cached = **c;
    if_stats_msg request{};
    request.family = AF_UNSPEC;
    request.filter_mask = IFLA_STATS_FILTER_BIT(IFLA_STATS_LINK_64);
    std::vector<LinkCounters> out;
    out.reserve(cached.names.size() + 8);
    LOOM_RETURN_IF_ERROR(dump(
        cached, RTM_GETSTATS, &request, sizeof request, [&](const nlmsghdr* h) { onStats(h, out); },
        path));
    bool unknown = false;
    for (const auto& l : out) unknown = unknown || !cached.names.count(l.ifindex);
    if (unknown) {
        // The dump may have dropped the socket on failure: look it up again.
        auto again = socketFor(path);
        if (!again) return again.status();
        ifinfomsg ifi{};
        ifi.ifi_family = AF_UNSPEC;
        auto& names = (*again)->names;
        names.clear();
        LOOM_RETURN_IF_ERROR(dump(
            **again, RTM_GETLINK, &ifi, sizeof ifi, [&](const nlmsghdr* h) { onLink(h, names); },
            path));
        for (auto& l : out) {
            auto it = names.find(l.ifindex);
            if (it != names.end()) l.name = it->second;
        }
        return out;
    }
    for (auto& l : out) l.name = cached.names.find(l.ifindex)->second;
    return out;
}

void StatsReader::retain(const std::vector<std::string>& keep) {
    std::set<std::string> wanted(keep.begin(), keep.end());
    for (auto it = m_sockets.begin(); it != m_sockets.end();) {
        it = wanted.count(it->first) || it->first.empty() ? std::next(it) : m_sockets.erase(it);
    }
}

}  // namespace loom::engine::netlink
