#pragma once

#include <QObject>
#include <QTimer>

#include <functional>

#include "ui/dashboard/panel_spec.h"

namespace loom::ui {

class DesignDocument;
class DesignView;
class TelemetryStore;
class TopologyScene;
class Weathermap;
class WeathermapLegend;

// The designer's canvas with live state (the weathermap layer on top of it): it tells the
// layer where the canvas draws each live endpoint, network and host, refreshes the colours
// once a second while the canvas is visible, shows the colour legend, and offers the charts
// of what is under the mouse in the canvas's context menu.
class LiveCanvas : public QObject {
    Q_OBJECT
public:
    LiveCanvas(TelemetryStore& store, DesignDocument& document, TopologyScene& scene,
               DesignView& view, QObject* parent = nullptr);

    void setEnabled(bool on);
    bool enabled() const;
    Weathermap& weathermap() const { return *m_weathermap; }
    // Where things are now, to the layer (after a redraw or a drag).
    void updateGeometry();
    // Colours from the newest samples.
    void refresh();

signals:
    void chartRequested(const loom::ui::PanelSpec& spec);
    void matrixRequested(const QString& networkId);

private:
    void contextMenu(const QString& key, const QPoint& globalPos);
    void placeLegend();

    TelemetryStore& m_store;
    DesignDocument& m_document;
    TopologyScene& m_scene;
    DesignView& m_view;
    Weathermap* m_weathermap;
    WeathermapLegend* m_legend;
    QTimer m_timer;
    bool m_geometryPending = false;
};

}  // namespace loom::ui
