#pragma once

#include "ui/client/types.h"
#include "ui/models/keyed_table_model.h"

// The three inventory tables of the console; each row is one object of the engine's inventory.
namespace loom::ui {

class HostTableModel : public KeyedTableModel<HostInfo> {
public:
    using KeyedTableModel::KeyedTableModel;

protected:
    QStringList headers() const override;
    QVariant cell(const HostInfo& h, int column, int role) const override;
};

class NetworkTableModel : public KeyedTableModel<NetworkInfo> {
public:
    using KeyedTableModel::KeyedTableModel;

protected:
    QStringList headers() const override;
    QVariant cell(const NetworkInfo& n, int column, int role) const override;
};

class EndpointTableModel : public KeyedTableModel<EndpointInfo> {
public:
    using KeyedTableModel::KeyedTableModel;
    // After a read every row is compared; after a burst of events only the endpoints it named.
    void update(const QList<EndpointInfo>& fresh, const InventoryChange& change) {
        if (change.everything) {
            setRows(fresh);
        } else {
            updateRows(fresh, change.endpoints);
        }
    }

protected:
    QStringList headers() const override;
    QVariant cell(const EndpointInfo& e, int column, int role) const override;
};

}  // namespace loom::ui
