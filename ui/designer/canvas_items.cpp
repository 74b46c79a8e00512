#include "ui/designer/canvas_items.h"

#include <QFont>
#include <QGraphicsSimpleTextItem>
#include <QPainter>
#include <QStyleOptionGraphicsItem>

#include <algorithm>

namespace loom::ui {

EndpointBox::EndpointBox(QGraphicsItem* host, const QColor& text)
    : Box(0, 0, kHostWidth - 24, kEndpointHeight, host), m_text(text) {}

void EndpointBox::setText(const QString& name, const QString& address) {
    m_name = name;
    m_address = address;
    update();
}

void EndpointBox::paint(QPainter* painter, const QStyleOptionGraphicsItem* option,
                        QWidget* widget) {
    const qreal lod =
        QStyleOptionGraphicsItem::levelOfDetailFromTransform(painter->worldTransform());
    if (lod < 0.35 && !isSelected()) {
        painter->fillRect(rect(), pen().color());
        return;
    }
    QGraphicsRectItem::paint(painter, option, widget);
    if (lod < 0.5) return;  // text under 6 pixels: not readable
    painter->setPen(m_text);
    const QRectF r = rect().adjusted(6, 8, -4, 0);
    painter->drawText(r, Qt::AlignLeft | Qt::AlignTop, m_name);
    painter->drawText(r.adjusted((kHostWidth - 24) / 2 - 6, 0, 0, 0), Qt::AlignLeft | Qt::AlignTop,
                      m_address);
}

QGraphicsSimpleTextItem* makeLabel(const QString& text, QGraphicsItem* parent, const QPointF& at,
                                   const QColor& color, bool bold) {
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

QLineF outsideOf(const QLineF& line, const QRectF& frame) {
    if (!frame.contains(line.p1())) return line;
    const QPointF d = line.p2() - line.p1();
    qreal t = 1;
    if (d.x() > 0) t = std::min(t, (frame.right() - line.x1()) / d.x());
    if (d.x() < 0) t = std::min(t, (frame.left() - line.x1()) / d.x());
    if (d.y() > 0) t = std::min(t, (frame.bottom() - line.y1()) / d.y());
    if (d.y() < 0) t = std::min(t, (frame.top() - line.y1()) / d.y());
    return QLineF(line.p1() + d * std::max<qreal>(t, 0), line.p2());
}

}  // namespace loom::ui
