#include "ui/designer/topology_scene.h"

#include <QBrush>
#include <QGraphicsLineItem>
#include <QGraphicsPathItem>
#include <QGraphicsRectItem>
#include <QGraphicsSceneDragDropEvent>
#include <QGraphicsSceneMouseEvent>
#include <QGuiApplication>
#include <QMimeData>
#include <QPalette>
#include <QPen>
#include <QSet>

#include <algorithm>

#include "ui/designer/canvas_items.h"
#include "ui/designer/design_document.h"
#include "ui/designer/plan.h"

namespace loom::ui {

namespace {

QString keyOf(const QGraphicsItem* item) {
    return item ? item->data(TopologyScene::IdKey).toString() : QString();
}

}  // namespace

TopologyScene::TopologyScene(DesignDocument& document, QObject* parent)
    : QGraphicsScene(parent), m_doc(document) {
    connect(&m_doc, &DesignDocument::changed, this, &TopologyScene::rebuild);
    rebuild();
}

int TopologyScene::count(ItemType type) const {
    const auto all = items();
    return static_cast<int>(std::count_if(all.begin(), all.end(),
                                          [type](QGraphicsItem* i) { return i->type() == type; }));
}

QStringList TopologyScene::selectedKeys() const {
    QStringList keys;
    for (auto* item : selectedItems()) keys.append(keyOf(item));
    return keys;
}

void TopologyScene::selectKeys(const QStringList& keys) {
    clearSelection();
    for (const auto& k : keys) {
        if (auto* item = m_byKey.value(k)) item->setSelected(true);
    }
}

void TopologyScene::rebuild() {
    if (m_pressed) {
        m_rebuildPending = true;
        return;
    }
    m_rebuildPending = false;
    QStringList selected = selectedKeys();
    bool blocked = blockSignals(true);

    // Colours from the palette; a new palette draws everything afresh.
    const QPalette palette = QGuiApplication::palette();
    Look look;
    look.text = palette.color(QPalette::Text);
    look.base = palette.color(QPalette::Base);
    look.frame = palette.color(QPalette::AlternateBase);
    const bool dark = look.base.lightness() < 128;
    look.host = dark ? QColor(140, 170, 210) : QColor(47, 74, 102);
    look.network = dark ? QColor(120, 200, 150) : QColor(45, 106, 69);
    look.endpoint = dark ? QColor(230, 190, 110) : QColor(138, 100, 32);
    look.bad = dark ? QColor(255, 110, 110) : QColor(200, 30, 30);
    look.link = dark ? QColor(110, 190, 140, 200) : QColor(63, 143, 95, 180);
    if (look != m_look) {
        m_look = look;
        m_drawing = nullptr;
        clear();
        m_hosts.clear();
        m_networks.clear();
        m_services.clear();
        m_bundles.clear();
        m_linksAt.clear();
        m_byKey.clear();
        setBackgroundBrush(look.base);
    }

    const Design& d = m_doc.draft();
    const Inventory& live = m_doc.live();
    // Items are deleted and made below: nothing may follow a stale pointer until the links
    // are made again (a move meanwhile places no line; all are placed at the end).
    m_linksAt.clear();
    QHash<QString, const HostInfo*> liveHosts;
    for (const auto& h : live.hosts) liveHosts.insert(h.name, &h);
    QHash<QString, const NetworkInfo*> liveNetworks;
    for (const auto& n : live.networks) liveNetworks.insert(n.id, &n);
    QHash<QString, QStringList> problems;
    for (const auto& p : m_doc.problems()) {
        problems[p.key].append(p.field.isEmpty() ? p.message
                                                 : p.field + QStringLiteral(": ") + p.message);
    }
    drawNetworks(liveNetworks, problems);
    relink(drawHosts(liveHosts, problems));
    drawServices(problems);
    // Each network has a lane in a host's frame, so links to different networks stay apart.
    m_lane.clear();
    for (const auto& n : d.networks) m_lane.insert(n.key, static_cast<int>(m_lane.size()));
    updateLinks();

    // Room around the drawing to drop new items into.
    setSceneRect(drawingRect().adjusted(-200, -200, 400, 400));
    for (auto* item : selectedItems()) {
        if (!selected.contains(item->data(IdKey).toString())) item->setSelected(false);
    }
    for (const auto& k : selected) {
        if (auto* item = m_byKey.value(k)) item->setSelected(true);
    }
    blockSignals(blocked);
    emit selectionChanged();
    emit linksChanged();
}

QString TopologyScene::problemText(const QHash<QString, QStringList>& problems,
                                   const QString& key) const {
    QStringList lines = problems.value(key);
    QString applied = m_doc.applyError(key);
    if (!applied.isEmpty()) lines.append(tr("apply failed: %1").arg(applied));
    return lines.join(QLatin1Char('\n'));
}

bool TopologyScene::EndpointSig::shows(const DesignEndpoint& e, const EndpointInfo* le,
                                       const QString& problems) const {
    if (!sameText(name, e.name) || !sameText(ip, e.ip) || !sameText(liveId, e.liveId) ||
        !sameText(bad, problems))
        return false;
    if (!le) return liveIp.isNull() && state.isNull() && message.isNull();
    return sameText(liveIp, le->ip) && sameText(state, le->state) &&
           sameText(message, le->stateMessage);
}

// Networks: only what changed is drawn again.
void TopologyScene::drawNetworks(const QHash<QString, const NetworkInfo*>& liveNetworks,
                                 const QHash<QString, QStringList>& problems) {
    const Design& d = m_doc.draft();
    // Each item keeps a signature of what it shows.
    QSet<QString> seenNetworks;
    for (const auto& n : d.networks) {
        seenNetworks.insert(n.key);
        const NetworkInfo* l = liveNetworks.value(n.liveId);
        QString bad = problemText(problems, n.key);
        QString sig = QStringList{n.name,
                                  n.subnet,
                                  QString::number(n.vni),
                                  n.liveId,
                                  bad,
                                  l ? l->state + l->stateMessage : QString(),
                                  QString::number(n.encrypted)}
                          .join(QChar(0x1f));
        auto& entry = m_networks[n.key];
        if (entry.item && entry.sig == sig) {
            if (entry.item->pos() != n.pos) entry.item->setPos(n.pos);
            continue;
        }
        delete entry.item;
        entry = {makeNetwork(n, l, bad), sig};
        m_byKey.insert(n.key, entry.item);
    }
    for (auto it = m_networks.begin(); it != m_networks.end();) {
        if (seenNetworks.contains(it.key())) {
            ++it;
            continue;
        }
        m_byKey.remove(it.key());
        delete it->item;
        it = m_networks.erase(it);
    }
}

// An endpoint's item goes (its endpoint did, or moved to another host, which made it a new
// one): its key is forgotten unless it points at a newer item by then.
void TopologyScene::forget(const QString& key, const QGraphicsItem* item) {
    if (m_byKey.value(key) == item) m_byKey.remove(key);
}

// Hosts and their endpoints (in order of name); returns the links, by host and network.
QHash<QString, TopologyScene::Gathered> TopologyScene::drawHosts(
    const QHash<QString, const HostInfo*>& liveHosts, const QHash<QString, QStringList>& problems) {
    const Design& d = m_doc.draft();
    QHash<QString, QList<const DesignEndpoint*>> byHost;
    for (const auto& e : d.endpoints) byHost[e.hostName].append(&e);
    QSet<QString> seenHosts;
    ++m_pass;
    // Links, gathered by host and network as the endpoints are placed.
    QHash<QString, Gathered> bundles;
    for (const auto& h : d.hosts) {
        QList<const DesignEndpoint*>& eps = byHost[h.name];
        std::sort(eps.begin(), eps.end(), [](const DesignEndpoint* a, const DesignEndpoint* b) {
            return a->name < b->name;
        });
        const HostInfo* lh = liveHosts.value(h.name);
        QString key = DesignDocument::hostKey(h.name);
        seenHosts.insert(key);
        // The frame is kept when endpoints come and go (it grows or shrinks; they move).
        QString sig =
            QStringList{h.name, lh ? lh->vtep + QString::number(lh->alive) : QString()}.join(
                QChar(0x1f));
        auto& entry = m_hosts[key];
        if (!entry.item || entry.sig != sig) {
            for (auto e = entry.endpoints.begin(); e != entry.endpoints.end(); ++e)
                forget(e.key(), e->item);
            delete entry.item;  // with its endpoints
            entry.item = makeHost(h, lh, static_cast<int>(eps.size()));
            entry.sig = sig;
            entry.endpoints.clear();
            m_byKey.insert(key, entry.item);
        } else {
            if (entry.item->pos() != h.pos) entry.item->setPos(h.pos);
            auto* frame = static_cast<QGraphicsRectItem*>(entry.item);
            const qreal height = hostHeight(static_cast<int>(eps.size()));
            if (frame->rect().height() != height) frame->setRect(0, 0, kHostWidth, height);
        }
        qreal y = 40;
        // The networks this host's endpoints link to, few: looked up in a short list.
        QList<std::pair<QString, Gathered*>> linked;
        for (const auto* e : eps) {
            const EndpointInfo* le = e->liveId.isEmpty() ? nullptr : m_doc.liveEndpoint(e->liveId);
            QString bad = problemText(problems, e->key);
            auto& ep = entry.endpoints[e->key];
            if (!ep.item || !ep.sig.shows(*e, le, bad)) {
                if (ep.item) forget(e->key, ep.item);
                delete ep.item;
                EndpointSig esig{e->name, e->ip, e->liveId, bad};
                if (le) {
                    esig.liveIp = le->ip;
                    esig.state = le->state;
                    esig.message = le->stateMessage;
                }
                ep = {makeEndpoint(*e, le, bad, entry.item, y), esig};
                m_byKey.insert(e->key, ep.item);
            } else if (ep.item->y() != y) {
                ep.item->setPos(12, y);
            }
            ep.pass = m_pass;
            y += kEndpointHeight + 8;
            if (e->networkKey.isEmpty()) continue;
            auto at = std::find_if(linked.begin(), linked.end(),
                                   [e](const auto& l) { return sameText(l.first, e->networkKey); });
            if (at == linked.end()) {
                if (!m_networks.contains(e->networkKey)) continue;
                Gathered& bundle = bundles[key + QChar(0x1f) + e->networkKey];
                bundle.host = key;
                bundle.network = e->networkKey;
                linked.append({e->networkKey, &bundle});
                at = std::prev(linked.end());
            }
            at->second->keys.append(e->key);
            at->second->liveIds.append(e->liveId);
            at->second->items.append(ep.item);
        }
        for (auto e = entry.endpoints.begin(); e != entry.endpoints.end();) {
            if (e->pass == m_pass) {
                ++e;
                continue;
            }
            forget(e.key(), e->item);
            delete e->item;
            e = entry.endpoints.erase(e);
        }
    }
    for (auto it = m_hosts.begin(); it != m_hosts.end();) {
        if (seenHosts.contains(it.key())) {
            ++it;
            continue;
        }
        m_byKey.remove(it.key());
        for (auto e = it->endpoints.begin(); e != it->endpoints.end(); ++e)
            forget(e.key(), e->item);
        delete it->item;
        it = m_hosts.erase(it);
    }

    return bundles;
}

// The items that draw the links, one per host and network.
void TopologyScene::relink(QHash<QString, Gathered> bundles) {
    // Links: each endpoint's line to its network, drawn as one path per host and network.
    for (auto it = m_bundles.begin(); it != m_bundles.end();) {
        if (bundles.contains(it.key())) {
            ++it;
            continue;
        }
        delete it->item;
        it = m_bundles.erase(it);
    }
    m_linksAt.clear();
    for (auto it = bundles.begin(); it != bundles.end(); ++it) {
        auto& bundle = m_bundles[it.key()];
        bundle.endpoints = std::move(it->keys);
        bundle.liveIds = std::move(it->liveIds);
        bundle.lines.clear();
        bundle.items = std::move(it->items);
        bundle.host = it->host;
        bundle.network = it->network;
        m_linksAt.insert(m_byKey.value(bundle.host), it.key());
        m_linksAt.insert(m_byKey.value(bundle.network), it.key());
        if (bundle.item) continue;
        auto* item = new LinkBundle();
        item->setPen(QPen(m_look.link, 1.3));
        item->setZValue(-1);
        item->setData(IdKey, bundle.network);  // its context menu is the network's
        addItem(item);
        bundle.item = item;
    }
}

QGraphicsItem* TopologyScene::makeNetwork(const DesignNetwork& n, const NetworkInfo* l,
                                          const QString& problems) {
    auto* bar = new Box<NetworkType>(0, 0, kNetworkWidth, kNetworkHeight);
    bar->setPos(n.pos);
    bool failed = !problems.isEmpty() || (l && l->state == QStringLiteral("failed"));
    QPen pen(failed ? m_look.bad : m_look.network, failed ? 2 : 1.2);
    if (n.liveId.isEmpty()) pen.setStyle(Qt::DashLine);
    bar->setPen(pen);
    bar->setBrush(QColor(88, 179, 124, 60));
    bar->setData(IdKey, n.key);
    bar->setFlags(QGraphicsItem::ItemIsSelectable | QGraphicsItem::ItemIsMovable |
                  QGraphicsItem::ItemSendsGeometryChanges);
    QString tip = tr("network %1: %2").arg(n.name, n.subnet);
    if (n.vni != 0) tip += tr(", VNI %1").arg(n.vni);
    if (n.encrypted) tip += QLatin1Char('\n') + tr("encrypted: its traffic between hosts in ESP");
    if (n.liveId.isEmpty()) tip += QLatin1Char('\n') + tr("not in the cluster yet");
    if (l && l->state == QStringLiteral("failed")) tip += QLatin1Char('\n') + l->stateMessage;
    if (!problems.isEmpty()) tip += QLatin1Char('\n') + problems;
    bar->setToolTip(tip);
    makeLabel(n.name, bar, {8, 4}, m_look.text, true);
    makeLabel(n.subnet, bar, {8, 23}, m_look.text);
    if (n.encrypted) {
        // A padlock at the bar's right end: a shackle over a body.
        QPainterPath lock;
        const qreal x = kNetworkWidth - 24, y = 10;
        lock.addRoundedRect(x, y + 8, 14, 11, 2, 2);
        lock.moveTo(x + 3, y + 8);
        lock.lineTo(x + 3, y + 5);
        lock.arcTo(x + 3, y, 8, 10, 180, -180);
        lock.lineTo(x + 11, y + 8);
        auto* mark = new QGraphicsPathItem(lock, bar);
        mark->setPen(QPen(m_look.text, 1.6));
        mark->setBrush(Qt::NoBrush);
        mark->setData(Badge, QStringLiteral("encrypted"));
        mark->setToolTip(tr("encrypted: its traffic between hosts in ESP"));
    }
    addItem(bar);
    return bar;
}

QGraphicsItem* TopologyScene::makeHost(const DesignHost& h, const HostInfo* lh, int endpoints) {
    auto* frame = new Box<HostType>(0, 0, kHostWidth, hostHeight(endpoints));
    frame->setPos(h.pos);
    QPen pen(lh && lh->alive ? m_look.host : m_look.bad, 1.5);
    if (!lh || !lh->alive) pen.setStyle(Qt::DashLine);
    frame->setPen(pen);
    frame->setBrush(m_look.frame);
    frame->setData(IdKey, DesignDocument::hostKey(h.name));
    frame->setFlags(QGraphicsItem::ItemIsSelectable | QGraphicsItem::ItemIsMovable |
                    QGraphicsItem::ItemSendsGeometryChanges);
    frame->setToolTip(!lh         ? tr("host %1 has not joined the cluster").arg(h.name)
                      : lh->alive ? tr("host %1, VTEP %2").arg(h.name, lh->vtep)
                                  : tr("host %1 is down").arg(h.name));
    makeLabel(h.name, frame, {8, 6}, m_look.text, true);
    if (lh) makeLabel(lh->vtep, frame, {kHostWidth / 2, 6}, m_look.text);
    addItem(frame);
    return frame;
}

QGraphicsItem* TopologyScene::makeEndpoint(const DesignEndpoint& e, const EndpointInfo* le,
                                           const QString& problems, QGraphicsItem* host, qreal y) {
    auto* ep = new EndpointBox(host, m_look.text);
    ep->setPos(12, y);
    bool failed = !problems.isEmpty() || (le && le->state == QStringLiteral("failed"));
    QPen pen(failed ? m_look.bad : m_look.endpoint, failed ? 2 : 1);
    if (e.liveId.isEmpty()) pen.setStyle(Qt::DashLine);
    ep->setPen(pen);
    ep->setBrush(failed ? QColor(230, 90, 90, 80) : QColor(217, 164, 65, 70));
    ep->setData(IdKey, e.key);
    ep->setFlag(QGraphicsItem::ItemIsSelectable);
    QString shown = le ? le->ip.section(QLatin1Char('/'), 0, 0) : e.ip;
    QString tip =
        tr("endpoint %1, %2").arg(e.name, shown.isEmpty() ? tr("automatic address") : shown);
    if (e.liveId.isEmpty()) tip += QLatin1Char('\n') + tr("not in the cluster yet");
    if (le && le->state == QStringLiteral("failed")) tip += QLatin1Char('\n') + le->stateMessage;
    if (le && !le->containerId.isEmpty()) {
        //: a container runtime (podman, containerd) made this endpoint through Loom's CNI plugin
        tip += QLatin1Char('\n') +
               tr("container %1, made by its runtime").arg(le->containerId.left(12));
    }
    if (!problems.isEmpty()) tip += QLatin1Char('\n') + problems;
    ep->setToolTip(tip);
    ep->setText(e.name, shown.isEmpty() ? tr("auto") : shown);
    return ep;
}

void TopologyScene::updateLinks(const QGraphicsItem* moved) {
    placeServiceLinks();
    const QList<QString> keys = moved ? m_linksAt.values(moved) : m_bundles.keys();
    if (moved && keys.isEmpty()) {
        if (moved->type() == ServiceType) emit linksChanged();
        return;
    }
    for (const auto& b : keys) {
        auto bundle = m_bundles.find(b);
        if (bundle == m_bundles.end()) continue;
        auto* host = m_byKey.value(bundle->host);
        auto* net = m_byKey.value(bundle->network);
        if (!host || !net) continue;
        const QRectF h = host->sceneBoundingRect();
        const QRectF n = net->sceneBoundingRect();
        const qreal x = h.left() + 26 + (m_lane.value(bundle->network) % 8) * 22;
        const qreal into = std::clamp(x, n.left() + 10, n.right() - 10);
        QPainterPath path;
        if (n.top() >= h.bottom() || n.bottom() <= h.top()) {
            // A network below (or above) the host: its links leave the frame at one point, the
            // network's lane, and are drawn as one line.
            const QLineF line = n.top() >= h.bottom() ? QLineF(x, h.bottom(), into, n.top())
                                                      : QLineF(x, h.top(), into, n.bottom());
            bundle->lines = {line};
            path.moveTo(line.p1());
            path.lineTo(line.p2());
        } else {
            // Beside it: from each endpoint's height, from where the line leaves the frame
            // (inside, the frame would cover it); lines that coincide are drawn once.
            QSet<std::pair<QPoint, QPoint>> drawn;
            bundle->lines.clear();
            bundle->lines.reserve(bundle->endpoints.size());
            for (qsizetype i = 0; i < bundle->endpoints.size(); ++i) {
                const QRectF e = bundle->items[i]->sceneBoundingRect();
                const QLineF line =
                    outsideOf(n.left() >= h.right()
                                  ? QLineF(e.right(), e.center().y(), n.left(), n.center().y())
                                  : QLineF(e.left(), e.center().y(), n.right(), n.center().y()),
                              h);
                bundle->lines.append(line);
                const std::pair<QPoint, QPoint> at{(line.p1() * 4).toPoint(),
                                                   (line.p2() * 4).toPoint()};
                if (drawn.contains(at)) continue;
                drawn.insert(at);
                path.moveTo(line.p1());
                path.lineTo(line.p2());
            }
        }
        auto* item = static_cast<QGraphicsPathItem*>(bundle->item);
        if (item->path() != path) item->setPath(path);
    }
    emit linksChanged();
}

QRectF TopologyScene::drawingRect() const {
    QRectF bounds;
    for (const auto& e : m_hosts) bounds |= e.item->sceneBoundingRect();
    for (const auto& e : m_networks) bounds |= e.item->sceneBoundingRect();
    for (const auto& e : m_services) bounds |= e.item->sceneBoundingRect();
    return bounds;
}

QLineF TopologyScene::linkLine(const QString& endpointKey) const {
    for (const auto& b : m_bundles) {
        const qsizetype i = b.endpoints.indexOf(endpointKey);
        if (i < 0) continue;
        return b.line(i);
    }
    return {};
}

QGraphicsItem* TopologyScene::topItemOf(QPointF scenePos, int type) const {
    for (auto* item : items(scenePos)) {
        if (item->type() == type) return item;
        // A label inside a box: the box is what was meant.
        for (auto* p = item->parentItem(); p; p = p->parentItem()) {
            if (p->type() == type) return p;
        }
    }
    return nullptr;
}

void TopologyScene::mousePressEvent(QGraphicsSceneMouseEvent* event) {
    m_pressed = true;
    auto* ep = topItemOf(event->scenePos(), EndpointType);
    if (ep && event->button() == Qt::LeftButton && event->modifiers() == Qt::NoModifier) {
        // From an endpoint, a drag draws a link; a click selects it.
        clearSelection();
        ep->setSelected(true);
        m_drawingFrom = keyOf(ep);
        m_drawing = new QGraphicsLineItem(QLineF(event->scenePos(), event->scenePos()));
        m_drawing->setPen(
            QPen(QGuiApplication::palette().color(QPalette::Highlight), 1.5, Qt::DashLine));
        addItem(m_drawing);
        event->accept();
        return;
    }
    QGraphicsScene::mousePressEvent(event);
}

void TopologyScene::mouseMoveEvent(QGraphicsSceneMouseEvent* event) {
    if (m_drawing) {
        QLineF line = m_drawing->line();
        line.setP2(event->scenePos());
        m_drawing->setLine(line);
        event->accept();
        return;
    }
    QGraphicsScene::mouseMoveEvent(event);
}

void TopologyScene::mouseReleaseEvent(QGraphicsSceneMouseEvent* event) {
    m_pressed = event->buttons() != Qt::NoButton;
    finishGesture(event);
    if (!m_pressed && m_rebuildPending) rebuild();
}

void TopologyScene::finishGesture(QGraphicsSceneMouseEvent* event) {
    if (m_drawing) {
        delete m_drawing;
        m_drawing = nullptr;
        QString from = m_drawingFrom;
        m_drawingFrom.clear();
        if (auto* net = topItemOf(event->scenePos(), NetworkType)) {
            m_doc.link(from, keyOf(net));
        } else if (auto* sv = topItemOf(event->scenePos(), ServiceType)) {
            m_doc.setBehind(from, keyOf(sv));
        }
        event->accept();
        return;
    }
    QGraphicsScene::mouseReleaseEvent(event);
    // Hosts and networks that were dragged: one undoable move for all of them.
    QHash<QString, QPointF> moved;
    const Design& d = m_doc.draft();
    for (auto it = m_byKey.begin(); it != m_byKey.end(); ++it) {
        auto* item = it.value();
        if (item->type() == HostType) {
            const auto* h = d.host(it.key().mid(5));
            if (h && h->pos != item->pos()) moved.insert(it.key(), item->pos());
        } else if (item->type() == NetworkType) {
            const auto* n = d.network(it.key());
            if (n && n->pos != item->pos()) moved.insert(it.key(), item->pos());
        } else if (item->type() == ServiceType) {
            const auto* sv = d.service(it.key());
            if (sv && sv->pos != item->pos()) moved.insert(it.key(), item->pos());
        }
    }
    if (!moved.isEmpty()) m_doc.move(moved);
}

void TopologyScene::dragEnterEvent(QGraphicsSceneDragDropEvent* event) {
    if (event->mimeData()->hasFormat(QString::fromLatin1(kPaletteMime))) {
        event->acceptProposedAction();
    } else {
        event->ignore();
    }
}

void TopologyScene::dragMoveEvent(QGraphicsSceneDragDropEvent* event) {
    if (!event->mimeData()->hasFormat(QString::fromLatin1(kPaletteMime))) {
        event->ignore();
        return;
    }
    // An endpoint only goes into a host.
    QByteArray what = event->mimeData()->data(QString::fromLatin1(kPaletteMime));
    if (what == "endpoint" && !topItemOf(event->scenePos(), HostType)) {
        event->ignore();
        return;
    }
    event->acceptProposedAction();
}

void TopologyScene::dropEvent(QGraphicsSceneDragDropEvent* event) {
    QByteArray what = event->mimeData()->data(QString::fromLatin1(kPaletteMime));
    QString key;
    if (what == "network") {
        key = m_doc.addNetwork(event->scenePos() - QPointF(kNetworkWidth / 2, kNetworkHeight / 2));
    } else if (what == "endpoint") {
        auto* host = topItemOf(event->scenePos(), HostType);
        if (!host) {
            event->ignore();
            return;
        }
        key = m_doc.addEndpoint(keyOf(host).mid(5));
    } else if (what == "service") {
        // Onto a network: its service; elsewhere, the first network's, where it is dropped.
        auto* net = topItemOf(event->scenePos(), NetworkType);
        key = m_doc.addService(keyOf(net), net ? QPointF() : event->scenePos());
        if (key.isEmpty()) {
            event->ignore();
            return;
        }
    }
    if (!key.isEmpty()) selectKeys({key});
    event->acceptProposedAction();
}

}  // namespace loom::ui
