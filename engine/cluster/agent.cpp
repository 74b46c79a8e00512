#include "engine/cluster/agent.h"

#include <algorithm>
#include <map>
#include <set>

#include "engine/cluster/keys.h"
#include "engine/common/log.h"
#include "engine/common/thread_name.h"
#include "engine/ipam/ipam.h"

namespace loom::engine::cluster {

namespace {
constexpr const char* kLog = "cluster";
// etcd refuses a transaction of more than 128 operations by default (--max-txn-ops).
constexpr size_t kChunk = 40;

std::vector<mvccpb::KeyValue> kvsOf(const etcdserverpb::RangeResponse& r) {
    return {r.kvs().begin(), r.kvs().end()};
}

// The networks a range read of keys::networks() returned (unreadable records left out).
std::vector<model::Network> networksIn(const etcdserverpb::RangeResponse& r) {
    std::vector<model::Network> out;
    for (const auto& kv : r.kvs()) {
        v1::Network record;
        if (!fromJson(kv.value(), &record)) continue;
        if (auto n = networkFromRecord(record)) out.push_back(*n);
    }
    return out;
}
}  // namespace

Agent::Agent(Options options, HostIdentity self, store::Store& store,
             reconcile::Reconciler& reconciler)
    : m_options(std::move(options)),
      m_self(std::move(self)),
      m_store(store),
      m_reconciler(reconciler),
      m_view(m_self.id) {}

Agent::~Agent() {
    stop();
}

const std::string& Agent::etcdDescription() const {
    static const std::string none;
    return m_client ? m_client->describe() : none;
}

Status Agent::start(NetworksChanged onNetworks, std::chrono::milliseconds initialSync) {
    auto client = EtcdClient::connect(m_options.etcd);
    if (!client) return client.status();
    m_client = std::move(*client);
    m_blocks = std::make_unique<BlockAllocator>(*m_client, m_view, m_self.id);
    m_onNetworks = std::move(onNetworks);
    m_thread = std::thread([this] {
        common::nameThisThread("loom-etcd");
        run();
    });
    m_keepalive = std::thread([this] {
        common::nameThisThread("loom-lease");
        keepAliveLoop();
    });
    std::unique_lock lock(m_mutex);
    if (!m_cv.wait_for(lock, initialSync, [this] { return m_firstSync || m_stopping; })) {
        LOOM_LOG(Warning, kLog) << "etcd at " << m_client->describe()
                                << " has not answered yet; running on local state, retrying";
    }
    return {};
}

void Agent::stop() {
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
        if (m_watch) m_watch->cancel();
    }
    m_cv.notify_all();
    if (m_thread.joinable()) m_thread.join();
    if (m_keepalive.joinable()) m_keepalive.join();
    m_writer.stop();
    // The lease is left to expire: an engine restarting within its TTL keeps its peers' entries.
}

bool Agent::submit(std::function<void()> job) {
    {
        std::lock_guard lock(m_mutex);
        if (m_stopping) return false;
    }
    return m_writer.post(std::move(job));
}

void Agent::sweepOnWriter() {
    if (Status s = sweepAndRepublish(); !s.isOk()) {
        LOOM_LOG(Warning, kLog) << "removing stale records from etcd: " << s.message()
                                << "; trying again";
        m_sweepWanted = true;
        return;
    }
    std::set<std::string> withBlocks;
    for (const auto& [net, first] : m_view.allBlocksOf(m_self.id)) withBlocks.insert(net);
    releaseEmptyBlocks(withBlocks);
}

Result<bool> Agent::claimBlock(const model::Network& network) {
    if (!m_connected || !m_blocks) return refused("creating an endpoint");
    return m_blocks->claim(network);
}

void Agent::releaseEmptyBlocks(const std::set<std::string>& networkIds) {
    if (!m_blocks) return;
    for (const auto& id : networkIds) {
        auto n = m_store.network(id);
        auto local = m_store.listEndpoints(id);
        if (!n || !local) continue;
        std::vector<uint32_t> used;
        for (const auto& e : *local) used.push_back(e.ip.value);
        if (!n->has_value()) continue;  // gone: its blocks went with it
        if (Status s = m_blocks->releaseEmpty(**n, used); !s.isOk()) {
            LOOM_LOG(Warning, kLog)
                << "network " << (*n)->name << ": releasing empty address blocks: " << s.message();
        }
    }
}

