#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "engine/cluster/block_allocator.h"
#include "engine/cluster/etcd_client.h"
#include "engine/cluster/records.h"
#include "engine/cluster/view.h"
#include "engine/common/serial_worker.h"
#include "engine/reconcile/reconciler.h"
#include "engine/store/store.h"

namespace loom::engine::cluster {

// This engine's membership in a cluster: the host lease and its keepalive, the range read and
// watch that keep the view current, the re-publishing of this host's endpoints after a lost
// lease, and the cluster-wide writes (network and address allocation by etcd transactions).
class Agent : public reconcile::PeerSource {
public:
    struct Options {
        EtcdOptions etcd;
        std::chrono::seconds leaseTtl{10};
    };
    // Networks as etcd has them, handed to the API layer to mirror into the store. `full`: the
    // list is complete (a fresh read), so a network missing from it is gone.
    using NetworksChanged = std::function<void(const std::vector<model::Network>& present,
                                               const std::vector<std::string>& removed, bool full)>;

    Agent(Options options, HostIdentity self, store::Store& store,
          reconcile::Reconciler& reconciler);
    ~Agent() override;

    // What other hosts did, as each watch event told it (for cluster-wide event streams);
    // called on the agent's thread, so it must not block. Set before start().
    using ClusterChanged = std::function<void(const ClusterView::Change&)>;
    void setListener(ClusterChanged listener) { m_listener = std::move(listener); }

    // Connects and starts the agent's threads; waits up to `initialSync` for the first read.
    Status start(NetworksChanged onNetworks, std::chrono::milliseconds initialSync);
    void stop();

    bool connected() const { return m_connected; }

    // Runs `job` on the agent's writer thread ("loom-etcd-w"), where every cluster write of this
    // engine happens, one after another: gRPC callbacks post their etcd work here instead of
    // waiting on the network, and no store lock is ever held across an etcd call. False once
    // the agent is stopping (the job is dropped).
    bool submit(std::function<void()> job);
    bool onWriter() const { return m_writer.onWorker(); }
    // Asks for this host's stale records (claims and endpoints the store does not have) to be
    // removed from etcd: after a rollback that could not reach etcd. Retried until it succeeds.
    void requestSweep() { m_sweepWanted = true; }
    // On the writer, after endpoints were stored: this host's address on each of `networks`
    // where it holds none yet, claimed now rather than after the next watch batch, and waited
    // for (at most `within`) until the view has it: a first endpoint's answer then names its
    // resolver (the host address), as every later one does.
    void claimHostAddresses(const std::set<std::string>& networks,
                            std::chrono::milliseconds within);

    // On the writer: claims one more address block of `network` for this host; false when
    // every block is owned (then an address is borrowed from anywhere in the subnet).
    Result<bool> claimBlock(const model::Network& network);
    // On the writer: releases this host's blocks of the networks that no local endpoint uses
    // any more (one empty block is kept while the host has endpoints on the network).
    void releaseEmptyBlocks(const std::set<std::string>& networkIds);
    const ClusterView& view() const { return m_view; }
    const std::string& etcdDescription() const;
    // The etcd URLs are https:// (etcd_client.cpp refuses a mix): what encrypted networks'
    // keys need to travel in.
    bool etcdOverTls() const {
        return !m_options.etcd.urls.empty() &&
               m_options.etcd.urls.front().rfind("https://", 0) == 0;
    }

    // Reads every network from etcd, lets `build` check and make the new one against them, and
    // writes it only if no network changed since the read (retried on a race).
    using NetworkBuilder =
        std::function<common::Result<model::Network>(const std::vector<model::Network>&)>;
    common::Result<model::Network> createNetwork(const NetworkBuilder& build);
    // On the writer: reads every network from etcd and mirrors them into the store now, not when
    // the watch brings them (a network just made on another host, asked for by name here).
    Status syncNetworks();
    // agent_services.cpp. Reads every service from etcd, lets `build` check and make the new
    // one against them (and pick its VIP from the view's claims), and writes it with its VIP's
    // claim only if no service changed since the read and the VIP is free (retried on a race).
    using ServiceBuilder = std::function<common::Result<model::Service>(
        const std::vector<model::Service>& existing, int attempt)>;
    common::Result<model::Service> createService(const ServiceBuilder& build);
    // The service and its VIP's claim.
    Status deleteService(const model::Service& service);
    // agent_health.cpp. Any thread: this host's health check took one of its backends out of its
    // service's set (`out` says why) or put it back (nullopt). Written on the writer on this
    // host's lease, and again after a rejoin; a dead host's go with its lease.
    void setBackendHealth(const std::string& networkId, const std::string& endpointId,
                          std::optional<v1::ServiceBackend> out);
    // Without force, refused while any host has an endpoint on it.
    Status deleteNetwork(const model::Network& network, bool force);
    // On the writer: a network's record rewritten (its MTU and labels changed in place); NOT_FOUND
    // when it left the cluster meanwhile. Every host mirrors it from the watch.
    Status updateNetwork(const model::Network& network);
    // On the writer: this host's endpoint's record rewritten (its labels changed in place).
    Status republishEndpoint(const model::Endpoint& endpoint);

