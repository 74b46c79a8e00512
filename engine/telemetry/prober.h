#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "engine/common/status.h"
#include "engine/common/unique_fd.h"
#include "engine/model/address.h"
#include "engine/telemetry/hub.h"
#include "loom/v1/loom.pb.h"

namespace loom::engine::telemetry {

// The prober's newest round and its subscribers.
class LatencyHub : public Hub<v1::LatencySample> {};

// The UDP port of the echo service in every sandbox (on the host's own address).
constexpr uint16_t kProbePort = 7471;

// What to probe on one network, as this host knows it.
struct ProbeNetwork {
    std::string id, name;
    std::string sandbox;                // the namespace to probe from
    std::optional<model::Ipv4> source;  // this host's own address on it (clustered)
    struct Target {
        std::string id, name;
        model::Ipv4 ip;
    };
    std::vector<Target> hosts;      // other hosts carrying the network, alive or not
    std::vector<Target> endpoints;  // this host's endpoints on it
};

// Latency over the overlay itself. In each sandbox it runs a UDP echo service on this host's
// address and, once per interval, sends a timestamped UDP probe to every other host's address
// on the network (answered by that host's engine, so a stopped engine shows as loss) and an
// ICMP echo to every local endpoint (answered by the endpoint's kernel). One thread, one epoll.
class Prober {
public:
    using Inventory = std::function<std::vector<ProbeNetwork>()>;
    struct Options {
        std::chrono::milliseconds interval{1000};
        std::chrono::milliseconds timeout{1000};  // unanswered this long: lost
        std::chrono::seconds window{60};          // percentiles, jitter and loss
        std::chrono::seconds recent{2};           // loss_recent
    };
    Prober(Options options, Inventory inventory, std::string hostId, std::string hostName,
           LatencyHub& hub);
    ~Prober();
    common::Status start();
    void stop();

private:
    struct Probe {
        int64_t sentNs = 0, decidedNs = 0;
        double rttMs = -1;  // < 0: lost
    };
    struct Target {
        v1::LatencyTarget::Kind kind{};
        std::string id, name;
        model::Ipv4 ip;
        std::deque<Probe> decided;
        double lastRttMs = -1;
    };
    struct Net {
        std::string name, sandbox;
        std::optional<model::Ipv4> source;
        common::UniqueFd udp, icmp;
        model::Ipv4 bound;  // the address udp is bound to
        bool warned = false;
        std::map<std::string, Target> targets;  // "h/<id>" or "e/<id>"
    };
    struct Pending {
        std::string net, target;
        int64_t sentNs = 0;
    };

    void run();
    void refresh();
    common::Status openSockets(const std::string& id, Net& net);
    void sendProbes(int64_t now);
    void onReadable(int fd, int64_t now);
    void answer(Net& net, int64_t now);
    void readIcmp(Net& net, int64_t now);
    void decide(uint32_t seq, int64_t now, bool answered);
    void expire(int64_t now);
    void publish(int64_t now);

    Options m_options;
    Inventory m_inventory;
    std::string m_hostId, m_hostName;
    LatencyHub& m_hub;
    uint64_t m_nonce = 0;  // marks this prober's probes
    uint16_t m_icmpId = 0;
    uint32_t m_seq = 0;
    common::UniqueFd m_home, m_epoll, m_wake;
    std::map<std::string, Net> m_nets;
    std::map<int, std::string> m_fdNet;  // socket -> network id
    std::map<uint32_t, Pending> m_pending;
    std::thread m_thread;
    std::atomic<bool> m_stopping{false};
};

}  // namespace loom::engine::telemetry