void Agent::sleepFor(std::chrono::milliseconds d) {
    std::unique_lock lock(m_mutex);
    m_cv.wait_for(lock, d, [this] { return m_stopping; });
}

Status Agent::refused(const char* what) const {
    return common::unavailable("etcd (" + etcdDescription() + ") is unreachable: " + what +
                               " is a cluster write and is refused until it is back (local "
                               "reads and the data plane keep working)");
}

void Agent::run() {
    auto backoff = std::chrono::milliseconds(200);
    bool warned = false;
    while (true) {
        {
            std::lock_guard lock(m_mutex);
            if (m_stopping) break;
        }
        Status s = session();
        m_connected = false;
        if (m_reachedSync.exchange(false)) warned = false;
        {
            std::lock_guard lock(m_mutex);
            if (m_stopping) break;
        }
        if (s.isOk()) {
            backoff = std::chrono::milliseconds(200);
            continue;
        }
        if (!warned) {
            LOOM_LOG(Warning, kLog) << s.message() << "; retrying";
            warned = true;
        }
        sleepFor(backoff);
        backoff = std::min<std::chrono::milliseconds>(backoff * 2, std::chrono::seconds(1));
    }
}

void Agent::keepAliveLoop() {
    auto period = std::chrono::milliseconds(m_options.leaseTtl) / 3;
    while (true) {
        sleepFor(period);
        {
            std::lock_guard lock(m_mutex);
            if (m_stopping) return;
        }
        int64_t lease = m_lease;
        if (lease == 0) continue;
        if (m_connected && m_sweepWanted.exchange(false)) {
            if (!submit([this] { sweepOnWriter(); })) return;
        }
        // Also the slow path of host addresses: a store commit that came after its watch event.
        if (m_connected) {
            if (Status s = ensureHostAddresses(); !s.isOk()) {
                LOOM_LOG(Debug, kLog) << "host addresses: " << s.message();
            }
        }
        auto ttl = m_client->keepAlive(lease);
        if (ttl && *ttl == 0) {
            LOOM_LOG(Warning, kLog) << "lease " << lease << " expired; joining again";
            m_leaseLost = true;
            std::lock_guard lock(m_mutex);
            if (m_watch) m_watch->cancel();
        }
    }
}

Status Agent::ensureLease() {
    int64_t lease = m_lease;
    if (lease != 0 && !m_leaseLost) {
        auto ttl = m_client->keepAlive(lease);
        if (!ttl) return ttl.status();
        if (*ttl > 0) return {};
    }
    auto granted = m_client->grantLease(m_options.leaseTtl.count());
    if (!granted) return granted.status();
    m_lease = *granted;
    m_leaseLost = false;
    return {};
}

Status Agent::publishSelf() {
    std::string record = toJson(hostRecord(m_self));
    etcdserverpb::TxnRequest t;
    *t.add_success() = opPut(keys::host(m_self.id), record, m_lease);
    *t.add_success() = opPut(keys::member(m_self.id), record);
    auto r = m_client->txn(t);
    return r ? Status{} : r.status();
}