    // Claims each endpoint's address (created only if absent) and publishes the endpoint on
    // this host's lease, all or nothing. A lost race on an address returns ABORTED, with the
    // view's claims refreshed so a retry picks free ones; `conflicts` gets the addresses.
    Status publishEndpoints(const std::vector<model::Endpoint>& endpoints,
                            std::vector<uint32_t>* conflicts = nullptr);
    Status unpublishEndpoints(const std::vector<model::Endpoint>& endpoints);
    // Forgets a host that is not alive (its lease gone) and releases its address claims;
    // `released` gets how many. Refused for a live host and for this one.
    Status removeHost(const std::string& idOrName, uint32_t* released);

    // agent_keys.cpp. Encrypted networks: told (on the watch thread; it must not block) when
    // keys, acks or remote endpoints changed, and after every fresh read. Set before start().
    void setKeysListener(std::function<void()> listener) { m_keysListener = std::move(listener); }
    // This host's key records and acks written and deleted in one transaction on its lease, on
    // the writer; dropped while etcd is away (the encryptor writes them again from the view).
    using Direction = ClusterView::Direction;
    void writeEspRecords(std::vector<v1::EspKeys> publish, std::vector<Direction> withdraw,
                         std::map<Direction, uint32_t> acks, std::vector<Direction> withdrawAcks);

    // reconcile::PeerSource
    std::optional<std::vector<reconcile::Peer>> peers(const std::string& networkId) override;
    std::optional<model::Ipv4> hostAddress(const std::string& networkId) override;

private:
    void run();
    void keepAliveLoop();
    // One connected period: lease, read, publish, watch. Returns when the watch ends.
    Status session();
    Status ensureLease();
    Status publishSelf();
    Status sweepAndRepublish();
    // On the writer: sweepAndRepublish, asked again on failure.
    void sweepOnWriter();
    Status republish(const std::vector<model::Endpoint>& endpoints);
    // agent_health.cpp: at (re)join, every backend this host holds out written on the new lease,
    // and this host's records of backends it no longer holds out removed.
    Status republishHealth();
    // On the watch thread: this engine's own service writes are reported by its API already.
    void dropOwnServiceWrites(ClusterView::Change& change);
    // agent_names.cpp: the refusal when another endpoint holds one of endpoints[first, last)'s
    // names; and at (re)join, a name claim for every local endpoint that has none, with every
    // name another endpoint holds reported (not renamed).
    Status nameTaken(const std::vector<model::Endpoint>& endpoints, size_t first, size_t last,
                     const std::map<std::string, model::Network>& networks) const;
    Status claimNames(const std::vector<model::Endpoint>& endpoints);
    // Claims this host's address on every network where it has endpoints and releases it where
    // it has none left; a lost race is settled by the next watch batch.
    Status ensureHostAddresses();
    void sleepFor(std::chrono::milliseconds d);
    Status refused(const char* what) const;

    Options m_options;
    HostIdentity m_self;
    store::Store& m_store;
    reconcile::Reconciler& m_reconciler;
    NetworksChanged m_onNetworks;
    ClusterChanged m_listener;
    std::function<void()> m_keysListener;
    std::unique_ptr<EtcdClient> m_client;
    ClusterView m_view;
    std::unique_ptr<BlockAllocator> m_blocks;
    common::SerialWorker m_writer{"loom-etcd-w"};
    std::atomic<bool> m_sweepWanted{false};

    std::atomic<bool> m_connected{false};
    std::atomic<int64_t> m_lease{0};
    std::atomic<bool> m_leaseLost{false};
    std::atomic<bool> m_reachedSync{false};

    std::mutex m_hostAddressMutex;
    std::mutex m_healthMutex;
    std::map<std::pair<std::string, std::string>, v1::ServiceBackend> m_unhealthy;  // net, ep
    std::mutex m_ownServicesMutex;
    std::set<std::string> m_ownServices;  // ids created or deleted here, until the watch shows it
    std::mutex m_mutex;
    std::condition_variable m_cv;
    bool m_stopping = false;
    bool m_firstSync = false;
    EtcdWatch* m_watch = nullptr;  // the current session's, for cancel() from other threads
    std::thread m_thread, m_keepalive;
};

}  // namespace loom::engine::cluster
