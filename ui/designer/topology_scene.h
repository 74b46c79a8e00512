#pragma once

#include <QColor>
#include <QGraphicsScene>
#include <QHash>
#include <QLineF>
#include <QString>

#include "ui/client/types.h"

class QGraphicsLineItem;

namespace loom::ui {

class DesignDocument;

// The designer's canvas: the draft of a DesignDocument drawn as hosts (frames holding their
// endpoints), networks (bars), links (endpoint to network) and services (a node beneath its
// network, linked to it and to the endpoints behind it; dragging from an endpoint onto a
// service puts it behind that service). Hosts and networks are moved
// with the mouse; dragging from an endpoint onto a network links them; the palette's items
// are dropped onto it. Items that break a rule, or failed to apply, are drawn red with the
// reason as tooltip; items not yet in the cluster are drawn dashed. Every edit goes through
// the document, so it can be undone.
class TopologyScene : public QGraphicsScene {
    Q_OBJECT
public:
    enum ItemType {
        HostType = 65536 + 1,
        NetworkType,
        EndpointType,
        LinkType,
        ServiceType,
        ServiceLinkType
    };
    // IdKey: the design key of a node. Badge: what a small mark on a node says ("encrypted").
    enum Data { IdKey = 0, Badge = 1 };
    // The palette's drag payload: "network", "endpoint" or "service".
    static constexpr const char* kPaletteMime = "application/x-loom-palette";

    explicit TopologyScene(DesignDocument& document, QObject* parent = nullptr);

    DesignDocument& document() const { return m_doc; }
    // The item of a design key (a host's key is DesignDocument::hostKey(name)).
    QGraphicsItem* itemFor(const QString& key) const { return m_byKey.value(key); }
    int count(ItemType type) const;
    // Keys of the selected items.
    QStringList selectedKeys() const;
    void selectKeys(const QStringList& keys);
    // Draws the document again (after a palette change, say); while a mouse button is down on
    // the canvas, once it is released.
    void rebuild();
    // Called by items while they are dragged: their lines follow them (only theirs); with no
    // item, every line is placed again.
    void updateLinks(const QGraphicsItem* moved = nullptr);
    // The line of an endpoint's link (scene coordinates), from where it leaves its host's frame
    // (inside, the frame covers it); null when it has none. A search: for tests and single
    // lookups; forEachLink visits them all.
    QLineF linkLine(const QString& endpointKey) const;
    // The lines of a service's node to the endpoints behind it (scene coordinates), by the
    // endpoints' keys.
    QHash<QString, QLineF> serviceLines(const QString& serviceKey) const;
    // Every link of an endpoint with a live id: f(live id, line), bundle by bundle (the id may
    // have left the live state since: look it up).
    template <typename F>
    void forEachLink(F f) const {
        for (const auto& b : m_bundles) {
            for (qsizetype i = 0; i < b.liveIds.size(); ++i) {
                if (b.liveIds[i].isEmpty()) continue;
                f(b.liveIds[i], b.line(i));
            }
        }
    }
    // What is drawn: the hosts and networks (the links run between them); cheaper than
    // itemsBoundingRect(), which visits every item.
    QRectF drawingRect() const;

signals:
    // Links were drawn again or moved (an item was dragged, the design changed).
    void linksChanged();

protected:
    void mousePressEvent(QGraphicsSceneMouseEvent* event) override;
    void mouseMoveEvent(QGraphicsSceneMouseEvent* event) override;
    void mouseReleaseEvent(QGraphicsSceneMouseEvent* event) override;
    void dragEnterEvent(QGraphicsSceneDragDropEvent* event) override;
    void dragMoveEvent(QGraphicsSceneDragDropEvent* event) override;
    void dropEvent(QGraphicsSceneDragDropEvent* event) override;

private:
    void finishGesture(QGraphicsSceneMouseEvent* event);
    QGraphicsItem* topItemOf(QPointF scenePos, int type) const;

