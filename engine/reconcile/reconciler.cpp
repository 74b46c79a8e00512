#include "engine/reconcile/reconciler.h"
#include "engine/common/thread_name.h"

#include <poll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "engine/common/log.h"

namespace loom::engine::reconcile {

namespace {
constexpr const char* kLog = "reconcile";
std::string networkKey(const std::string& id) {
    return "n:" + id;
}
std::string endpointKey(const std::string& id) {
    return "e:" + id;
}
std::string peersKey(const std::string& id) {
    return "p:" + id;
}
}  // namespace

Reconciler::Reconciler(Kernel& kernel, StateSource& source, StatusBoard& board,
                       model::Naming naming, Underlay underlay, Options options)
    : m_kernel(kernel),
      m_source(source),
      m_board(board),
      m_naming(std::move(naming)),
      m_underlay(std::move(underlay)),
      m_options(options) {
    m_wakeFd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (m_wakeFd < 0) m_wakeError = errno;
}

Reconciler::~Reconciler() {
    stop();
    if (m_wakeFd >= 0) ::close(m_wakeFd);
}

common::Status Reconciler::start() {
    if (m_wakeFd < 0) return common::fromErrno(m_wakeError, "eventfd to wake the reconciler");
    {
        std::lock_guard lock(m_mutex);
        m_pending.full = true;
    }
    m_thread = std::thread([this] {
        common::nameThisThread("loom-reconcile");
        run();
    });
    return {};
}

void Reconciler::stop() {
    {
        std::lock_guard lock(m_mutex);
        if (m_stopping && !m_thread.joinable()) return;
        m_stopping = true;
    }
    wake();
    if (m_thread.joinable()) m_thread.join();
    for (auto& [sandbox, watch] : m_watches) m_kernel.unwatchLinks(watch.fd);
    m_watches.clear();
}

void Reconciler::wake() {
    if (m_wakeFd < 0) return;  // start() refused
    uint64_t one = 1;
    // EAGAIN: the counter is full, so the strand is woken already.
    if (::write(m_wakeFd, &one, sizeof one) < 0 && errno != EAGAIN) {
        LOOM_LOG(Error, kLog) << "cannot wake the reconciler: " << std::strerror(errno);
    }
}

void Reconciler::markNetwork(const std::string& id, Done done) {
    {
        std::lock_guard lock(m_mutex);
        m_pending.networks.insert(id);
        if (done) m_pending.waiters.push_back({{networkKey(id)}, std::move(done)});
    }
    wake();
}

void Reconciler::markEndpoints(const std::vector<std::string>& ids, Done done) {
    {
        std::lock_guard lock(m_mutex);
        std::set<std::string> keys;
        for (const auto& id : ids) {
            m_pending.endpoints.insert(id);
            keys.insert(endpointKey(id));
        }
        if (done) m_pending.waiters.push_back({std::move(keys), std::move(done)});
    }
    wake();
}

void Reconciler::markPeers(const std::vector<std::string>& networkIds) {
    if (networkIds.empty()) return;
    {
        std::lock_guard lock(m_mutex);
        m_pending.peers.insert(networkIds.begin(), networkIds.end());
    }
    wake();
}

void Reconciler::requestFullPass(Done done) {
    {
        std::lock_guard lock(m_mutex);
        m_pending.full = true;
        if (done) m_pending.waiters.push_back({{"*"}, std::move(done)});
    }
    wake();
}

void Reconciler::run() {
    m_nextFull = Clock::now();
    while (true) {
        Clock::time_point deadline = m_nextFull;
        for (const auto& [key, r] : m_retries) deadline = std::min(deadline, r.when);
        for (const auto& [key, when] : m_delayed) deadline = std::min(deadline, when);
        {
            std::lock_guard lock(m_mutex);
            if (m_stopping) break;
            bool work = m_pending.full || !m_pending.networks.empty() ||
                        !m_pending.endpoints.empty() || !m_pending.peers.empty() ||
                        !m_pending.waiters.empty();
            if (work) deadline = Clock::now();
        }
        pollOnce(deadline);

        Batch batch;
        {
            std::lock_guard lock(m_mutex);
            if (m_stopping) break;
            batch = std::move(m_pending);
            m_pending = Batch{};
        }
        auto now = Clock::now();
        if (now >= m_nextFull) batch.full = true;
        // Due retries and delayed link-event marks join this batch.
        // An entry stays in m_retries until its object settles, to keep its attempt count.
        auto setOf = [&batch](const std::string& key) -> std::set<std::string>& {
            return key[0] == 'n' ? batch.networks : key[0] == 'p' ? batch.peers : batch.endpoints;
        };
        for (const auto& [key, retry] : m_retries) {
            if (retry.when <= now) setOf(key).insert(key.substr(2));
        }
        for (auto it = m_delayed.begin(); it != m_delayed.end();) {
            if (it->second > now) {
                ++it;
                continue;
            }
            setOf(it->first).insert(it->first.substr(2));
            it = m_delayed.erase(it);
        }
        if (!batch.full && batch.networks.empty() && batch.endpoints.empty() &&
            batch.peers.empty() && batch.waiters.empty()) {
            continue;
        }
        runBatch(batch);
        // A retry that ran but did not settle (its store read failed) waits a second, so a
        // broken object can never spin the strand.
        for (auto& [key, retry] : m_retries) {
            if (retry.when <= now) retry.when = now + std::chrono::seconds(1);
        }
    }
}

void Reconciler::pollOnce(Clock::time_point deadline) {
    std::vector<pollfd> fds;
    fds.push_back({m_wakeFd, POLLIN, 0});
    for (const auto& [sandbox, watch] : m_watches) fds.push_back({watch.fd, POLLIN, 0});
    auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    int timeout = static_cast<int>(std::clamp<int64_t>(wait.count(), 0, 60000));
    if (::poll(fds.data(), fds.size(), timeout) <= 0) return;
    if (fds[0].revents & POLLIN) {
        uint64_t count;
        [[maybe_unused]] auto n = ::read(m_wakeFd, &count, sizeof count);
    }
    for (size_t i = 1; i < fds.size(); ++i) {
        if (fds[i].revents & POLLIN) handleLinkEvents(fds[i].fd);
    }
}

void Reconciler::handleLinkEvents(int fd) {
    std::string networkId;
    for (const auto& [sandbox, watch] : m_watches) {
        if (watch.fd == fd) networkId = watch.networkId;
    }
    auto when = Clock::now() + m_options.linkEventDelay;
    for (const auto& event : m_kernel.readLinkEvents(fd)) {
        if (event.overrun) {
            // Lost events may have been losses: check everything now, not at the next period.
            LOOM_LOG(Warning, kLog) << "link events of network " << networkId
                                    << " overran their socket; checking everything";
            std::lock_guard lock(m_mutex);
            m_pending.full = true;
            continue;
        }
        if (event.neighbour) {
            // An FDB or neighbour entry changed: the peers' pass compares and fixes only what
            // differs, so the engine's own writes come back here once and change nothing.
            m_delayed.emplace(peersKey(networkId), when);
            continue;
        }
        std::string key;
        if (event.name == kBridgeName || event.name == kVxlanName) {
            key = networkKey(networkId);
        } else if (auto it = m_vethOwner.find(event.name); it != m_vethOwner.end()) {
            key = endpointKey(it->second);
        } else {
            continue;
        }
        // Only losses matter: a deletion, or a link that was up going down. A new link's first
        // notification says "down" too; that is creation, not drift.
        std::string linkKey = networkId + "/" + event.name;
        auto last = m_linkUp.find(linkKey);
        bool wentDown = !event.up && last != m_linkUp.end() && last->second;
        if (event.deleted) {
            m_linkUp.erase(linkKey);
        } else {
            m_linkUp[linkKey] = event.up;
        }
        if (event.deleted || wentDown) m_delayed.emplace(key, when);
    }
}

void Reconciler::runBatch(Batch& batch) {
    std::map<std::string, Status> results;
    if (batch.full) {
        fullPass(batch, results);
    } else {
        std::set<std::string> networks = batch.networks;
        if (m_options.onDemand) {
            for (auto& id : networksOf(batch.endpoints)) networks.insert(id);
        }
        std::vector<std::string> ids(networks.begin(), networks.end());
        // Before the pass: a deleted endpoint's records (which name its network) go with it.
        std::set<std::string> local(batch.peers.begin(), batch.peers.end());
        local.insert(networks.begin(), networks.end());
        if (!m_options.onDemand) {
            for (auto& id : networksOf(batch.endpoints)) local.insert(id);
        }
        reconcileNetworks(ids, results, NetworkPass::Build);
        reconcileEndpoints({batch.endpoints.begin(), batch.endpoints.end()}, results);
        if (m_options.onDemand) reconcileNetworks(ids, results, NetworkPass::Remove);
        std::vector<std::string> peers;
        for (const auto& id : batch.peers) {
            if (!networks.count(id)) peers.push_back(id);  // built networks did theirs
        }
        reconcilePeers(peers, results);
        reconcileBridgeNeighbours({local.begin(), local.end()}, results);
    }
    if (!m_hooks.empty()) {
        Touched touched{batch.full, batch.networks, batch.endpoints};
        touched.networks.insert(batch.peers.begin(), batch.peers.end());
        for (auto* h : m_hooks) h->settled(m_built, touched);
    }
    for (auto& [keys, done] : batch.waiters) {
        Status outcome;
        if (auto all = results.find("*"); all != results.end()) outcome = all->second;
        for (const auto& key : keys) {
            if (!outcome.isOk()) break;
            auto it = results.find(key);
            if (it != results.end() && !it->second.isOk()) {
                outcome = it->second;
                break;
            }
        }
        done(outcome);
    }
}

void Reconciler::fullPass(Batch& batch, std::map<std::string, Status>& results) {
    auto started = Clock::now();
    m_nextFull = started + m_options.resyncInterval;
    auto networks = m_source.networks();
    auto endpoints = m_source.endpoints();
    auto owned = m_source.owned();
    if (!networks || !endpoints || !owned) {
        Status s = !networks ? networks.status() : !endpoints ? endpoints.status() : owned.status();
        LOOM_LOG(Error, kLog) << "full pass: cannot read desired state: " << s.message();
        results["*"] = s;
        return;
    }
    std::set<std::string> networkIds, endpointIds;
    for (const auto& n : *networks) networkIds.insert(n.id);
    for (const auto& e : *endpoints) endpointIds.insert(e.id);

    // What we own that nothing wants: left behind by a crash, or by a delete while we were down.
    std::vector<OwnedObject> orphans;
    std::set<std::string> ownedNetns;
    for (const auto& n : *networks) ownedNetns.insert(m_naming.sandboxNetns(n.id));
    for (const auto& e : *endpoints) {
        if (e.netnsMode == model::NetnsMode::Created) ownedNetns.insert(e.netnsPath);
    }
    for (const auto& o : *owned) {
        if (o.kind == OwnedObject::Kind::Netns) ownedNetns.insert(o.netns);
        bool wanted = o.endpointId.empty() ? networkIds.count(o.networkId) > 0
                                           : endpointIds.count(o.endpointId) > 0;
        if (!wanted) orphans.push_back(o);
    }
    removeOrphans(orphans, results);
    for (const auto& path : m_kernel.listNetns(m_naming.netnsDir, m_naming.netnsFilePrefix())) {
        if (!ownedNetns.count(path)) {
            LOOM_LOG(Warning, kLog)
                << "namespace " << path << " has our prefix but no ownership record; left alone";
        }
    }
    std::vector<std::string> ids(networkIds.begin(), networkIds.end());
    reconcileNetworks(ids, results, NetworkPass::Build);
    reconcileEndpoints({endpointIds.begin(), endpointIds.end()}, results);
    if (m_options.onDemand) reconcileNetworks(ids, results, NetworkPass::Remove);
    reconcileBridgeNeighbours(ids, results);
    batch.networks.clear();
    batch.endpoints.clear();
    batch.peers.clear();
    m_delayed.clear();
    auto took = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started);
    size_t failed = std::count_if(results.begin(), results.end(),
                                  [](const auto& r) { return !r.second.isOk(); });
    LOOM_LOG(Debug, kLog) << "full pass: " << networkIds.size() << " networks, "
                          << endpointIds.size() << " endpoints, " << orphans.size() << " orphans, "
                          << failed << " failed, " << took.count() << " ms";
}

