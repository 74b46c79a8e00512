#include "ui/client/telemetry_client.h"

#include <QPointer>

#include <chrono>

#include "ui/client/client_core.h"
#include "ui/client/engine_client.h"

namespace loom::ui {

namespace {

// A server stream that keeps itself alive until gRPC is done with it; messages are handed to
// `onMessage` on gRPC's thread (which converts them and posts the result to the GUI thread).
template <typename Message>
class Follow : public grpc::ClientReadReactor<Message> {
public:
    std::function<void(const Message&)> onMessage;
    std::function<void()> onEnd;
    grpc::ClientContext ctx;
    std::shared_ptr<Follow> self;

    void begin() {
        this->StartRead(&m_message);
        this->StartCall();
    }
    void OnReadDone(bool ok) override {
        if (!ok) return;  // OnDone follows
        onMessage(m_message);
        this->StartRead(&m_message);
    }
    void OnDone(const grpc::Status&) override {
        onEnd();
        self.reset();  // may delete this
    }

private:
    Message m_message;
};

RateValues ratesOf(const v1::Rates& r) {
    return {r.rx_bytes(),  r.tx_bytes(),  r.rx_packets(), r.tx_packets(),
            r.rx_errors(), r.tx_errors(), r.rx_drops(),   r.tx_drops()};
}

StatsFrame toFrame(const v1::StatsSample& s) {
    StatsFrame f;
    f.hostId = q(s.host_id());
    f.hostName = q(s.host_name());
    f.unixMs = s.unix_ms();
    f.targets.reserve(s.targets_size());
    for (const auto& t : s.targets()) {
        RatesTarget r;
        r.kind = t.kind() == v1::StatsTarget::KIND_NETWORK ? TargetKind::Network
                 : t.kind() == v1::StatsTarget::KIND_HOST  ? TargetKind::Host
                                                           : TargetKind::Endpoint;
        r.id = q(t.id());
        r.name = q(t.name());
        r.networkName = q(t.network_name());
        r.rates = ratesOf(t.rates());
        f.targets.push_back(std::move(r));
    }
    return f;
}

LatencyFrame toFrame(const v1::LatencySample& s) {
    LatencyFrame f;
    f.hostId = q(s.host_id());
    f.hostName = q(s.host_name());
    f.unixMs = s.unix_ms();
    f.targets.reserve(s.targets_size());
    for (const auto& t : s.targets()) {
        LatencyTargetInfo i;
        i.endpoint = t.kind() == v1::LatencyTarget::KIND_ENDPOINT;
        i.networkId = q(t.network_id());
        i.networkName = q(t.network_name());
        i.id = q(t.id());
        i.name = q(t.name());
        i.address = q(t.address());
        i.rttMs = t.rtt_ms();
        i.p50Ms = t.p50_ms();
        i.p90Ms = t.p90_ms();
        i.p99Ms = t.p99_ms();
        i.jitterMs = t.jitter_ms();
        i.loss = t.loss();
        i.lossRecent = t.loss_recent();
        i.sent = t.sent();
        i.received = t.received();
        f.targets.push_back(std::move(i));
    }
    return f;
}

// One history query in flight: it keeps the connection and its messages until answered.
template <typename Request, typename Response>
struct HistoryCall {
    std::shared_ptr<ClientCore> core;
    grpc::ClientContext ctx;
    Request req;
    Response resp;
};

template <typename Request, typename Response>
auto callFor(const std::shared_ptr<ClientCore>& core) {
    auto call = std::make_shared<HistoryCall<Request, Response>>();
    call->core = core;
    call->ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(20));
    return call;
}

// Hands `result` to `done` on the GUI thread, unless the client or `context` is gone by then.
template <typename Result>
void deliver(const std::shared_ptr<bool>& alive, const QPointer<QObject>& context,
             const std::function<void(const Result&)>& done, Result result) {
    onGuiThread(alive, [context, done, result = std::move(result)] {
        if (context) done(result);
    });
}

QString failure(const grpc::Status& s) {
    if (s.ok()) return {};
    QString e = q(s.error_message());
    return e.isEmpty() ? TelemetryClient::tr("the engine did not answer (%1)").arg(s.error_code())
                       : e;
}

}  // namespace

struct TelemetryStreams {
    std::shared_ptr<ClientCore> core;
    std::shared_ptr<Follow<v1::StatsSample>> stats;
    std::shared_ptr<Follow<v1::LatencySample>> latency;
    v1::WatchStatsRequest statsReq;
    v1::WatchLatencyRequest latencyReq;

    ~TelemetryStreams() {
        if (stats) stats->ctx.TryCancel();
        if (latency) latency->ctx.TryCancel();
    }
};

TelemetryClient::TelemetryClient(EngineClient& client, QObject* parent)
    : QObject(parent),
      m_client(client),
      m_alive(std::make_shared<bool>(true)),
      m_lifetime(std::make_shared<bool>(true)) {
    qRegisterMetaType<StatsFrame>();
    qRegisterMetaType<LatencyFrame>();
    m_retry.setSingleShot(true);
    m_retry.setInterval(1000);
    connect(&m_retry, &QTimer::timeout, this, &TelemetryClient::restart);
    connect(&m_client, &EngineClient::connectionStateChanged, this, [this](ConnectionState s) {
        if (s == ConnectionState::Connected) {
            restart();
        } else {
            stop();
        }
    });
    if (m_client.state() == ConnectionState::Connected) restart();
}

