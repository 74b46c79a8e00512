#include "ui/designer/topology_scene.h"

#include <QBrush>
#include <QFont>
#include <QGraphicsLineItem>
#include <QGraphicsRectItem>
#include <QGraphicsSceneDragDropEvent>
#include <QGraphicsSceneMouseEvent>
#include <QGraphicsSimpleTextItem>
#include <QGuiApplication>
#include <QMimeData>
#include <QPalette>
#include <QPen>
#include <QSet>

#include <algorithm>

#include "ui/designer/design_document.h"
#include "ui/designer/plan.h"

namespace loom::ui {

namespace {

// A rectangle with a type of ours, so the scene can be asked what is what; hosts and networks
// tell the scene when they move, so links follow.
template <int kType>
class Box : public QGraphicsRectItem {
public:
    using QGraphicsRectItem::QGraphicsRectItem;
    int type() const override { return kType; }

protected:
    QVariant itemChange(GraphicsItemChange change, const QVariant& value) override {
        if (change == ItemPositionHasChanged) {
            if (auto* s = dynamic_cast<TopologyScene*>(scene())) s->updateLinks(this);
        }
        return QGraphicsRectItem::itemChange(change, value);
    }
};

class Link : public QGraphicsLineItem {
public:
    using QGraphicsLineItem::QGraphicsLineItem;
    int type() const override { return TopologyScene::LinkType; }
};

QGraphicsSimpleTextItem* label(const QString& text, QGraphicsItem* parent, const QPointF& at,
                               const QColor& color, bool bold = false) {
    auto* t = new QGraphicsSimpleTextItem(text, parent);
    if (bold) {
        static const QFont boldFont = [] {
            QFont f;
            f.setBold(true);
            return f;
        }();
        t->setFont(boldFont);
    }
    t->setBrush(color);
    t->setPos(at);
    return t;
}

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
        m_links.clear();
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
    QHash<QString, const EndpointInfo*> liveEndpoints;
    for (const auto& e : live.endpoints) liveEndpoints.insert(e.id, &e);
    QHash<QString, const NetworkInfo*> liveNetworks;
    for (const auto& n : live.networks) liveNetworks.insert(n.id, &n);
    QHash<QString, QStringList> problems;
    for (const auto& p : m_doc.problems()) {
        problems[p.key].append(p.field.isEmpty() ? p.message
                                                 : p.field + QStringLiteral(": ") + p.message);
    }
    auto problemText = [&](const QString& key) {
        QStringList lines = problems.value(key);
        QString applied = m_doc.applyError(key);
        if (!applied.isEmpty()) lines.append(tr("apply failed: %1").arg(applied));
        return lines.join(QLatin1Char('\n'));
    };

