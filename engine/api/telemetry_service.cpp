#include "engine/api/telemetry_service.h"

#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <set>

#include "engine/api/convert.h"
#include "engine/api/intents.h"
#include "engine/api/peers.h"
#include "engine/cluster/agent.h"
#include "engine/telemetry/history.h"
#include "engine/telemetry/prober.h"
#include "engine/telemetry/sampler.h"

namespace loom::engine::api {

namespace {

// One server stream of samples (stats or latency), from this engine's hub and, with all_hosts,
// from every other engine. At most one write in flight; a sample that arrives meanwhile
// replaces the one waiting from the same host, so a slow reader gets the newest sample of each
// host and never a backlog, and neither the sampler nor the prober ever waits for it.
template <typename Message>
class LatestWriter final : public grpc::ServerWriteReactor<Message> {
public:
    using Ptr = std::shared_ptr<const Message>;
    using Filter = std::function<void(Message&)>;

    LatestWriter(telemetry::Hub<Message>& hub, std::string selfId, Filter filter,
                 std::chrono::milliseconds interval)
        : m_hub(hub), m_self(std::move(selfId)), m_filter(std::move(filter)), m_interval(interval) {
        if (auto latest = m_hub.latest()) offer(m_self, latest);
        m_token = m_hub.subscribe([this](const Ptr& s) { offer(m_self, s); });
    }

    // With all_hosts: the other engines' samples, from the streams shared by every subscriber.
    void addPeers(PeerStreams<Message>& peers) {
        m_peers = &peers;
        m_peerToken =
            peers.subscribe([this](const std::string& host, const Ptr& s) { offer(host, s); });
    }

    void OnWriteDone(bool ok) override {
        std::unique_lock lock(m_mutex);
        m_writing = false;
        if (!ok) {
            finish(lock, grpc::Status(grpc::StatusCode::UNAVAILABLE, "client went away"));
            return;
        }
        if (!m_waiting.empty()) {
            // Round robin over hosts: the one after the host written last.
            auto next = m_waiting.upper_bound(m_lastHost);
            if (next == m_waiting.end()) next = m_waiting.begin();
            std::string host = next->first;
            Ptr sample = std::move(next->second);
            m_waiting.erase(next);
            write(lock, host, sample);
        }
    }
    void OnCancel() override {
        std::unique_lock lock(m_mutex);
        finish(lock, grpc::Status::CANCELLED);
    }
    void OnDone() override {
        // Both only take their own mutex: nothing here waits on the network or on a thread.
        m_hub.unsubscribe(m_token);
        if (m_peers) m_peers->unsubscribe(m_peerToken);
        delete this;
    }

private:
    void offer(const std::string& host, const Ptr& sample) {
        std::unique_lock lock(m_mutex);
        if (m_finished) return;
        auto now = std::chrono::steady_clock::now();
        auto last = m_lastSent.find(host);
        if (last != m_lastSent.end() &&
            now - last->second < m_interval - std::chrono::milliseconds(50)) {
            return;
        }
        if (m_writing) {
            m_waiting[host] = sample;
            return;
        }
        write(lock, host, sample);
    }

    // The lock is held to copy the sample and claim the one write in flight, then let go:
    // StartWrite and Finish are called without it.
    void write(std::unique_lock<std::mutex>& lock, const std::string& host, const Ptr& sample) {
        m_out = *sample;
        if (m_filter) m_filter(m_out);
        m_writing = true;
        m_lastHost = host;
        m_lastSent[host] = std::chrono::steady_clock::now();
        lock.unlock();
        this->StartWrite(&m_out);
    }

    void finish(std::unique_lock<std::mutex>& lock, const grpc::Status& status) {
        if (m_finished) return;
        m_finished = true;
        lock.unlock();
        this->Finish(status);
    }

