#include "engine/telemetry/prober.h"
#include "engine/common/thread_name.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <linux/icmp.h>
#include <netinet/in.h>
#include <netinet/ip.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <time.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <random>

#include "engine/common/log.h"
#include "engine/netlink/netns.h"

namespace loom::engine::telemetry {

using common::Status;

namespace {
constexpr const char* kLog = "latency";
constexpr uint32_t kMagic = 0x4c4d5052;  // "LMPR"
constexpr uint8_t kRequest = 1, kReply = 2;

// A UDP probe and its echo, in network byte order where it matters to the other host. The
// timestamp and nonce only matter to the sender, which compares them with its own.
struct Wire {
    uint32_t magic;
    uint8_t type;
    uint8_t pad[3];
    uint32_t seq;
    uint64_t nonce;
    uint64_t sentNs;
} __attribute__((packed));

// The payload of an ICMP echo after its 8-byte header.
struct IcmpPayload {
    uint32_t seq;
    uint64_t nonce;
} __attribute__((packed));

int64_t monotonicNs() {
    timespec ts{};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return int64_t{ts.tv_sec} * 1000000000 + ts.tv_nsec;
}

uint16_t checksum(const void* data, size_t len) {
    const auto* p = static_cast<const uint8_t*>(data);
    uint32_t sum = 0;
    for (size_t i = 0; i + 1 < len; i += 2) sum += uint32_t{p[i]} << 8 | p[i + 1];
    if (len & 1) sum += uint32_t{p[len - 1]} << 8;
    while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
    return htons(static_cast<uint16_t>(~sum));
}

using model::socketAddress;

double percentile(std::vector<double>& sorted, double q) {
    if (sorted.empty()) return 0;
    size_t i = static_cast<size_t>(std::ceil(q * static_cast<double>(sorted.size()))) - 1;
    return sorted[std::min(i, sorted.size() - 1)];
}
}  // namespace

Prober::Prober(Options options, Inventory inventory, std::string hostId, std::string hostName,
               LatencyHub& hub)
    : m_options(options),
      m_inventory(std::move(inventory)),
      m_hostId(std::move(hostId)),
      m_hostName(std::move(hostName)),
      m_hub(hub) {
    std::random_device rd;
    m_nonce = (uint64_t{rd()} << 32) | rd();
    m_icmpId = static_cast<uint16_t>(rd());
}

Prober::~Prober() {
    stop();
}

common::Status Prober::start() {
    m_home.reset(::open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC));
    if (!m_home.valid()) return common::fromErrno(errno, "open own network namespace");
    m_epoll.reset(::epoll_create1(EPOLL_CLOEXEC));
    m_wake.reset(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK));
    if (!m_epoll.valid() || !m_wake.valid()) return common::fromErrno(errno, "prober epoll");
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.fd = m_wake.get();
    ::epoll_ctl(m_epoll.get(), EPOLL_CTL_ADD, m_wake.get(), &ev);
    m_thread = std::thread([this] {
        common::nameThisThread("loom-prober");
        run();
    });
    return {};
}

void Prober::stop() {
    if (!m_thread.joinable()) return;
    m_stopping = true;
    uint64_t one = 1;
    (void)!::write(m_wake.get(), &one, sizeof one);
    m_thread.join();
}

void Prober::run() {
    int64_t interval = std::chrono::nanoseconds(m_options.interval).count();
    int64_t next = monotonicNs();
    epoll_event events[32];
    while (!m_stopping) {
        int64_t now = monotonicNs();
        if (now >= next) {
            refresh();
            expire(now);
            publish(now);
            sendProbes(now);
            next += interval;
            if (next < now) next = now + interval;  // a stall makes no burst
            continue;
        }
        int waitMs = static_cast<int>((next - now + 999999) / 1000000);
        int n = ::epoll_wait(m_epoll.get(), events, 32, waitMs);
        now = monotonicNs();
        for (int i = 0; i < n; ++i) {
            if (events[i].data.fd == m_wake.get()) continue;
            onReadable(events[i].data.fd, now);
        }
    }
}

