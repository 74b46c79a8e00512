#include "ui/designer/topology_scene.h"

#include <QBrush>
#include <QFont>
#include <QGraphicsLineItem>
#include <QGraphicsRectItem>
#include <QGraphicsSimpleTextItem>
#include <QMap>
#include <QPalette>
#include <QPen>

#include <algorithm>

namespace loom::ui {

namespace {

constexpr qreal kHostWidth = 220;
constexpr qreal kEndpointHeight = 34;
constexpr qreal kGap = 18;
constexpr qreal kNetworkWidth = 160;

// A rectangle with a type of ours, so the scene can be asked what is what. (The parameter is
// not called Type: QGraphicsRectItem's own enum Type would hide it inside the class.)
template <int kType>
class Box : public QGraphicsRectItem {
public:
    using QGraphicsRectItem::QGraphicsRectItem;
    int type() const override { return kType; }
};

class Link : public QGraphicsLineItem {
public:
    using QGraphicsLineItem::QGraphicsLineItem;
    int type() const override { return TopologyScene::LinkType; }
};

QGraphicsSimpleTextItem* label(const QString& text, QGraphicsItem* parent, const QPointF& at,
                               bool bold = false) {
    auto* t = new QGraphicsSimpleTextItem(text, parent);
    QFont f = t->font();
    f.setBold(bold);
    t->setFont(f);
    t->setPos(at);
    return t;
}

}  // namespace

TopologyScene::TopologyScene(QObject* parent) : QGraphicsScene(parent) {}

int TopologyScene::count(ItemType type) const {
    const auto all = items();
    return static_cast<int>(std::count_if(all.begin(), all.end(),
                                          [type](QGraphicsItem* i) { return i->type() == type; }));
}

void TopologyScene::setInventory(const Inventory& inv) {
    clear();
    m_byId.clear();
    QPalette palette;
    QPen frame(palette.color(QPalette::Mid));
    QList<HostInfo> hosts = inv.hosts;
    std::sort(hosts.begin(), hosts.end(),
              [](const HostInfo& a, const HostInfo& b) { return a.name < b.name; });
    QList<NetworkInfo> networks = inv.networks;
    std::sort(networks.begin(), networks.end(),
              [](const NetworkInfo& a, const NetworkInfo& b) { return a.name < b.name; });

    // Networks: a column of bars on the right.
    qreal hostsWidth =
        static_cast<qreal>(std::max<qsizetype>(hosts.size(), 1)) * (kHostWidth + kGap);
    QMap<QString, QGraphicsRectItem*> networkItems;
    qreal y = 0;
    for (const auto& n : networks) {
        auto* bar = new Box<NetworkType>(0, 0, kNetworkWidth, 44);
        bar->setPos(hostsWidth + 3 * kGap, y);
        bar->setBrush(QColor(88, 179, 124, 60));
        bar->setPen(QPen(QColor(45, 106, 69)));
        bar->setData(IdKey, n.id);
        bar->setFlag(QGraphicsItem::ItemIsSelectable);
        bar->setToolTip(tr("network %1: %2, VNI %3").arg(n.name, n.subnet).arg(n.vni));
        label(n.name, bar, {8, 4}, true);
        label(n.subnet, bar, {8, 22});
        addItem(bar);
        networkItems.insert(n.id, bar);
        m_byId.insert(n.id, bar);
        y += 44 + kGap;
    }

    // Hosts: frames side by side, their endpoints stacked inside.
    qreal x = 0;
    for (const auto& h : hosts) {
        QList<const EndpointInfo*> eps;
        for (const auto& e : inv.endpoints) {
            if (e.hostId == h.id) eps.append(&e);
        }
        std::sort(eps.begin(), eps.end(),
                  [](const EndpointInfo* a, const EndpointInfo* b) { return a->name < b->name; });
        qreal height = 40 + static_cast<qreal>(eps.size()) * (kEndpointHeight + 8) + 8;
        auto* frame = new Box<HostType>(0, 0, kHostWidth, height);
        frame->setPos(x, 0);
        frame->setPen(h.alive ? QPen(QColor(47, 74, 102), 1.5) : QPen(Qt::red, 1.5, Qt::DashLine));
        frame->setBrush(palette.color(QPalette::Base));
        frame->setData(IdKey, h.id);
        frame->setFlag(QGraphicsItem::ItemIsSelectable);
        frame->setToolTip(h.alive ? tr("host %1, VTEP %2").arg(h.name, h.vtep)
                                  : tr("host %1 is down").arg(h.name));
        label(h.name, frame, {8, 6}, true);
        label(h.vtep, frame, {kHostWidth / 2, 6});
        addItem(frame);
        m_byId.insert(h.id, frame);
        qreal ey = 40;
        for (const auto* e : eps) {
            auto* ep = new Box<EndpointType>(0, 0, kHostWidth - 24, kEndpointHeight, frame);
            ep->setPos(12, ey);
            bool failed = e->state == QStringLiteral("failed");
            ep->setBrush(failed ? QColor(230, 90, 90, 80) : QColor(217, 164, 65, 70));
            ep->setPen(QPen(failed ? Qt::red : QColor(138, 100, 32)));
            ep->setData(IdKey, e->id);
            ep->setFlag(QGraphicsItem::ItemIsSelectable);
            ep->setToolTip(failed ? e->stateMessage : tr("endpoint %1, %2").arg(e->name, e->ip));
            label(e->name, ep, {6, 8});
            label(e->ip.section(QLatin1Char('/'), 0, 0), ep, {(kHostWidth - 24) / 2, 8});
            m_byId.insert(e->id, ep);
            // The link to its network, in scene coordinates.
            if (auto* net = networkItems.value(e->networkId)) {
                QPointF from = ep->mapToScene(QPointF(kHostWidth - 24, kEndpointHeight / 2));
                QPointF to = net->mapToScene(QPointF(0, 22));
                auto* link = new Link(QLineF(from, to));
                link->setPen(QPen(QColor(63, 143, 95, 160), 1.2));
                link->setZValue(-1);
                link->setData(IdKey, e->id + QStringLiteral("->") + e->networkId);
                addItem(link);
            }
            ey += kEndpointHeight + 8;
        }
        x += kHostWidth + kGap;
    }
    setSceneRect(itemsBoundingRect().adjusted(-20, -20, 20, 20));
}

}  // namespace loom::ui