Status Agent::session() {
    LOOM_RETURN_IF_ERROR(ensureLease());
    auto all = m_client->range(keys::kRoot, prefixEnd(keys::kRoot));
    if (!all) return all.status();
    int64_t revision = all->header().revision();
    m_view.reset(kvsOf(*all), revision);
    LOOM_RETURN_IF_ERROR(publishSelf());
    // On the writer, after any create in flight: it sees each claim with its row committed.
    // The republished endpoints are not in the view yet: claims follow their watch events.
    submit([this] { sweepOnWriter(); });

    std::vector<model::Network> present;
    for (const auto& r : m_view.networks()) {
        if (auto n = networkFromRecord(r)) present.push_back(*n);
    }
    if (m_onNetworks) m_onNetworks(present, {}, true);
    m_reconciler.requestFullPass();
    if (m_keysListener) m_keysListener();

    auto watch = m_client->watch(keys::kRoot, prefixEnd(keys::kRoot), revision + 1);
    if (!watch) return watch.status();
    {
        std::lock_guard lock(m_mutex);
        if (m_stopping) return {};
        m_watch = watch->get();
        m_firstSync = true;
    }
    m_cv.notify_all();
    m_connected = true;
    m_reachedSync = true;
    LOOM_LOG(Info, kLog) << "in sync with etcd " << m_client->describe() << " at revision "
                         << revision << ": " << m_view.hosts().size() << " host(s), "
                         << present.size() << " network(s)";
    if (Status s = ensureHostAddresses(); !s.isOk()) {
        LOOM_LOG(Warning, kLog) << "host addresses: " << s.message();
    }

    Status ended;
    while (true) {
        auto batch = (*watch)->next();
        if (!batch) {
            ended = batch.status();
            break;
        }
        if (batch->compacted) {
            LOOM_LOG(Warning, kLog) << "watch fell behind a compaction (revision "
                                    << batch->compactRevision << "): reading everything again";
            break;
        }
        std::set<std::string> peerNetworks;
        bool keys = false;
        std::vector<model::Network> put;
        std::vector<std::string> deleted;
        bool ownDeleted = false;
        for (const auto& ev : batch->events) {
            auto change = m_view.apply(ev);
            dropOwnServiceWrites(change);
            if (m_listener && change.any()) m_listener(change);
            peerNetworks.insert(change.peerNetworks.begin(), change.peerNetworks.end());
            keys = keys || !change.keyNetworks.empty();
            for (const auto& r : change.networksPut) {
                if (auto n = networkFromRecord(r)) put.push_back(*n);
            }
            deleted.insert(deleted.end(), change.networksDeleted.begin(),
                           change.networksDeleted.end());
            ownDeleted = ownDeleted || change.ownHostDeleted;
        }
        if (m_onNetworks && (!put.empty() || !deleted.empty())) m_onNetworks(put, deleted, false);
        m_reconciler.markPeers({peerNetworks.begin(), peerNetworks.end()});
        if (m_keysListener && (keys || !peerNetworks.empty())) m_keysListener();
        if (Status s = ensureHostAddresses(); !s.isOk()) {
            LOOM_LOG(Warning, kLog) << "host addresses: " << s.message();
        }
        if (ownDeleted || m_leaseLost) {
            LOOM_LOG(Warning, kLog) << "this host's lease is gone: joining again";
            m_leaseLost = true;
            break;
        }
    }
    m_connected = false;
    {
        std::lock_guard lock(m_mutex);
        m_watch = nullptr;
    }
    if (ended.code() == common::Code::Cancelled) return {};
    return ended;
}

Status Agent::sweepAndRepublish() {
    auto local = m_store.endpoints();
    if (!local) return local.status();
    std::set<std::string> localIds;
    for (const auto& e : *local) localIds.insert(e.id);

    // Records of this host that the store does not know: left by a crash between the etcd
    // write and the store's commit, or by a delete while etcd was away.
    etcdserverpb::TxnRequest sweep;
    for (const auto& e : m_view.endpoints()) {
        if (e.host_id() == m_self.id && !localIds.count(e.id())) {
            *sweep.add_success() = opDelete(keys::endpoint(e.network_id(), e.id()));
        }
    }
    for (const auto& c : m_view.claimsOf(m_self.id)) {
        if (!c.hostAddress && !localIds.count(c.endpointId)) {
            *sweep.add_success() = opDelete(keys::claim(c.networkId, model::Ipv4{c.ip}));
        }
    }
    for (const auto& n : m_view.namesOf(m_self.id)) {
        if (!localIds.count(n.endpointId)) {
            *sweep.add_success() = opDelete(keys::names(n.networkId) + n.name);
        }
    }
    if (sweep.success_size() > 0) {
        LOOM_LOG(Info, kLog) << "removing " << sweep.success_size()
                             << " stale record(s) of this host from etcd";
        auto r = m_client->txn(sweep);
        if (!r) return r.status();
    }

    // Networks of local endpoints that etcd lost: published again, so peers can find them.
    std::set<std::string> known;
    for (const auto& n : m_view.networks()) known.insert(n.id());
    std::set<std::string> needed;
    for (const auto& e : *local) needed.insert(e.networkId);
    for (const auto& id : needed) {
        if (known.count(id)) continue;
        auto n = m_store.network(id);
        if (!n || !n->has_value()) continue;
        LOOM_LOG(Warning, kLog) << "network " << (*n)->name
                                << " has local endpoints but is missing from etcd: publishing it";
        etcdserverpb::TxnRequest t;
        *t.add_compare() = compareAbsent(keys::network(id));
        *t.add_success() = opPut(keys::network(id), toJson(networkRecord(**n)));
        auto r = m_client->txn(t);
        if (!r) return r.status();
    }
    LOOM_RETURN_IF_ERROR(republish(*local));
    LOOM_RETURN_IF_ERROR(republishHealth());
    return claimNames(*local);
}