void Prober::refresh() {
    std::map<std::string, ProbeNetwork> wanted;
    for (auto& n : m_inventory()) {
        if (!netlink::isNetns(n.sandbox)) continue;  // not built on this host
        std::string id = n.id;
        wanted.emplace(id, std::move(n));
    }
    for (auto it = m_nets.begin(); it != m_nets.end();) {
        auto w = wanted.find(it->first);
        bool keep = w != wanted.end() && w->second.sandbox == it->second.sandbox;
        if (keep && w->second.source != it->second.source) {
            // A new own address: the echo service moves to it.
            m_fdNet.erase(it->second.udp.get());
            it->second.udp.reset();
            it->second.source = w->second.source;
        }
        if (keep) {
            ++it;
            continue;
        }
        m_fdNet.erase(it->second.udp.get());
        m_fdNet.erase(it->second.icmp.get());
        it = m_nets.erase(it);
    }
    for (auto& [id, w] : wanted) {
        Net& net = m_nets[id];
        if (net.sandbox.empty()) {
            net.sandbox = w.sandbox;
            net.source = w.source;
        }
        net.name = w.name;
        if (Status s = openSockets(id, net); !s.isOk() && !net.warned) {
            LOOM_LOG(Warning, kLog) << "network " << w.name << ": " << s.message();
            net.warned = true;
        }
        std::map<std::string, Target> targets;
        auto keepTarget = [&](const std::string& key, v1::LatencyTarget::Kind kind,
                              const ProbeNetwork::Target& t) {
            auto old = net.targets.find(key);
            Target& out = targets[key];
            if (old != net.targets.end() && old->second.ip == t.ip) out = std::move(old->second);
            out.kind = kind;
            out.id = t.id;
            out.name = t.name;
            out.ip = t.ip;
        };
        for (const auto& h : w.hosts) {
            if (h.id != m_hostId) keepTarget("h/" + h.id, v1::LatencyTarget::KIND_HOST, h);
        }
        for (const auto& e : w.endpoints) {
            keepTarget("e/" + e.id, v1::LatencyTarget::KIND_ENDPOINT, e);
        }
        net.targets = std::move(targets);
    }
}

