#include "ui/widgets/main_window.h"

#include <QAction>
#include <QCloseEvent>
#include <QDateTime>
#include <QDockWidget>
#include <QGraphicsItem>
#include <QGraphicsView>
#include <QHeaderView>
#include <QIcon>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenuBar>
#include <QSettings>
#include <QSortFilterProxyModel>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QToolBar>
#include <QTreeView>
#include <QVBoxLayout>

#include "ui/client/engine_client.h"
#include "ui/designer/topology_scene.h"
#include "ui/models/inventory_models.h"
#include "ui/models/inventory_tree_model.h"
#include "ui/widgets/connection_dialog.h"
#include "ui/widgets/properties_panel.h"

// Q_INIT_RESOURCE must be used outside any namespace.
static void initIcons() {
    Q_INIT_RESOURCE(loom);
}

namespace loom::ui {

namespace {
constexpr int kLogLines = 500;
}

MainWindow::MainWindow(EngineClient& client, QWidget* parent)
    : QMainWindow(parent),
      m_client(client),
      m_hosts(new HostTableModel(this)),
      m_networks(new NetworkTableModel(this)),
      m_endpoints(new EndpointTableModel(this)),
      m_tree(new InventoryTreeModel(this)),
      m_topology(new TopologyScene(this)),
      m_properties(new PropertiesPanel(this)),
      m_tabs(new QTabWidget(this)),
      m_log(new QListWidget(this)),
      m_state(new QLabel(this)) {
    initIcons();
    setWindowTitle(tr("Loom console"));
    setWindowIcon(QIcon(QStringLiteral(":/icons/loom.svg")));
    auto* canvas = new QGraphicsView(m_topology, this);
    canvas->setRenderHint(QPainter::Antialiasing);
    canvas->setDragMode(QGraphicsView::ScrollHandDrag);
    m_tabs->addTab(canvas, tr("&Topology"));
    m_tabs->addTab(tablePage(m_hosts, tr("Filter hosts")), tr("&Hosts"));
    m_tabs->addTab(tablePage(m_networks, tr("Filter networks")), tr("&Networks"));
    m_tabs->addTab(tablePage(m_endpoints, tr("Filter endpoints")), tr("&Endpoints"));
    setCentralWidget(m_tabs);

    auto* dock = new QDockWidget(tr("Events"), this);
    dock->setObjectName(QStringLiteral("events"));
    dock->setWidget(m_log);
    addDockWidget(Qt::BottomDockWidgetArea, dock);
    statusBar()->addPermanentWidget(m_state);

    auto* tree = new QTreeView(this);
    tree->setModel(m_tree);
    tree->header()->setStretchLastSection(true);
    tree->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    connect(m_tree, &QAbstractItemModel::modelReset, tree, &QTreeView::expandAll);
    auto* treeDock = new QDockWidget(tr("Inventory"), this);
    treeDock->setObjectName(QStringLiteral("inventory"));
    treeDock->setWidget(tree);
    addDockWidget(Qt::LeftDockWidgetArea, treeDock);
    auto* propertiesDock = new QDockWidget(tr("Properties"), this);
    propertiesDock->setObjectName(QStringLiteral("properties"));
    propertiesDock->setWidget(m_properties);
    addDockWidget(Qt::RightDockWidgetArea, propertiesDock);
    // Selecting an object in the tree or on the canvas shows its properties.
    connect(tree->selectionModel(), &QItemSelectionModel::currentChanged, this,
            [this](const QModelIndex& current) {
                m_properties->showObject(current.data(InventoryTreeModel::IdRole).toString());
            });
    connect(m_topology, &QGraphicsScene::selectionChanged, this, [this] {
        const auto selected = m_topology->selectedItems();
        if (selected.isEmpty()) return;
        m_properties->showObject(selected.front()->data(TopologyScene::IdKey).toString());
    });

    auto* refresh = new QAction(QIcon(QStringLiteral(":/icons/refresh.svg")), tr("&Refresh"), this);
    refresh->setShortcut(QKeySequence::Refresh);
    connect(refresh, &QAction::triggered, &m_client, &EngineClient::refresh);
    auto* connectTo =
        new QAction(QIcon(QStringLiteral(":/icons/connect.svg")), tr("&Connect..."), this);
    connectTo->setShortcut(QKeySequence(tr("Ctrl+O")));
    connect(connectTo, &QAction::triggered, this, &MainWindow::askForConnection);
    auto* quit = new QAction(tr("&Quit"), this);
    quit->setShortcut(QKeySequence::Quit);
    connect(quit, &QAction::triggered, this, &QWidget::close);
    auto* file = menuBar()->addMenu(tr("&Engine"));
    file->addAction(connectTo);
    file->addAction(refresh);
    file->addSeparator();
    file->addAction(quit);
    auto* view = menuBar()->addMenu(tr("&View"));
    view->addAction(treeDock->toggleViewAction());
    view->addAction(propertiesDock->toggleViewAction());
    view->addAction(dock->toggleViewAction());
    auto* tools = addToolBar(tr("Engine"));
    tools->setObjectName(QStringLiteral("engine"));
    tools->addAction(connectTo);
    tools->addAction(refresh);

    connect(&m_client, &EngineClient::inventoryChanged, this, [this](const Inventory& inv) {
        m_hosts->setRows(inv.hosts);
        m_networks->setRows(inv.networks);
        m_endpoints->setRows(inv.endpoints);
        m_tree->setInventory(inv);
        m_topology->setInventory(inv);
        m_properties->setInventory(inv);
        showState();
    });
    connect(&m_client, &EngineClient::connectionStateChanged, this, &MainWindow::showState);
    connect(&m_client, &EngineClient::eventReceived, this, [this](const EventInfo& e) {
        QString when =
            QDateTime::fromMSecsSinceEpoch(e.unixMs).toString(QStringLiteral("HH:mm:ss"));
        //: An event line: time, what happened (created, deleted...), to what, and why
        QString line =
            tr("%1  %2 %3")
                .arg(when, kindText(e.kind),
                     e.network ? tr("network %1").arg(e.name) : tr("endpoint %1").arg(e.name));
        if (!e.message.isEmpty()) line += QStringLiteral(": ") + e.message;
        m_log->addItem(line);
        while (m_log->count() > kLogLines) delete m_log->takeItem(0);
        m_log->scrollToBottom();
    });

    QSettings settings;
    restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray());
    restoreState(settings.value(QStringLiteral("window/state")).toByteArray());
    if (settings.contains(QStringLiteral("window/geometry")) == false) resize(960, 640);
    showState();
}