    telemetry::Hub<Message>& m_hub;
    std::string m_self;
    Filter m_filter;
    std::chrono::milliseconds m_interval;
    uint64_t m_token = 0;
    PeerStreams<Message>* m_peers = nullptr;
    uint64_t m_peerToken = 0;
    std::mutex m_mutex;
    Message m_out;                         // written only by whoever set m_writing
    std::map<std::string, Ptr> m_waiting;  // host id -> newest unsent sample
    std::map<std::string, std::chrono::steady_clock::time_point> m_lastSent;
    std::string m_lastHost;
    bool m_writing = false, m_finished = false;
};

// The range of a history query: [from, to] in ms, by default the last hour; the step checked.
template <typename Request>
common::Status timeRange(const Request& req, int64_t* from, int64_t* to) {
    int64_t now = std::chrono::duration_cast<std::chrono::milliseconds>(
                      std::chrono::system_clock::now().time_since_epoch())
                      .count();
    *to = req.to_unix_ms() ? req.to_unix_ms() : now;
    *from = req.from_unix_ms() ? req.from_unix_ms() : *to - 3600 * 1000;
    if (*from > *to) return common::invalidArgument("from_unix_ms", "is after to_unix_ms");
    if (req.step_ms() < 0) return common::invalidArgument("step_ms", "is negative");
    return {};
}

// A stream that ends at once with an error.
template <typename Message>
class Refused final : public grpc::ServerWriteReactor<Message> {
public:
    explicit Refused(const common::Status& s) { this->Finish(toGrpc(s)); }
    void OnDone() override { delete this; }
};

// A network named by a request, or NOT_FOUND: by name, so the filter also fits other hosts'
// samples (network names are cluster-wide).
common::Status networkNames(EngineContext& ctx,
                            const google::protobuf::RepeatedPtrField<std::string>& refs,
                            std::set<std::string>* names) {
    for (const auto& ref : refs) {
        auto n = resolveNetwork(ctx, ref, "networks");
        if (!n) return n.status();
        names->insert(n->name);
    }
    return {};
}

// An endpoint of this host or, clustered, of any host: its id.
common::Result<std::string> anyEndpointId(EngineContext& ctx, const std::string& ref,
                                          std::string* hostId = nullptr) {
    auto e = resolveEndpoint(ctx, ref, "endpoints");
    if (e) {
        if (hostId) *hostId = ctx.hostId;
        return e->id;
    }
    if (e.status().code() != common::Code::NotFound || !ctx.cluster) return e.status();
    std::vector<v1::Endpoint> found;
    for (const auto& r : ctx.cluster->view().endpoints()) {
        if (r.id() == ref || r.name() == ref) found.push_back(r);
    }
    if (found.empty()) return e.status();
    if (found.size() > 1) {
        return common::failedPrecondition("endpoint \"" + ref + "\" is a name on " +
                                          std::to_string(found.size()) + " hosts; use its id");
    }
    if (hostId) *hostId = found[0].host_id();
    return found[0].id();
}

}  // namespace

TelemetryService::TelemetryService(EngineContext& ctx) : m_ctx(ctx) {
    if (!m_ctx.peers) return;
    // Every sample of each peer, unfiltered: each subscriber filters and paces its own copy.
    m_peerStats = std::make_unique<PeerStreams<v1::StatsSample>>(
        *m_ctx.peers,
        [](auto* async, grpc::ClientContext* c, grpc::ClientReadReactor<v1::StatsSample>* r) {
            static const v1::WatchStatsRequest kEvery;
            async->WatchStats(c, &kEvery, r);
        },
        "loom-peer-stats");
    m_peerLatency = std::make_unique<PeerStreams<v1::LatencySample>>(
        *m_ctx.peers,
        [](auto* async, grpc::ClientContext* c, grpc::ClientReadReactor<v1::LatencySample>* r) {
            static const v1::WatchLatencyRequest kEvery;
            async->WatchLatency(c, &kEvery, r);
        },
        "loom-peer-lat");
}

TelemetryService::~TelemetryService() = default;

grpc::ServerWriteReactor<v1::StatsSample>* TelemetryService::WatchStats(
    grpc::CallbackServerContext* ctx, const v1::WatchStatsRequest* req) {
    using Refuse = Refused<v1::StatsSample>;
    if (!m_ctx.stats) return new Refuse(common::unavailable("this engine runs no sampler"));
    std::set<std::string> networks, endpoints;
    if (common::Status s = networkNames(m_ctx, req->networks(), &networks); !s.isOk()) {
        return new Refuse(s);
    }
    bool all = req->all_hosts() && !forwarded(ctx);
    for (const auto& ref : req->endpoints()) {
        if (all) {
            auto id = anyEndpointId(m_ctx, ref);
            if (!id) return new Refuse(id.status());
            endpoints.insert(*id);
            continue;
        }
        auto e = resolveEndpoint(m_ctx, ref, "endpoints");
        if (!e) return new Refuse(e.status());
        endpoints.insert(e->id);
    }
    if (req->interval_ms() > 3600 * 1000) {
        return new Refuse(common::invalidArgument("interval_ms", "must be at most an hour"));
    }
    auto filter = [networks, endpoints](v1::StatsSample& out) {
        if (networks.empty() && endpoints.empty()) return;
        auto* targets = out.mutable_targets();
        for (int i = targets->size() - 1; i >= 0; --i) {
            const auto& t = targets->Get(i);
            bool keep = t.kind() == v1::StatsTarget::KIND_HOST ||
                        networks.count(t.network_name()) ||
                        (t.kind() == v1::StatsTarget::KIND_ENDPOINT && endpoints.count(t.id()));
            if (!keep) targets->DeleteSubrange(i, 1);
        }
    };
    auto* writer = new LatestWriter<v1::StatsSample>(*m_ctx.stats, m_ctx.hostId, filter,
                                                     std::chrono::milliseconds(req->interval_ms()));
    if (all && m_peerStats) writer->addPeers(*m_peerStats);
    return writer;
}

grpc::ServerWriteReactor<v1::LatencySample>* TelemetryService::WatchLatency(
    grpc::CallbackServerContext* ctx, const v1::WatchLatencyRequest* req) {
    using Refuse = Refused<v1::LatencySample>;
    if (!m_ctx.latency) return new Refuse(common::unavailable("this engine runs no prober"));
    std::set<std::string> networks;
    if (common::Status s = networkNames(m_ctx, req->networks(), &networks); !s.isOk()) {
        return new Refuse(s);
    }
    if (req->interval_ms() > 3600 * 1000) {
        return new Refuse(common::invalidArgument("interval_ms", "must be at most an hour"));
    }
    auto filter = [networks](v1::LatencySample& out) {
        if (networks.empty()) return;
        auto* targets = out.mutable_targets();
        for (int i = targets->size() - 1; i >= 0; --i) {
            if (!networks.count(targets->Get(i).network_name())) targets->DeleteSubrange(i, 1);
        }
    };
    auto* writer = new LatestWriter<v1::LatencySample>(
        *m_ctx.latency, m_ctx.hostId, filter, std::chrono::milliseconds(req->interval_ms()));
    if (req->all_hosts() && !forwarded(ctx) && m_peerLatency) writer->addPeers(*m_peerLatency);
    return writer;
}

namespace {

void fillStats(const telemetry::History::Answer<telemetry::History::Point>& answer,
               v1::QueryStatsResponse* resp) {
    resp->set_step_ms(answer.stepMs);
    for (const auto& p : answer.points) {
        auto* out = resp->add_points();
        out->set_unix_ms(p.unixMs);
        *out->mutable_rates() = p.rates;
        *out->mutable_max() = p.max;
        *out->mutable_min() = p.min;
    }
}

void addRates(const v1::Rates& a, v1::Rates* sum) {
    sum->set_rx_bytes(sum->rx_bytes() + a.rx_bytes());
    sum->set_tx_bytes(sum->tx_bytes() + a.tx_bytes());
    sum->set_rx_packets(sum->rx_packets() + a.rx_packets());
    sum->set_tx_packets(sum->tx_packets() + a.tx_packets());
    sum->set_rx_errors(sum->rx_errors() + a.rx_errors());
    sum->set_tx_errors(sum->tx_errors() + a.tx_errors());
    sum->set_rx_drops(sum->rx_drops() + a.rx_drops());
    sum->set_tx_drops(sum->tx_drops() + a.tx_drops());
}

// A cluster-wide history query: this engine's own answer and every other live engine's, summed
// bucket by bucket once the last one is in. Engines that fail to answer (one just died) are left
// out; `hosts` says how many were summed.
struct ClusterSum {
    std::mutex mutex;
    int pending = 0;
    uint32_t answered = 0;
    std::map<int64_t, v1::StatsPoint> buckets;
    v1::QueryStatsResponse* resp = nullptr;
    grpc::ServerUnaryReactor* reactor = nullptr;

