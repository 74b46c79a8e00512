#pragma once

// The designer canvas's own items, and the geometry they share (ui/designer/topology_scene.cpp
// makes and places them).
#include <QColor>
#include <QGraphicsPathItem>
#include <QGraphicsRectItem>
#include <QLineF>
#include <QString>

#include "ui/designer/plan.h"
#include "ui/designer/topology_scene.h"

class QGraphicsSimpleTextItem;

namespace loom::ui {

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

// An endpoint: its box, name and address. It paints its own text, and only where the text can
// be read: zoomed far out (a thousand endpoints fitted into the window) it is a plain tile, so
// that drawing the whole canvas stays cheap.
class EndpointBox : public Box<TopologyScene::EndpointType> {
public:
    EndpointBox(QGraphicsItem* host, const QColor& text);
    void setText(const QString& name, const QString& address);
    void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) override;

private:
    QColor m_text;
    QString m_name, m_address;
};

// The links of one host to one network, as one path: where a thousand endpoints link, their
// lines leave the frame at a few points, and one item draws them all at once. Only what lies
// outside the host's frame is drawn (inside, the frame would cover it).
class LinkBundle : public QGraphicsPathItem {
public:
    using QGraphicsPathItem::QGraphicsPathItem;
    int type() const override { return TopologyScene::LinkType; }
};

// A text on an item, at `at` in its coordinates.
QGraphicsSimpleTextItem* makeLabel(const QString& text, QGraphicsItem* parent, const QPointF& at,
                                   const QColor& color, bool bold = false);

// The part of a line that leaves a frame: from where it crosses the frame's edge (the line
// starts inside it) to its end.
QLineF outsideOf(const QLineF& line, const QRectF& frame);

}  // namespace loom::ui
