#include "engine/netlink/stats_ops.h"

#include <fcntl.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include <netlink/msg.h>
#include <netlink/netlink.h>
#include <sys/stat.h>

#include <cstring>
#include <set>

#include "engine/netlink/netns.h"

namespace loom::engine::netlink {

namespace {

// Names by index (RTM_GETLINK): read only when an index shows up that is not known yet.
int onLink(nl_msg* msg, void* arg) {
    auto* names = static_cast<std::map<int, std::string>*>(arg);
    nlmsghdr* hdr = nlmsg_hdr(msg);
    if (hdr->nlmsg_type != RTM_NEWLINK) return NL_OK;
    auto* ifi = static_cast<ifinfomsg*>(nlmsg_data(hdr));
    nlattr* tb[IFLA_MAX + 1] = {};
    if (nlmsg_parse(hdr, sizeof(ifinfomsg), tb, IFLA_MAX, nullptr) < 0) return NL_OK;
    if (tb[IFLA_IFNAME]) (*names)[ifi->ifi_index] = nla_get_string(tb[IFLA_IFNAME]);
    return NL_OK;
}

// Counters (RTM_GETSTATS with only the 64-bit link stats): ~200 bytes per link, not ~1.5 KB.
int onStats(nl_msg* msg, void* arg) {
    auto* out = static_cast<std::vector<LinkCounters>*>(arg);
    nlmsghdr* hdr = nlmsg_hdr(msg);
    if (hdr->nlmsg_type != RTM_NEWSTATS) return NL_OK;
    auto* ifs = static_cast<if_stats_msg*>(nlmsg_data(hdr));
    nlattr* tb[IFLA_STATS_MAX + 1] = {};
    if (nlmsg_parse(hdr, sizeof(if_stats_msg), tb, IFLA_STATS_MAX, nullptr) < 0) return NL_OK;
    LinkCounters c;
    c.ifindex = static_cast<int>(ifs->ifindex);
    if (tb[IFLA_STATS_LINK_64] &&
        nla_len(tb[IFLA_STATS_LINK_64]) >= static_cast<int>(sizeof(rtnl_link_stats64))) {
        rtnl_link_stats64 s;
        std::memcpy(&s, nla_data(tb[IFLA_STATS_LINK_64]), sizeof s);
        c.rxBytes = s.rx_bytes;
        c.txBytes = s.tx_bytes;
        c.rxPackets = s.rx_packets;
        c.txPackets = s.tx_packets;
        c.rxErrors = s.rx_errors;
        c.txErrors = s.tx_errors;
        c.rxDropped = s.rx_dropped;
        c.txDropped = s.tx_dropped;
    }
    out->push_back(std::move(c));
    return NL_OK;
}

}  // namespace

Result<StatsReader> StatsReader::open() {
    common::UniqueFd home(::open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC));
    if (!home.valid()) return common::fromErrno(errno, "open own network namespace");
    return StatsReader(std::move(home));
}

Result<nl_sock*> StatsReader::socketFor(const std::string& path) {
    ino_t inode = 0;
    if (!path.empty()) {
        struct stat st {};
        if (::stat(path.c_str(), &st) != 0) return common::notFound(path + " is gone");
        inode = st.st_ino;
    }
    auto it = m_sockets.find(path);
    if (it != m_sockets.end() && it->second.inode == inode) return it->second.socket.get();
    common::UniqueFd target;
    if (path.empty()) {
        target.reset(::dup(m_home.get()));
    } else {
        auto fd = openNetns(path);
        if (!fd) return fd.status();
        target = std::move(*fd);
    }
    auto sk = openRouteSocket(target.get(), m_home.get());
    if (!sk) return sk.status();
    auto& slot = m_sockets[path];
    slot.inode = inode;
    slot.socket = std::move(*sk);
    slot.names.clear();
    return slot.socket.get();
}

Status StatsReader::dump(nl_sock* sk, int type, const void* header, size_t size,
                         int (*parse)(nl_msg*, void*), void* out, const std::string& path) {
    Status s = dumpRequest(sk, type, header, size, parse, out,
                           "read link counters of " + (path.empty() ? "the host" : path));
    if (!s.isOk()) m_sockets.erase(path);  // a half-read socket is not reused
    return s;
}

Result<std::vector<LinkCounters>> StatsReader::read(const std::string& path) {
    auto sk = socketFor(path);
    if (!sk) return sk.status();
    auto& names = m_sockets[path].names;
    if_stats_msg request{};
    request.family = AF_UNSPEC;
    request.filter_mask = IFLA_STATS_FILTER_BIT(IFLA_STATS_LINK_64);
    std::vector<LinkCounters> out;
    out.reserve(names.size() + 8);
    LOOM_RETURN_IF_ERROR(dump(*sk, RTM_GETSTATS, &request, sizeof request, onStats, &out, path));
    bool unknown = false;
    for (const auto& c : out) unknown = unknown || !names.count(c.ifindex);
    if (unknown) {
        ifinfomsg ifi{};
        ifi.ifi_family = AF_UNSPEC;
        names.clear();
        LOOM_RETURN_IF_ERROR(dump(*sk, RTM_GETLINK, &ifi, sizeof ifi, onLink, &names, path));
    }
    for (auto& c : out) {
        auto it = names.find(c.ifindex);
        if (it != names.end()) c.name = it->second;
    }
    return out;
}

void StatsReader::retain(const std::vector<std::string>& keep) {
    std::set<std::string> wanted(keep.begin(), keep.end());
    for (auto it = m_sockets.begin(); it != m_sockets.end();) {
        it = wanted.count(it->first) || it->first.empty() ? std::next(it) : m_sockets.erase(it);
    }
}

}  // namespace loom::engine::netlink
