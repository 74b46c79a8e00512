#pragma once

#include <QMetaType>
#include <QString>
#include <QVector>

#include <array>

// Live and historical telemetry as plain Qt values, for the Monitor: nothing past ui/client sees
// protobuf or gRPC.
namespace loom::ui {

enum class TargetKind { Endpoint = 1, Network = 2, Host = 3 };

// The eight per-second rates the engine samples, in this order.
enum Metric { RxBytes, TxBytes, RxPackets, TxPackets, RxErrors, TxErrors, RxDrops, TxDrops };
constexpr int kMetrics = 8;
using RateValues = std::array<double, kMetrics>;

struct RatesTarget {
    TargetKind kind = TargetKind::Endpoint;
    QString id, name, networkName;
    RateValues rates{};
};

// One sample of one host: every interface it owns.
struct StatsFrame {
    QString hostId, hostName;
    qint64 unixMs = 0;
    QVector<RatesTarget> targets;
};

struct LatencyTargetInfo {
    bool endpoint = false;  // else another host
    QString networkId, networkName, id, name, address;
    double rttMs = 0, p50Ms = 0, p90Ms = 0, p99Ms = 0, jitterMs = 0;
    double loss = 0, lossRecent = 0;  // 0..1
    quint32 sent = 0, received = 0;
    bool answered() const { return received > 0 && lossRecent < 1.0; }
};

// One probe round of one host.
struct LatencyFrame {
    QString hostId, hostName;
    qint64 unixMs = 0;
    QVector<LatencyTargetInfo> targets;
};

// History of one target (stats) or one pair (latency), reduced by the engine.
struct StatsQuery {
    TargetKind kind = TargetKind::Endpoint;
    QString target;         // id or name
    QString host;           // whose history (empty: the target's own, or this engine's)
    bool allHosts = false;  // networks and hosts: summed over the cluster
    qint64 fromMs = 0, toMs = 0;
    quint32 maxPoints = 0;
};
struct StatsHistoryPoint {
    qint64 unixMs = 0;
    RateValues avg{}, max{}, min{};
};
struct StatsHistory {
    QString error;      // empty on success
    qint64 stepMs = 0;  // bucket width (1: every sample)
    QVector<StatsHistoryPoint> points;
};

struct LatencyQuery {
    QString network, fromHost, to;
    qint64 fromMs = 0, toMs = 0;
    quint32 maxPoints = 0;
};
struct LatencyHistoryPoint {
    qint64 unixMs = 0;
    double rttMs = 0, maxRttMs = 0, minRttMs = 0, p50Ms = 0, p90Ms = 0, p99Ms = 0;
    double loss = 0, maxLoss = 0;
    bool answered = false;
};
struct LatencyHistory {
    QString error;
    qint64 stepMs = 0;
    QVector<LatencyHistoryPoint> points;
};

}  // namespace loom::ui

Q_DECLARE_METATYPE(loom::ui::StatsFrame)
Q_DECLARE_METATYPE(loom::ui::LatencyFrame)
