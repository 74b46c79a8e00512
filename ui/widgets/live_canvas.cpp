#include "ui/widgets/live_canvas.h"

#include <QDateTime>
#include <QGraphicsItem>
#include <QInputDialog>
#include <QMenu>
#include <QSettings>

#include <algorithm>

#include "ui/dashboard/chart_menu.h"
#include "ui/dashboard/telemetry_store.h"
#include "ui/dashboard/weathermap.h"
#include "ui/designer/design_document.h"
#include "ui/designer/design_view.h"
#include "ui/designer/topology_scene.h"

namespace loom::ui {

namespace {
QString capacityKey(const QString& network) {
    return QStringLiteral("weathermap/capacity/") + network;
}
}  // namespace

LiveCanvas::LiveCanvas(TelemetryStore& store, DesignDocument& document, TopologyScene& scene,
                       DesignView& view, QObject* parent)
    : QObject(parent),
      m_store(store),
      m_document(document),
      m_scene(scene),
      m_view(view),
      m_weathermap(new Weathermap(store, &scene, this)),
      m_legend(new WeathermapLegend(view.viewport())) {
    m_legend->hide();
    // Capacities set before, per network name.
    QSettings settings;
    settings.beginGroup(QStringLiteral("weathermap/capacity"));
    for (const auto& name : settings.childKeys()) {
        m_weathermap->setCapacity(name, settings.value(name).toDouble());
    }
    settings.endGroup();
    connect(m_weathermap, &Weathermap::chartRequested, this, &LiveCanvas::chartRequested);
    // Geometry after the canvas settled: one update per burst of moves, not one per move (on a
    // timer, so that it is a turn of the event loop of its own).
    connect(&m_scene, &TopologyScene::linksChanged, this, [this] {
        if (m_geometryPending) return;
        m_geometryPending = true;
        QTimer::singleShot(1, this, [this] {
            m_geometryPending = false;
            updateGeometry();
        });
    });
    connect(&m_view, &DesignView::zoomChanged, this,
            [this](qreal zoom) { m_weathermap->setLabelsVisible(zoom >= 1.2); });
    connect(&m_view, &DesignView::contextMenuRequested, this, &LiveCanvas::contextMenu);
    connect(&m_store, &TelemetryStore::liveChanged, this, [this] {
        placeLegend();
        refresh();
    });
    m_timer.setInterval(1000);
    connect(&m_timer, &QTimer::timeout, this, &LiveCanvas::refresh);
    m_timer.start();
    setEnabled(QSettings().value(QStringLiteral("weathermap/enabled"), true).toBool());
}

void LiveCanvas::setEnabled(bool on) {
    QSettings().setValue(QStringLiteral("weathermap/enabled"), on);
    m_weathermap->setEnabled(on);
    if (on) updateGeometry();
    placeLegend();
    refresh();
}

bool LiveCanvas::enabled() const {
    return m_weathermap->enabled();
}

void LiveCanvas::placeLegend() {
    const bool show = m_weathermap->enabled() && m_store.live();
    m_legend->setVisible(show);
    if (!show) return;
    m_legend->adjustSize();
    m_legend->move(8, m_view.viewport()->height() - m_legend->height() - 8);
}

void LiveCanvas::updateGeometry() {
    CanvasGeometry g;
    const Design& d = m_document.draft();
    const Inventory& live = m_document.live();
    g.links.reserve(live.endpoints.size());
    m_scene.forEachLink([&](const QString& liveId, const QLineF& line) {
        const EndpointInfo* le = m_document.liveEndpoint(liveId);
        if (!le || line.isNull()) return;
        g.links.push_back({le->id, le->name, le->hostId, le->hostName, le->networkName, line});
    });
    // The hosts each network has endpoints on, in one pass (few of either).
    QHash<QString, QVector<QPair<QString, QString>>> hostsOf;
    for (const auto& e : live.endpoints) {
        auto& hosts = hostsOf[e.networkId];
        const bool known = std::any_of(hosts.cbegin(), hosts.cend(),
                                       [&e](const auto& h) { return sameText(h.first, e.hostId); });
        if (!known) hosts.push_back({e.hostId, e.hostName});
    }
    for (const auto& n : d.networks) {
        auto* item = m_scene.itemFor(n.key);
        if (n.liveId.isEmpty() || !item) continue;
        CanvasGeometry::Bus bus{n.liveId, n.name, item->sceneBoundingRect(),
                                hostsOf.value(n.liveId)};
        std::sort(bus.hosts.begin(), bus.hosts.end(),
                  [](const auto& a, const auto& b) { return a.second < b.second; });
        g.buses.push_back(bus);
    }
    for (const auto& h : d.hosts) {
        auto* item = m_scene.itemFor(DesignDocument::hostKey(h.name));
        if (!item) continue;
        for (const auto& lh : live.hosts) {
            if (lh.name == h.name) g.frames.push_back({lh.id, lh.name, item->sceneBoundingRect()});
        }
    }
    m_weathermap->setGeometry(g);
}

void LiveCanvas::refresh() {
    placeLegend();
    if (!m_weathermap->enabled() || !m_view.isVisible()) return;
    m_weathermap->update(QDateTime::currentMSecsSinceEpoch());
}

void LiveCanvas::contextMenu(const QString& key, const QPoint& globalPos) {
    const Design& d = m_document.draft();
    const Inventory& live = m_document.live();
    ObjectRef ref;
    QString networkName;
    if (key.startsWith(QStringLiteral("host:"))) {
        for (const auto& h : live.hosts) {
            if (h.name == key.mid(5)) ref = {TargetKind::Host, h.id, h.id};
        }
    } else if (const auto* e = d.endpoint(key)) {
        ref = {TargetKind::Endpoint, e->liveId, {}};
    } else if (const auto* n = d.network(key)) {
        ref = {TargetKind::Network, n->liveId, {}};
        networkName = n->name;
    }
    QMenu menu;
    if (!ref.id.isEmpty()) {
        addChartActions(
            &menu, live, ref, [this](const PanelSpec& s) { emit chartRequested(s); },
            [this](const QString& id) { emit matrixRequested(id); });
    }
    if (!networkName.isEmpty()) {
        menu.addSeparator();
        double current = m_weathermap->capacity(networkName);
        menu.addAction(tr("Set load capacity for colours..."), [this, networkName, current] {
            bool ok = false;
            double mbit = QInputDialog::getDouble(
                &m_view, tr("Load capacity"),
                tr("Capacity of network %1 in Mbit/s (0: the fixed scale). Links are then "
                   "coloured by their share of it.")
                    .arg(networkName),
                current / 1e6, 0, 1e7, 1, &ok);
            if (!ok) return;
            m_weathermap->setCapacity(networkName, mbit * 1e6);
            QSettings settings;
            if (mbit > 0) {
                settings.setValue(capacityKey(networkName), mbit * 1e6);
            } else {
                settings.remove(capacityKey(networkName));
            }
            refresh();
        });
    }
    if (menu.isEmpty()) return;
    menu.exec(globalPos);
}

}  // namespace loom::ui