Status Reconciler::applyAll(const std::vector<Action>& actions) {
    for (const auto& a : actions) {
        if (a.kind == Action::Kind::DeleteNetns) {
            unwatchSandbox(a.netns);
            for (auto* h : m_hooks) h->releasing(a.netns);
        }
        Status s = m_kernel.apply(a);
        if (!s.isOk()) return s.withContext(a.describe());
        LOOM_LOG(Debug, kLog) << a.describe();
    }
    return {};
}

void Reconciler::removeOrphans(const std::vector<OwnedObject>& orphans,
                               std::map<std::string, Status>& results) {
    if (orphans.empty()) return;
    std::vector<OwnedObject> gone;
    std::map<std::string, Status> failed;  // object key -> why it is still there
    // A veth goes with its endpoint's namespace (planRemovals): that namespace's deletion
    // covers the veth's record too.
    std::map<std::string, std::string> endpointNetns;
    for (const auto& o : orphans) {
        if (o.kind == OwnedObject::Kind::Netns && !o.endpointId.empty()) {
            endpointNetns[o.endpointId] = o.netns;
        }
    }
    auto covers = [&](const Action& a, const OwnedObject& o) {
        if (a.kind == Action::Kind::DeleteNetns) {
            if (o.kind == OwnedObject::Kind::Netns) return o.netns == a.netns;
            auto it = endpointNetns.find(o.endpointId);
            return it != endpointNetns.end() && it->second == a.netns;
        }
        return o.kind == OwnedObject::Kind::Link && o.netns == a.netns &&
               std::find(a.links.begin(), a.links.end(), o.name) != a.links.end();
    };
    for (const auto& a : planRemovals(orphans)) {
        Status s = applyAll({a});
        for (const auto& o : orphans) {
            if (!covers(a, o)) continue;
            std::string key =
                o.endpointId.empty() ? networkKey(o.networkId) : endpointKey(o.endpointId);
            if (s.isOk()) {
                gone.push_back(o);
            } else {
                failed[key] = s;
            }
        }
    }
    // One durable write for the whole batch of removals.
    Status forgotten = m_source.forgetOwned(gone);
    if (forgotten.isOk()) {
        for (const auto& o : gone) {
            if (o.kind == OwnedObject::Kind::Link) m_vethOwner.erase(o.name);
        }
    }
    for (const auto& o : orphans) {
        std::string key =
            o.endpointId.empty() ? networkKey(o.networkId) : endpointKey(o.endpointId);
        Status s = failed.count(key) ? failed[key] : forgotten;
        if (!s.isOk()) {
            LOOM_LOG(Warning, kLog) << "removing " << key << ": " << s.message();
            results[key] = s;
            m_retries[key] = {Clock::now() + std::chrono::seconds(1), 1};
        } else {
            m_retries.erase(key);
            m_board.remove(key.substr(2));
        }
    }
}

