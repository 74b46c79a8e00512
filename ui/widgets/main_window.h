#pragma once

#include <QMainWindow>

class QAbstractItemModel;
class QLabel;
class QListWidget;
class QTabWidget;

namespace loom::ui {

class EngineClient;
class HostTableModel;
class NetworkTableModel;
class EndpointTableModel;
class InventoryTreeModel;
class TopologyScene;
class PropertiesPanel;

// The console's main window: the inventory as filterable tables (hosts, networks, endpoints),
// the engine's event log, and the connection state in the status bar. Layout is remembered.
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(EngineClient& client, QWidget* parent = nullptr);
    ~MainWindow() override;

    HostTableModel& hosts() const { return *m_hosts; }
    NetworkTableModel& networks() const { return *m_networks; }
    EndpointTableModel& endpoints() const { return *m_endpoints; }
    InventoryTreeModel& tree() const { return *m_tree; }
    TopologyScene& topology() const { return *m_topology; }
    PropertiesPanel& properties() const { return *m_properties; }
    QString connectionText() const;

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    QWidget* tablePage(QAbstractItemModel* model, const QString& filterHint);
    void showState();
    // An event's kind ("created", ...) in the user's language.
    static QString kindText(const QString& kind);
    void askForConnection();

    EngineClient& m_client;
    HostTableModel* m_hosts;
    NetworkTableModel* m_networks;
    EndpointTableModel* m_endpoints;
    InventoryTreeModel* m_tree;
    TopologyScene* m_topology;
    PropertiesPanel* m_properties;
    QTabWidget* m_tabs;
    QListWidget* m_log;
    QLabel* m_state;
};

}  // namespace loom::ui
