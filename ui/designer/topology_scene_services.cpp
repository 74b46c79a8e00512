// The designer canvas's services: a node beneath its network, linked to the network and to each
// endpoint behind it (TopologyScene draws the rest in topology_scene.cpp).
#include <QGraphicsPathItem>
#include <QPen>
#include <QSet>

#include <algorithm>

#include "ui/designer/canvas_items.h"
#include "ui/designer/design_document.h"
#include "ui/designer/plan.h"
#include "ui/designer/topology_scene.h"

namespace loom::ui {

void TopologyScene::drawServices(const QHash<QString, QStringList>& problems) {
    const Design& d = m_doc.draft();
    QHash<QString, const ServiceInfo*> live;
    for (const auto& sv : m_doc.live().services) live.insert(sv.id, &sv);
    QSet<QString> seen;
    for (const auto& sv : d.services) {
        seen.insert(sv.key);
        const ServiceInfo* l = live.value(sv.liveId);
        const QString bad = problemText(problems, sv.key);
        QString health;
        if (l) {
            health = QString::number(l->healthyCount()) + QLatin1Char('/') +
                     QString::number(l->backends.size()) + l->vip;
            for (const auto& b : l->backends) health += b.healthMessage;
        }
        const QString sig =
            QStringList{sv.name, sv.vip, sv.ports, sv.liveId, bad, health}.join(QChar(0x1f));
        auto& entry = m_services[sv.key];
        if (!entry.item || entry.sig != sig) {
            delete entry.item;
            entry.item = makeService(sv, l, bad);
            entry.sig = sig;
            m_byKey.insert(sv.key, entry.item);
        } else if (entry.item->pos() != sv.pos) {
            entry.item->setPos(sv.pos);
        }
        if (!entry.links) {
            entry.links = new QGraphicsPathItem();
            entry.links->setPen(QPen(QColor(138, 95, 179, 200), 1.2, Qt::DotLine));
            entry.links->setZValue(-1);
            entry.links->setData(IdKey, sv.key);
            addItem(entry.links);
        }
        entry.members.clear();
        for (const auto& e : d.endpoints) {
            if (e.networkKey == sv.networkKey && e.service == sv.name) entry.members.append(e.key);
        }
    }
    for (auto it = m_services.begin(); it != m_services.end();) {
        if (seen.contains(it.key())) {
            ++it;
            continue;
        }
        m_byKey.remove(it.key());
        delete it->item;
        delete it->links;
        it = m_services.erase(it);
    }
}

QGraphicsItem* TopologyScene::makeService(const DesignService& sv, const ServiceInfo* l,
                                          const QString& problems) {
    auto* node = new Box<ServiceType>(0, 0, kServiceWidth, kServiceHeight);
    node->setPos(sv.pos);
    const bool down = l && !l->backends.isEmpty() && l->healthyCount() == 0;
    const bool failed = !problems.isEmpty() || down;
    QPen pen(failed ? m_look.bad : QColor(138, 95, 179), failed ? 2 : 1.2);
    if (sv.liveId.isEmpty()) pen.setStyle(Qt::DashLine);
    node->setPen(pen);
    node->setBrush(QColor(180, 138, 216, 60));
    node->setData(IdKey, sv.key);
    node->setFlags(QGraphicsItem::ItemIsSelectable | QGraphicsItem::ItemIsMovable |
                   QGraphicsItem::ItemSendsGeometryChanges);
    const QString vip = l ? l->vip : sv.vip.isEmpty() ? tr("auto") : sv.vip;
    const QString ports = sv.ports.isEmpty() ? tr("every port") : sv.ports;
    QString tip = tr("service %1: VIP %2, %3").arg(sv.name, vip, ports);
    if (l) {
        tip += QLatin1Char('\n') +
               tr("%1 of %2 backend(s) healthy").arg(l->healthyCount()).arg(l->backends.size());
        for (const auto& b : l->backends) {
            if (!b.healthy)
                tip += QLatin1Char('\n') + tr("%1 out: %2").arg(b.endpointName, b.healthMessage);
        }
    }
    if (sv.liveId.isEmpty()) tip += QLatin1Char('\n') + tr("not in the cluster yet");
    if (!problems.isEmpty()) tip += QLatin1Char('\n') + problems;
    node->setToolTip(tip);
    QString text = sv.name;
    if (l) text += QStringLiteral(" %1/%2").arg(l->healthyCount()).arg(l->backends.size());
    makeLabel(text, node, {6, 4}, m_look.text, true);
    addItem(node);
    return node;
}

// A service's links: one line up to its network, one to each endpoint behind it.
void TopologyScene::placeServiceLinks() {
    const Design& d = m_doc.draft();
    for (auto it = m_services.begin(); it != m_services.end(); ++it) {
        auto& entry = it.value();
        if (!entry.item || !entry.links) continue;
        const QRectF box = entry.item->sceneBoundingRect();
        QPainterPath path;
        entry.lines.clear();
        const DesignService* sv = d.service(it.key());
        if (auto* net = sv ? m_byKey.value(sv->networkKey) : nullptr) {
            const QRectF n = net->sceneBoundingRect();
            path.moveTo(box.center().x(), box.top());
            path.lineTo(std::clamp(box.center().x(), n.left() + 4, n.right() - 4),
                        box.top() >= n.bottom() ? n.bottom() : n.top());
        }
        for (const auto& key : entry.members) {
            auto* e = m_byKey.value(key);
            if (!e) continue;
            const QRectF r = e->sceneBoundingRect();
            const QLineF line(box.center(), r.center());
            entry.lines.insert(key, line);
            path.moveTo(line.p1());
            path.lineTo(line.p2());
        }
        if (entry.links->path() != path) entry.links->setPath(path);
    }
}

QHash<QString, QLineF> TopologyScene::serviceLines(const QString& serviceKey) const {
    auto it = m_services.find(serviceKey);
    return it == m_services.end() ? QHash<QString, QLineF>() : it->lines;
}

}  // namespace loom::ui