Status Agent::republish(const std::vector<model::Endpoint>& endpoints) {
    std::map<std::string, model::Network> networks;
    auto networkOf = [&](const std::string& id) -> const model::Network* {
        auto it = networks.find(id);
        if (it != networks.end()) return &it->second;
        auto n = m_store.network(id);
        if (!n || !n->has_value()) return nullptr;
        return &(networks[id] = **n);
    };
    for (size_t first = 0; first < endpoints.size(); first += kChunk) {
        size_t last = std::min(endpoints.size(), first + kChunk);
        // Usually every claim is still there (claims outlive leases): one transaction.
        etcdserverpb::TxnRequest t;
        for (size_t i = first; i < last; ++i) {
            const auto& e = endpoints[i];
            const model::Network* n = networkOf(e.networkId);
            if (!n) continue;
            *t.add_compare() =
                compareValue(keys::claim(e.networkId, e.ip), toJson(claimRecord(e, m_self)));
            *t.add_success() = opPut(keys::endpoint(e.networkId, e.id),
                                     toJson(endpointRecord(e, *n, m_self)), m_lease);
        }
        if (t.success_size() == 0) continue;
        auto r = m_client->txn(t);
        if (!r) return r.status();
        if (r->succeeded()) continue;
        // Some claims are missing (etcd lost them): claim and publish one at a time.
        for (size_t i = first; i < last; ++i) {
            const auto& e = endpoints[i];
            const model::Network* n = networkOf(e.networkId);
            if (!n) continue;
            std::string claimKey = keys::claim(e.networkId, e.ip);
            std::string claim = toJson(claimRecord(e, m_self));
            std::string record = toJson(endpointRecord(e, *n, m_self));
            etcdserverpb::TxnRequest one;
            *one.add_compare() = compareAbsent(claimKey);
            *one.add_success() = opPut(claimKey, claim);
            *one.add_success() = opPut(keys::endpoint(e.networkId, e.id), record, m_lease);
            *one.add_failure() = opRange(claimKey);
            auto r1 = m_client->txn(one);
            if (!r1) return r1.status();
            if (r1->succeeded()) continue;
            const auto& kvs = r1->responses(0).response_range().kvs();
            v1::AddressClaim holder;
            if (!kvs.empty() && fromJson(kvs[0].value(), &holder) && holder.endpoint_id() == e.id) {
                auto p = m_client->put(keys::endpoint(e.networkId, e.id), record, m_lease);
                if (!p) return p.status();
                continue;
            }
            LOOM_LOG(Error, kLog) << "endpoint " << e.name << ": address " << e.ip.toString()
                                  << " is claimed by endpoint " << holder.endpoint_id()
                                  << " of host " << holder.host_id()
                                  << "; not published (other hosts cannot reach it)";
        }
    }
    return {};
}