void Reconciler::reconcileNetworks(const std::vector<std::string>& ids,
                                   std::map<std::string, Status>& results, NetworkPass pass) {
    for (const auto& id : ids) {
        auto desired = m_source.network(id);
        if (!desired) {
            results[networkKey(id)] = desired.status();
            continue;
        }
        if (!desired->has_value()) {
            if (pass == NetworkPass::Remove) continue;
            m_built.erase(id);
            auto orphans = m_source.ownedBy(id, "");
            if (!orphans) {
                results[networkKey(id)] = orphans.status();
                continue;
            }
            removeOrphans(*orphans, results);
            if (!results.count(networkKey(id))) {
                m_board.remove(id);
                m_retries.erase(networkKey(id));
            }
            continue;
        }
        const model::Network& n = **desired;
        std::string sandbox = m_naming.sandboxNetns(n.id);
        bool wanted = true;
        if (m_options.onDemand) {
            auto count = m_source.endpointCount(n.id);
            if (!count) {
                results[networkKey(id)] = count.status();
                continue;
            }
            wanted = *count > 0;
        }
        if (wanted != (pass == NetworkPass::Build)) continue;
        Status status;
        auto observed = m_kernel.observeNetwork(sandbox, n.gateway, n.subnet.prefix);
        if (!observed) {
            status = observed.status();
        } else if (!wanted) {
            // No local endpoint left: the sandbox goes, the network stays in the cluster.
            if (observed->sandbox) {
                std::vector<Action> plan = planRemovals(ownedBy(n, m_naming));
                status = applyAll(plan);
                m_kernel.forgetNetns(sandbox);
                if (status.isOk()) {
                    LOOM_LOG(Info, kLog) << "network " << n.name << ": last local endpoint gone, "
                                         << "sandbox removed";
                }
            }
            if (status.isOk()) m_built.erase(n.id);
        } else {
            auto plan = planNetwork(n, m_underlay, sandbox, *observed);
            if (!plan.empty() && plan.front().kind == Action::Kind::CreateNetns) {
                unwatchSandbox(sandbox);
                for (auto* h : m_hooks) h->releasing(sandbox);
                m_kernel.forgetNetns(sandbox);
            }
            for (auto* h : m_hooks) {
                if (status.isOk()) status = h->preparing(n);
            }
            if (status.isOk()) status = applyAll(plan);
            if (status.isOk()) {
                watchSandbox(n.id, sandbox);
                m_built.insert(n.id);
            }
        }
        results[networkKey(id)] = status.withContext("network \"" + n.name + "\"");
        settle(ObjectKind::Network, id, results[networkKey(id)]);
        if (status.isOk() && wanted && m_peers) reconcilePeers({n.id}, results);
    }
}

