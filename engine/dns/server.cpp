#include "engine/dns/server.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <map>
#include <unordered_map>

#include "engine/common/log.h"
#include "engine/common/thread_name.h"
#include "engine/netlink/netns.h"

namespace loom::engine::dns {

using common::Result;
using common::Status;
using common::UniqueFd;

namespace {

constexpr const char* kLog = "dns";
constexpr size_t kMaxTcp = 64;  // connections at once
using Clock = std::chrono::steady_clock;

Result<UniqueFd> bound(int type, const std::string& address, uint16_t port) {
    UniqueFd fd(::socket(AF_INET, type | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
    if (!fd.valid()) return common::fromErrno(errno, "dns socket");
    int one = 1;
    ::setsockopt(fd.get(), SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    // The host's address may reach the sandbox's bridge a moment after the responder starts.
    ::setsockopt(fd.get(), IPPROTO_IP, IP_FREEBIND, &one, sizeof one);
    sockaddr_in sa{};
    sa.sin_family = AF_INET;
    sa.sin_port = htons(port);
    if (::inet_pton(AF_INET, address.c_str(), &sa.sin_addr) != 1) {
        return common::invalidArgument("address", "\"" + address + "\" is not an IPv4 address");
    }
    if (::bind(fd.get(), reinterpret_cast<sockaddr*>(&sa), sizeof sa) != 0) {
        return common::fromErrno(errno, "bind dns " + address + ":" + std::to_string(port));
    }
    if (type == SOCK_STREAM && ::listen(fd.get(), 16) != 0) {
        return common::fromErrno(errno, "listen dns");
    }
    return fd;
}

std::optional<sockaddr_in> upstreamOf(const std::vector<std::string>& upstreams) {
    for (const auto& u : upstreams) {
        std::string host = u;
        uint16_t port = 53;
        auto colon = u.rfind(':');
        if (colon != std::string::npos) {
            host = u.substr(0, colon);
            port = static_cast<uint16_t>(std::atoi(u.c_str() + colon + 1));
        }
        sockaddr_in sa{};
        sa.sin_family = AF_INET;
        sa.sin_port = htons(port);
        if (port != 0 && ::inet_pton(AF_INET, host.c_str(), &sa.sin_addr) == 1) return sa;
    }
    return std::nullopt;
}

struct Conn {
    UniqueFd fd;
    std::string in;
    Clock::time_point until;
};

}  // namespace

Result<std::unique_ptr<Server>> Server::start(ServerOptions options, Names names) {
    std::unique_ptr<Server> s(new Server(std::move(options), std::move(names)));
    // Nowhere to forward to: what the network does not own is refused at once, as on an
    // internal network, rather than left for the client to time out on.
    if (!upstreamOf(s->m_options.upstreams)) s->m_options.answers.internal = true;
    UniqueFd home(::open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC));
    if (!home.valid()) return common::fromErrno(errno, "open own network namespace");
    // The upstream socket stays in the engine's namespace; the listeners are made in the
    // sandbox and keep working there from any thread.
    s->m_upstream = UniqueFd(::socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
    if (!s->m_upstream.valid()) return common::fromErrno(errno, "dns upstream socket");
    auto make = [&]() -> Status {
        auto udp = bound(SOCK_DGRAM, s->m_options.address, s->m_options.port);
        if (!udp) return udp.status();
        auto tcp = bound(SOCK_STREAM, s->m_options.address, s->m_options.port);
        if (!tcp) return tcp.status();
        s->m_udp = std::move(*udp);
        s->m_tcp = std::move(*tcp);
        return {};
    };
    if (s->m_options.netnsPath.empty()) {
        LOOM_RETURN_IF_ERROR(make());
    } else {
        auto ns = netlink::openNetns(s->m_options.netnsPath);
        if (!ns) return ns.status();
        LOOM_RETURN_IF_ERROR(netlink::inNetns(ns->get(), home.get(), make));
    }
    s->m_wake = UniqueFd(::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC));
    if (!s->m_wake.valid()) return common::fromErrno(errno, "eventfd");
    s->m_upstreamAddress = upstreamOf(s->m_options.upstreams);
    s->m_nextId = static_cast<uint16_t>(Clock::now().time_since_epoch().count());
    // The UDP thread blocks in recvmmsg itself (no poll): a blocking socket.
    ::fcntl(s->m_udp.get(), F_SETFL, ::fcntl(s->m_udp.get(), F_GETFL) & ~O_NONBLOCK);
    s->m_thread = std::thread([raw = s.get()] { raw->run(); });
    s->m_udpThread = std::thread([raw = s.get()] { raw->runUdp(); });
    return s;
}

Server::~Server() {
    m_stopping = true;
    uint64_t one = 1;
    if (m_wake.valid()) (void)!::write(m_wake.get(), &one, sizeof one);
    // Wakes the UDP thread out of recvmmsg (on an unbound-to-peer UDP socket shutdown says
    // ENOTCONN, but marks it shut and wakes its readers all the same).
    if (m_udp.valid()) ::shutdown(m_udp.get(), SHUT_RDWR);
    if (m_thread.joinable()) m_thread.join();
    if (m_udpThread.joinable()) m_udpThread.join();
}

namespace {

// What decide() said about a query, by its bytes after the id (and the transport, which bounds
// an answer's size): the answer ldns built, sent again with the new query's id, and the counter
// it moved. Dropped whenever the names' version moves, and when full. One per thread.
class KeptAnswers {
public:
    KeptAnswers(const Options& options, const Names& names, Counters& counters)
        : m_options(options), m_names(names), m_counters(counters) {}

    // The decision for a query; a kept answer carries the id of the query that made it (the
    // caller puts in the new one's).
    const Decision& decide(std::string_view query, bool overTcp) {
        const size_t maxSize = overTcp ? 65535 : 512;
        if (!m_names.version) {
            m_scratch = dns::decide(query, m_options, m_names, maxSize, m_counters);
            return m_scratch;
        }
        const uint64_t version = m_names.version();
        if (version != m_version || m_known.size() >= kMaxKnown) {
            m_known.clear();
            m_version = version;
        }
        m_key.assign(1, overTcp ? 't' : 'u');
        m_key.append(query.substr(2));
        if (auto it = m_known.find(m_key); it != m_known.end()) {
            if (it->second.counter) ++*it->second.counter;
            return it->second.decision;
        }
        const uint64_t before[4] = {m_counters.answered, m_counters.forwarded, m_counters.refused,
                                    m_counters.malformed};
        Known k{dns::decide(query, m_options, m_names, maxSize, m_counters), nullptr};
        std::atomic<uint64_t>* all[4] = {&m_counters.answered, &m_counters.forwarded,
                                         &m_counters.refused, &m_counters.malformed};
        for (int i = 0; i < 4; ++i) {
            if (*all[i] != before[i]) k.counter = all[i];
        }
        return m_known.emplace(m_key, std::move(k)).first->second.decision;
    }

private:
    static constexpr size_t kMaxKnown = 4096;
    struct Known {
        Decision decision;
        std::atomic<uint64_t>* counter = nullptr;
    };
    const Options& m_options;
    const Names& m_names;
    Counters& m_counters;
    std::unordered_map<std::string, Known> m_known;
    uint64_t m_version = 0;
    std::string m_key;   // reused: no allocation per query
    Decision m_scratch;  // a decision not kept
};

}  // namespace

void Server::forward(std::string_view query, const sockaddr_in* client, int tcp) {
    if (!m_upstreamAddress) {
        ++m_counters.refused;
        return;
    }
    Pending p;
    p.id =
        static_cast<uint16_t>(static_cast<uint8_t>(query[0]) << 8 | static_cast<uint8_t>(query[1]));
    if (client) p.client = *client;
    p.tcp = tcp;
    p.until = Clock::now() + std::chrono::seconds(3);
    std::string out(query);
    {
        std::lock_guard lock(m_pendingMutex);
        uint16_t id = m_nextId++;
        m_pending[id] = p;
        out[0] = static_cast<char>(id >> 8);
        out[1] = static_cast<char>(id);
    }
    ::sendto(m_upstream.get(), out.data(), out.size(), 0,
             reinterpret_cast<const sockaddr*>(&*m_upstreamAddress), sizeof *m_upstreamAddress);
}

// UDP: one blocking recvmmsg (MSG_WAITFORONE: the first query waits, those behind it come in
// the same call) and the answers in one sendmmsg. No poll in between: at one query at a time,
// two system calls a query.
void Server::runUdp() {
    common::nameThisThread("dns-udp");
    KeptAnswers kept(m_options.answers, m_names, m_counters);
    constexpr size_t kBatch = 32, kUdpMax = 4096;
    std::vector<char> in(kBatch * kUdpMax);
    mmsghdr msgs[kBatch];
    iovec iovs[kBatch];
    sockaddr_in froms[kBatch];
    struct Out {
        std::string wire;
        sockaddr_in client;
    };
    std::vector<Out> answers(kBatch);  // kept from batch to batch: no allocation per answer
    mmsghdr outs[kBatch];
    iovec outIovs[kBatch];
    while (!m_stopping) {
        for (size_t i = 0; i < kBatch; ++i) {
            iovs[i] = {in.data() + i * kUdpMax, kUdpMax};
            msgs[i] = {};
            msgs[i].msg_hdr.msg_iov = &iovs[i];
            msgs[i].msg_hdr.msg_iovlen = 1;
            msgs[i].msg_hdr.msg_name = &froms[i];
            msgs[i].msg_hdr.msg_namelen = sizeof froms[i];
        }
        int got = ::recvmmsg(m_udp.get(), msgs, kBatch, MSG_WAITFORONE, nullptr);
        if (m_stopping) return;
        if (got < 0) {
            if (errno == EINTR || errno == EAGAIN) continue;
            LOOM_LOG(Error, kLog) << "recvmmsg: " << std::strerror(errno);
            return;
        }
        size_t count = 0;
        for (int i = 0; i < got; ++i) {
            const size_t n = msgs[i].msg_len;
            if (n < 12 || (msgs[i].msg_hdr.msg_flags & MSG_TRUNC)) {
                ++m_counters.malformed;  // shorter than a header, or too long
                continue;
            }
            std::string_view query(in.data() + i * kUdpMax, n);
            const Decision& d = kept.decide(query, false);
            if (d.kind == Decision::Kind::Forward) {
                forward(query, &froms[i], -1);
            } else if (d.kind == Decision::Kind::Answer) {
                Out& o = answers[count++];
                o.wire.assign(d.wire);
                o.wire[0] = query[0];
                o.wire[1] = query[1];
                o.client = froms[i];
            }
        }
        for (size_t k = 0; k < count; ++k) {
            outIovs[k] = {answers[k].wire.data(), answers[k].wire.size()};
            outs[k] = {};
            outs[k].msg_hdr.msg_iov = &outIovs[k];
            outs[k].msg_hdr.msg_iovlen = 1;
            outs[k].msg_hdr.msg_name = &answers[k].client;
            outs[k].msg_hdr.msg_namelen = sizeof answers[k].client;
        }
        if (count > 0) (void)::sendmmsg(m_udp.get(), outs, static_cast<unsigned>(count), 0);
    }
}

// TCP connections and the upstream's answers, on a poll loop of their own.
void Server::run() {
    common::nameThisThread("dns");
    KeptAnswers kept(m_options.answers, m_names, m_counters);
    std::vector<Conn> conns;
    char buf[65536];
    std::vector<pollfd> fds;
    while (true) {
        fds.assign(
            {{m_wake.get(), POLLIN, 0}, {m_tcp.get(), POLLIN, 0}, {m_upstream.get(), POLLIN, 0}});
        for (const auto& c : conns) fds.push_back({c.fd.get(), POLLIN, 0});
        const size_t polled = conns.size();
        if (::poll(fds.data(), fds.size(), 500) < 0 && errno != EINTR) {
            LOOM_LOG(Error, kLog) << "poll: " << std::strerror(errno);
            return;
        }
        if (fds[0].revents) return;
        const auto now = Clock::now();
        if (fds[1].revents & POLLIN) {
            UniqueFd c(::accept4(m_tcp.get(), nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC));
            if (c.valid() && conns.size() < kMaxTcp) {
                conns.push_back({std::move(c), {}, now + std::chrono::seconds(10)});
            }
        }
        if (fds[2].revents & POLLIN) {
            for (int i = 0; i < 64; ++i) {
                sockaddr_in from{};
                socklen_t len = sizeof from;
                ssize_t n = ::recvfrom(m_upstream.get(), buf, sizeof buf, 0,
                                       reinterpret_cast<sockaddr*>(&from), &len);
                if (n < 0) break;
                if (n < 12 || !m_upstreamAddress ||
                    from.sin_addr.s_addr != m_upstreamAddress->sin_addr.s_addr ||
                    from.sin_port != m_upstreamAddress->sin_port) {
                    continue;  // not from the upstream asked
                }
                uint16_t id = static_cast<uint16_t>(static_cast<uint8_t>(buf[0]) << 8 |
                                                    static_cast<uint8_t>(buf[1]));
                Pending p;
                {
                    std::lock_guard lock(m_pendingMutex);
                    auto it = m_pending.find(id);
                    if (it == m_pending.end()) continue;
                    p = it->second;
                    m_pending.erase(it);
                }
                buf[0] = static_cast<char>(p.id >> 8);
                buf[1] = static_cast<char>(p.id);
                if (p.tcp < 0) {
                    ::sendto(m_udp.get(), buf, static_cast<size_t>(n), 0,
                             reinterpret_cast<const sockaddr*>(&p.client), sizeof p.client);
                } else {
                    for (const auto& c : conns) {
                        if (c.fd.get() != p.tcp) continue;
                        uint8_t l[2] = {static_cast<uint8_t>(n >> 8), static_cast<uint8_t>(n)};
                        std::string out(reinterpret_cast<char*>(l), 2);
                        out.append(buf, static_cast<size_t>(n));
                        (void)!::send(c.fd.get(), out.data(), out.size(), MSG_NOSIGNAL);
                    }
                }
            }
        }
        // The connections polled (one accepted above is polled from the next round on).
        for (size_t k = 0; k < polled; ++k) {
            if (!(fds[3 + k].revents & (POLLIN | POLLHUP | POLLERR))) continue;
            Conn& c = conns[k];
            ssize_t n = ::recv(c.fd.get(), buf, sizeof buf, 0);
            if (n < 0 && (errno == EAGAIN || errno == EINTR)) continue;
            if (n <= 0) {
                c.until = now;  // closed: dropped below
                continue;
            }
            c.in.append(buf, static_cast<size_t>(n));
            c.until = now + std::chrono::seconds(10);
            while (c.in.size() >= 2) {
                size_t len = static_cast<uint8_t>(c.in[0]) << 8 | static_cast<uint8_t>(c.in[1]);
                if (c.in.size() < 2 + len) break;
                if (len < 12) {
                    ++m_counters.malformed;
                } else {
                    std::string_view query = std::string_view(c.in).substr(2, len);
                    const Decision& d = kept.decide(query, true);
                    if (d.kind == Decision::Kind::Forward) {
                        forward(query, nullptr, c.fd.get());
                    } else if (d.kind == Decision::Kind::Answer) {
                        uint8_t l[2] = {static_cast<uint8_t>(d.wire.size() >> 8),
                                        static_cast<uint8_t>(d.wire.size())};
                        std::string out(reinterpret_cast<char*>(l), 2);
                        out += d.wire;
                        out[2] = query[0];
                        out[3] = query[1];
                        (void)!::send(c.fd.get(), out.data(), out.size(), MSG_NOSIGNAL);
                    }
                }
                c.in.erase(0, 2 + len);
            }
        }
        {
            // A forwarded query of a connection that closed is forgotten with it: its
            // descriptor may be a new client's by the time the upstream answers.
            std::lock_guard lock(m_pendingMutex);
            for (const auto& c : conns) {
                if (c.until > now) continue;
                std::erase_if(m_pending, [&](const auto& p) { return p.second.tcp == c.fd.get(); });
            }
            std::erase_if(m_pending, [&](const auto& p) { return p.second.until <= now; });
        }
        std::erase_if(conns, [&](const Conn& c) { return c.until <= now; });
    }
}

}  // namespace loom::engine::dns
