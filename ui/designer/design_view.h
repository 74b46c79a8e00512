#pragma once

#include <QGraphicsView>
#include <QListWidget>

namespace loom::ui {

class TopologyScene;

// The canvas's view: rubber-band selection, zoom with Ctrl+wheel (or the View actions), pan
// with the middle mouse button or the scroll bars.
class DesignView : public QGraphicsView {
    Q_OBJECT
public:
    explicit DesignView(TopologyScene* scene, QWidget* parent = nullptr);
    void zoomBy(qreal factor);
    void fit();
    qreal zoom() const { return transform().m11(); }

protected:
    void wheelEvent(QWheelEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;

private:
    bool m_panning = false;
    QPoint m_panFrom;
};

// The designer's palette: a network and an endpoint, to drag onto the canvas.
class DesignPalette : public QListWidget {
    Q_OBJECT
public:
    explicit DesignPalette(QWidget* parent = nullptr);

protected:
    QMimeData* mimeData(const QList<QListWidgetItem*>& items) const override;
    QStringList mimeTypes() const override;
};

}  // namespace loom::ui