void Reconciler::reconcilePeers(const std::vector<std::string>& ids,
                                std::map<std::string, Status>& results) {
    if (!m_peers) return;
    for (const auto& id : ids) {
        if (!m_built.count(id)) continue;  // nothing to program: no sandbox here
        auto desired = m_peers->peers(id);
        if (!desired) continue;
        std::string key = peersKey(id);
        std::string sandbox = m_naming.sandboxNetns(id);
        auto observed = m_kernel.observePeers(sandbox);
        Status status =
            observed ? applyAll(planPeers(*desired, *observed, sandbox)) : observed.status();
        if (status.isOk()) {
            auto n = m_source.network(id);
            if (!n) {
                status = n.status();
            } else if (n->has_value()) {
                auto plan = planHostAddress(m_peers->hostAddress(id), **n, *observed, sandbox);
                status = applyAll(plan);
                bool newMac = std::any_of(plan.begin(), plan.end(), [](const Action& a) {
                    return a.kind == Action::Kind::SetHostAddress;
                });
                // br0 has a new MAC: each endpoint's permanent entry for the gateway follows.
                if (status.isOk() && newMac) {
                    if (auto all = m_source.endpoints()) {
                        for (const auto& e : *all) {
                            if (e.networkId == id)
                                m_delayed.emplace(endpointKey(e.id), Clock::now());
                        }
                    }
                }
            }
        }
        if (status.isOk()) {
            m_retries.erase(key);
            continue;
        }
        results[key] = status.withContext("peers of network " + id);
        scheduleRetry(key, results[key]);
    }
}

