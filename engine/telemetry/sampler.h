#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>

#include "engine/model/naming.h"
#include "engine/netlink/stats_ops.h"
#include "engine/reconcile/planner.h"
#include "engine/store/store.h"
#include "engine/telemetry/hub.h"
#include "engine/telemetry/rates.h"
#include "loom/v1/loom.pb.h"

namespace loom::engine::telemetry {

using SamplePtr = std::shared_ptr<const v1::StatsSample>;

// The sampler's newest sample and its subscribers.
class StatsHub : public Hub<v1::StatsSample> {};

// Reads the 64-bit counters of every interface this engine owns once per interval (one
// RTM_GETSTATS dump per namespace) and publishes their rates: per endpoint (its veth), per
// network (its vxlan device on this host) and for the host (the underlay device).
class Sampler {
public:
    struct Identity {
        std::string hostId, hostName;
        std::string underlayDevice;
    };
    Sampler(std::chrono::milliseconds interval, store::Store& store, model::Naming naming,
            Identity self, StatsHub& hub);
    ~Sampler();
    common::Status start();
    void stop();

    // One sample now; the thread calls it every interval. Not for use while started.
    SamplePtr sampleOnce();

private:
    void run();
    void refreshInventory();
    void refreshEndpoints();

    std::chrono::milliseconds m_interval;
    store::Store& m_store;
    model::Naming m_naming;
    Identity m_self;
    StatsHub& m_hub;
    std::unique_ptr<netlink::StatsReader> m_reader;
    RateTracker m_rates;

    struct Owner {
        v1::StatsTarget::Kind kind;
        std::string id, name, networkName;
    };
    struct NetworkInfo {
        std::string name, sandbox;
        uint64_t slot = 0;                              // high half of its interfaces' rate keys
        std::unordered_map<int, const Owner*> byIndex;  // ifindex -> endpoint, as met
    };
    std::map<std::string, NetworkInfo> m_networks;   // id -> network
    std::unordered_map<std::string, Owner> m_veths;  // host veth -> endpoint
    std::map<std::string, uint64_t> m_slots;         // network id -> slot, stable
    uint64_t m_nextSlot = 1;                         // 0: the host namespace
    uint64_t m_generation = ~uint64_t{0};            // of the store, when the inventory was read

    std::mutex m_mutex;
    std::condition_variable m_cv;
    bool m_stopping = false;
    std::thread m_thread;
};

}  // namespace loom::engine::telemetry
