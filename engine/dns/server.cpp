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

struct Pending {
    uint16_t id = 0;       // the client's
    sockaddr_in client{};  // a UDP client
    int tcp = -1;          // or a TCP connection
    Clock::time_point until;
};

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
    s->m_thread = std::thread([raw = s.get()] { raw->run(); });
    return s;
}

Server::~Server() {
    uint64_t one = 1;
    if (m_wake.valid()) (void)!::write(m_wake.get(), &one, sizeof one);
    if (m_thread.joinable()) m_thread.join();
}

void Server::run() {
    common::nameThisThread("dns");
    const auto upstream = upstreamOf(m_options.upstreams);
    std::map<uint16_t, Pending> pending;
    std::vector<Conn> conns;
    uint16_t nextId = static_cast<uint16_t>(Clock::now().time_since_epoch().count());
    char buf[65536];
    constexpr size_t kBatch = 32, kUdpMax = 4096;
    std::vector<char> udpIn(kBatch * kUdpMax);
    mmsghdr msgs[kBatch];
    iovec iovs[kBatch];
    sockaddr_in froms[kBatch];

    // What decide() said about a query, by its bytes after the id (and the transport, which
    // bounds an answer's size): the answer ldns built, sent again with the new query's id, and
    // the counter it moved. Dropped whenever the names' version moves, and when full.
    struct Known {
        Decision decision;
        std::atomic<uint64_t>* counter = nullptr;
    };
    std::unordered_map<std::string, Known> known;
    uint64_t knownVersion = 0;
    constexpr size_t kMaxKnown = 4096;
    auto decideOnce = [&](std::string_view query, bool overTcp) -> Decision {
        if (!m_names.version) {
            return decide(query, m_options.answers, m_names, overTcp ? 65535 : 512, m_counters);
        }
        const uint64_t version = m_names.version();
        if (version != knownVersion || known.size() >= kMaxKnown) {
            known.clear();
            knownVersion = version;
        }
        std::string key(1, overTcp ? 't' : 'u');
        key.append(query.substr(2));
        if (auto it = known.find(key); it != known.end()) {
            if (it->second.counter) ++*it->second.counter;
            Decision d = it->second.decision;
            if (d.kind == Decision::Kind::Answer) {
                d.wire[0] = query[0];
                d.wire[1] = query[1];
            }
            return d;
        }
        const uint64_t before[4] = {m_counters.answered, m_counters.forwarded, m_counters.refused,
                                    m_counters.malformed};
        Decision d = decide(query, m_options.answers, m_names, overTcp ? 65535 : 512, m_counters);
        std::atomic<uint64_t>* all[4] = {&m_counters.answered, &m_counters.forwarded,
                                         &m_counters.refused, &m_counters.malformed};
        Known k{d, nullptr};
        for (int i = 0; i < 4; ++i) {
            if (*all[i] != before[i]) k.counter = all[i];
        }
        known.emplace(std::move(key), std::move(k));
        return d;
    };

    // An answer or a forward for one query from a UDP client or a TCP connection.
    // UDP answers go out together (sendmmsg) once a batch of queries is read.
    struct Out {
        std::string wire;
        sockaddr_in client;
    };
    std::vector<Out> answers;
    auto handle = [&](std::string_view query, const sockaddr_in* client, int tcp) {
        Decision d = decideOnce(query, tcp >= 0);
        if (d.kind == Decision::Kind::Answer) {
            if (client) {
                answers.push_back({std::move(d.wire), *client});
            } else {
                uint8_t len[2] = {static_cast<uint8_t>(d.wire.size() >> 8),
                                  static_cast<uint8_t>(d.wire.size())};
                std::string out(reinterpret_cast<char*>(len), 2);
                out += d.wire;
                (void)!::send(tcp, out.data(), out.size(), MSG_NOSIGNAL);
            }
        } else if (d.kind == Decision::Kind::Forward) {
            if (!upstream) {
                ++m_counters.refused;
                return;
            }
            Pending p;
            p.id = static_cast<uint16_t>(static_cast<uint8_t>(query[0]) << 8 |
                                         static_cast<uint8_t>(query[1]));
            if (client) p.client = *client;
            p.tcp = tcp;
            p.until = Clock::now() + std::chrono::seconds(3);
            uint16_t id = nextId++;
            pending[id] = p;
            std::string out(query);
            out[0] = static_cast<char>(id >> 8);
            out[1] = static_cast<char>(id);
            ::sendto(m_upstream.get(), out.data(), out.size(), 0,
                     reinterpret_cast<const sockaddr*>(&*upstream), sizeof *upstream);
        }
    };

    while (true) {
        std::vector<pollfd> fds = {{m_wake.get(), POLLIN, 0},
                                   {m_udp.get(), POLLIN, 0},
                                   {m_tcp.get(), POLLIN, 0},
                                   {m_upstream.get(), POLLIN, 0}};
        for (const auto& c : conns) fds.push_back({c.fd.get(), POLLIN, 0});
        if (::poll(fds.data(), fds.size(), 500) < 0 && errno != EINTR) {
            LOOM_LOG(Error, kLog) << "poll: " << std::strerror(errno);
            return;
        }
        if (fds[0].revents) return;
        const auto now = Clock::now();
        if (fds[1].revents & POLLIN) {
            // Up to kBatch queries per system call, and their answers in one.
            for (int round = 0; round < 4; ++round) {
                for (size_t i = 0; i < kBatch; ++i) {
                    iovs[i] = {udpIn.data() + i * kUdpMax, kUdpMax};
                    msgs[i] = {};
                    msgs[i].msg_hdr.msg_iov = &iovs[i];
                    msgs[i].msg_hdr.msg_iovlen = 1;
                    msgs[i].msg_hdr.msg_name = &froms[i];
                    msgs[i].msg_hdr.msg_namelen = sizeof froms[i];
                }
                int got = ::recvmmsg(m_udp.get(), msgs, kBatch, MSG_DONTWAIT, nullptr);
                if (got <= 0) break;
                for (int i = 0; i < got; ++i) {
                    const size_t n = msgs[i].msg_len;
                    if (n >= 12 && !(msgs[i].msg_hdr.msg_flags & MSG_TRUNC)) {
                        handle(std::string_view(udpIn.data() + i * kUdpMax, n), &froms[i], -1);
                    } else {
                        ++m_counters.malformed;  // shorter than a header, or too long
                    }
                }
                for (size_t i = 0; i < answers.size(); i += kBatch) {
                    const size_t count = std::min(kBatch, answers.size() - i);
                    for (size_t k = 0; k < count; ++k) {
                        Out& o = answers[i + k];
                        iovs[k] = {o.wire.data(), o.wire.size()};
                        msgs[k] = {};
                        msgs[k].msg_hdr.msg_iov = &iovs[k];
                        msgs[k].msg_hdr.msg_iovlen = 1;
                        msgs[k].msg_hdr.msg_name = &o.client;
                        msgs[k].msg_hdr.msg_namelen = sizeof o.client;
                    }
                    (void)::sendmmsg(m_udp.get(), msgs, static_cast<unsigned>(count), 0);
                }
                answers.clear();
                if (static_cast<size_t>(got) < kBatch) break;
            }
        }
        if (fds[2].revents & POLLIN) {
            UniqueFd c(::accept4(m_tcp.get(), nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC));
            if (c.valid() && conns.size() < kMaxTcp) {
                conns.push_back({std::move(c), {}, now + std::chrono::seconds(10)});
            }
        }
        if (fds[3].revents & POLLIN) {
            for (int i = 0; i < 64; ++i) {
                sockaddr_in from{};
                socklen_t len = sizeof from;
                ssize_t n = ::recvfrom(m_upstream.get(), buf, sizeof buf, 0,
                                       reinterpret_cast<sockaddr*>(&from), &len);
                if (n < 0) break;
                if (n < 12 || !upstream || from.sin_addr.s_addr != upstream->sin_addr.s_addr ||
                    from.sin_port != upstream->sin_port) {
                    continue;  // not from the upstream asked
                }
                uint16_t id = static_cast<uint16_t>(static_cast<uint8_t>(buf[0]) << 8 |
                                                    static_cast<uint8_t>(buf[1]));
                auto it = pending.find(id);
                if (it == pending.end()) continue;
                buf[0] = static_cast<char>(it->second.id >> 8);
                buf[1] = static_cast<char>(it->second.id);
                if (it->second.tcp < 0) {
                    ::sendto(m_udp.get(), buf, static_cast<size_t>(n), 0,
                             reinterpret_cast<const sockaddr*>(&it->second.client),
                             sizeof it->second.client);
                } else {
                    for (const auto& c : conns) {
                        if (c.fd.get() != it->second.tcp) continue;
                        uint8_t l[2] = {static_cast<uint8_t>(n >> 8), static_cast<uint8_t>(n)};
                        std::string out(reinterpret_cast<char*>(l), 2);
                        out.append(buf, static_cast<size_t>(n));
                        (void)!::send(c.fd.get(), out.data(), out.size(), MSG_NOSIGNAL);
                    }
                }
                pending.erase(it);
            }
        }
        for (size_t k = 0; k < conns.size(); ++k) {
            if (!(fds[4 + k].revents & (POLLIN | POLLHUP | POLLERR))) continue;
            Conn& c = conns[k];
            ssize_t n = ::recv(c.fd.get(), buf, sizeof buf, 0);
            if (n <= 0) {
                c.until = now;  // closed: dropped below
                continue;
            }
            c.in.append(buf, static_cast<size_t>(n));
            c.until = now + std::chrono::seconds(10);
            while (c.in.size() >= 2) {
                size_t len = static_cast<uint8_t>(c.in[0]) << 8 | static_cast<uint8_t>(c.in[1]);
                if (c.in.size() < 2 + len) break;
                if (len >= 12) {
                    handle(std::string_view(c.in).substr(2, len), nullptr, c.fd.get());
                } else {
                    ++m_counters.malformed;
                }
                c.in.erase(0, 2 + len);
            }
        }
        // A forwarded query of a connection that closed is forgotten with it: its descriptor
        // may be a new client's by the time the upstream answers.
        for (const auto& c : conns) {
            if (c.until > now) continue;
            std::erase_if(pending, [&](const auto& p) { return p.second.tcp == c.fd.get(); });
        }
        std::erase_if(conns, [&](const Conn& c) { return c.until <= now; });
        std::erase_if(pending, [&](const auto& p) { return p.second.until <= now; });
    }
}

}  // namespace loom::engine::dns
