#pragma once

#include <QMainWindow>

#include <functional>

class QAbstractItemModel;
class QLabel;
class QListWidget;
class QTabWidget;
class QAction;
class QDockWidget;
class QMenu;
class QToolBar;
class QTimer;

namespace loom::ui {

class EngineClient;
class HostTableModel;
class NetworkTableModel;
class EndpointTableModel;
class InventoryTreeModel;
class AuditModel;
class TopologyScene;
class PropertiesPanel;
class DesignDocument;
class DesignView;
class TelemetryClient;
class TelemetryStore;
class MonitorPage;
class LiveCanvas;
struct Design;
struct ObjectRef;
struct PanelSpec;

// The console's main window: the designer (canvas, palette, properties, problems) over the
// live topology, the inventory as a tree and as filterable tables, the engine's event log, and
// the connection state in the status bar. Layout and last connection are remembered.
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
    DesignDocument& document() const { return *m_document; }
    DesignView& designView() const { return *m_view; }
    QListWidget& problemList() const { return *m_problemList; }
    TelemetryStore& telemetry() const { return *m_store; }
    MonitorPage& monitor() const { return *m_monitor; }
    LiveCanvas& liveCanvas() const { return *m_live; }
    AuditModel& audit() const { return *m_audit; }
    // The role in the status bar: "Operator: uid 0 (root)", "Viewer: ...".
    QString roleText() const;
    // Opens the Monitor tab with the panel of `spec` (or the one showing it).
    void openChart(const PanelSpec& spec);
    void showTab(int index);
    QAction* action(const QString& objectName) const;
    QString connectionText() const;

    // File work without dialogs (the menu's actions ask for the path): true when done, else
    // the reason is shown in a message box (and returned).
    bool openDesign(const QString& path, QString* error = nullptr);
    bool saveDesign(const QString& path, QString* error = nullptr);
    // The draft as a config bundle; a bundle opened as the draft (the menu then shows the plan).
    bool exportBundle(const QString& path, QString* error = nullptr);
    bool importBundle(const QString& path, QString* error = nullptr);
    // The live cluster as a bundle (the engine's export, with every host's iproute2 and
    // systemd-networkd files): asked of the engine, written when it answers; `done` then.
    void exportLiveBundle(const QString& path,
                          std::function<void(bool ok, const QString& error)> done = {});

protected:
    void closeEvent(QCloseEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    bool fileFailed(const QString& title, const QString& why, QString* error);
    void loadDraft(const Design& design);
    // A table with a filter; `refOf` names the object of a source row (for its context menu).
    QWidget* tablePage(QAbstractItemModel* model, const QString& filterHint,
                       const std::function<ObjectRef(int row)>& refOf);
    void chartMenu(const ObjectRef& ref, const QPoint& globalPos);
    void firstSize();
    void showState();
    // An event's kind ("created", ...) in the user's language.
    static QString kindText(const QString& kind);
    void askForConnection();
    void buildDesignActions(QMenu* menu, QToolBar* tools);
    void showProblems();
    // The role shown, and what a viewer may not do held back (main_window_access.cpp).
    void buildAccess();
    void showRole();
    void refreshAudit();
    // Why this console may not apply (its role), or empty when it may.
    QString viewerNote() const;
    void showPlan();
    void copySelection();
    void paste();

    EngineClient& m_client;
    HostTableModel* m_hosts;
    NetworkTableModel* m_networks;
    EndpointTableModel* m_endpoints;
    InventoryTreeModel* m_tree;
    DesignDocument* m_document;
    TopologyScene* m_topology;
    DesignView* m_view;
    PropertiesPanel* m_properties;
    QTabWidget* m_tabs;
    QListWidget* m_log;
    QListWidget* m_problemList;
    QDockWidget* m_problemsDock = nullptr;
    bool m_fitPending = true;
    QLabel* m_state;
    QStringList m_copied;  // keys of the items copied last
    TelemetryClient* m_telemetryClient;
    TelemetryStore* m_store;
    MonitorPage* m_monitor;
    LiveCanvas* m_live;
    QLabel* m_role = nullptr;
    AuditModel* m_audit = nullptr;
    QDockWidget* m_auditDock = nullptr;
    QTimer* m_auditTimer = nullptr;
    bool m_auditReading = false;
};

}  // namespace loom::ui
