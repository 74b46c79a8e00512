#include "ui/dashboard/monitor_page.h"

#include <QComboBox>
#include <QDateTime>
#include <QDateTimeEdit>
#include <QDialog>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QScrollArea>
#include <QScrollBar>
#include <QSettings>
#include <QSplitter>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>

#include "ui/dashboard/latency_matrix.h"
#include "ui/dashboard/top_panel.h"

namespace loom::ui {

namespace {
constexpr int kColumns = 2;
constexpr int kTickMs = 1000;

QString eventText(const EventInfo& e) {
    QString when = QDateTime::fromMSecsSinceEpoch(e.unixMs).toString(QStringLiteral("HH:mm:ss"));
    QString what;
    if (e.host) {
        what = e.kind == QStringLiteral("down") ? MonitorPage::tr("host %1 went down").arg(e.name)
                                                : MonitorPage::tr("host %1 is back").arg(e.name);
    } else {
        QString object = e.network ? MonitorPage::tr("network %1").arg(e.name)
                                   : MonitorPage::tr("endpoint %1").arg(e.name);
        QString kind = e.kind == QStringLiteral("created")   ? MonitorPage::tr("created")
                       : e.kind == QStringLiteral("deleted") ? MonitorPage::tr("deleted")
                       : e.kind == QStringLiteral("failed")  ? MonitorPage::tr("failed")
                                                             : MonitorPage::tr("changed");
        //: A chart marker: the object, and what happened to it
        what = MonitorPage::tr("%1 %2").arg(object, kind);
    }
    QString text = when + QStringLiteral("  ") + what;
    if (!e.message.isEmpty()) text += QStringLiteral(": ") + e.message;
    return text;
}

QColor eventColor(const EventInfo& e) {
    if (e.kind == QStringLiteral("failed") || e.kind == QStringLiteral("down")) {
        return QColor(200, 30, 30);
    }
    if (e.kind == QStringLiteral("created") || e.kind == QStringLiteral("back")) {
        return QColor(40, 150, 70);
    }
    if (e.kind == QStringLiteral("deleted")) return QColor(110, 110, 110);
    return QColor(60, 110, 200);
}

// Whether an event is about what a panel shows.
bool concerns(const EventInfo& e, const PanelSpec& s) {
    const bool endpoint = !e.network && !e.host;
    auto onHost = [&](const QString& host) { return host.isEmpty() || e.hostName == host; };
    switch (s.kind) {
        case PanelSpec::Kind::TopEndpoints:
            return false;
        case PanelSpec::Kind::Latency:
            return (e.host && (e.name == s.hostName || e.name == s.toName)) ||
                   (e.network && e.id == s.networkId) || (endpoint && e.id == s.toId);
        case PanelSpec::Kind::Throughput:
            break;
    }
    const QString host = s.hostId.isEmpty() ? QString() : s.hostName;
    switch (s.target) {
        case TargetKind::Endpoint:
            return (endpoint && e.id == s.id) || (e.host && e.name == s.hostName);
        case TargetKind::Network:
            return (e.network && e.id == s.id) ||
                   (endpoint && e.networkId == s.id && onHost(host)) || (e.host && onHost(host));
        case TargetKind::Host:
            return (e.host && onHost(host)) || (endpoint && onHost(host));
    }
    return false;
}
}  // namespace

MonitorPage::MonitorPage(TelemetryStore& store, TelemetryClient* client, QWidget* parent)
    : QWidget(parent), m_store(store), m_client(client) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    auto* bar = new QHBoxLayout();
    m_spanBox = new QComboBox(this);
    m_spanBox->setObjectName(QStringLiteral("span"));
    m_spanBox->addItem(tr("Live: last 5 minutes"), static_cast<int>(Span::Live5m));
    m_spanBox->addItem(tr("Last hour"), static_cast<int>(Span::Hour));
    m_spanBox->addItem(tr("Last 24 hours"), static_cast<int>(Span::Day));
    m_spanBox->addItem(tr("Last 7 days"), static_cast<int>(Span::Week));
    m_spanBox->addItem(tr("Custom range..."), static_cast<int>(Span::Custom));
    m_pause = new QToolButton(this);
    m_pause->setObjectName(QStringLiteral("pause"));
    m_pause->setCheckable(true);
    m_pause->setText(tr("Pause"));
    m_pause->setToolTip(tr("Stop the charts moving (data is still collected); again to resume"));
    auto* top = new QToolButton(this);
    top->setText(tr("Busiest endpoints"));
    top->setToolTip(tr("Add a panel with the busiest endpoints now"));
    m_state = new QLabel(this);
    bar->addWidget(new QLabel(tr("Time:"), this));
    bar->addWidget(m_spanBox);
    bar->addWidget(m_pause);
    bar->addSpacing(12);
    bar->addWidget(top);
    bar->addStretch(1);
    bar->addWidget(m_state);
    layout->addLayout(bar);