common::Status Prober::openSockets(const std::string& id, Net& net) {
    if (net.icmp.valid() && (net.udp.valid() || !net.source)) return {};
    auto ns = netlink::openNetns(net.sandbox);
    if (!ns) return ns.status();
    common::UniqueFd udp, icmp;
    Status opened = netlink::inNetns(ns->get(), m_home.get(), [&]() -> Status {
        if (!net.icmp.valid()) {
            icmp.reset(::socket(AF_INET, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, IPPROTO_ICMP));
            if (!icmp.valid()) return common::fromErrno(errno, "ICMP socket");
            icmp_filter filter{~(1u << ICMP_ECHOREPLY)};
            ::setsockopt(icmp.get(), SOL_RAW, ICMP_FILTER, &filter, sizeof filter);
        }
        if (net.source && !net.udp.valid()) {
            udp.reset(::socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
            if (!udp.valid()) return common::fromErrno(errno, "UDP socket");
            int one = 1;
            // The address may reach br0 a moment after the cluster granted it.
            ::setsockopt(udp.get(), IPPROTO_IP, IP_FREEBIND, &one, sizeof one);
            sockaddr_in a = socketAddress(*net.source, kProbePort);
            if (::bind(udp.get(), reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
                return common::fromErrno(errno, "bind the echo service to " +
                                                    net.source->toString() + ":" +
                                                    std::to_string(kProbePort));
            }
        }
        return {};
    });
    auto add = [&](common::UniqueFd& fd, common::UniqueFd& into) {
        if (!fd.valid()) return;
        epoll_event ev{};
        ev.events = EPOLLIN;
        ev.data.fd = fd.get();
        ::epoll_ctl(m_epoll.get(), EPOLL_CTL_ADD, fd.get(), &ev);
        into = std::move(fd);
        m_fdNet[into.get()] = id;
    };
    add(icmp, net.icmp);
    add(udp, net.udp);
    if (net.udp.valid() && net.source) net.bound = *net.source;
    return opened;
}

void Prober::sendProbes(int64_t now) {
    for (auto& [id, net] : m_nets) {
        for (auto& [key, t] : net.targets) {
            uint32_t seq = ++m_seq;
            ssize_t sent = -1;
            now = monotonicNs();  // each probe's own send time, not the round's
            if (t.kind == v1::LatencyTarget::KIND_HOST) {
                if (!net.udp.valid()) continue;
                Wire w{};
                w.magic = htonl(kMagic);
                w.type = kRequest;
                w.seq = seq;
                w.nonce = m_nonce;
                w.sentNs = static_cast<uint64_t>(now);
                sockaddr_in to = socketAddress(t.ip, kProbePort);
                sent = ::sendto(net.udp.get(), &w, sizeof w, 0, reinterpret_cast<sockaddr*>(&to),
                                sizeof to);
            } else {
                if (!net.icmp.valid()) continue;
                struct {
                    icmphdr h;
                    IcmpPayload p;
                } __attribute__((packed)) m{};
                m.h.type = ICMP_ECHO;
                m.h.un.echo.id = htons(m_icmpId);
                m.h.un.echo.sequence = htons(static_cast<uint16_t>(seq));
                m.p.seq = seq;
                m.p.nonce = m_nonce;
                m.h.checksum = checksum(&m, sizeof m);
                sockaddr_in to = socketAddress(t.ip, 0);
                sent = ::sendto(net.icmp.get(), &m, sizeof m, 0, reinterpret_cast<sockaddr*>(&to),
                                sizeof to);
            }
            // A probe the kernel would not even send (no route, no neighbour) is lost too.
            m_pending[seq] = {id, key, now};
            if (sent < 0) decide(seq, now, false);
        }
    }
}

void Prober::onReadable(int fd, int64_t now) {
    auto owner = m_fdNet.find(fd);
    if (owner == m_fdNet.end()) return;
    auto net = m_nets.find(owner->second);
    if (net == m_nets.end()) return;
    if (fd == net->second.udp.get()) {
        answer(net->second, now);
    } else if (fd == net->second.icmp.get()) {
        readIcmp(net->second, now);
    }
}

void Prober::answer(Net& net, int64_t now) {
    for (int i = 0; i < 64; ++i) {
        Wire w{};
        sockaddr_in from{};
        socklen_t len = sizeof from;
        ssize_t n =
            ::recvfrom(net.udp.get(), &w, sizeof w, 0, reinterpret_cast<sockaddr*>(&from), &len);
        if (n < 0) return;
        if (n != sizeof w || ntohl(w.magic) != kMagic) continue;
        if (w.type == kRequest) {
            w.type = kReply;
            (void)::sendto(net.udp.get(), &w, sizeof w, 0, reinterpret_cast<sockaddr*>(&from), len);
        } else if (w.type == kReply && w.nonce == m_nonce) {
            decide(w.seq, now, true);
        }
    }
}

void Prober::readIcmp(Net& net, int64_t now) {
    for (int i = 0; i < 256; ++i) {
        uint8_t buf[256];
        ssize_t n = ::recv(net.icmp.get(), buf, sizeof buf, 0);
        if (n < 0) return;
        if (n < static_cast<ssize_t>(sizeof(iphdr))) continue;
        size_t ihl = (buf[0] & 0x0f) * 4u;
        if (static_cast<size_t>(n) < ihl + sizeof(icmphdr) + sizeof(IcmpPayload)) continue;
        icmphdr h;
        IcmpPayload p;
        std::memcpy(&h, buf + ihl, sizeof h);
        std::memcpy(&p, buf + ihl + sizeof h, sizeof p);
        if (h.type != ICMP_ECHOREPLY || ntohs(h.un.echo.id) != m_icmpId || p.nonce != m_nonce) {
            continue;
        }
        decide(p.seq, now, true);
    }
}

void Prober::decide(uint32_t seq, int64_t now, bool answered) {
    auto p = m_pending.find(seq);
    if (p == m_pending.end()) return;  // late, or not ours
    auto net = m_nets.find(p->second.net);
    if (net != m_nets.end()) {
        auto t = net->second.targets.find(p->second.target);
        if (t != net->second.targets.end()) {
            Probe probe{p->second.sentNs, now, -1};
            if (answered) {
                probe.rttMs = static_cast<double>(now - p->second.sentNs) / 1e6;
                t->second.lastRttMs = probe.rttMs;
            }
            t->second.decided.push_back(probe);
        }
    }
    m_pending.erase(p);
}

void Prober::expire(int64_t now) {
    int64_t timeout = std::chrono::nanoseconds(m_options.timeout).count();
    std::vector<uint32_t> lost;
    for (const auto& [seq, p] : m_pending) {
        if (now - p.sentNs >= timeout) lost.push_back(seq);
    }
    for (uint32_t seq : lost) decide(seq, now, false);
    int64_t window = std::chrono::nanoseconds(m_options.window).count();
    for (auto& [id, net] : m_nets) {
        for (auto& [key, t] : net.targets) {
            while (!t.decided.empty() && now - t.decided.front().decidedNs > window) {
                t.decided.pop_front();
            }
        }
    }
}

void Prober::publish(int64_t now) {
    auto sample = std::make_shared<v1::LatencySample>();
    sample->set_unix_ms(std::chrono::duration_cast<std::chrono::milliseconds>(
                            std::chrono::system_clock::now().time_since_epoch())
                            .count());
    sample->set_host_id(m_hostId);
    sample->set_host_name(m_hostName);
    int64_t recent = std::chrono::nanoseconds(m_options.recent).count();
    std::vector<double> rtts;
    for (const auto& [id, net] : m_nets) {
        for (const auto& [key, t] : net.targets) {
            auto* out = sample->add_targets();
            out->set_kind(t.kind);
            out->set_network_id(id);
            out->set_network_name(net.name);
            out->set_id(t.id);
            out->set_name(t.name);
            out->set_address(t.ip.toString());
            if (net.source) out->set_source(net.source->toString());
            rtts.clear();
            uint32_t recentSent = 0, recentLost = 0;
            double jitter = 0, previous = -1;
            uint32_t steps = 0;
            for (const auto& p : t.decided) {
                if (now - p.decidedNs <= recent) {
                    ++recentSent;
                    if (p.rttMs < 0) ++recentLost;
                }
                if (p.rttMs < 0) continue;
                rtts.push_back(p.rttMs);
                if (previous >= 0) {
                    jitter += std::abs(p.rttMs - previous);
                    ++steps;
                }
                previous = p.rttMs;
            }
            auto sent = static_cast<uint32_t>(t.decided.size());
            auto received = static_cast<uint32_t>(rtts.size());
            out->set_sent(sent);
            out->set_received(received);
            out->set_loss(sent ? static_cast<double>(sent - received) / sent : 0);
            out->set_loss_recent(recentSent ? static_cast<double>(recentLost) / recentSent : 0);
            if (t.lastRttMs >= 0) out->set_rtt_ms(t.lastRttMs);
            if (steps) out->set_jitter_ms(jitter / steps);
            std::sort(rtts.begin(), rtts.end());
            out->set_p50_ms(percentile(rtts, 0.50));
            out->set_p90_ms(percentile(rtts, 0.90));
            out->set_p99_ms(percentile(rtts, 0.99));
        }
    }
    m_hub.publish(std::move(sample));
}

}  // namespace loom::engine::telemetry
