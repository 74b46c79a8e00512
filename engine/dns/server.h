#pragma once

#include <netinet/in.h>

#include <atomic>
#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "engine/common/status.h"
#include "engine/common/unique_fd.h"
#include "engine/dns/message.h"

// A network's responder: UDP and TCP port 53 (or `port`) on one address inside the network's
// sandbox namespace, answering from `names` (message.h): UDP on a thread of its own, TCP and the
// upstream's answers on another. Names it does
// not own go to the upstream servers from the engine's own namespace (where they are
// reachable: a sandbox reaches only its overlay), with the query's id rewritten, and come back
// to the client with its own; an unanswered one is forgotten after 3 s.
namespace loom::engine::dns {

struct ServerOptions {
    std::string netnsPath;  // the sandbox; empty: the calling thread's namespace
    std::string address;    // to listen on, in it
    uint16_t port = 53;
    std::vector<std::string> upstreams;  // "ADDR" or "ADDR:PORT"; the first that parses is used
    Options answers;
};

class Server {
public:
    static common::Result<std::unique_ptr<Server>> start(ServerOptions options, Names names);
    ~Server();
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    const Counters& counters() const { return m_counters; }

private:
    Server(ServerOptions options, Names names)
        : m_options(std::move(options)), m_names(std::move(names)) {}
    void run();
    void runUdp();
    // A query the network does not own, to the upstream (any thread).
    void forward(std::string_view query, const sockaddr_in* client, int tcp);

    struct Pending {
        uint16_t id = 0;       // the client's
        sockaddr_in client{};  // a UDP client
        int tcp = -1;          // or a TCP connection
        std::chrono::steady_clock::time_point until;
    };

    ServerOptions m_options;
    Names m_names;
    Counters m_counters;
    common::UniqueFd m_udp, m_tcp, m_upstream, m_wake;
    std::optional<sockaddr_in> m_upstreamAddress;
    std::atomic<bool> m_stopping{false};
    std::mutex m_pendingMutex;
    std::map<uint16_t, Pending> m_pending;  // by the id sent upstream
    uint16_t m_nextId = 0;
    std::thread m_thread, m_udpThread;
};

}  // namespace loom::engine::dns
