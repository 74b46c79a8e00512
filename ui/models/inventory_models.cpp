#include "ui/models/inventory_models.h"

#include <QBrush>
#include <QCoreApplication>
#include <QPalette>

namespace loom::ui {

namespace {
struct Tr {
    Q_DECLARE_TR_FUNCTIONS(loom::ui::InventoryModels)
};

// Failed objects stand out; the reason is in the tooltip.
QVariant stateCell(const QString& state, const QString& message, int role) {
    if (role == Qt::DisplayRole) return state;
    if (role == Qt::ToolTipRole && !message.isEmpty()) return message;
    if (role == Qt::ForegroundRole && state == QStringLiteral("failed")) return QBrush(Qt::red);
    return {};
}
}  // namespace

QStringList HostTableModel::headers() const {
    return {Tr::tr("Name"), Tr::tr("VTEP"), Tr::tr("State"), Tr::tr("Endpoints"),
            Tr::tr("API address")};
}

QVariant HostTableModel::cell(const HostInfo& h, int column, int role) const {
    if (column == 2) {
        return stateCell(
            h.alive ? Tr::tr("alive") : Tr::tr("down"),
            h.alive ? QString() : Tr::tr("its lease expired: the engine is not running"), role);
    }
    if (role != Qt::DisplayRole) return {};
    switch (column) {
        case 0:
            return h.name;
        case 1:
            return h.vtep;
        case 3:
            return h.endpointCount;
        case 4:
            return h.apiAddress;
    }
    return {};
}

QStringList NetworkTableModel::headers() const {
    return {Tr::tr("Name"), Tr::tr("Subnet"),    Tr::tr("VNI"),
            Tr::tr("MTU"),  Tr::tr("Endpoints"), Tr::tr("State")};
}

QVariant NetworkTableModel::cell(const NetworkInfo& n, int column, int role) const {
    if (column == 5) return stateCell(n.state, n.stateMessage, role);
    if (role != Qt::DisplayRole) return {};
    switch (column) {
        case 0:
            return n.name;
        case 1:
            return n.subnet;
        case 2:
            return n.vni;
        case 3:
            return n.mtu;
        case 4:
            return n.endpointCount;
    }
    return {};
}

QStringList EndpointTableModel::headers() const {
    return {Tr::tr("Name"),    Tr::tr("Network"), Tr::tr("Host"),
            Tr::tr("Address"), Tr::tr("MAC"),     Tr::tr("State")};
}

QVariant EndpointTableModel::cell(const EndpointInfo& e, int column, int role) const {
    if (column == 5) return stateCell(e.state, e.stateMessage, role);
    if (role != Qt::DisplayRole) return {};
    switch (column) {
        case 0:
            return e.name;
        case 1:
            return e.networkName;
        case 2:
            return e.hostName;
        case 3:
            return e.ip;
        case 4:
            return e.mac;
    }
    return {};
}

}  // namespace loom::ui