    void add(const v1::QueryStatsResponse& part) {
        std::lock_guard lock(mutex);
        ++answered;
        if (resp->step_ms() == 0) resp->set_step_ms(part.step_ms());
        for (const auto& p : part.points()) {
            auto& b = buckets[p.unix_ms()];
            b.set_unix_ms(p.unix_ms());
            addRates(p.rates(), b.mutable_rates());
            // The sum of each host's peak: an upper bound of the cluster's peak in the bucket.
            addRates(p.max(), b.mutable_max());
            addRates(p.min(), b.mutable_min());
        }
    }
    // Called once per part, answered or not; the last one finishes the call.
    void done() {
        {
            std::lock_guard lock(mutex);
            if (--pending > 0) return;
            for (auto& [t, p] : buckets) *resp->add_points() = std::move(p);
            resp->set_hosts(answered);
        }
        reactor->Finish(grpc::Status::OK);
    }
};

}  // namespace

grpc::ServerUnaryReactor* TelemetryService::QueryStats(grpc::CallbackServerContext* ctx,
                                                       const v1::QueryStatsRequest* req,
                                                       v1::QueryStatsResponse* resp) {
    auto* reactor = ctx->DefaultReactor();
    auto finish = [&](const common::Status& s) {
        reactor->Finish(toGrpc(s));
        return reactor;
    };
    if (!m_ctx.history) return finish(common::unavailable("this engine keeps no history"));
    int64_t from = 0, to = 0;
    if (common::Status s = timeRange(*req, &from, &to); !s.isOk()) return finish(s);
    if (req->all_hosts() && req->kind() != v1::StatsTarget::KIND_NETWORK &&
        req->kind() != v1::StatsTarget::KIND_HOST) {
        return finish(common::invalidArgument(
            "all_hosts", "sums networks and hosts only; an endpoint lives on one host"));
    }
    if (req->all_hosts() && !forwarded(ctx))
        return queryStatsEverywhere(*req, from, to, resp, reactor);
    // Clustered: another host's history is its engine's to give.
    std::string owner = req->host();
    if (owner.empty() && req->kind() == v1::StatsTarget::KIND_HOST) owner = req->target();
    if (owner.empty() && req->kind() == v1::StatsTarget::KIND_ENDPOINT && m_ctx.cluster &&
        !resolveEndpoint(m_ctx, req->target(), "target")) {
        std::string host;
        if (auto id = anyEndpointId(m_ctx, req->target(), &host)) owner = host;
    }
    if (!owner.empty() && m_ctx.peers && !m_ctx.peers->isSelf(owner)) {
        if (forwarded(ctx)) {
            return finish(
                common::failedPrecondition("host \"" + owner + "\" is not this engine's"));
        }
        auto host = m_ctx.peers->find(owner);
        if (!host) return finish(host.status());
        v1::QueryStatsRequest forward = *req;
        forward.clear_host();
        if (forward.kind() == v1::StatsTarget::KIND_HOST) forward.clear_target();
        forwardUnary<v1::TelemetryService>(
            *m_ctx.peers, *host, forward, resp, reactor, nullptr,
            [](auto* async, auto* cctx, auto* r, auto* out, auto done) {
                async->QueryStats(cctx, r, out, std::move(done));
            });
        return reactor;
    }
    return finish(localStats(*req, from, to, resp));
}

common::Status TelemetryService::localStats(const v1::QueryStatsRequest& req, int64_t from,
                                            int64_t to, v1::QueryStatsResponse* resp) {
    switch (req.kind()) {
        case v1::StatsTarget::KIND_ENDPOINT: {
            auto e = resolveEndpoint(m_ctx, req.target(), "target");
            if (!e) return e.status();
            resp->set_id(e->id);
            resp->set_name(e->name);
            break;
        }
        case v1::StatsTarget::KIND_NETWORK: {
            auto n = resolveNetwork(m_ctx, req.target(), "target");
            if (!n) return n.status();
            resp->set_id(n->id);
            resp->set_name(n->name);
            break;
        }
        case v1::StatsTarget::KIND_HOST:
            if (!req.target().empty() && req.target() != m_ctx.hostId &&
                req.target() != m_ctx.hostName) {
                return common::notFound(
                    "target: this engine keeps only its own host's "
                    "history, not \"" +
                    req.target() + "\"");
            }
            resp->set_id(m_ctx.hostId);
            resp->set_name(m_ctx.hostName);
            break;
        default:
            return common::invalidArgument("kind", "must be endpoint, network or host");
    }
    auto answer =
        m_ctx.history->query(req.kind(), resp->id(), from, to, req.step_ms(), req.max_points());
    if (!answer) return answer.status();
    fillStats(*answer, resp);
    return {};
}

grpc::ServerUnaryReactor* TelemetryService::queryStatsEverywhere(
    const v1::QueryStatsRequest& req, int64_t from, int64_t to, v1::QueryStatsResponse* resp,
    grpc::ServerUnaryReactor* reactor) {
    // This engine's own part first: it names the network and checks the request.
    v1::QueryStatsRequest own = req;
    own.clear_all_hosts();
    own.clear_host();
    if (own.kind() == v1::StatsTarget::KIND_HOST) own.clear_target();
    // Hosts sample at their own instants: a sum needs buckets that line up, a second at least.
    if (own.step_ms() < 1000) own.set_step_ms(1000);
    v1::QueryStatsResponse mine;
    if (common::Status s = localStats(own, from, to, &mine); !s.isOk()) {
        reactor->Finish(toGrpc(s));
        return reactor;
    }
    resp->set_id(own.kind() == v1::StatsTarget::KIND_HOST ? std::string() : mine.id());
    resp->set_name(own.kind() == v1::StatsTarget::KIND_HOST ? std::string("all hosts")
                                                            : mine.name());
    auto sum = std::make_shared<ClusterSum>();
    sum->resp = resp;
    sum->reactor = reactor;
    std::vector<v1::Host> others = m_ctx.peers ? m_ctx.peers->others() : std::vector<v1::Host>{};
    sum->pending = static_cast<int>(others.size()) + 1;
    sum->add(mine);
    // The others answer for themselves; the network by its id, the same on every host.
    v1::QueryStatsRequest forward = own;
    forward.set_from_unix_ms(from);
    forward.set_to_unix_ms(to);
    if (forward.kind() == v1::StatsTarget::KIND_NETWORK) forward.set_target(mine.id());
    for (const auto& host : others) {
        auto channel = m_ctx.peers->channel(host);
        if (!channel) {
            sum->done();
            continue;
        }
        struct Call {
            std::unique_ptr<v1::TelemetryService::Stub> stub;
            std::unique_ptr<grpc::ClientContext> ctx;
            v1::QueryStatsRequest req;
            v1::QueryStatsResponse resp;
        };
        auto call = std::make_shared<Call>();
        call->stub = v1::TelemetryService::NewStub(*channel);
        call->ctx = m_ctx.peers->context(std::chrono::seconds(10));
        call->req = forward;
        call->stub->async()->QueryStats(call->ctx.get(), &call->req, &call->resp,
                                        [call, sum](grpc::Status s) {
                                            if (s.ok()) sum->add(call->resp);
                                            sum->done();
                                        });
    }
    sum->done();  // this engine's own part
    return reactor;
}

grpc::ServerUnaryReactor* TelemetryService::QueryLatency(grpc::CallbackServerContext* ctx,
                                                         const v1::QueryLatencyRequest* req,
                                                         v1::QueryLatencyResponse* resp) {
    auto* reactor = ctx->DefaultReactor();
    auto finish = [&](const common::Status& s) {
        reactor->Finish(toGrpc(s));
        return reactor;
    };
    if (!m_ctx.history) return finish(common::unavailable("this engine keeps no history"));
    if (!req->from_host().empty() && m_ctx.peers && !m_ctx.peers->isSelf(req->from_host()) &&
        req->from_host() != m_ctx.hostName) {
        if (forwarded(ctx)) {
            return finish(common::failedPrecondition("from_host: \"" + req->from_host() +
                                                     "\" is not this engine's"));
        }
        auto host = m_ctx.peers->find(req->from_host());
        if (!host) return finish(host.status());
        v1::QueryLatencyRequest forward = *req;
        forward.clear_from_host();
        forwardUnary<v1::TelemetryService>(
            *m_ctx.peers, *host, forward, resp, reactor, nullptr,
            [](auto* async, auto* cctx, auto* r, auto* out, auto done) {
                async->QueryLatency(cctx, r, out, std::move(done));
            });
        return reactor;
    }
    if (!req->from_host().empty() && req->from_host() != m_ctx.hostId &&
        req->from_host() != m_ctx.hostName && !m_ctx.peers) {
        return finish(common::notFound("from_host: this engine is \"" + m_ctx.hostName +
                                       "\" and is not in a cluster"));
    }
    auto n = resolveNetwork(m_ctx, req->network());
    if (!n) return finish(n.status());
    if (req->to().empty()) return finish(common::invalidArgument("to", "is empty"));
    // The other end: another host of the cluster, or an endpoint of this one.
    std::string toId, toName;
    if (m_ctx.cluster) {
        for (const auto& h : m_ctx.cluster->view().hosts()) {
            if (h.id() == req->to() || h.name() == req->to()) {
                toId = h.id();
                toName = h.name();
            }
        }
    }
    if (toId.empty()) {
        auto e = resolveEndpoint(m_ctx, req->to(), "to");
        if (!e) {
            return finish(common::notFound("to: \"" + req->to() +
                                           "\" is neither a host of the cluster nor an "
                                           "endpoint of host " +
                                           m_ctx.hostName));
        }
        toId = e->id;
        toName = e->name;
    }
    int64_t from = 0, to = 0;
    if (common::Status s = timeRange(*req, &from, &to); !s.isOk()) return finish(s);
    auto answer =
        m_ctx.history->queryLatency(n->id, toId, from, to, req->step_ms(), req->max_points());
    if (!answer) return finish(answer.status());
    resp->set_network_id(n->id);
    resp->set_from_host(m_ctx.hostName);
    resp->set_to_id(toId);
    resp->set_to_name(toName);
    resp->set_step_ms(answer->stepMs);
    for (const auto& p : answer->points) {
        auto* out = resp->add_points();
        out->set_unix_ms(p.unixMs);
        out->set_rtt_ms(p.rttMs);
        out->set_max_rtt_ms(p.maxRttMs);
        out->set_min_rtt_ms(p.minRttMs);
        out->set_p50_ms(p.p50Ms);
        out->set_p90_ms(p.p90Ms);
        out->set_p99_ms(p.p99Ms);
        out->set_loss(p.loss);
        out->set_max_loss(p.maxLoss);
        out->set_answered(p.answered);
    }
    return finish({});
}

}  // namespace loom::engine::api
