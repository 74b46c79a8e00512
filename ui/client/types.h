#pragma once

#include <QList>
#include <QMap>
#include <QMetaType>
#include <QString>

// What the console shows, as plain Qt values: nothing past ui/client sees protobuf or gRPC.
namespace loom::ui {

enum class ConnectionState { Disconnected, Connecting, Connected };

struct HostInfo {
    QString id, name, vtep, apiAddress;
    bool alive = false, clustered = false;
    int endpointCount = 0;
    bool operator==(const HostInfo&) const = default;
};

struct NetworkInfo {
    QString id, name, subnet, gateway;
    quint32 vni = 0, mtu = 0;
    int endpointCount = 0;
    QString state, stateMessage;
    QMap<QString, QString> labels;
    bool operator==(const NetworkInfo&) const = default;
};

struct EndpointInfo {
    QString id, name, networkId, networkName, hostId, hostName, ip, mac;
    QString state, stateMessage;
    bool operator==(const EndpointInfo&) const = default;
};

struct Inventory {
    QList<HostInfo> hosts;
    QList<NetworkInfo> networks;
    QList<EndpointInfo> endpoints;
};

struct EventInfo {
    qint64 unixMs = 0;
    QString kind;          // created, deleted, changed, failed (translated when shown)
    bool network = false;  // else an endpoint
    QString name;
    QString message;
};

}  // namespace loom::ui

Q_DECLARE_METATYPE(loom::ui::Inventory)
Q_DECLARE_METATYPE(loom::ui::EventInfo)
Q_DECLARE_METATYPE(loom::ui::ConnectionState)