    auto* split = new QSplitter(Qt::Vertical, this);
    m_scroll = new QScrollArea(split);
    m_scroll->setWidgetResizable(true);
    m_grid = new QWidget(m_scroll);
    m_gridLayout = new QGridLayout(m_grid);
    m_gridLayout->setContentsMargins(0, 0, 0, 0);
    m_empty = new QLabel(
        tr("No charts yet. Right-click an endpoint, a network or a host (in the inventory, the "
           "tables or on the canvas) and choose \"Chart throughput\" or \"Chart latency\"; click "
           "a cell of the latency matrix below; or add the busiest endpoints."),
        m_grid);
    m_empty->setWordWrap(true);
    m_empty->setAlignment(Qt::AlignCenter);
    m_empty->setForegroundRole(QPalette::PlaceholderText);
    m_scroll->setWidget(m_grid);
    // Panels scrolled into sight draw at once, not at the next tick.
    for (auto* bar : {m_scroll->verticalScrollBar(), m_scroll->horizontalScrollBar()}) {
        connect(bar, &QScrollBar::valueChanged, this, [this] {
            for (auto* p : m_panels) {
                if (!p->visibleRegion().isEmpty()) p->refresh();
            }
        });
    }
    m_matrix = new LatencyMatrix(store, split);
    split->addWidget(m_scroll);
    split->addWidget(m_matrix);
    split->setObjectName(QStringLiteral("monitorSplit"));
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 1);
    split->setSizes({3000, 1000});  // proportions: the charts get most of the page
    split->restoreState(QSettings().value(QStringLiteral("monitor/split")).toByteArray());
    connect(split, &QSplitter::splitterMoved, this,
            [split] { QSettings().setValue(QStringLiteral("monitor/split"), split->saveState()); });
    layout->addWidget(split, 1);

    connect(m_spanBox, &QComboBox::activated, this, [this] {
        auto s = static_cast<Span>(m_spanBox->currentData().toInt());
        if (s != Span::Custom) {
            setSpan(s);
            return;
        }
        // A custom range: from and to, in local time.
        QDialog dialog(this);
        dialog.setWindowTitle(tr("Custom range"));
        auto* form = new QFormLayout(&dialog);
        auto* from = new QDateTimeEdit(QDateTime::fromMSecsSinceEpoch(m_range.from), &dialog);
        auto* to = new QDateTimeEdit(QDateTime::fromMSecsSinceEpoch(m_range.to), &dialog);
        from->setCalendarPopup(true);
        to->setCalendarPopup(true);
        form->addRow(tr("From"), from);
        form->addRow(tr("To"), to);
        auto* buttons =
            new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &dialog);
        form->addRow(buttons);
        connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
        connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
        if (dialog.exec() == QDialog::Accepted && from->dateTime() < to->dateTime()) {
            setCustomRange(from->dateTime().toMSecsSinceEpoch(),
                           to->dateTime().toMSecsSinceEpoch());
        } else {
            showState();
        }
    });
    connect(m_pause, &QToolButton::toggled, this, &MonitorPage::setPaused);
    connect(top, &QToolButton::clicked, this, [this] {
        PanelSpec s;
        s.kind = PanelSpec::Kind::TopEndpoints;
        addPanel(s);
    });
    connect(m_matrix, &LatencyMatrix::chartRequested, this, &MonitorPage::addPanel);
    connect(&m_store, &TelemetryStore::eventAdded, this, [this] { m_eventsDirty = true; });
    connect(&m_store, &TelemetryStore::inventoryChanged, this, &MonitorPage::followInventory);
    connect(&m_store, &TelemetryStore::liveChanged, this, [this](bool live) {
        // Back after a loss: history fills what the engine kept meanwhile (if it was only the
        // console that was cut off); a real outage stays a gap.
        if (live) m_refetch = true;
        showState();
    });
    m_timer.setInterval(kTickMs);
    connect(&m_timer, &QTimer::timeout, this, &MonitorPage::tick);
    m_timer.start();
    restoreLayout();
    relayout();
    showState();
}

MonitorPage::~MonitorPage() = default;

qint64 MonitorPage::spanMs(Span span) const {
    switch (span) {
        case Span::Live5m:
            return 5 * 60 * 1000;
        case Span::Hour:
            return 3600 * 1000;
        case Span::Day:
            return 24 * 3600 * 1000;
        case Span::Week:
            return qint64{7} * 24 * 3600 * 1000;
        case Span::Custom:
            break;
    }
    return m_range.to - m_range.from;
}

