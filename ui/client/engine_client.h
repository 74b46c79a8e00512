#pragma once

#include <QObject>
#include <QString>
#include <QTimer>

#include <functional>
#include <memory>

#include "ui/client/types.h"

namespace loom::ui {

struct ClientCore;

// The console's way to an engine: asynchronous gRPC calls and streams whose results arrive on
// the GUI thread as signals with plain Qt values. It reconnects by itself: a lost engine shows
// as one state change, and once it answers again the inventory is read afresh.
class EngineClient : public QObject {
    Q_OBJECT
public:
    explicit EngineClient(QObject* parent = nullptr);
    ~EngineClient() override;

    // The engine's unix socket.
    void connectToSocket(const QString& path);
    // A remote engine's mutual-TLS listener (ADDR:PORT) with PEM files.
    void connectToServer(const QString& address, const QString& caFile, const QString& certFile,
                         const QString& keyFile);
    ConnectionState state() const { return m_state; }
    QString target() const { return m_target; }
    const Inventory& inventory() const { return m_inventory; }
    // The connection's gRPC side, for the other clients of the same engine (TelemetryClient).
    std::shared_ptr<ClientCore> core() const { return m_core; }

    // Reads hosts, networks and every host's endpoints again (coalesced: one read at a time).
    void refresh();

    // Asks the engine to do one plan operation. `done` runs on the GUI thread with an empty
    // string on success or the engine's refusal, unless `context` is gone by then.
    void run(const Operation& op, QObject* context, std::function<void(const QString& error)> done);
    // CreateEndpoint operations for one host as one request: all or none. A refusal names the
    // one at fault as "endpoints[i]...".
    void runCreateEndpoints(const QList<Operation>& ops, QObject* context,
                            std::function<void(const QString& error)> done);
    // How the engine sees this console (read again at every connection): its role decides
    // whether the console may apply.
    const CallerInfo& caller() const { return m_caller; }
    // The engine's audit trail from `sinceMs` (0: all kept), newest first, at most `limit`: on
    // the GUI thread unless `context` is gone by then.
    void listAudit(
        qint64 sinceMs, int limit, QObject* context,
        std::function<void(const QList<AuditEntry>& entries, const QString& error)> done);
    // The live state as a config bundle (ExportBundle): the archive, or the engine's refusal,
    // on the GUI thread unless `context` is gone by then.
    void exportLiveBundle(
        QObject* context,
        std::function<void(const QByteArray& archive, const QString& error)> done);

signals:
    void connectionStateChanged(loom::ui::ConnectionState state, const QString& detail);
    // The inventory after a read (`change` says everything) or after a burst of events (what
    // they changed).
    void inventoryChanged(const loom::ui::Inventory& inventory,
                          const loom::ui::InventoryChange& change = InventoryChange{});
    void eventReceived(const loom::ui::EventInfo& event);
    void callerChanged(const loom::ui::CallerInfo& caller);

private:
    void start(std::shared_ptr<ClientCore> core, const QString& target);
    void setState(ConnectionState state, const QString& detail);
    void watchEvents();
    void onReadDone(bool ok, const Inventory& inventory, const QString& error);
    void onEventsEnded(const QString& error);
    // An engine event on the GUI thread: applied to the inventory (views updated once per
    // burst), or kept while a read is in flight and applied after it.
    void onEvent(const EventInfo& e);
    void retryLater();
    // WhoAmI, once connected (engine_client_access.cpp).
    void readCaller();
    void setCaller(const CallerInfo& caller);

    std::shared_ptr<ClientCore> m_core;
    std::shared_ptr<bool> m_alive;  // false once destroyed: late gRPC callbacks do nothing
    ConnectionState m_state = ConnectionState::Disconnected;
    QString m_target;
    Inventory m_inventory;
    bool m_reading = false, m_readAgain = false, m_watching = false;
    QTimer m_retry;            // reconnect attempts while disconnected
    QTimer m_coalesce;         // a burst of events updates the views once
    QList<EventInfo> m_raced;  // events that came while a read was in flight
    InventoryChange m_change = InventoryChange::none();  // by the events since the last update
    CallerInfo m_caller;
};

}  // namespace loom::ui
