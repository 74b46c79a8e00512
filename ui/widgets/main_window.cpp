#include "ui/widgets/main_window.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QCloseEvent>
#include <QDateTime>
#include <QDockWidget>
#include <QFileDialog>
#include <QGraphicsItem>
#include <QGraphicsView>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QIcon>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QScreen>
#include <QSettings>
#include <QSortFilterProxyModel>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QTimer>
#include <QToolBar>
#include <QUndoStack>
#include <QVBoxLayout>

#include "ui/client/bundle_file.h"
#include "ui/client/design_file.h"
#include "ui/client/engine_client.h"
#include "ui/client/telemetry_client.h"
#include "ui/dashboard/chart_menu.h"
#include "ui/dashboard/latency_matrix.h"
#include "ui/dashboard/monitor_page.h"
#include "ui/dashboard/telemetry_store.h"
#include "ui/designer/design_document.h"
#include "ui/designer/design_view.h"
#include "ui/designer/plan_dialog.h"
#include "ui/designer/topology_scene.h"
#include "ui/models/inventory_models.h"
#include "ui/models/inventory_tree_model.h"
#include "ui/widgets/connection_dialog.h"
#include "ui/widgets/inventory_tree_view.h"
#include "ui/widgets/live_canvas.h"
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
      m_document(new DesignDocument(this)),
      m_topology(new TopologyScene(*m_document, this)),
      m_view(new DesignView(m_topology, this)),
      m_properties(new PropertiesPanel(*m_document, this)),
      m_tabs(new QTabWidget(this)),
      m_log(new QListWidget(this)),
      m_problemList(new QListWidget(this)),
      m_state(new QLabel(this)),
      m_telemetryClient(new TelemetryClient(client, this)),
      m_store(new TelemetryStore(m_telemetryClient, this)),
      m_monitor(new MonitorPage(*m_store, m_telemetryClient, this)),
      m_live(new LiveCanvas(*m_store, *m_document, *m_topology, *m_view, this)) {
    initIcons();
    setWindowTitle(tr("Loom console"));
    setWindowIcon(QIcon(QStringLiteral(":/icons/loom.svg")));
    auto* designer = new QWidget(this);
    auto* designerLayout = new QHBoxLayout(designer);
    designerLayout->setContentsMargins(0, 0, 0, 0);
    auto* palette = new DesignPalette(designer);
    palette->setObjectName(QStringLiteral("palette"));
    designerLayout->addWidget(palette);
    designerLayout->addWidget(m_view, 1);
    m_tabs->addTab(designer, tr("&Topology"));
    m_tabs->addTab(m_monitor, tr("&Monitor"));
    m_tabs->addTab(tablePage(m_hosts, tr("Filter hosts"),
                             [this](int row) {
                                 const QString id = m_hosts->rows().at(row).id;
                                 return ObjectRef{TargetKind::Host, id, id};
                             }),
                   tr("&Hosts"));
    m_tabs->addTab(
        tablePage(m_networks, tr("Filter networks"),
                  [this](int row) {
                      return ObjectRef{TargetKind::Network, m_networks->rows().at(row).id, {}};
                  }),
        tr("&Networks"));
    m_tabs->addTab(tablePage(m_endpoints, tr("Filter endpoints"),
                             [this](int row) {
                                 const auto& e = m_endpoints->rows().at(row);
                                 return ObjectRef{TargetKind::Endpoint, e.id, e.hostId};
                             }),
                   tr("&Endpoints"));
    connect(m_live, &LiveCanvas::chartRequested, this, &MainWindow::openChart);
    connect(m_live, &LiveCanvas::matrixRequested, this, [this](const QString& networkId) {
        m_monitor->matrix().showNetwork(networkId);
        showTab(1);
    });
    setCentralWidget(m_tabs);

    auto* dock = new QDockWidget(tr("Events"), this);
    dock->setObjectName(QStringLiteral("events"));
    dock->setWidget(m_log);
    addDockWidget(Qt::BottomDockWidgetArea, dock);
    statusBar()->addPermanentWidget(m_state);

    auto* tree = new InventoryTreeView(m_tree, this);
    connect(tree, &InventoryTreeView::menuRequested, this, &MainWindow::chartMenu);
    auto* treeDock = new QDockWidget(tr("Inventory"), this);
    treeDock->setObjectName(QStringLiteral("inventory"));
    treeDock->setWidget(tree);
    addDockWidget(Qt::LeftDockWidgetArea, treeDock);
    auto* propertiesDock = new QDockWidget(tr("Properties"), this);
    propertiesDock->setObjectName(QStringLiteral("properties"));
    propertiesDock->setWidget(m_properties);
    addDockWidget(Qt::RightDockWidgetArea, propertiesDock);
    // Selecting an object in the tree or on the canvas shows its properties.
    connect(tree, &InventoryTreeView::objectSelected, m_properties, &PropertiesPanel::showObject);
    connect(m_topology, &QGraphicsScene::selectionChanged, this, [this] {
        const auto selected = m_topology->selectedKeys();
        if (selected.isEmpty()) return;
        m_properties->showObject(selected.front());
    });
    auto* problemsDock = new QDockWidget(tr("Problems"), this);
    m_problemsDock = problemsDock;
    problemsDock->setObjectName(QStringLiteral("problems"));
    problemsDock->setWidget(m_problemList);
    addDockWidget(Qt::BottomDockWidgetArea, problemsDock);
    tabifyDockWidget(dock, problemsDock);
    dock->raise();
    resizeDocks({dock}, {110}, Qt::Vertical);
    connect(m_problemList, &QListWidget::itemActivated, this, [this](QListWidgetItem* item) {
        QString key = item->data(Qt::UserRole).toString();
        m_tabs->setCurrentIndex(0);
        m_topology->selectKeys({key});
        if (auto* i = m_topology->itemFor(key)) m_view->ensureVisible(i);
        m_properties->showObject(key);
    });
    connect(m_document, &DesignDocument::changed, this, &MainWindow::showProblems);
    // The canvas fits what it shows until the user zooms or pans (and again after a design is
    // opened); an empty canvas says how to begin.
    auto hint = [this] {
        m_view->setHint(
            m_document->draft().networks.isEmpty()
                ? tr("To begin, drag a Network from the palette onto the canvas, drag an "
                     "Endpoint into a host, then draw a link from the endpoint to the network "
                     "and choose Plan and apply. Or see it running: scripts/run --lab 3 --demo")
                : QString());
    };
    hint();
    connect(m_document, &DesignDocument::changed, this, [this, hint] {
        hint();
        const Design& d = m_document->draft();
        if (d.hosts.isEmpty() && d.networks.isEmpty()) return;
        bool force = m_fitPending;
        m_fitPending = false;
        QTimer::singleShot(0, m_view, [view = m_view, force] {
            if (force) {
                view->fit();
            } else {
                view->fitUnlessMoved();
            }
        });
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
    auto* tools = addToolBar(tr("Engine"));
    tools->setObjectName(QStringLiteral("engine"));
    tools->addAction(connectTo);
    tools->addAction(refresh);
    auto* designTools = addToolBar(tr("Design"));
    designTools->setObjectName(QStringLiteral("design"));
    buildDesignActions(menuBar()->addMenu(tr("&Design")), designTools);
    auto* view = menuBar()->addMenu(tr("&View"));
    view->setObjectName(QStringLiteral("viewMenu"));
    auto* zoomIn = view->addAction(tr("Zoom &in"), this, [this] { m_view->zoomBy(1.25); });
    zoomIn->setShortcut(QKeySequence::ZoomIn);
    auto* zoomOut = view->addAction(tr("Zoom &out"), this, [this] { m_view->zoomBy(0.8); });
    zoomOut->setShortcut(QKeySequence::ZoomOut);
    auto* fit = view->addAction(tr("&Fit to window"), this, [this] { m_view->fit(); });
    fit->setShortcut(QKeySequence(tr("Ctrl+0")));
    auto* load = view->addAction(tr("Show live &load on the canvas"));
    load->setObjectName(QStringLiteral("showLoad"));
    load->setCheckable(true);
    load->setChecked(m_live->enabled());
    connect(load, &QAction::toggled, m_live, &LiveCanvas::setEnabled);
    view->addSeparator();
    view->addAction(treeDock->toggleViewAction());
    view->addAction(propertiesDock->toggleViewAction());
    view->addAction(dock->toggleViewAction());
    view->addAction(problemsDock->toggleViewAction());

    connect(&m_client, &EngineClient::inventoryChanged, this,
            [this](const Inventory& inv, const InventoryChange& change) {
                m_store->setInventory(inv, change);
                m_hosts->setRows(inv.hosts);  // a few rows: compared whole (their counts change)
                m_networks->setRows(inv.networks);
                m_endpoints->update(inv.endpoints, change);
                m_tree->update(inv, change);
                showState();
                // The canvas follows in a turn of its own, its draft worked out on another thread.
                m_document->setLiveInBackground(inv);
            });
    connect(&m_client, &EngineClient::connectionStateChanged, this, &MainWindow::showState);
    connect(&m_client, &EngineClient::eventReceived, m_store, &TelemetryStore::addEvent);
    connect(&m_client, &EngineClient::eventReceived, this, [this](const EventInfo& e) {
        QString when =
            QDateTime::fromMSecsSinceEpoch(e.unixMs).toString(QStringLiteral("HH:mm:ss"));
        //: An event line: time, what happened (created, deleted...), to what, and why
        QString line = tr("%1  %2 %3")
                           .arg(when, kindText(e.kind),
                                e.network   ? tr("network %1").arg(e.name)
                                : e.service ? tr("service %1").arg(e.name)
                                : e.host    ? tr("host %1").arg(e.name)
                                            : tr("endpoint %1").arg(e.name));
        if (!e.message.isEmpty()) line += QStringLiteral(": ") + e.message;
        m_log->addItem(line);
        while (m_log->count() > kLogLines) delete m_log->takeItem(0);
        m_log->scrollToBottom();
    });

    QSettings settings;
    if (settings.contains(QStringLiteral("window/geometry"))) {
        restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray());
    } else {
        firstSize();
    }
    buildAccess();  // before restoreState: the audit dock has its place remembered too
    restoreState(settings.value(QStringLiteral("window/state")).toByteArray());
    showState();
    showProblems();
}

MainWindow::~MainWindow() = default;

// The first window uses the screen sensibly: most of it, centred (remembered afterwards).
void MainWindow::firstSize() {
    QScreen* screen = QGuiApplication::primaryScreen();
    if (!screen) {
        resize(1200, 800);
        return;
    }
    const QRect avail = screen->availableGeometry();
    QSize size(std::min(avail.width() * 9 / 10, 1800), std::min(avail.height() * 9 / 10, 1100));
    resize(size);
    move(avail.center() - QPoint(size.width() / 2, size.height() / 2));
}

void MainWindow::showTab(int index) {
    m_tabs->setCurrentIndex(index);
}

void MainWindow::openChart(const PanelSpec& spec) {
    showTab(1);
    m_monitor->addPanel(spec);
}

void MainWindow::chartMenu(const ObjectRef& ref, const QPoint& globalPos) {
    QMenu menu;
    addChartActions(
        &menu, m_client.inventory(), ref, [this](const PanelSpec& s) { openChart(s); },
        [this](const QString& id) {
            m_monitor->matrix().showNetwork(id);
            showTab(1);
        });
    if (!menu.isEmpty()) menu.exec(globalPos);
}

QAction* MainWindow::action(const QString& objectName) const {
    return findChild<QAction*>(objectName);
}

void MainWindow::buildDesignActions(QMenu* menu, QToolBar* tools) {
    auto add = [&](const QString& name, const QString& text, const QKeySequence& key, auto slot) {
        auto* a = new QAction(text, this);
        a->setObjectName(name);
        if (!key.isEmpty()) a->setShortcut(key);
        a->setShortcutContext(Qt::WindowShortcut);
        connect(a, &QAction::triggered, this, slot);
        menu->addAction(a);
        addAction(a);
        return a;
    };
    QUndoStack& undo = m_document->undoStack();
    auto* undoAction = undo.createUndoAction(this, tr("&Undo"));
    undoAction->setObjectName(QStringLiteral("undo"));
    undoAction->setShortcut(QKeySequence::Undo);
    undoAction->setIcon(QIcon(QStringLiteral(":/icons/undo.svg")));
    auto* redoAction = undo.createRedoAction(this, tr("&Redo"));
    redoAction->setObjectName(QStringLiteral("redo"));
    redoAction->setShortcut(QKeySequence::Redo);
    redoAction->setIcon(QIcon(QStringLiteral(":/icons/redo.svg")));
    add(QStringLiteral("open"), tr("&Open design..."), QKeySequence(tr("Ctrl+Shift+O")), [this] {
        QString path = QFileDialog::getOpenFileName(this, tr("Open design"), {},
                                                    tr("Loom designs (*.json);;All files (*)"));
        if (!path.isEmpty()) openDesign(path);
    });
    add(QStringLiteral("save"), tr("&Save design as..."), QKeySequence::Save, [this] {
        QString path =
            QFileDialog::getSaveFileName(this, tr("Save design"), {}, tr("Loom designs (*.json)"));
        if (!path.isEmpty()) saveDesign(path);
    });
    add(QStringLiteral("exportBundle"), tr("&Export bundle..."), {}, [this] {
        QString path = QFileDialog::getSaveFileName(this, tr("Export bundle"), {},
                                                    tr("Loom bundles (*.tar.gz)"));
        if (!path.isEmpty()) exportBundle(path);
    });
    add(QStringLiteral("exportLiveBundle"), tr("Export &live cluster as bundle..."), {}, [this] {
        QString path = QFileDialog::getSaveFileName(this, tr("Export live bundle"), {},
                                                    tr("Loom bundles (*.tar.gz)"));
        if (!path.isEmpty()) exportLiveBundle(path);
    });
    add(QStringLiteral("importBundle"), tr("&Import bundle..."), {}, [this] {
        QString path = QFileDialog::getOpenFileName(this, tr("Import bundle"), {},
                                                    tr("Loom bundles (*.tar.gz);;All files (*)"));
        // A draft first; the plan shows what applying it would change, and nothing runs yet.
        if (!path.isEmpty() && importBundle(path)) showPlan();
    });
    add(QStringLiteral("revert"), tr("Re&vert to the cluster"), {},
        [this] { m_document->revert(); });
    menu->addSeparator();
    menu->addAction(undoAction);
    menu->addAction(redoAction);
    addAction(undoAction);
    addAction(redoAction);
    // These keys mean something else in the tables and editors: only on the canvas.
    auto onCanvas = [this](QAction* a) {
        a->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        removeAction(a);
        m_view->addAction(a);
    };
    onCanvas(
        add(QStringLiteral("copy"), tr("&Copy"), QKeySequence::Copy, [this] { copySelection(); }));
    onCanvas(add(QStringLiteral("paste"), tr("&Paste"), QKeySequence::Paste, [this] { paste(); }));
    onCanvas(add(QStringLiteral("delete"), tr("&Delete"), QKeySequence::Delete,
                 [this] { m_document->remove(m_topology->selectedKeys()); }));
    onCanvas(add(QStringLiteral("selectAll"), tr("Select &all"), QKeySequence::SelectAll, [this] {
        for (auto* item : m_topology->items()) {
            if (item->flags() & QGraphicsItem::ItemIsSelectable) item->setSelected(true);
        }
    }));
    menu->addSeparator();
    auto* addNetwork = add(QStringLiteral("addNetwork"), tr("Add &network"),
                           QKeySequence(tr("Ctrl+Shift+N")), [this] {
                               QPointF at = m_view->mapToScene(m_view->viewport()->rect().center());
                               m_topology->selectKeys({m_document->addNetwork(at)});
                           });
    addNetwork->setIcon(QIcon(QStringLiteral(":/icons/network.svg")));
    auto* addEndpoint =
        add(QStringLiteral("addEndpoint"), tr("Add &endpoint"), QKeySequence(tr("Ctrl+Shift+E")),
            [this] {
                // Into the selected host, or the host of the selected endpoint, or the first host.
                QString host;
                QString network;
                for (const auto& k : m_topology->selectedKeys()) {
                    if (k.startsWith(QStringLiteral("host:"))) host = k.mid(5);
                    if (const auto* e = m_document->draft().endpoint(k)) host = e->hostName;
                    if (m_document->draft().network(k)) network = k;
                }
                if (host.isEmpty() && !m_document->draft().hosts.isEmpty()) {
                    host = m_document->draft().hosts.front().name;
                }
                if (host.isEmpty()) {
                    QMessageBox::information(this, tr("Add endpoint"),
                                             tr("Add a host first: endpoints sit inside a host."));
                    return;
                }
                m_topology->selectKeys({m_document->addEndpoint(host, network)});
            });
    addEndpoint->setIcon(QIcon(QStringLiteral(":/icons/endpoint.svg")));
    auto* addHost = add(QStringLiteral("addHost"), tr("Add &placeholder host"), {}, [this] {
        QString name = DesignDocument::uniqueHostName(m_document->draft());
        QPointF at = m_view->mapToScene(m_view->viewport()->rect().center());
        m_topology->selectKeys({m_document->addHost(name, at)});
    });
    addHost->setIcon(QIcon(QStringLiteral(":/icons/host.svg")));
    add(QStringLiteral("alignLeft"), tr("Align &left"), {},
        [this] { m_document->align(m_topology->selectedKeys(), DesignDocument::Edge::Left); });
    add(QStringLiteral("alignTop"), tr("Align &top"), {},
        [this] { m_document->align(m_topology->selectedKeys(), DesignDocument::Edge::Top); });
    add(QStringLiteral("layOut"), tr("Lay &out automatically"), QKeySequence(tr("Ctrl+L")),
        [this] { m_document->layOut(); });
    menu->addSeparator();
    auto* plan = add(QStringLiteral("plan"), tr("&Plan and apply..."),
                     QKeySequence(tr("Ctrl+Return")), [this] { showPlan(); });
    plan->setIcon(QIcon(QStringLiteral(":/icons/apply.svg")));
    tools->addAction(addNetwork);
    tools->addAction(addEndpoint);
    tools->addAction(addHost);
    tools->addSeparator();
    tools->addAction(undoAction);
    tools->addAction(redoAction);
    tools->addSeparator();
    tools->addAction(plan);
}

void MainWindow::showProblems() {
    const auto& problems = m_document->problems();
    // New problems come to the front; the dock's title counts them.
    if (!problems.isEmpty() && m_problemList->count() == 0) m_problemsDock->raise();
    m_problemsDock->setWindowTitle(problems.isEmpty() ? tr("Problems")
                                                      : tr("Problems (%1)").arg(problems.size()));
    m_problemList->clear();
    auto nameOf = [this](const QString& key) {
        if (const auto* n = m_document->draft().network(key)) return tr("network %1").arg(n->name);
        if (const auto* e = m_document->draft().endpoint(key)) {
            return tr("endpoint %1 on %2").arg(e->name, e->hostName);
        }
        return key;
    };
    for (const auto& p : problems) {
        auto* item = new QListWidgetItem(tr("%1, %2: %3").arg(nameOf(p.key), p.field, p.message),
                                         m_problemList);
        item->setData(Qt::UserRole, p.key);
    }
    if (auto* plan = action(QStringLiteral("plan"))) {
        plan->setEnabled(problems.isEmpty());
        plan->setToolTip(!problems.isEmpty() ? tr("%n problem(s) in the design: fix them first",
                                                  nullptr, static_cast<int>(problems.size()))
                         : !viewerNote().isEmpty()
                             ? viewerNote()
                             : tr("Show what applying the design would do, and apply it"));
    }
}

void MainWindow::showPlan() {
    if (!m_document->problems().isEmpty()) return;
    PlanDialog dialog(m_client, *m_document, this);
    dialog.exec();
}

void MainWindow::copySelection() {
    m_copied = m_topology->selectedKeys();
    // Also as a design on the clipboard, for other programs (or another console).
    Design part;
    const Design& d = m_document->draft();
    for (const auto& k : m_copied) {
        if (const auto* n = d.network(k)) part.networks.append(*n);
    }
    for (const auto& k : m_copied) {
        const auto* e = d.endpoint(k);
        if (!e) continue;
        part.endpoints.append(*e);
        if (!part.network(e->networkKey)) part.endpoints.back().networkKey.clear();
        if (!part.host(e->hostName)) part.hosts.append({e->hostName, {}});
    }
    QApplication::clipboard()->setText(designToJson(part));
}

void MainWindow::paste() {
    QString host;
    for (const auto& k : m_topology->selectedKeys()) {
        if (k.startsWith(QStringLiteral("host:"))) host = k.mid(5);
    }
    QStringList added = m_document->duplicate(m_copied, host);
    m_topology->selectKeys(added);
}

void MainWindow::changeEvent(QEvent* event) {
    if (event->type() == QEvent::PaletteChange ||
        event->type() == QEvent::ApplicationPaletteChange) {
        m_topology->rebuild();
    }
    QMainWindow::changeEvent(event);
}

QString MainWindow::kindText(const QString& kind) {
    if (kind == QStringLiteral("created")) return tr("created");
    if (kind == QStringLiteral("deleted")) return tr("deleted");
    if (kind == QStringLiteral("failed")) return tr("failed");
    return tr("changed");
}

QWidget* MainWindow::tablePage(QAbstractItemModel* model, const QString& filterHint,
                               const std::function<ObjectRef(int row)>& refOf) {
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
    table->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(table, &QTableView::customContextMenuRequested, this,
            [this, table, proxy, refOf](const QPoint& at) {
                QModelIndex index = table->indexAt(at);
                if (!index.isValid()) return;
                chartMenu(refOf(proxy->mapToSource(index).row()),
                          table->viewport()->mapToGlobal(at));
            });
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