common::Result<model::Network> Agent::createNetwork(const NetworkBuilder& build) {
    if (!m_connected) return refused("creating a network");
    for (int attempt = 0; attempt < 10; ++attempt) {
        auto r = m_client->range(keys::networks(), prefixEnd(keys::networks()));
        if (!r) return r.status();
        auto n = build(networksIn(*r));
        if (!n) return n.status();
        etcdserverpb::TxnRequest t;
        *t.add_compare() = compareUnchangedSince(keys::networks(), prefixEnd(keys::networks()),
                                                 r->header().revision());
        *t.add_success() = opPut(keys::network(n->id), toJson(networkRecord(*n)));
        auto done = m_client->txn(t);
        if (!done) return done.status();
        if (done->succeeded()) return n;
    }
    return Status(common::Code::Aborted,
                  "networks kept changing in the cluster while this one was created; try again");
}

Status Agent::syncNetworks() {
    if (!m_connected) return refused("reading networks");
    auto r = m_client->range(keys::networks(), prefixEnd(keys::networks()));
    if (!r) return r.status();
    if (m_onNetworks) m_onNetworks(networksIn(*r), {}, false);
    return {};
}

Status Agent::deleteNetwork(const model::Network& network, bool force) {
    if (!m_connected) return refused("deleting a network");
    std::string eps = keys::endpoints(network.id);
    etcdserverpb::TxnRequest t;
    if (!force) *t.add_compare() = compareEmpty(eps, prefixEnd(eps));
    *t.add_success() = opDelete(keys::network(network.id));
    *t.add_success() = opDelete(keys::claims(network.id), prefixEnd(keys::claims(network.id)));
    *t.add_success() = opDelete(keys::blocks(network.id), prefixEnd(keys::blocks(network.id)));
    *t.add_success() = opDelete(keys::names(network.id), prefixEnd(keys::names(network.id)));
    for (const auto& s : m_view.services(network.id)) {
        *t.add_success() = opDelete(keys::service(s.id()));
    }
    *t.add_success() = opDelete(eps, prefixEnd(eps));
    *t.add_failure() = opRange(eps, prefixEnd(eps));
    auto r = m_client->txn(t);
    if (!r) return r.status();
    if (r->succeeded()) return {};
    std::set<std::string> hosts;
    int count = 0;
    for (const auto& kv : r->responses(0).response_range().kvs()) {
        v1::Endpoint e;
        if (fromJson(kv.value(), &e)) hosts.insert(e.host_name());
        ++count;
    }
    std::string on;
    for (const auto& h : hosts) on += (on.empty() ? "" : ", ") + h;
    return common::failedPrecondition("network \"" + network.name + "\" still has " +
                                      std::to_string(count) + " endpoint(s) in the cluster (on " +
                                      on + "); delete them first or use force");
}

