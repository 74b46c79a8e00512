#pragma once

#include <QFrame>
#include <QHash>
#include <QLineF>
#include <QObject>
#include <QPoint>
#include <QPointer>
#include <QRectF>
#include <QVector>

#include "ui/dashboard/panel_spec.h"
#include "ui/dashboard/telemetry_store.h"

class QGraphicsItem;
class QGraphicsScene;
class QLabel;

namespace loom::ui {

// What the canvas shows, as the weathermap needs it: where each endpoint's link, each network's
// bar and each host's frame are (scene coordinates) and which live objects they are.
struct CanvasGeometry {
    struct Link {
        QString endpointId, endpointName, hostId, hostName, networkName;
        QLineF line;  // from the endpoint to its network
    };
    struct Bus {
        QString networkId, networkName;
        QRectF rect;
        QVector<QPair<QString, QString>> hosts;  // (id, name) of hosts with endpoints on it
    };
    struct Frame {
        QString hostId, hostName;
        QRectF rect;
    };
    QVector<Link> links;
    QVector<Bus> buses;
    QVector<Frame> frames;
};

// Live load drawn over the designer's canvas: every endpoint link coloured and widened by its
// rate, each direction on its own half (the half at the endpoint: what it sends; the half at
// the network: what it receives), a network's bus by its vxlan traffic on each host, and a host
// frame marked when its engine stops answering or its probes are lost. One fixed colour scale
// (bits/s, or a share of a capacity set per network). Hovering an item shows its numbers; a
// double click opens its chart.
class Weathermap : public QObject {
    Q_OBJECT
public:
    Weathermap(TelemetryStore& store, QGraphicsScene* scene, QObject* parent = nullptr);
    ~Weathermap() override;

    void setEnabled(bool on);
    bool enabled() const { return m_enabled; }
    // Rates written next to links (when zoomed in far enough to read them).
    void setLabelsVisible(bool on);
    // A network's capacity in bit/s (0: the fixed scale), by network name.
    void setCapacity(const QString& networkName, double bits);
    double capacity(const QString& networkName) const { return m_capacity.value(networkName); }

    // Where things are (after a redraw or a move of the canvas); cheap when nothing moved.
    void setGeometry(const CanvasGeometry& geometry);
    // Colours from the newest samples; the Monitor's timer calls it once a second.
    void update(qint64 nowMs);

    // For tests: the band and width drawn for an endpoint's link (direction 0: out, 1: in),
    // and whether a host is marked as not answering. -1 when not drawn.
    int linkBand(const QString& endpointId, int direction) const;
    qreal linkWidth(const QString& endpointId, int direction) const;
    bool hostMarked(const QString& hostId) const;
    // The scene item drawing a half of an endpoint's link (direction 0: out, 1: in).
    QGraphicsItem* linkItem(const QString& endpointId, int direction) const;
    int busBand(const QString& networkId, const QString& hostId) const;
    // How many endpoints' links it keeps a state for.
    qsizetype linkCount() const { return m_links.size(); }

signals:
    void chartRequested(const loom::ui::PanelSpec& spec);

private:
    // A line drawn, by its ends (to a quarter of a unit).
    using Line = std::pair<QPoint, QPoint>;
    static Line lineOf(const QLineF& l);
    static constexpr qreal kBaseWidth = 2;

    // An endpoint's link: what it shows, and which line draws it.
    struct LinkState {
        QString name, hostId, hostName, networkName;
        Line line;
        quint64 pass = 0;  // the last geometry that had it
        RateValues rates{};
        bool fresh = false;
        double capacity = 0;
        int bands[2] = {-1, -1};
        qreal widths[2] = {kBaseWidth, kBaseWidth};
    };
    // A line drawn (one or more links on it): its halves, their label, and what they show.
    struct LineItems {
        QGraphicsItem* out = nullptr;
        QGraphicsItem* in = nullptr;
        QGraphicsItem* label = nullptr;
        QStringList endpoints;
        QString shown[2];  // the busiest endpoint per direction
        int bands[2] = {-2, -2};
        qreal widths[2] = {0, 0};
    };
    void clear();
    void rebuild();
    void paintLines();

    TelemetryStore& m_store;
    QPointer<QGraphicsScene> m_scene;
    bool m_enabled = true;
    bool m_labels = false;
    CanvasGeometry m_geometry;
    QHash<QString, double> m_capacity;
    QHash<QString, LinkState> m_links;  // by endpoint id
    QHash<Line, LineItems> m_lines;
    QHash<QString, QGraphicsItem*> m_buses;  // by network id + "/" + host id
    QHash<QString, int> m_busBands;
    QHash<QString, QGraphicsItem*> m_frames;  // by host id: present while marked
    quint64 m_pass = 0;
};

// The colour scale of the weathermap, as a small legend on the canvas.
class WeathermapLegend : public QFrame {
    Q_OBJECT
public:
    explicit WeathermapLegend(QWidget* parent = nullptr);
};

}  // namespace loom::ui
