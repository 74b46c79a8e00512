#include "ui/dashboard/telemetry_store.h"

#include <QDateTime>

#include <limits>

#include "ui/client/telemetry_client.h"

namespace loom::ui {

namespace {
constexpr int kEventsKept = 2000;
constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();

StatsBuffer::Values toValues(const RateValues& r) {
    StatsBuffer::Values v;
    for (int i = 0; i < kMetrics; ++i) v[i] = static_cast<float>(r[i]);
    return v;
}

qint64 wallMs() {
    return QDateTime::currentMSecsSinceEpoch();
}
}  // namespace

size_t qHash(const StatsKey& k, size_t seed) {
    return ::qHash(k.id, seed) ^ ::qHash(k.hostId, seed * 31 + 7) ^ static_cast<size_t>(k.kind);
}

size_t qHash(const LatencyKey& k, size_t seed) {
    return ::qHash(k.fromHostId, seed) ^ ::qHash(k.networkId, seed * 31 + 1) ^
           ::qHash(k.toId, seed * 17 + 3);
}

TelemetryStore::TelemetryStore(TelemetryClient* client, QObject* parent) : QObject(parent) {
    if (!client) return;
    connect(client, &TelemetryClient::statsReceived, this, &TelemetryStore::addStats);
    connect(client, &TelemetryClient::latencyReceived, this, &TelemetryStore::addLatency);
    connect(client, &TelemetryClient::liveChanged, this, &TelemetryStore::setLive);
}

void TelemetryStore::setLive(bool live) {
    if (live == m_live) return;
    m_live = live;
    emit liveChanged(live);
}

std::shared_ptr<StatsBuffer> TelemetryStore::watch(const StatsKey& key) {
    if (auto existing = m_stats.value(key).lock()) return existing;
    auto buffer = std::make_shared<StatsBuffer>();
    m_stats.insert(key, buffer);
    return buffer;
}

std::shared_ptr<LatencyBuffer> TelemetryStore::watch(const LatencyKey& key) {
    if (auto existing = m_latency.value(key).lock()) return existing;
    auto buffer = std::make_shared<LatencyBuffer>();
    m_latency.insert(key, buffer);
    return buffer;
}

void TelemetryStore::addStats(const StatsFrame& frame) {
    const qint64 now = wallMs();
    m_heard.insert(frame.hostId, now);
    QSet<StatsKey> sums;
    for (const auto& t : frame.targets) {
        StatsKey own{t.kind, t.id, frame.hostId};
        m_latest.insert(own, {t.rates, now});
        if (auto b = m_stats.value(own).lock()) b->addLive(frame.unixMs, toValues(t.rates));
        if (t.kind == TargetKind::Endpoint) {
            EndpointActivity& a = m_endpoints[t.id];
            a.id = t.id;
            a.name = t.name;
            a.hostId = frame.hostId;
            a.hostName = frame.hostName;
            a.networkName = t.networkName;
            a.rates = t.rates;
            a.unixMs = frame.unixMs;
            a.heardMs = now;
            a.recent[static_cast<size_t>(a.head)] = static_cast<float>(a.bitsPerSecond());
            a.head = (a.head + 1) % static_cast<int>(a.recent.size());
        }
        StatsKey sum{t.kind, t.kind == TargetKind::Host ? QString() : t.id, QString()};
        if (t.kind != TargetKind::Endpoint && m_stats.contains(sum)) sums.insert(sum);
    }
    for (const auto& key : sums) sumInto(key, frame.unixMs - frame.unixMs % 1000, now);
    // Buffers nobody watches any more are let go.
    for (auto it = m_stats.begin(); it != m_stats.end();) {
        it = it.value().expired() ? m_stats.erase(it) : std::next(it);
    }
    emit updated();
}

// A cluster-wide source: the newest sample of every host still answering, added up; one point
// per second, completed as the hosts' samples of that second arrive.
void TelemetryStore::sumInto(const StatsKey& key, qint64 bucketMs, qint64 nowMs) {
    auto buffer = m_stats.value(key).lock();
    if (!buffer) return;
    RateValues total{};
    for (auto it = m_latest.cbegin(); it != m_latest.cend(); ++it) {
        const StatsKey& k = it.key();
        if (k.kind != key.kind || (!key.id.isEmpty() && k.id != key.id)) continue;
        if (nowMs - it.value().unixMs > kSilentMs) continue;
        for (int m = 0; m < kMetrics; ++m) total[m] += it.value().rates[m];
    }
    buffer->addLive(bucketMs, toValues(total));
}

void TelemetryStore::addLatency(const LatencyFrame& frame) {
    for (const auto& t : frame.targets) {
        LatencyKey key{frame.hostId, t.networkId, t.id};
        m_probes.insert(key, t);
        auto b = m_latency.value(key).lock();
        if (!b) continue;
        bool answered = t.answered();
        auto v = [answered](double x) { return answered ? static_cast<float>(x) : kNaN; };
        b->addLive(frame.unixMs, {v(t.rttMs), v(t.p50Ms), v(t.p90Ms), v(t.p99Ms),
                                  static_cast<float>(t.lossRecent)});
    }
    for (auto it = m_latency.begin(); it != m_latency.end();) {
        it = it.value().expired() ? m_latency.erase(it) : std::next(it);
    }
    emit updated();
}

void TelemetryStore::setInventory(const Inventory& inventory, const InventoryChange& change) {
    // A host that goes down or comes back is an event of its own (the engine's event stream
    // speaks of networks and endpoints).
    QHash<QString, bool> before;
    for (const auto& h : m_inventory.hosts) before.insert(h.id, h.alive);
    for (const auto& h : inventory.hosts) {
        auto was = before.find(h.id);
        if (was == before.end() || was.value() == h.alive) continue;
        EventInfo e;
        e.unixMs = wallMs();
        e.kind = h.alive ? QStringLiteral("back") : QStringLiteral("down");
        e.host = true;
        e.id = h.id;
        e.name = h.name;
        e.hostName = h.name;
        addEvent(e);
    }
    m_inventory = inventory;
    // Endpoints that are gone leave the busiest list (after events: of those they named).
    QSet<QString> present;
    present.reserve(change.everything ? inventory.endpoints.size() : change.endpoints.size());
    for (const auto& e : inventory.endpoints) {
        if (change.everything || change.endpoints.contains(e.id)) present.insert(e.id);
    }
    if (change.everything) {
        for (auto it = m_endpoints.begin(); it != m_endpoints.end();) {
            it = present.contains(it.key()) ? std::next(it) : m_endpoints.erase(it);
        }
    } else {
        for (const QString& id : change.endpoints) {
            if (!present.contains(id)) m_endpoints.remove(id);
        }
    }
    emit inventoryChanged(m_inventory);
}

void TelemetryStore::addEvent(const EventInfo& event) {
    m_events.push_back(event);
    if (m_events.size() > kEventsKept) m_events.remove(0, m_events.size() - kEventsKept);
    emit eventAdded(event);
}

RateValues TelemetryStore::latest(TargetKind kind, const QString& id, const QString& hostId,
                                  qint64* unixMs) const {
    auto it = m_latest.find(StatsKey{kind, id, hostId});
    if (it == m_latest.end()) {
        if (unixMs) *unixMs = 0;
        return {};
    }
    if (unixMs) *unixMs = it->unixMs;
    return it->rates;
}

const LatencyTargetInfo* TelemetryStore::probe(const QString& fromHostId, const QString& networkId,
                                               const QString& toId) const {
    auto it = m_probes.find(LatencyKey{fromHostId, networkId, toId});
    return it == m_probes.end() ? nullptr : &it.value();
}

bool TelemetryStore::answering(const QString& hostId, qint64 nowMs) const {
    qint64 heard = lastHeard(hostId);
    return heard > 0 && nowMs - heard <= kSilentMs;
}

}  // namespace loom::ui