MonitorPanel* MonitorPage::addPanel(const PanelSpec& spec) {
    for (auto* p : m_panels) {
        if (p->spec().key() == spec.key()) {
            m_scroll->ensureWidgetVisible(p);
            return p;
        }
    }
    MonitorPanel* panel = makePanel(spec);
    m_panels.append(panel);
    relayout();
    saveLayout();
    m_eventsDirty = true;
    // Its history, for the range shown: once laid out, so it asks for as many points as fit.
    QTimer::singleShot(0, panel, [this, panel] {
        panel->setRange(m_range, true);
        panel->refresh();
        m_scroll->ensureWidgetVisible(panel);
    });
    return panel;
}

MonitorPanel* MonitorPage::makePanel(const PanelSpec& spec) {
    MonitorPanel* panel = nullptr;
    switch (spec.kind) {
        case PanelSpec::Kind::Throughput:
            panel = new ThroughputPanel(spec, m_store, m_client, m_grid);
            break;
        case PanelSpec::Kind::Latency:
            panel = new LatencyPanel(spec, m_store, m_client, m_grid);
            break;
        case PanelSpec::Kind::TopEndpoints:
            panel = new TopPanel(spec, m_store, m_grid);
            break;
    }
    wire(panel);
    return panel;
}

void MonitorPage::followInventory(const Inventory& inventory) {
    bool changed = false;
    for (int i = 0; i < m_panels.size(); ++i) {
        PanelSpec spec = m_panels[i]->spec();
        if (!spec.resolve(inventory)) continue;
        // The same object under a new id: a panel of it in this place (once on the page).
        bool shown = false;
        for (auto* p : m_panels) shown = shown || p->spec().key() == spec.key();
        MonitorPanel* old = m_panels[i];
        if (shown) {
            m_panels.removeAt(i--);
        } else {
            MonitorPanel* fresh = makePanel(spec);
            m_panels[i] = fresh;
            QTimer::singleShot(0, fresh, [this, fresh] {
                fresh->setRange(m_range, true);
                fresh->refresh();
            });
        }
        old->hide();
        old->deleteLater();
        changed = true;
    }
    if (!changed) return;
    relayout();
    saveLayout();
    m_eventsDirty = true;
}

void MonitorPage::wire(MonitorPanel* panel) {
    connect(panel, &MonitorPanel::removeRequested, this, [this, panel] { removePanel(panel); });
    connect(panel, &MonitorPanel::moveRequested, this,
            [this, panel](int delta) { movePanel(panel, delta); });
    connect(panel, &MonitorPanel::chartRequested, this, &MonitorPage::addPanel);
    // One cursor for every chart of the page.
    connect(panel, &MonitorPanel::cursorMoved, this, [this](qint64 t) {
        for (auto* p : m_panels) {
            if (auto* c = p->chart()) c->setCursorTime(t);
        }
    });
    connect(panel, &MonitorPanel::rangeSelected, this, &MonitorPage::setCustomRange);
    connect(panel, &MonitorPanel::panned, this, [this](qint64 delta) {
        m_paused = true;
        m_span = Span::Custom;
        m_range = {m_range.from + delta, m_range.to + delta, false};
        for (auto* p : m_panels) {
            p->setRange(m_range, false);
            p->refresh();
        }
        showState();
    });
    connect(panel, &MonitorPanel::panFinished, this, [this] {
        m_refetch = true;
        tick();
    });
    connect(panel, &MonitorPanel::resetRequested, this, [this] { setSpan(m_liveSpan); });
}

void MonitorPage::removePanel(MonitorPanel* panel) {
    if (!m_panels.removeOne(panel)) return;
    panel->hide();
    panel->deleteLater();
    relayout();
    saveLayout();
}

void MonitorPage::movePanel(MonitorPanel* panel, int delta) {
    int i = static_cast<int>(m_panels.indexOf(panel));
    int j = std::clamp(i + delta, 0, static_cast<int>(m_panels.size()) - 1);
    if (i < 0 || i == j) return;
    m_panels.move(i, j);
    relayout();
    saveLayout();
}

void MonitorPage::relayout() {
    while (m_gridLayout->count() > 0) m_gridLayout->takeAt(0);
    m_empty->setVisible(m_panels.isEmpty());
    if (m_panels.isEmpty()) {
        m_gridLayout->addWidget(m_empty, 0, 0);
        return;
    }
    for (int i = 0; i < m_panels.size(); ++i) {
        m_gridLayout->addWidget(m_panels[i], i / kColumns, i % kColumns);
    }
    for (int c = 0; c < kColumns; ++c) m_gridLayout->setColumnStretch(c, 1);
}

