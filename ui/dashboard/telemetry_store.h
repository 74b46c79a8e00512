#pragma once

#include <QHash>
#include <QObject>
#include <QSet>
#include <QString>
#include <QVector>

#include <array>
#include <memory>

#include "ui/client/telemetry_types.h"
#include "ui/client/types.h"
#include "ui/dashboard/series_buffer.h"

namespace loom::ui {

class TelemetryClient;

// Rates of one target: 8 columns (Metric). Latency of one pair: 5 (LatencyColumn).
using StatsBuffer = SourceBuffer<kMetrics>;
enum LatencyColumn { LatRtt, LatP50, LatP90, LatP99, LatLoss };
using LatencyBuffer = SourceBuffer<5>;

// A source of rates: an endpoint, a network on one host, a host; with an empty host, a
// network's (or every host's underlay) traffic summed over the cluster.
struct StatsKey {
    TargetKind kind = TargetKind::Endpoint;
    QString id;
    QString hostId;  // empty: summed over every live host (networks and hosts)
    bool operator==(const StatsKey&) const = default;
};
// Latency from a host to another host (or one of its endpoints) on a network.
struct LatencyKey {
    QString fromHostId, networkId, toId;
    bool operator==(const LatencyKey&) const = default;
};
size_t qHash(const StatsKey& k, size_t seed = 0);
size_t qHash(const LatencyKey& k, size_t seed = 0);

// The newest rates of one endpoint, and its last minute for a sparkline.
struct EndpointActivity {
    QString id, name, hostId, hostName, networkName;
    RateValues rates{};
    qint64 unixMs = 0;
    qint64 heardMs = 0;              // when the console received it (its host's clock may differ)
    std::array<float, 60> recent{};  // bit/s in and out together, oldest first after `head`
    int head = 0;
    double bitsPerSecond() const { return (rates[RxBytes] + rates[TxBytes]) * 8; }
};

// Everything the Monitor shows, fed by the telemetry streams: per-source buffers for the
// charts (kept only for sources someone watches), the newest sample of every target (the
// weathermap, the busiest endpoints), the newest probe of every pair (the latency matrix), and
// the engine's events (chart markers). Lives on the GUI thread.
class TelemetryStore : public QObject {
    Q_OBJECT
public:
    explicit TelemetryStore(TelemetryClient* client, QObject* parent = nullptr);

    // A chart's interest in a source: its buffer exists while someone holds it.
    std::shared_ptr<StatsBuffer> watch(const StatsKey& key);
    std::shared_ptr<LatencyBuffer> watch(const LatencyKey& key);

    // Feeds: the streams' frames (connected in the constructor), the inventory, events.
    void addStats(const StatsFrame& frame);
    void addLatency(const LatencyFrame& frame);
    void setInventory(const Inventory& inventory, const InventoryChange& change = {});
    void addEvent(const EventInfo& event);

    const Inventory& inventory() const { return m_inventory; }
    const QVector<EventInfo>& events() const { return m_events; }
    // The newest rates of a target on a host (zero when none came), and when.
    RateValues latest(TargetKind kind, const QString& id, const QString& hostId,
                      qint64* unixMs = nullptr) const;
    const QHash<QString, EndpointActivity>& endpoints() const { return m_endpoints; }
    // The newest probe from a host to a target on a network (nullptr: none yet).
    const LatencyTargetInfo* probe(const QString& fromHostId, const QString& networkId,
                                   const QString& toId) const;
    // When a host's engine last sent a sample (0: never). A host whose samples stopped for
    // kSilentMs is not answering.
    qint64 lastHeard(const QString& hostId) const { return m_heard.value(hostId, 0); }
    bool answering(const QString& hostId, qint64 nowMs) const;
    bool live() const { return m_live; }
    // Whether the streams deliver (the client says so; tests feeding by hand too).
    void setLive(bool live);
    static constexpr qint64 kSilentMs = 3500;

signals:
    // New samples arrived (charts and views redraw on their own timer, not per signal).
    void updated();
    void liveChanged(bool live);
    void eventAdded(const loom::ui::EventInfo& event);
    void inventoryChanged(const loom::ui::Inventory& inventory);

private:
    void sumInto(const StatsKey& key, qint64 bucketMs, qint64 nowMs);

    Inventory m_inventory;
    QVector<EventInfo> m_events;
    QHash<StatsKey, std::weak_ptr<StatsBuffer>> m_stats;
    QHash<LatencyKey, std::weak_ptr<LatencyBuffer>> m_latency;
    // Newest rates per (kind, id, host), as their hosts sent them.
    struct Latest {
        RateValues rates{};
        qint64 unixMs = 0;
    };
    QHash<StatsKey, Latest> m_latest;
    QHash<QString, EndpointActivity> m_endpoints;
    QHash<LatencyKey, LatencyTargetInfo> m_probes;
    QHash<QString, qint64> m_heard;  // host id -> newest sample's time
    bool m_live = false;
};

}  // namespace loom::ui