    // The colours of a drawing; a new palette means a new drawing.
    struct Look {
        QColor text, base, frame, host, network, endpoint, bad, link;
        bool operator==(const Look&) const = default;
    };
    // A drawn item and a signature of what it shows: unchanged signature, item kept.
    struct Drawn {
        QGraphicsItem* item = nullptr;
        QString sig;
    };
    // What an endpoint's item shows.
    struct EndpointSig {
        QString name, ip, liveId, bad, liveIp, state, message;
        // Whether the item shows this endpoint as it is now; compared in place (no copies: it
        // runs for every endpoint on every redraw).
        bool shows(const DesignEndpoint& e, const EndpointInfo* le, const QString& problems) const;
    };
    struct DrawnEndpoint {
        QGraphicsItem* item = nullptr;
        EndpointSig sig;
        quint64 pass = 0;  // the last redraw that placed it
    };
    struct DrawnHost : Drawn {
        QHash<QString, DrawnEndpoint> endpoints;
    };
    // A rebuild, in steps: networks, hosts with their endpoints, links.
    struct Gathered {
        QString host, network;  // their keys
        QStringList keys, liveIds;
        QList<QGraphicsItem*> items;
    };
    void forget(const QString& key, const QGraphicsItem* item);
    QString problemText(const QHash<QString, QStringList>& problems, const QString& key) const;
    void drawNetworks(const QHash<QString, const NetworkInfo*>& liveNetworks,
                      const QHash<QString, QStringList>& problems);
    QHash<QString, Gathered> drawHosts(const QHash<QString, const HostInfo*>& liveHosts,
                                       const QHash<QString, QStringList>& problems);
    void relink(QHash<QString, Gathered> bundles);
    QGraphicsItem* makeNetwork(const DesignNetwork& n, const NetworkInfo* live,
                               const QString& problems);
    QGraphicsItem* makeHost(const DesignHost& h, const HostInfo* live, int endpoints);
    void drawServices(const QHash<QString, QStringList>& problems);
    QGraphicsItem* makeService(const DesignService& s, const ServiceInfo* live,
                               const QString& problems);
    void placeServiceLinks();
    QGraphicsItem* makeEndpoint(const DesignEndpoint& e, const EndpointInfo* live,
                                const QString& problems, QGraphicsItem* host, qreal y);

    DesignDocument& m_doc;
    Look m_look;
    QHash<QString, Drawn> m_networks;
    // Services: the node, and the item that draws its links (to its network and members).
    struct DrawnService : Drawn {
        QGraphicsPathItem* links = nullptr;
        QStringList members;  // endpoint keys
        QHash<QString, QLineF> lines;
    };
    QHash<QString, DrawnService> m_services;
    QHash<QString, DrawnHost> m_hosts;
    // Links, by host and network (host key, 0x1f, network key): the item that draws them, the
    // endpoints' lines (what is drawn of them: one line that all share, or one each), and which
    // bundles move with a host or a network.
    struct Bundle {
        QGraphicsItem* item = nullptr;
        QString host, network;
        QStringList endpoints, liveIds;
        QList<QGraphicsItem*> items;  // the endpoints' items, valid until the next redraw
        QList<QLineF> lines;
        // Endpoint i's line (null before the links are placed).
        QLineF line(qsizetype i) const { return lines.size() == 1 ? lines[0] : lines.value(i); }
    };
    QHash<QString, Bundle> m_bundles;
    QMultiHash<const QGraphicsItem*, QString> m_linksAt;
    QHash<QString, int> m_lane;
    QHash<QString, QGraphicsItem*> m_byKey;
    QGraphicsLineItem* m_drawing = nullptr;  // a link being drawn
    QString m_drawingFrom;
    // A mouse button is down on the canvas: a redraw (an engine event) waits for its release,
    // so the item being dragged is not pulled from under the mouse.
    bool m_pressed = false, m_rebuildPending = false;
    quint64 m_pass = 0;  // redraws so far
};

}  // namespace loom::ui
