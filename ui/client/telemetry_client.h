#pragma once

#include <QObject>
#include <QTimer>

#include <functional>
#include <memory>

#include "ui/client/telemetry_types.h"

namespace loom::ui {

class EngineClient;
struct ClientCore;
struct TelemetryStreams;

// The Monitor's way to the engine's telemetry, over the same connection as EngineClient: the
// whole cluster's live rates and probe rounds (the engine's all_hosts streams, so one engine
// answers for every host), and history queries. Samples are turned into plain Qt values on
// gRPC's threads and arrive on the GUI thread as signals. While the engine is lost the streams
// are down (live() is false); they start again once the connection is back.
class TelemetryClient : public QObject {
    Q_OBJECT
public:
    explicit TelemetryClient(EngineClient& client, QObject* parent = nullptr);
    ~TelemetryClient() override;

    bool live() const { return m_live; }
    // History of one target or pair; `done` runs on the GUI thread unless `context` is gone.
    void queryStats(const StatsQuery& query, QObject* context,
                    std::function<void(const StatsHistory&)> done);
    void queryLatency(const LatencyQuery& query, QObject* context,
                      std::function<void(const LatencyHistory&)> done);

signals:
    void statsReceived(const loom::ui::StatsFrame& frame);
    void latencyReceived(const loom::ui::LatencyFrame& frame);
    void liveChanged(bool live);

private:
    void restart();
    void stop();
    void onStreamEnded();

    EngineClient& m_client;
    std::shared_ptr<bool> m_alive;     // of the current streams
    std::shared_ptr<bool> m_lifetime;  // of this client: queries answer while it lives
    std::shared_ptr<TelemetryStreams> m_streams;
    bool m_live = false;
    QTimer m_retry;
};

}  // namespace loom::ui