    // Only what changed is drawn again: each item keeps a signature of what it shows.
    QSet<QString> seenNetworks;
    for (const auto& n : d.networks) {
        seenNetworks.insert(n.key);
        const NetworkInfo* l = liveNetworks.value(n.liveId);
        QString bad = problemText(n.key);
        QString sig = QStringList{n.name,   n.subnet, QString::number(n.vni),
                                  n.liveId, bad,      l ? l->state + l->stateMessage : QString()}
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

    QHash<QString, QList<const DesignEndpoint*>> byHost;
    for (const auto& e : d.endpoints) byHost[e.hostName].append(&e);
    QSet<QString> seenHosts, seenEndpoints;
    for (const auto& h : d.hosts) {
        QList<const DesignEndpoint*>& eps = byHost[h.name];
        std::sort(eps.begin(), eps.end(), [](const DesignEndpoint* a, const DesignEndpoint* b) {
            return a->name < b->name;
        });
        const HostInfo* lh = liveHosts.value(h.name);
        QString key = DesignDocument::hostKey(h.name);
        seenHosts.insert(key);
        QStringList order;
        for (const auto* e : eps) order << e->key;
        QString sig = QStringList{h.name, lh ? lh->vtep + QString::number(lh->alive) : QString(),
                                  order.join(QLatin1Char(','))}
                          .join(QChar(0x1f));
        auto& entry = m_hosts[key];
        if (!entry.item || entry.sig != sig) {
            if (entry.item) {
                for (auto* child : entry.item->childItems()) {
                    QString k = child->data(IdKey).toString();
                    if (!k.isEmpty()) m_byKey.remove(k);
                }
            }
            delete entry.item;  // with its endpoints
            entry.item = makeHost(h, lh, static_cast<int>(eps.size()));
            entry.sig = sig;
            entry.endpoints.clear();
            m_byKey.insert(key, entry.item);
        } else if (entry.item->pos() != h.pos) {
            entry.item->setPos(h.pos);
        }
        qreal y = 40;
        for (const auto* e : eps) {
            seenEndpoints.insert(e->key);
            const EndpointInfo* le = liveEndpoints.value(e->liveId);
            QString bad = problemText(e->key);
            QString esig = QStringList{e->name, e->ip, e->liveId, bad,
                                       le ? le->ip + le->state + le->stateMessage : QString()}
                               .join(QChar(0x1f));
            auto& ep = entry.endpoints[e->key];
            if (!ep.item || ep.sig != esig) {
                delete ep.item;
                ep = {makeEndpoint(*e, le, bad, entry.item, y), esig};
                m_byKey.insert(e->key, ep.item);
            }
            y += kEndpointHeight + 8;
        }
    }
    for (auto it = m_hosts.begin(); it != m_hosts.end();) {
        if (seenHosts.contains(it.key())) {
            ++it;
            continue;
        }
        m_byKey.remove(it.key());
        for (auto e = it->endpoints.begin(); e != it->endpoints.end(); ++e) m_byKey.remove(e.key());
        delete it->item;
        it = m_hosts.erase(it);
    }

    // Links, by endpoint: kept while they join the same two items.
    QSet<QString> seenLinks;
    for (const auto& e : d.endpoints) {
        if (!m_byKey.contains(e.networkKey) || !m_byKey.contains(e.key)) continue;
        seenLinks.insert(e.key);
        auto*& link = m_links[e.key];
        if (link && link->data(IdKey + 2).toString() == e.networkKey) continue;
        delete link;
        link = new Link();
        link->setPen(QPen(look.link, 1.3));
        link->setZValue(-1);
        link->setData(IdKey, e.key + QStringLiteral("->") + e.networkKey);
        link->setData(IdKey + 1, e.key);
        link->setData(IdKey + 2, e.networkKey);
        addItem(link);
    }
    for (auto it = m_links.begin(); it != m_links.end();) {
        if (seenLinks.contains(it.key())) {
            ++it;
            continue;
        }
        delete it.value();
        it = m_links.erase(it);
    }
    m_linksAt.clear();
    for (auto* link : std::as_const(m_links)) {
        auto* ep = m_byKey.value(link->data(IdKey + 1).toString());
        auto* net = m_byKey.value(link->data(IdKey + 2).toString());
        if (!ep || !net || !ep->parentItem()) continue;
        m_linksAt.insert(ep, link);
        m_linksAt.insert(ep->parentItem(), link);
        m_linksAt.insert(net, link);
    }
    // Each network has a lane in a host's frame, so links to different networks stay apart.
    m_lane.clear();
    for (const auto& n : d.networks) m_lane.insert(n.key, static_cast<int>(m_lane.size()));
    updateLinks();

    // Room around the drawing to drop new items into.
    QRectF bounds;
    for (const auto& e : m_hosts) bounds |= e.item->sceneBoundingRect();
    for (const auto& e : m_networks) bounds |= e.item->sceneBoundingRect();
    setSceneRect(bounds.adjusted(-200, -200, 400, 400));
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
    if (n.liveId.isEmpty()) tip += QLatin1Char('\n') + tr("not in the cluster yet");
    if (l && l->state == QStringLiteral("failed")) tip += QLatin1Char('\n') + l->stateMessage;
    if (!problems.isEmpty()) tip += QLatin1Char('\n') + problems;
    bar->setToolTip(tip);
    label(n.name, bar, {8, 4}, m_look.text, true);
    label(n.subnet, bar, {8, 23}, m_look.text);
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
    label(h.name, frame, {8, 6}, m_look.text, true);
    if (lh) label(lh->vtep, frame, {kHostWidth / 2, 6}, m_look.text);
    addItem(frame);
    return frame;
}

QGraphicsItem* TopologyScene::makeEndpoint(const DesignEndpoint& e, const EndpointInfo* le,
                                           const QString& problems, QGraphicsItem* host, qreal y) {
    auto* ep = new Box<EndpointType>(0, 0, kHostWidth - 24, kEndpointHeight, host);
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
    if (!problems.isEmpty()) tip += QLatin1Char('\n') + problems;
    ep->setToolTip(tip);
    label(e.name, ep, {6, 8}, m_look.text);
    label(shown.isEmpty() ? tr("auto") : shown, ep, {(kHostWidth - 24) / 2, 8}, m_look.text);
    return ep;
}

void TopologyScene::updateLinks(const QGraphicsItem* moved) {
    const QList<QGraphicsLineItem*> links = moved ? m_linksAt.values(moved) : m_links.values();
    if (moved && links.isEmpty()) return;
    for (auto* link : links) {
        auto* ep = m_byKey.value(link->data(IdKey + 1).toString());
        auto* net = m_byKey.value(link->data(IdKey + 2).toString());
        if (!ep || !net || !ep->parentItem()) continue;
        const QRectF e = ep->sceneBoundingRect();
        const QRectF h = ep->parentItem()->sceneBoundingRect();
        const QRectF n = net->sceneBoundingRect();
        const qreal x = e.left() + 14 + (m_lane.value(link->data(IdKey + 2).toString()) % 8) * 22;
        const qreal into = std::clamp(x, n.left() + 10, n.right() - 10);
        QLineF line;
        if (n.top() >= h.bottom()) {
            // Below the host: down from the endpoint (hidden by the frame until its edge).
            line = QLineF(x, e.center().y(), into, n.top());
        } else if (n.bottom() <= h.top()) {
            line = QLineF(x, e.center().y(), into, n.bottom());
        } else if (n.left() >= h.right()) {
            line = QLineF(e.right(), e.center().y(), n.left(), n.center().y());
        } else {
            line = QLineF(e.left(), e.center().y(), n.right(), n.center().y());
        }
        link->setLine(line);
    }
    emit linksChanged();
}

QLineF TopologyScene::linkLine(const QString& endpointKey) const {
    auto* link = m_links.value(endpointKey);
    return link ? link->line() : QLineF();
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
        if (auto* net = topItemOf(event->scenePos(), NetworkType)) m_doc.link(from, keyOf(net));
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
    }
    if (!key.isEmpty()) selectKeys({key});
    event->acceptProposedAction();
}

}  // namespace loom::ui