Status Agent::publishEndpoints(const std::vector<model::Endpoint>& endpoints,
                               std::vector<uint32_t>* conflicts) {
    if (!m_connected || m_lease == 0) return refused("creating an endpoint");
    std::map<std::string, model::Network> networks;
    for (const auto& e : endpoints) {
        if (networks.count(e.networkId)) continue;
        auto n = m_store.network(e.networkId);
        if (!n) return n.status();
        if (!n->has_value()) return common::notFound("network " + e.networkId + " is gone");
        networks[e.networkId] = **n;
    }
    int64_t lease = m_lease;
    std::vector<model::Endpoint> published;
    Status outcome;
    for (size_t first = 0; first < endpoints.size() && outcome.isOk(); first += kChunk) {
        size_t last = std::min(endpoints.size(), first + kChunk);
        etcdserverpb::TxnRequest t;
        std::set<std::string> nets;
        for (size_t i = first; i < last; ++i) {
            const auto& e = endpoints[i];
            std::string claimKey = keys::claim(e.networkId, e.ip);
            std::string nameKey = keys::name(e.networkId, e.name);
            *t.add_compare() = compareAbsent(claimKey);
            *t.add_compare() = compareAbsent(nameKey);
            *t.add_success() = opPut(claimKey, toJson(claimRecord(e, m_self)));
            *t.add_success() = opPut(nameKey, toJson(claimRecord(e, m_self)));
            *t.add_success() =
                opPut(keys::endpoint(e.networkId, e.id),
                      toJson(endpointRecord(e, networks[e.networkId], m_self)), lease);
            nets.insert(e.networkId);
        }
        std::vector<std::string> order(nets.begin(), nets.end());
        for (const auto& net : order) {
            *t.add_failure() = opRange(keys::claims(net), prefixEnd(keys::claims(net)));
        }
        for (const auto& net : order) {
            *t.add_failure() = opRange(keys::names(net), prefixEnd(keys::names(net)));
        }
        auto r = m_client->txn(t);
        if (!r) {
            outcome = r.status();
            break;
        }
        if (r->succeeded()) {
            published.insert(published.end(), endpoints.begin() + first, endpoints.begin() + last);
            continue;
        }
        for (size_t k = 0; k < order.size() && k < static_cast<size_t>(r->responses_size()); ++k) {
            const auto& kvs = r->responses(k).response_range().kvs();
            m_view.replaceClaims(order[k], {kvs.begin(), kvs.end()});
        }
        for (size_t k = 0; k < order.size(); ++k) {
            size_t at = order.size() + k;
            if (at >= static_cast<size_t>(r->responses_size())) break;
            const auto& kvs = r->responses(static_cast<int>(at)).response_range().kvs();
            m_view.replaceNames(order[k], {kvs.begin(), kvs.end()});
        }
        // A name another endpoint holds is a refusal, not a race to retry.
        if (Status taken = nameTaken(endpoints, first, last, networks); !taken.isOk()) {
            outcome = taken;
            break;
        }
        std::string which;
        for (size_t i = first; i < last; ++i) {
            auto held = m_view.claim(endpoints[i].networkId, endpoints[i].ip.value);
            if (held && held->endpoint_id() != endpoints[i].id) {
                if (conflicts) conflicts->push_back(endpoints[i].ip.value);
                if (which.empty()) which = endpoints[i].ip.toString();
            }
        }
        outcome =
            Status(common::Code::Aborted, "address " + (which.empty() ? std::string("?") : which) +
                                              " was taken by another host meanwhile");
    }
    if (!outcome.isOk() && !published.empty()) {
        // Left behind, these claims are found stale by the periodic pass and removed.
        if (Status u = unpublishEndpoints(published); !u.isOk()) {
            LOOM_LOG(Warning, kLog) << "withdrawing " << published.size()
                                    << " claim(s) after a failed publish: " << u.message();
        }
    }
    return outcome;
}

Status Agent::unpublishEndpoints(const std::vector<model::Endpoint>& endpoints) {
    if (!m_connected) return refused("deleting an endpoint");
    for (size_t first = 0; first < endpoints.size(); first += kChunk) {
        size_t last = std::min(endpoints.size(), first + kChunk);
        etcdserverpb::TxnRequest t;
        for (size_t i = first; i < last; ++i) {
            const auto& e = endpoints[i];
            *t.add_success() = opDelete(keys::endpoint(e.networkId, e.id));
            *t.add_success() = opDelete(keys::claim(e.networkId, e.ip));
            // Its name, unless another endpoint holds it (a duplicate from before names were
            // unique keeps the holder's).
            auto holder = m_view.nameHolder(e.networkId, e.name);
            if (!holder || holder->endpoint_id() == e.id) {
                *t.add_success() = opDelete(keys::name(e.networkId, e.name));
            }
        }
        auto r = m_client->txn(t);
        if (!r) return r.status();
    }
    return {};
}

