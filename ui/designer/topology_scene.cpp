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
            if (auto* s = dynamic_cast<TopologyScene*>(scene())) s->updateLinks();
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
    QFont f = t->font();
    f.setBold(bold);
    t->setFont(f);
    t->setBrush(color);
    t->setPos(at);
    return t;
}

QString problemText(const DesignDocument& doc, const QString& key) {
    QStringList lines;
    for (const auto& p : doc.problemsOf(key)) {
        lines.append(p.field.isEmpty() ? p.message : p.field + QStringLiteral(": ") + p.message);
    }
    QString applied = doc.applyError(key);
    if (!applied.isEmpty()) lines.append(TopologyScene::tr("apply failed: %1").arg(applied));
    return lines.join(QLatin1Char('\n'));
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
    m_rebuilding = true;
    bool blocked = blockSignals(true);
    m_drawing = nullptr;
    clear();
    m_byKey.clear();
    m_links.clear();

    const QPalette palette = QGuiApplication::palette();
    const QColor text = palette.color(QPalette::Text);
    setBackgroundBrush(palette.color(QPalette::Base));
    const bool dark = palette.color(QPalette::Base).lightness() < 128;
    const QColor hostPen = dark ? QColor(140, 170, 210) : QColor(47, 74, 102);
    const QColor networkPen = dark ? QColor(120, 200, 150) : QColor(45, 106, 69);
    const QColor endpointPen = dark ? QColor(230, 190, 110) : QColor(138, 100, 32);
    const QColor bad = dark ? QColor(255, 110, 110) : QColor(200, 30, 30);
    const Design& d = m_doc.draft();
    const Inventory& live = m_doc.live();
    QHash<QString, const HostInfo*> liveHosts;
    for (const auto& h : live.hosts) liveHosts.insert(h.name, &h);
    QHash<QString, const EndpointInfo*> liveEndpoints;
    for (const auto& e : live.endpoints) liveEndpoints.insert(e.id, &e);
    QHash<QString, const NetworkInfo*> liveNetworks;
    for (const auto& n : live.networks) liveNetworks.insert(n.id, &n);

    for (const auto& n : d.networks) {
        auto* bar = new Box<NetworkType>(0, 0, kNetworkWidth, kNetworkHeight);
        bar->setPos(n.pos);
        QString problems = problemText(m_doc, n.key);
        const NetworkInfo* l = liveNetworks.value(n.liveId);
        bool failed = !problems.isEmpty() || (l && l->state == QStringLiteral("failed"));
        QPen pen(failed ? bad : networkPen, failed ? 2 : 1.2);
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
        label(n.name, bar, {8, 4}, text, true);
        label(n.subnet, bar, {8, 23}, text);
        addItem(bar);
        m_byKey.insert(n.key, bar);
    }

    for (const auto& h : d.hosts) {
        QList<const DesignEndpoint*> eps;
        for (const auto& e : d.endpoints) {
            if (e.hostName == h.name) eps.append(&e);
        }
        std::sort(eps.begin(), eps.end(), [](const DesignEndpoint* a, const DesignEndpoint* b) {
            return a->name < b->name;
        });
        const HostInfo* lh = liveHosts.value(h.name);
        auto* frame =
            new Box<HostType>(0, 0, kHostWidth, hostHeight(static_cast<int>(eps.size())));
        frame->setPos(h.pos);
        QPen pen(lh && lh->alive ? hostPen : bad, 1.5);
        if (!lh || !lh->alive) pen.setStyle(Qt::DashLine);
        frame->setPen(pen);
        frame->setBrush(palette.color(QPalette::AlternateBase));
        frame->setData(IdKey, DesignDocument::hostKey(h.name));
        frame->setFlags(QGraphicsItem::ItemIsSelectable | QGraphicsItem::ItemIsMovable |
                        QGraphicsItem::ItemSendsGeometryChanges);
        frame->setToolTip(!lh          ? tr("host %1 has not joined the cluster").arg(h.name)
                          : lh->alive ? tr("host %1, VTEP %2").arg(h.name, lh->vtep)
                                      : tr("host %1 is down").arg(h.name));
        label(h.name, frame, {8, 6}, text, true);
        if (lh) label(lh->vtep, frame, {kHostWidth / 2, 6}, text);
        addItem(frame);
        m_byKey.insert(DesignDocument::hostKey(h.name), frame);
        qreal ey = 40;
        for (const auto* e : eps) {
            auto* ep = new Box<EndpointType>(0, 0, kHostWidth - 24, kEndpointHeight, frame);
            ep->setPos(12, ey);
            const EndpointInfo* le = liveEndpoints.value(e->liveId);
            QString problems = problemText(m_doc, e->key);
            bool failed = !problems.isEmpty() || (le && le->state == QStringLiteral("failed"));
            QPen epen(failed ? bad : endpointPen, failed ? 2 : 1);
            if (e->liveId.isEmpty()) epen.setStyle(Qt::DashLine);
            ep->setPen(epen);
            ep->setBrush(failed ? QColor(230, 90, 90, 80) : QColor(217, 164, 65, 70));
            ep->setData(IdKey, e->key);
            ep->setFlag(QGraphicsItem::ItemIsSelectable);
            QString shown = le ? le->ip.section(QLatin1Char('/'), 0, 0) : e->ip;
            QString tip = tr("endpoint %1, %2").arg(e->name, shown.isEmpty() ? tr("automatic address") : shown);
            if (e->liveId.isEmpty()) tip += QLatin1Char('\n') + tr("not in the cluster yet");
            if (le && le->state == QStringLiteral("failed")) tip += QLatin1Char('\n') + le->stateMessage;
            if (!problems.isEmpty()) tip += QLatin1Char('\n') + problems;
            ep->setToolTip(tip);
            label(e->name, ep, {6, 8}, text);
            label(shown.isEmpty() ? tr("auto") : shown, ep, {(kHostWidth - 24) / 2, 8}, text);
            m_byKey.insert(e->key, ep);
            ey += kEndpointHeight + 8;
            if (auto* net = m_byKey.value(e->networkKey)) {
                auto* link = new Link();
                link->setPen(QPen(QColor(63, 143, 95, 180), 1.3));
                link->setZValue(-1);
                link->setData(IdKey, e->key + QStringLiteral("->") + e->networkKey);
                link->setData(IdKey + 1, e->key);
                link->setData(IdKey + 2, e->networkKey);
                addItem(link);
                m_links.append(link);
                (void)net;
            }
        }
    }
    updateLinks();
    setSceneRect(itemsBoundingRect().adjusted(-200, -200, 400, 400));
    for (const auto& k : selected) {
        if (auto* item = m_byKey.value(k)) item->setSelected(true);
    }
    blockSignals(blocked);
    m_rebuilding = false;
    emit selectionChanged();
}

void TopologyScene::updateLinks() {
    for (auto* link : m_links) {
        auto* ep = m_byKey.value(link->data(IdKey + 1).toString());
        auto* net = m_byKey.value(link->data(IdKey + 2).toString());
        if (!ep || !net) continue;
        QPointF from = ep->mapToScene(QPointF(kHostWidth - 24, kEndpointHeight / 2));
        QPointF to = net->mapToScene(QPointF(0, kNetworkHeight / 2));
        if (to.x() < from.x() - (kHostWidth - 24)) {
            from = ep->mapToScene(QPointF(0, kEndpointHeight / 2));
            to = net->mapToScene(QPointF(kNetworkWidth, kNetworkHeight / 2));
        }
        link->setLine(QLineF(from, to));
    }
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
        m_drawing->setPen(QPen(QGuiApplication::palette().color(QPalette::Highlight), 1.5, Qt::DashLine));
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