void Reconciler::reconcileBridgeNeighbours(const std::vector<std::string>& ids,
                                           std::map<std::string, Status>& results) {
    std::vector<std::string> built;
    for (const auto& id : ids) {
        if (m_built.count(id)) built.push_back(id);
    }
    if (built.empty()) return;
    auto all = m_source.endpoints();
    if (!all) return;  // the next pass reads again
    std::map<std::string, std::vector<model::Endpoint>> local;
    for (const auto& e : *all) local[e.networkId].push_back(e);
    for (const auto& id : built) {
        std::string sandbox = m_naming.sandboxNetns(id);
        auto observed = m_kernel.observePeers(sandbox);
        Status status = observed ? applyAll(planBridgeNeighbours(local[id], *observed, sandbox))
                                 : observed.status();
        if (status.isOk()) continue;
        std::string key = peersKey(id);
        results[key] = status.withContext("neighbours of network " + id);
        scheduleRetry(key, results[key]);
    }
}

std::vector<std::string> Reconciler::networksOf(const std::set<std::string>& endpointIds) {
    std::set<std::string> networks;
    for (const auto& id : endpointIds) {
        auto e = m_source.endpoint(id);
        if (e && e->has_value()) {
            networks.insert((*e)->networkId);
            continue;
        }
        if (auto records = m_source.ownedBy("", id)) {
            for (const auto& r : *records) networks.insert(r.networkId);
        }
    }
    return {networks.begin(), networks.end()};
}

