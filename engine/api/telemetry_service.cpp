#include "engine/api/telemetry_service.h"

#include <chrono>
#include <mutex>
#include <set>

#include "engine/api/convert.h"
#include "engine/api/intents.h"
#include "engine/telemetry/history.h"
#include "engine/telemetry/sampler.h"

namespace loom::engine::api {

namespace {

// One WatchStats stream. At most one write in flight; a sample that arrives meanwhile replaces
// any other waiting one, so a slow reader gets the newest sample and never a backlog, and the
// sampler never waits for it.
class StatsWriter final : public grpc::ServerWriteReactor<v1::StatsSample> {
public:
    StatsWriter(telemetry::StatsHub& hub, std::set<std::string> networks,
                std::set<std::string> endpoints, std::chrono::milliseconds interval)
        : m_hub(hub),
          m_networks(std::move(networks)),
          m_endpoints(std::move(endpoints)),
          m_interval(interval) {
        if (auto latest = m_hub.latest()) offer(latest);
        m_token = m_hub.subscribe([this](const telemetry::SamplePtr& s) { offer(s); });
    }

    void OnWriteDone(bool ok) override {
        std::lock_guard lock(m_mutex);
        m_writing = false;
        if (!ok) {
            finishLocked(grpc::Status(grpc::StatusCode::UNAVAILABLE, "client went away"));
            return;
        }
        if (m_waiting) {
            auto next = std::move(m_waiting);
            writeLocked(next);
        }
    }
    void OnCancel() override {
        std::lock_guard lock(m_mutex);
        finishLocked(grpc::Status::CANCELLED);
    }
    void OnDone() override {
        m_hub.unsubscribe(m_token);
        delete this;
    }

private:
    void offer(const telemetry::SamplePtr& sample) {
        std::lock_guard lock(m_mutex);
        if (m_finished) return;
        auto now = std::chrono::steady_clock::now();
        if (m_sent && now - m_lastSent < m_interval - std::chrono::milliseconds(50)) return;
        if (m_writing) {
            m_waiting = sample;
            return;
        }
        writeLocked(sample);
    }

    void writeLocked(const telemetry::SamplePtr& sample) {
        m_out = *sample;
        if (!m_networks.empty() || !m_endpoints.empty()) {
            auto* targets = m_out.mutable_targets();
            for (int i = targets->size() - 1; i >= 0; --i) {
                const auto& t = targets->Get(i);
                bool keep =
                    t.kind() == v1::StatsTarget::KIND_HOST || m_networks.count(t.network_name()) ||
                    (t.kind() == v1::StatsTarget::KIND_ENDPOINT && m_endpoints.count(t.id()));
                if (!keep) targets->DeleteSubrange(i, 1);
            }
        }
        m_writing = true;
        m_sent = true;
        m_lastSent = std::chrono::steady_clock::now();
        StartWrite(&m_out);
    }

    void finishLocked(const grpc::Status& status) {
        if (m_finished) return;
        m_finished = true;
        Finish(status);
    }

    telemetry::StatsHub& m_hub;
    std::set<std::string> m_networks;   // names
    std::set<std::string> m_endpoints;  // ids
    std::chrono::milliseconds m_interval;
    uint64_t m_token = 0;
    std::mutex m_mutex;
    v1::StatsSample m_out;
    telemetry::SamplePtr m_waiting;
    bool m_writing = false, m_finished = false, m_sent = false;
    std::chrono::steady_clock::time_point m_lastSent;
};

// A stream that ends at once with an error.
class Refused final : public grpc::ServerWriteReactor<v1::StatsSample> {
public:
    explicit Refused(const common::Status& s) { Finish(toGrpc(s)); }
    void OnDone() override { delete this; }
};

}  // namespace

grpc::ServerWriteReactor<v1::StatsSample>* TelemetryService::WatchStats(
    grpc::CallbackServerContext*, const v1::WatchStatsRequest* req) {
    if (!m_ctx.stats) return new Refused(common::unavailable("this engine runs no sampler"));
    std::set<std::string> networks, endpoints;
    for (const auto& ref : req->networks()) {
        auto n = resolveNetwork(m_ctx, ref, "networks");
        if (!n) return new Refused(n.status());
        networks.insert(n->name);
    }
    for (const auto& ref : req->endpoints()) {
        auto e = resolveEndpoint(m_ctx, ref, "endpoints");
        if (!e) return new Refused(e.status());
        endpoints.insert(e->id);
    }
    if (req->interval_ms() > 3600 * 1000) {
        return new Refused(common::invalidArgument("interval_ms", "must be at most an hour"));
    }
    return new StatsWriter(*m_ctx.stats, std::move(networks), std::move(endpoints),
                           std::chrono::milliseconds(req->interval_ms()));
}

grpc::ServerUnaryReactor* TelemetryService::QueryStats(grpc::CallbackServerContext* ctx,
                                                       const v1::QueryStatsRequest* req,
                                                       v1::QueryStatsResponse* resp) {
    auto* reactor = ctx->DefaultReactor();
    auto finish = [&](const common::Status& s) {
        reactor->Finish(toGrpc(s));
        return reactor;
    };
    if (!m_ctx.history) return finish(common::unavailable("this engine keeps no history"));
    int64_t now = std::chrono::duration_cast<std::chrono::milliseconds>(
                      std::chrono::system_clock::now().time_since_epoch())
                      .count();
    int64_t to = req->to_unix_ms() ? req->to_unix_ms() : now;
    int64_t from = req->from_unix_ms() ? req->from_unix_ms() : to - 3600 * 1000;
    if (from > to) return finish(common::invalidArgument("from_unix_ms", "is after to_unix_ms"));
    if (req->step_ms() < 0) return finish(common::invalidArgument("step_ms", "is negative"));
    switch (req->kind()) {
        case v1::StatsTarget::KIND_ENDPOINT: {
            auto e = resolveEndpoint(m_ctx, req->target(), "target");
            if (!e) return finish(e.status());
            resp->set_id(e->id);
            resp->set_name(e->name);
            break;
        }
        case v1::StatsTarget::KIND_NETWORK: {
            auto n = resolveNetwork(m_ctx, req->target(), "target");
            if (!n) return finish(n.status());
            resp->set_id(n->id);
            resp->set_name(n->name);
            break;
        }
        case v1::StatsTarget::KIND_HOST:
            if (!req->target().empty() && req->target() != m_ctx.hostId &&
                req->target() != m_ctx.hostName) {
                return finish(
                    common::notFound("target: this engine keeps only its own host's "
                                     "history, not \"" +
                                     req->target() + "\""));
            }
            resp->set_id(m_ctx.hostId);
            resp->set_name(m_ctx.hostName);
            break;
        default:
            return finish(common::invalidArgument("kind", "must be endpoint, network or host"));
    }
    auto points = m_ctx.history->query(req->kind(), resp->id(), from, to, req->step_ms());
    if (!points) return finish(points.status());
    for (const auto& p : *points) {
        auto* out = resp->add_points();
        out->set_unix_ms(p.unixMs);
        *out->mutable_rates() = p.rates;
    }
    return finish({});
}

}  // namespace loom::engine::api
