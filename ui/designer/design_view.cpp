#include "ui/designer/design_view.h"

#include <QContextMenuEvent>
#include <QGraphicsItem>
#include <QMimeData>
#include <QMouseEvent>
#include <QPainter>
#include <QScrollBar>
#include <QWheelEvent>

#include <algorithm>

#include "ui/designer/topology_scene.h"

namespace loom::ui {

namespace {
constexpr int kKindRole = Qt::UserRole + 1;
}

DesignView::DesignView(TopologyScene* scene, QWidget* parent) : QGraphicsView(scene, parent) {
    setRenderHint(QPainter::Antialiasing);
    setDragMode(QGraphicsView::RubberBandDrag);
    setAcceptDrops(true);
    setTransformationAnchor(QGraphicsView::AnchorUnderMouse);
}

void DesignView::zoomBy(qreal factor) {
    qreal next = std::clamp(zoom() * factor, 0.1, 8.0);
    scale(next / zoom(), next / zoom());
    m_userMoved = true;
    emit zoomChanged(zoom());
}

void DesignView::fit() {
    auto* topology = qobject_cast<TopologyScene*>(scene());
    if (!topology) return;
    QRectF bounds = topology->drawingRect();
    if (bounds.isEmpty()) return;
    // A little room beyond the drawing (a few per cent): a drawing that grows by an endpoint
    // still fits, and the zoom (with it, a repaint of everything) need not change.
    const qreal room = 20 + 0.03 * std::max(bounds.width(), bounds.height());
    fitInView(bounds.adjusted(-room, -room, room, room), Qt::KeepAspectRatio);
    // Never larger than life (text stays crisp), but not tiny for a small drawing either; the
    // drawing in the middle (scale() turns about the point under the mouse).
    if (zoom() > 1.0) scale(1.0 / zoom(), 1.0 / zoom());
    centerOn(bounds.center());
    m_userMoved = false;
    emit zoomChanged(zoom());
}

void DesignView::fitUnlessMoved() {
    if (m_userMoved) return;
    auto* topology = qobject_cast<TopologyScene*>(scene());
    if (!topology) return;
    // A drawing shown smaller than life (a large one) is fitted again only when it has left
    // the view or fills clearly less of it than it could (it shrank, the window grew); one
    // shown at its size is simply fitted (and centred) again.
    const QRectF bounds = topology->drawingRect().adjusted(-20, -20, 20, 20);
    const QRectF visible = mapToScene(viewport()->rect()).boundingRect();
    const bool fills =
        bounds.width() > 0.85 * visible.width() || bounds.height() > 0.85 * visible.height();
    if (zoom() < 1.0 && !bounds.isEmpty() && visible.contains(bounds) && fills) return;
    fit();
}

void DesignView::setHint(const QString& hint) {
    if (hint == m_hint) return;
    m_hint = hint;
    viewport()->update();
}

void DesignView::resizeEvent(QResizeEvent* event) {
    QGraphicsView::resizeEvent(event);
    fitUnlessMoved();
}

void DesignView::paintEvent(QPaintEvent* event) {
    QGraphicsView::paintEvent(event);
    if (m_hint.isEmpty()) return;
    QPainter p(viewport());
    QFont f = font();
    f.setPointSizeF(f.pointSizeF() * 1.15);
    p.setFont(f);
    const QRect area = viewport()->rect().adjusted(40, 16, -40, -16);
    QRect box = p.fontMetrics().boundingRect(area, Qt::AlignHCenter | Qt::TextWordWrap, m_hint);
    box.moveTop(area.top());
    QColor back = palette().color(QPalette::ToolTipBase);
    back.setAlpha(235);
    p.setPen(palette().color(QPalette::Mid));
    p.setBrush(back);
    p.drawRoundedRect(box.adjusted(-12, -8, 12, 8), 6, 6);
    p.setPen(palette().color(QPalette::ToolTipText));
    p.drawText(box, Qt::AlignHCenter | Qt::TextWordWrap, m_hint);
}

void DesignView::contextMenuEvent(QContextMenuEvent* event) {
    QString key;
    for (auto* item : items(event->pos())) {
        for (auto* i = item; i && key.isEmpty(); i = i->parentItem())
            key = i->data(TopologyScene::IdKey).toString();
        if (!key.isEmpty()) break;
    }
    emit contextMenuRequested(key, event->globalPos());
    event->accept();
}

void DesignView::wheelEvent(QWheelEvent* event) {
    if (event->modifiers() & Qt::ControlModifier) {
        zoomBy(event->angleDelta().y() > 0 ? 1.15 : 1 / 1.15);
        event->accept();
        return;
    }
    m_userMoved = true;
    QGraphicsView::wheelEvent(event);
}

void DesignView::mousePressEvent(QMouseEvent* event) {
    if (event->button() == Qt::MiddleButton) {
        m_panning = true;
        m_userMoved = true;
        m_panFrom = event->position().toPoint();
        setCursor(Qt::ClosedHandCursor);
        event->accept();
        return;
    }
    QGraphicsView::mousePressEvent(event);
}

void DesignView::mouseMoveEvent(QMouseEvent* event) {
    if (m_panning) {
        QPoint now = event->position().toPoint();
        QPoint delta = now - m_panFrom;
        m_panFrom = now;
        horizontalScrollBar()->setValue(horizontalScrollBar()->value() - delta.x());
        verticalScrollBar()->setValue(verticalScrollBar()->value() - delta.y());
        event->accept();
        return;
    }
    QGraphicsView::mouseMoveEvent(event);
}

void DesignView::mouseReleaseEvent(QMouseEvent* event) {
    if (m_panning && event->button() == Qt::MiddleButton) {
        m_panning = false;
        unsetCursor();
        event->accept();
        return;
    }
    QGraphicsView::mouseReleaseEvent(event);
}

DesignPalette::DesignPalette(QWidget* parent) : QListWidget(parent) {
    setDragEnabled(true);
    setDragDropMode(QAbstractItemView::DragOnly);
    setViewMode(QListView::IconMode);
    setFlow(QListView::TopToBottom);
    setIconSize(QSize(32, 32));
    setGridSize(QSize(80, 64));
    setMovement(QListView::Static);
    setFixedWidth(86);
    setFrameShape(QFrame::NoFrame);
    auto* network =
        new QListWidgetItem(QIcon(QStringLiteral(":/icons/network.svg")), tr("Network"), this);
    network->setData(kKindRole, QStringLiteral("network"));
    network->setToolTip(tr("Drag onto the canvas to add a network"));
    auto* endpoint =
        new QListWidgetItem(QIcon(QStringLiteral(":/icons/endpoint.svg")), tr("Endpoint"), this);
    endpoint->setData(kKindRole, QStringLiteral("endpoint"));
    endpoint->setToolTip(tr("Drag into a host to add an endpoint there"));
    auto* service =
        new QListWidgetItem(QIcon(QStringLiteral(":/icons/service.svg")), tr("Service"), this);
    service->setData(kKindRole, QStringLiteral("service"));
    service->setToolTip(
        tr("Drag onto a network to add a service (one VIP over the endpoints "
           "behind it); then drag from an endpoint onto the service"));
}

QStringList DesignPalette::mimeTypes() const {
    return {QString::fromLatin1(TopologyScene::kPaletteMime)};
}

QMimeData* DesignPalette::mimeData(const QList<QListWidgetItem*>& items) const {
    if (items.isEmpty()) return nullptr;
    auto* data = new QMimeData;
    data->setData(QString::fromLatin1(TopologyScene::kPaletteMime),
                  items.front()->data(kKindRole).toString().toLatin1());
    return data;
}

}  // namespace loom::ui