MainWindow::~MainWindow() = default;

QString MainWindow::kindText(const QString& kind) {
    if (kind == QStringLiteral("created")) return tr("created");
    if (kind == QStringLiteral("deleted")) return tr("deleted");
    if (kind == QStringLiteral("failed")) return tr("failed");
    return tr("changed");
}

QWidget* MainWindow::tablePage(QAbstractItemModel* model, const QString& filterHint) {
    auto* page = new QWidget(this);
    auto* filter = new QLineEdit(page);
    filter->setPlaceholderText(filterHint);
    filter->setClearButtonEnabled(true);
    auto* proxy = new QSortFilterProxyModel(page);
    proxy->setSourceModel(model);
    proxy->setFilterKeyColumn(-1);
    proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    connect(filter, &QLineEdit::textChanged, proxy, &QSortFilterProxyModel::setFilterFixedString);
    auto* table = new QTableView(page);
    table->setModel(proxy);
    table->setSortingEnabled(true);
    table->sortByColumn(0, Qt::AscendingOrder);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->horizontalHeader()->setStretchLastSection(true);
    table->verticalHeader()->hide();
    auto* layout = new QVBoxLayout(page);
    layout->addWidget(filter);
    layout->addWidget(table);
    return page;
}

QString MainWindow::connectionText() const {
    switch (m_client.state()) {
        case ConnectionState::Connected:
            return tr("Connected to %1: %n host(s)", nullptr,
                      static_cast<int>(m_hosts->rows().size()))
                .arg(m_client.target());
        case ConnectionState::Connecting:
            return tr("Connecting to %1...").arg(m_client.target());
        case ConnectionState::Disconnected:
            break;
    }
    return tr("Engine at %1 not reachable; retrying").arg(m_client.target());
}

void MainWindow::showState() {
    m_state->setText(connectionText());
}

void MainWindow::askForConnection() {
    QSettings settings;
    ConnectionDialog::Target current;
    current.remote = settings.value(QStringLiteral("connection/remote")).toBool();
    current.socket = settings.value(QStringLiteral("connection/socket")).toString();
    current.server = settings.value(QStringLiteral("connection/server")).toString();
    current.ca = settings.value(QStringLiteral("connection/ca")).toString();
    current.cert = settings.value(QStringLiteral("connection/cert")).toString();
    current.key = settings.value(QStringLiteral("connection/key")).toString();
    ConnectionDialog dialog(current, this);
    if (dialog.exec() != QDialog::Accepted) return;
    auto t = dialog.target();
    settings.setValue(QStringLiteral("connection/remote"), t.remote);
    settings.setValue(QStringLiteral("connection/socket"), t.socket);
    settings.setValue(QStringLiteral("connection/server"), t.server);
    settings.setValue(QStringLiteral("connection/ca"), t.ca);
    settings.setValue(QStringLiteral("connection/cert"), t.cert);
    settings.setValue(QStringLiteral("connection/key"), t.key);
    if (t.remote) {
        m_client.connectToServer(t.server, t.ca, t.cert, t.key);
    } else {
        m_client.connectToSocket(t.socket);
    }
}

void MainWindow::closeEvent(QCloseEvent* event) {
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), saveState());
    QMainWindow::closeEvent(event);
}

}  // namespace loom::ui
