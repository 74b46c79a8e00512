#pragma once

#include <QGraphicsScene>
#include <QHash>
#include <QString>

#include "ui/client/types.h"

namespace loom::ui {

// The live topology on a canvas: each host a frame holding its endpoints, each network a bar
// beside them, and a line from every endpoint to its network. Built from the inventory and
// laid out automatically; the designer's editing (drafts, undo, plan and apply) builds on it.
class TopologyScene : public QGraphicsScene {
    Q_OBJECT
public:
    enum ItemType { HostType = 65536 + 1, NetworkType, EndpointType, LinkType };
    enum Data { IdKey = 0 };

    explicit TopologyScene(QObject* parent = nullptr);

    // Rebuilds the items from `inventory`, keeping nothing of the previous one.
    void setInventory(const Inventory& inventory);

    QGraphicsItem* itemFor(const QString& id) const { return m_byId.value(id); }
    int count(ItemType type) const;

private:
    QHash<QString, QGraphicsItem*> m_byId;
};

}  // namespace loom::ui
