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
// The engine's state keywords in the user's language.
QString stateText(const QString& state) {
    if (state == QStringLiteral("ready")) return Tr::tr("ready");
    if (state == QStringLiteral("pending")) return Tr::tr("pending");
    if (state == QStringLiteral("failed")) return Tr::tr("failed");
    return Tr::tr("unknown");
}

QVariant stateCell(const QString& text, bool failed, const QString& message, int role) {
    if (role == Qt::DisplayRole) return text;
    if (role == Qt::ToolTipRole && !message.isEmpty()) return message;
    if (role == Qt::ForegroundRole && failed) return QBrush(Qt::red);
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
            h.alive ? Tr::tr("alive") : Tr::tr("down"), !h.alive,
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
    if (column == 5) {
        return stateCell(stateText(n.state), n.state == QStringLiteral("failed"), n.stateMessage,
                         role);
    }
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
    if (column == 5) {
        return stateCell(stateText(e.state), e.state == QStringLiteral("failed"), e.stateMessage,
                         role);
    }
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