void Reconciler::reconcileEndpoints(const std::vector<std::string>& ids,
                                    std::map<std::string, Status>& results) {
    std::vector<OwnedObject> orphans;
    std::vector<std::string> absent;
    struct Work {
        model::Endpoint endpoint;
        std::vector<Action> plan;
    };
    std::vector<Work> work;
    std::map<std::string, std::optional<model::Network>> networks;

    for (const auto& id : ids) {
        std::string key = endpointKey(id);
        auto desired = m_source.endpoint(id);
        if (!desired) {
            results[key] = desired.status();
            continue;
        }
        if (!desired->has_value()) {
            auto records = m_source.ownedBy("", id);
            if (!records) {
                results[key] = records.status();
                continue;
            }
            orphans.insert(orphans.end(), records->begin(), records->end());
            absent.push_back(id);
            continue;
        }
        const model::Endpoint& e = **desired;
        m_vethOwner[e.hostVeth] = e.id;
        auto& network = networks[e.networkId];
        if (!network) {
            auto n = m_source.network(e.networkId);
            if (n && n->has_value()) network = **n;
        }
        Status status;
        if (!network) {
            status = common::notFound("network " + e.networkId + " is gone");
        } else if (auto ns = m_board.get(network->id); ns.state != model::ObjectState::Ready) {
            status = common::unavailable("network \"" + network->name + "\" is not ready" +
                                         (ns.message.empty() ? "" : ": " + ns.message));
        } else {
            std::string sandbox = m_naming.sandboxNetns(network->id);
            auto observed = m_kernel.observeEndpoint(sandbox, e.hostVeth, e.netnsPath,
                                                     e.interfaceName, e.ip, network->subnet.prefix);
            common::Result<std::vector<Action>> plan =
                observed ? planEndpoint(e, *network, sandbox, *observed)
                         : common::Result<std::vector<Action>>(observed.status());
            if (!plan) {
                status = plan.status();
            } else {
                work.push_back({e, std::move(*plan)});
                continue;
            }
        }
        results[key] = status.withContext("endpoint \"" + e.name + "\"");
        settle(ObjectKind::Endpoint, id, results[key]);
    }

    removeOrphans(orphans, results);
    for (const auto& id : absent) {
        if (!results.count(endpointKey(id))) {
            m_board.remove(id);
            m_retries.erase(endpointKey(id));
        }
    }

    // Nothing to record first: the intent's row is the ownership record (planner.h, ownedBy).
    for (auto& w : work) {
        Status status = applyAll(w.plan);
        std::string key = endpointKey(w.endpoint.id);
        results[key] = status.withContext("endpoint \"" + w.endpoint.name + "\"");
        settle(ObjectKind::Endpoint, w.endpoint.id, results[key]);
    }
}

void Reconciler::settle(ObjectKind kind, const std::string& id, const Status& status) {
    std::string key = kind == ObjectKind::Network ? networkKey(id) : endpointKey(id);
    if (status.isOk()) {
        m_retries.erase(key);
        m_board.set(kind, id, model::ObjectState::Ready);
        return;
    }
    scheduleRetry(key, status);
    m_board.set(kind, id, model::ObjectState::Failed, status.message());
}

void Reconciler::scheduleRetry(const std::string& key, const Status& why) {
    auto& retry = m_retries[key];
    retry.attempt = std::min(retry.attempt + 1, 16);
    auto backoff = std::chrono::milliseconds(500) * (1 << std::min(retry.attempt - 1, 10));
    retry.when = Clock::now() + std::min<std::chrono::milliseconds>(backoff, m_options.maxBackoff);
    LOOM_LOG(Warning, kLog) << why.message() << " (attempt " << retry.attempt << ")";
}

void Reconciler::watchSandbox(const std::string& networkId, const std::string& sandbox) {
    if (m_watches.count(sandbox)) return;
    auto fd = m_kernel.watchLinks(sandbox);
    if (!fd) {
        LOOM_LOG(Warning, kLog) << "cannot watch links of " << sandbox << ": "
                                << fd.status().message();
        return;
    }
    m_watches[sandbox] = {*fd, networkId};
}

void Reconciler::unwatchSandbox(const std::string& sandbox) {
    auto it = m_watches.find(sandbox);
    if (it == m_watches.end()) return;
    m_kernel.unwatchLinks(it->second.fd);
    // What was last seen of its links goes with the watch.
    const std::string prefix = it->second.networkId + "/";
    for (auto link = m_linkUp.lower_bound(prefix);
         link != m_linkUp.end() && link->first.compare(0, prefix.size(), prefix) == 0;) {
        link = m_linkUp.erase(link);
    }
    m_watches.erase(it);
}

}  // namespace loom::engine::reconcile
