// MainWindow: the caller's role on the engine (status bar; a viewer drafts and plans but does
// not apply), and the engine's audit trail in a dock.
#include <QDockWidget>
#include <QHeaderView>
#include <QLabel>
#include <QMenu>
#include <QPushButton>
#include <QStatusBar>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

#include "ui/client/engine_client.h"
#include "ui/designer/design_view.h"
#include "ui/models/audit_model.h"
#include "ui/widgets/main_window.h"

namespace loom::ui {

namespace {

constexpr int kAuditRows = 500;
constexpr int kAuditRefreshMs = 5000;

}  // namespace

void MainWindow::buildAccess() {
    m_role = new QLabel(this);
    m_role->setObjectName(QStringLiteral("role"));
    statusBar()->addPermanentWidget(m_role);

    m_audit = new AuditModel(this);
    auto* panel = new QWidget(this);
    auto* table = new QTableView(panel);
    table->setObjectName(QStringLiteral("auditTable"));
    table->setModel(m_audit);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->setWordWrap(false);
    table->verticalHeader()->hide();
    table->horizontalHeader()->setStretchLastSection(true);
    auto* refresh = new QPushButton(tr("Refresh"), panel);
    connect(refresh, &QPushButton::clicked, this, &MainWindow::refreshAudit);
    auto* layout = new QVBoxLayout(panel);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(table);
    layout->addWidget(refresh, 0, Qt::AlignRight);
    //: A dock listing every change and every refusal the engine recorded
    m_auditDock = new QDockWidget(tr("Audit"), this);
    m_auditDock->setObjectName(QStringLiteral("audit"));
    m_auditDock->setWidget(panel);
    addDockWidget(Qt::BottomDockWidgetArea, m_auditDock);
    if (auto* events = findChild<QDockWidget*>(QStringLiteral("events"))) {
        tabifyDockWidget(events, m_auditDock);
        events->raise();
    }
    if (auto* view = findChild<QMenu*>(QStringLiteral("viewMenu"))) {
        view->addAction(m_auditDock->toggleViewAction());
    }

    // Read while it shows: every few seconds, and soon after the engine reports a change.
    m_auditTimer = new QTimer(this);
    m_auditTimer->setInterval(kAuditRefreshMs);
    connect(m_auditTimer, &QTimer::timeout, this, &MainWindow::refreshAudit);
    auto follow = [this] {
        bool shown = m_auditDock->isVisible() && !m_auditDock->visibleRegion().isEmpty();
        if (shown && !m_auditTimer->isActive()) {
            m_auditTimer->start();
            refreshAudit();
        } else if (!shown) {
            m_auditTimer->stop();
        }
    };
    connect(m_auditDock, &QDockWidget::visibilityChanged, this, follow);
    connect(&m_client, &EngineClient::eventReceived, this, [this] {
        if (m_auditTimer->isActive()) QTimer::singleShot(300, this, &MainWindow::refreshAudit);
    });
    connect(&m_client, &EngineClient::connectionStateChanged, this, [this] {
        if (m_client.state() == ConnectionState::Connected) refreshAudit();
    });
    connect(&m_client, &EngineClient::callerChanged, this, &MainWindow::showRole);
    showRole();
}

void MainWindow::refreshAudit() {
    if (m_auditReading || m_client.state() != ConnectionState::Connected) return;
    m_auditReading = true;
    m_client.listAudit(0, kAuditRows, this,
                       [this](const QList<AuditEntry>& entries, const QString& error) {
                           m_auditReading = false;
                           if (error.isEmpty()) m_audit->setEntries(entries);
                       });
}

QString MainWindow::viewerNote() const {
    if (m_client.caller().role != Role::Viewer) return {};
    return tr(
        "You are a viewer on this engine: you may draft and plan, but applying needs an "
        "operator (root, group loom, or a certificate with OU=loom-operator)");
}

QString MainWindow::roleText() const {
    const CallerInfo& c = m_client.caller();
    switch (c.role) {
        case Role::Operator:
            //: The status bar: this console's role on the engine, and who the engine sees
            return tr("Operator: %1").arg(c.subject);
        case Role::Viewer:
            return tr("Viewer: %1 (look and plan only)").arg(c.subject);
        case Role::Unknown:
            break;
    }
    return {};
}

void MainWindow::showRole() {
    m_role->setText(roleText());
    m_role->setToolTip(m_client.caller().source);
    QString note = viewerNote();
    // Drafting changes nothing on the engine: the palette stays, and says where it ends.
    if (auto* palette = findChild<DesignPalette*>(QStringLiteral("palette"))) {
        palette->setToolTip(note.isEmpty() ? QString() : tr("Drafts only: %1").arg(note));
    }
    showProblems();  // the plan action's tooltip says what applying needs
}

}  // namespace loom::ui