TelemetryClient::~TelemetryClient() {
    *m_alive = false;
    *m_lifetime = false;
}

void TelemetryClient::stop() {
    m_streams.reset();  // cancels both streams
    m_retry.stop();
    if (m_live) {
        m_live = false;
        emit liveChanged(false);
    }
}

void TelemetryClient::restart() {
    auto core = m_client.core();
    if (!core || m_client.state() != ConnectionState::Connected) return;
    if (m_streams && m_streams->core == core && m_live) return;
    // Streams of the last attempt end quietly: their ends are for nobody.
    *m_alive = false;
    m_alive = std::make_shared<bool>(true);
    m_streams = std::make_shared<TelemetryStreams>();
    m_streams->core = core;
    auto alive = m_alive;
    auto ended = [this, alive] { onGuiThread(alive, [this] { onStreamEnded(); }); };

    auto stats = std::make_shared<Follow<v1::StatsSample>>();
    stats->self = stats;
    stats->onMessage = [this, alive](const v1::StatsSample& s) {
        onGuiThread(alive, [this, frame = toFrame(s)] {
            if (!m_live) {
                m_live = true;
                emit liveChanged(true);
            }
            emit statsReceived(frame);
        });
    };
    stats->onEnd = ended;
    m_streams->statsReq.set_all_hosts(true);
    core->telemetry->async()->WatchStats(&stats->ctx, &m_streams->statsReq, stats.get());
    m_streams->stats = stats;

    auto latency = std::make_shared<Follow<v1::LatencySample>>();
    latency->self = latency;
    latency->onMessage = [this, alive](const v1::LatencySample& s) {
        onGuiThread(alive, [this, frame = toFrame(s)] { emit latencyReceived(frame); });
    };
    latency->onEnd = ended;
    m_streams->latencyReq.set_all_hosts(true);
    core->telemetry->async()->WatchLatency(&latency->ctx, &m_streams->latencyReq, latency.get());
    m_streams->latency = latency;

    stats->begin();
    latency->begin();
}

void TelemetryClient::onStreamEnded() {
    // One stream ended: the engine went away, or refused. Both go; they start again together.
    m_streams.reset();
    *m_alive = false;
    m_alive = std::make_shared<bool>(true);
    if (m_live) {
        m_live = false;
        emit liveChanged(false);
    }
    if (m_client.state() == ConnectionState::Connected) m_retry.start();
}

void TelemetryClient::queryStats(const StatsQuery& query, QObject* context,
                                 std::function<void(const StatsHistory&)> done) {
    auto core = m_client.core();
    if (!core) {
        done({tr("not connected to an engine"), 0, {}});
        return;
    }
    auto call = callFor<v1::QueryStatsRequest, v1::QueryStatsResponse>(core);
    auto& r = call->req;
    r.set_kind(query.kind == TargetKind::Network ? v1::StatsTarget::KIND_NETWORK
               : query.kind == TargetKind::Host  ? v1::StatsTarget::KIND_HOST
                                                 : v1::StatsTarget::KIND_ENDPOINT);
    r.set_target(query.target.toStdString());
    r.set_host(query.host.toStdString());
    r.set_all_hosts(query.allHosts);
    r.set_from_unix_ms(query.fromMs);
    r.set_to_unix_ms(query.toMs);
    r.set_max_points(query.maxPoints);
    QPointer<QObject> guard(context);
    core->telemetry->async()->QueryStats(
        &call->ctx, &call->req, &call->resp,
        [call, guard, alive = m_lifetime, done](grpc::Status s) {
            StatsHistory h{failure(s), call->resp.step_ms(), {}};
            h.points.reserve(call->resp.points_size());
            for (const auto& p : call->resp.points()) {
                h.points.push_back(
                    {p.unix_ms(), ratesOf(p.rates()), ratesOf(p.max()), ratesOf(p.min())});
            }
            deliver(alive, guard, done, std::move(h));
        });
}

void TelemetryClient::queryLatency(const LatencyQuery& query, QObject* context,
                                   std::function<void(const LatencyHistory&)> done) {
    auto core = m_client.core();
    if (!core) {
        done({tr("not connected to an engine"), 0, {}});
        return;
    }
    auto call = callFor<v1::QueryLatencyRequest, v1::QueryLatencyResponse>(core);
    call->req.set_network(query.network.toStdString());
    call->req.set_from_host(query.fromHost.toStdString());
    call->req.set_to(query.to.toStdString());
    call->req.set_from_unix_ms(query.fromMs);
    call->req.set_to_unix_ms(query.toMs);
    call->req.set_max_points(query.maxPoints);
    QPointer<QObject> guard(context);
    core->telemetry->async()->QueryLatency(
        &call->ctx, &call->req, &call->resp,
        [call, guard, alive = m_lifetime, done](grpc::Status s) {
            LatencyHistory h{failure(s), call->resp.step_ms(), {}};
            h.points.reserve(call->resp.points_size());
            for (const auto& p : call->resp.points()) {
                h.points.push_back({p.unix_ms(), p.rtt_ms(), p.max_rtt_ms(), p.min_rtt_ms(),
                                    p.p50_ms(), p.p90_ms(), p.p99_ms(), p.loss(), p.max_loss(),
                                    p.answered()});
            }
            deliver(alive, guard, done, std::move(h));
        });
}

}  // namespace loom::ui