Status Agent::removeHost(const std::string& idOrName, uint32_t* released) {
    if (!m_connected) return refused("removing a host");
    std::optional<v1::Host> found;
    for (const auto& h : m_view.hosts()) {
        if (h.id() == idOrName || h.name() == idOrName) found = h;
    }
    if (!found) return common::notFound("host: no host \"" + idOrName + "\" in the cluster");
    if (found->id() == m_self.id) {
        return common::failedPrecondition("host \"" + found->name() + "\" is this host");
    }
    // Every chunk re-checks that the host is still dead: one that comes back keeps its claims
    // and its address blocks.
    auto dead = compareAbsent(keys::host(found->id()));
    std::vector<etcdserverpb::RequestOp> ops;
    for (const auto& c : m_view.claimsOf(found->id())) {
        ops.push_back(opDelete(keys::claim(c.networkId, model::Ipv4{c.ip})));
    }
    *released = static_cast<uint32_t>(ops.size());
    for (const auto& n : m_view.namesOf(found->id())) {
        ops.push_back(opDelete(keys::names(n.networkId) + n.name));
    }
    for (const auto& [net, first] : m_view.allBlocksOf(found->id())) {
        ops.push_back(opDelete(keys::block(net, first)));
    }
    size_t next = 0;
    do {
        etcdserverpb::TxnRequest t;
        *t.add_compare() = dead;
        for (; next < ops.size() && t.success_size() < 100; ++next) *t.add_success() = ops[next];
        if (next == ops.size()) *t.add_success() = opDelete(keys::member(found->id()));
        auto r = m_client->txn(t);
        if (!r) return r.status();
        if (!r->succeeded()) {
            return common::failedPrecondition("host \"" + found->name() +
                                              "\" is alive; it can be removed once its lease "
                                              "has expired (stop its engine first)");
        }
    } while (next < ops.size());
    LOOM_LOG(Info, kLog) << "host " << found->name() << " removed from the cluster; " << *released
                         << " address(es) released";
    return {};
}

std::optional<std::vector<reconcile::Peer>> Agent::peers(const std::string& networkId) {
    return m_view.peers(networkId);
}

std::optional<model::Ipv4> Agent::hostAddress(const std::string& networkId) {
    return m_view.ownHostAddress(networkId);
}

Status Agent::ensureHostAddresses() {
    std::lock_guard lock(m_hostAddressMutex);
    // Networks with local endpoints, in etcd or (just restarted, not republished yet) the store.
    std::set<std::string> carried = m_view.ownNetworks();
    for (const auto& n : m_view.networks()) {
        if (carried.count(n.id())) continue;
        auto count = m_store.endpointCount(n.id());
        if (count && *count > 0) carried.insert(n.id());
    }
    std::map<std::string, std::vector<uint32_t>> held;
    for (const auto& c : m_view.claimsOf(m_self.id)) {
        if (c.hostAddress) held[c.networkId].push_back(c.ip);
    }
    v1::AddressClaim mine;
    mine.set_host_id(m_self.id);
    mine.set_host_address(true);
    std::string record = toJson(mine);
    // Releases: networks left, and a second address should two claims have crossed.
    etcdserverpb::TxnRequest release;
    for (const auto& [net, ips] : held) {
        for (size_t i = 0; i < ips.size(); ++i) {
            if (carried.count(net) && i == 0) continue;
            *release.add_success() = opDelete(keys::claim(net, model::Ipv4{ips[i]}));
        }
    }
    if (release.success_size() > 0) {
        auto r = m_client->txn(release);
        if (!r) return r.status();
    }
    for (const auto& net : carried) {
        if (held.count(net)) continue;
        auto n = m_store.network(net);
        if (!n) return n.status();
        if (!n->has_value()) continue;
        auto taken = m_view.claimedAddresses(net);  // ascending
        taken.insert(std::lower_bound(taken.begin(), taken.end(), (*n)->gateway.value),
                     (*n)->gateway.value);
        auto ip = ipam::allocateHostAddress((*n)->subnet, taken);
        if (!ip) {
            LOOM_LOG(Warning, kLog) << "network " << (*n)->name
                                    << " has no free address for this host's own: latency "
                                       "probes to this host are off";
            continue;
        }
        std::string key = keys::claim(net, *ip);
        etcdserverpb::TxnRequest t;
        *t.add_compare() = compareAbsent(key);
        *t.add_success() = opPut(key, record);
        auto r = m_client->txn(t);
        if (!r) return r.status();
        // Lost: the winner's claim arrives as a watch event, and with it another try.
        if (r->succeeded()) {
            LOOM_LOG(Info, kLog) << "network " << (*n)->name << ": this host's address is "
                                 << ip->toString();
        }
    }
    return {};
}

}  // namespace loom::engine::cluster
