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
    // Until the user zooms or pans, the view keeps what it shows fitted (a new network, a
    // resized window): fitted again when the drawing leaves the view or fills clearly less of
    // it, not for every endpoint more; fit() by hand hands control back to it.
    bool userMoved() const { return m_userMoved; }
    void fitUnlessMoved();
    // A line shown over an empty canvas, telling a newcomer how to begin ("" hides it).
    void setHint(const QString& hint);
    QString hint() const { return m_hint; }

signals:
    void zoomChanged(qreal zoom);
    // The context menu over the item with this design key ("" over the empty canvas).
    void contextMenuRequested(const QString& key, const QPoint& globalPos);

protected:
    void wheelEvent(QWheelEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void paintEvent(QPaintEvent* event) override;
    void contextMenuEvent(QContextMenuEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;

private:
    bool m_panning = false;
    bool m_userMoved = false;
    QPoint m_panFrom;
    QString m_hint;
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
