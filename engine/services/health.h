#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
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

// The health of this host's backends: once a second, a TCP connect from this host's own address
// on the network (inside the network's sandbox, as the clients' traffic comes) to each TCP port
// of the backend's service. A backend is taken out after `fall` checks in a row with a port that
// did not answer, and put back after `rise` checks in a row where every port did. While a
// verdict is pending (a backend in that failed, or one out that answered) it is checked twice as
// often, so a stopped server is out within 1 + (fall - 1) / 2 intervals (2 s), not fall (3 s).
// A new backend starts in; a service with no TCP port (every port, or UDP only) has nothing to
// check, so its backends stay in. One thread, one epoll; the connects of a round run together.
namespace loom::engine::services {

struct HealthTarget {
    std::string endpointId, endpointName, networkId, serviceId, serviceName;
    std::string sandbox;                // the namespace to connect from
    std::optional<model::Ipv4> source;  // this host's address on the network
    model::Ipv4 ip;
    std::vector<uint16_t> ports;  // TCP ports to connect to
    bool operator==(const HealthTarget&) const = default;
};

struct BackendHealth {
    bool healthy = true;
    std::string message;  // why not, when not: the last failed connect
    int64_t sinceUnixMs = 0;
};

class HealthChecker {
public:
    struct Options {
        std::chrono::milliseconds interval{1000};
        std::chrono::milliseconds timeout{800};  // a connect not done by then failed
        int fall = 3;
        int rise = 2;
    };
    // This host's backends now; called once per round, on the checker's thread.
    using Inventory = std::function<std::vector<HealthTarget>()>;
    // A backend went out or came back (or, out, stopped being checked: reported back in).
    // Called on the checker's thread, with no lock held.
    using Changed = std::function<void(const HealthTarget&, const BackendHealth&)>;

    HealthChecker(Options options, Inventory inventory, Changed changed);
    ~HealthChecker();
    common::Status start();
    void stop();

    // A local backend's state; nullopt when it is not (yet) checked.
    std::optional<BackendHealth> health(const std::string& endpointId) const;

private:
    struct State {
        HealthTarget target;
        BackendHealth health;
        int failures = 0, successes = 0;
        std::chrono::steady_clock::time_point due;  // its next check
    };
    void run();
    // One round: a result per target (empty: every port answered).
    std::map<std::string, std::string> checkAll(const std::vector<HealthTarget>& targets);

    Options m_options;
    Inventory m_inventory;
    Changed m_changed;
    common::UniqueFd m_home;

    mutable std::mutex m_mutex;
    std::condition_variable m_cv;
    bool m_stopping = false;
    std::map<std::string, State> m_states;  // endpoint id -> state
    std::thread m_thread;
};

}  // namespace loom::engine::services