void MonitorPage::setSpan(Span span) {
    if (span == Span::Custom) return;
    m_span = span;
    m_liveSpan = span;
    m_paused = false;
    m_refetch = true;
    QSettings().setValue(QStringLiteral("monitor/span"), static_cast<int>(span));
    tick();
}

void MonitorPage::setCustomRange(qint64 from, qint64 to) {
    if (to <= from) return;
    m_span = Span::Custom;
    m_paused = true;
    m_range = {from, to, false};
    m_refetch = true;
    tick();
}

void MonitorPage::setPaused(bool paused) {
    if (paused == m_paused) {
        showState();
        return;
    }
    m_paused = paused;
    if (!paused && m_span == Span::Custom) {
        setSpan(m_liveSpan);
        return;
    }
    if (!paused) m_refetch = true;
    tick();
}

void MonitorPage::tick() {
    QElapsedTimer timer;
    timer.start();
    const qint64 now = m_clock ? m_clock() : QDateTime::currentMSecsSinceEpoch();
    if (!m_paused && m_span != Span::Custom) m_range = {now - spanMs(m_span), now, true};
    const bool refetch = m_refetch;
    m_refetch = false;
    const bool visible = isVisible() || m_refreshHidden;
    if (m_eventsDirty) applyEvents();
    // Only panels in sight draw (Wireshark's habit): the others when they are scrolled to.
    for (auto* p : m_panels) {
        p->setRange(m_range, refetch);
        if (visible && (m_refreshHidden || !p->visibleRegion().isEmpty())) p->refresh();
    }
    if (visible) m_matrix->update(now);
    showState();
    m_tickTimes.push_back(static_cast<double>(timer.nsecsElapsed()) / 1e6);
    if (m_tickTimes.size() > 600) m_tickTimes.erase(m_tickTimes.begin());
}

void MonitorPage::applyEvents() {
    m_eventsDirty = false;
    for (auto* p : m_panels) {
        if (auto* chart = qobject_cast<ChartPanel*>(p)) chart->setEvents(eventsFor(p->spec()));
    }
}

QVector<ChartEvent> MonitorPage::eventsFor(const PanelSpec& spec) const {
    QVector<ChartEvent> out;
    for (const auto& e : m_store.events()) {
        if (concerns(e, spec)) out.push_back({e.unixMs, eventText(e), eventColor(e)});
    }
    return out;
}

void MonitorPage::showState() {
    int index = m_spanBox->findData(static_cast<int>(m_span));
    if (index >= 0 && m_spanBox->currentIndex() != index) m_spanBox->setCurrentIndex(index);
    if (m_pause->isChecked() != m_paused) {
        m_pause->blockSignals(true);
        m_pause->setChecked(m_paused);
        m_pause->blockSignals(false);
    }
    m_pause->setText(m_paused ? tr("Resume") : tr("Pause"));
    QString range = QStringLiteral("%1 – %2").arg(
        QDateTime::fromMSecsSinceEpoch(m_range.from).toString(QStringLiteral("MMM d HH:mm:ss")),
        QDateTime::fromMSecsSinceEpoch(m_range.to).toString(QStringLiteral("MMM d HH:mm:ss")));
    QString state = !m_store.live() ? tr("engine lost: no live data (the charts show the gap)")
                    : m_paused      ? tr("paused (double-click a chart to go back to live)")
                                    : tr("live");
    m_state->setText(QStringLiteral("%1   %2").arg(range, state));
}

void MonitorPage::saveLayout() const {
    QJsonArray panels;
    for (const auto* p : m_panels) panels.append(p->spec().toJson());
    QSettings().setValue(QStringLiteral("monitor/panels"),
                         QString::fromUtf8(QJsonDocument(panels).toJson(QJsonDocument::Compact)));
}

void MonitorPage::restoreLayout() {
    QSettings settings;
    auto span = static_cast<Span>(
        settings.value(QStringLiteral("monitor/span"), static_cast<int>(Span::Live5m)).toInt());
    if (span != Span::Custom) m_span = m_liveSpan = span;
    const auto doc = QJsonDocument::fromJson(
        settings.value(QStringLiteral("monitor/panels")).toString().toUtf8());
    for (const auto& v : doc.array()) {
        PanelSpec s = PanelSpec::fromJson(v.toObject());
        bool duplicate = false;
        for (auto* p : m_panels) duplicate = duplicate || p->spec().key() == s.key();
        if (duplicate) continue;
        m_panels.append(makePanel(s));
    }
    m_refetch = true;
}

}  // namespace loom::ui
