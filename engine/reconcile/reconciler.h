#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "engine/model/naming.h"
#include "engine/reconcile/kernel.h"
#include "engine/reconcile/planner.h"
#include "engine/reconcile/state_source.h"
#include "engine/reconcile/status_board.h"

namespace loom::engine::reconcile {

// The one strand that changes the kernel. Callers mark objects dirty; the strand coalesces
// marks into passes: observe, plan, record ownership, apply, write status, call back.
class Reconciler {
public:
    using Done = std::function<void(const Status&)>;
    using Clock = std::chrono::steady_clock;

    struct Options {
        std::chrono::milliseconds resyncInterval{30000};
        std::chrono::milliseconds linkEventDelay{150};  // coalesces bursts of link events
        std::chrono::milliseconds maxBackoff{30000};
        // Clustered: a network's sandbox exists only while this host has an endpoint on it,
        // and its FDB and neighbour entries follow the peer source.
        bool onDemand = false;
    };

    Reconciler(Kernel& kernel, StateSource& source, StatusBoard& board, model::Naming naming,
               Underlay underlay, Options options);
    ~Reconciler();

    // Starts the strand; its first pass is a full one.
    // Fails only when the strand cannot be woken (no eventfd): nothing has started then.
    common::Status start();
    void stop();

    // Before start(): where remote endpoints come from (clustered).
    void setPeerSource(PeerSource* peers) { m_peers = peers; }
    // Before start(): told when sandboxes come and go (state_source.h), in this order.
    void addSandboxHooks(SandboxHooks* hooks) { m_hooks.push_back(hooks); }

    void markNetwork(const std::string& id, Done done = {});
    // The remote endpoints of these networks changed.
    void markPeers(const std::vector<std::string>& networkIds);
    void markEndpoints(const std::vector<std::string>& ids, Done done);
    void requestFullPass(Done done = {});

private:
    struct Retry {
        Clock::time_point when;
        int attempt = 0;
    };
    struct Batch {
        std::set<std::string> networks;
        std::set<std::string> endpoints;
        std::set<std::string> peers;
        bool full = false;
        std::vector<std::pair<std::set<std::string>, Done>> waiters;  // keys -> callback
    };

    void run();
    void wake();
    void pollOnce(Clock::time_point deadline);
    void runBatch(Batch& batch);
    void fullPass(Batch& batch, std::map<std::string, Status>& results);

    // Build: make wanted networks (and remove deleted ones); Remove: take down the sandboxes of
    // networks without local endpoints (onDemand). Both return per-object results in `results`.
    enum class NetworkPass { Build, Remove };
    void reconcileNetworks(const std::vector<std::string>& ids,
                           std::map<std::string, Status>& results, NetworkPass pass);
    // The permanent br0 entries of each built network's local endpoints (planBridgeNeighbours).
    void reconcileBridgeNeighbours(const std::vector<std::string>& ids,
                                   std::map<std::string, Status>& results);
    void reconcilePeers(const std::vector<std::string>& ids,
                        std::map<std::string, Status>& results);
    std::vector<std::string> networksOf(const std::set<std::string>& endpointIds);
    void reconcileEndpoints(const std::vector<std::string>& ids,
                            std::map<std::string, Status>& results);
    Status applyAll(const std::vector<Action>& actions);
    void removeOrphans(const std::vector<OwnedObject>& orphans,
                       std::map<std::string, Status>& results);

    void settle(ObjectKind kind, const std::string& id, const Status& status);
    // Backoff from 0.5 s, doubling up to maxBackoff, for the object under `key`.
    void scheduleRetry(const std::string& key, const Status& why);
    void watchSandbox(const std::string& networkId, const std::string& sandbox);
    void unwatchSandbox(const std::string& sandbox);
    void handleLinkEvents(int fd);

    Kernel& m_kernel;
    StateSource& m_source;
    StatusBoard& m_board;
    model::Naming m_naming;
    Underlay m_underlay;
    Options m_options;
    PeerSource* m_peers = nullptr;
    std::vector<SandboxHooks*> m_hooks;

    // Shared with callers.
    mutable std::mutex m_mutex;
    Batch m_pending;
    bool m_stopping = false;
    int m_wakeFd = -1;

    // Strand-only state.
    std::thread m_thread;
    std::map<std::string, Retry> m_retries;              // "n:<id>" / "e:<id>" / "p:<id>"
    std::map<std::string, Clock::time_point> m_delayed;  // link-event marks, same keys
    Clock::time_point m_nextFull;
    struct Watch {
        int fd;
        std::string networkId;
    };
    std::map<std::string, Watch> m_watches;          // sandbox path -> watch
    std::map<std::string, std::string> m_vethOwner;  // host veth -> endpoint id
    int m_wakeError = 0;
    std::map<std::string, bool> m_linkUp;  // "<network id>/<link>" -> last seen up
    std::set<std::string> m_built;         // networks whose sandbox is up
};

}  // namespace loom::engine::reconcile
