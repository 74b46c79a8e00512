#pragma once

#include <QList>
#include <QMap>
#include <QMetaType>
#include <QPointF>
#include <QSet>
#include <QString>

// What the console shows, as plain Qt values: nothing past ui/client sees protobuf or gRPC.
namespace loom::ui {

enum class ConnectionState { Disconnected, Connecting, Connected };

// Equal strings, most often one shared copy: then without reading either (passes over a
// thousand endpoints are bound by memory, not by comparing).
inline bool sameText(const QString& a, const QString& b) {
    return a.isSharedWith(b) || a == b;
}

struct HostInfo {
    QString id, name, vtep, apiAddress;
    quint32 underlayMtu = 0;
    bool alive = false, clustered = false;
    int endpointCount = 0;
    bool canEncrypt = false;    // its kernel can carry encrypted networks
    QString encryptionMessage;  // why not, when not
    bool operator==(const HostInfo&) const = default;
};

struct NetworkInfo {
    QString id, name, subnet, gateway;
    quint32 vni = 0, mtu = 0;
    int endpointCount = 0;
    QString state, stateMessage;
    QMap<QString, QString> labels;
    bool internal = false;   // its names resolve there, nothing else does
    bool encrypted = false;  // its traffic between hosts in ESP
    quint32 keyRotationS = 0;
    bool operator==(const NetworkInfo&) const = default;
};

struct EndpointInfo {
    QString id, name, networkId, networkName, hostId, hostName, ip, mac;
    QString netnsMode, netnsPath;  // "created", "path" or "pid"
    qint32 pid = 0;
    QMap<QString, QString> labels;
    QString state, stateMessage;
    QString service;      // the service of its network it is behind; empty: none
    QString containerId;  // made for a container by its runtime (loom-cni)
    bool operator==(const EndpointInfo&) const = default;
};

struct ServiceBackendInfo {
    QString endpointId, endpointName, hostName, ip;
    bool healthy = true;
    QString healthMessage;  // why not, when not
    bool operator==(const ServiceBackendInfo&) const = default;
};

// A service: one virtual IP on a network, spread over the endpoints behind it.
struct ServiceInfo {
    QString id, name, networkId, networkName, vip;
    QString ports;  // "8080/tcp,53/udp"; empty: every port
    QList<ServiceBackendInfo> backends;
    bool operator==(const ServiceInfo&) const = default;
    int healthyCount() const {
        int n = 0;
        for (const auto& b : backends) n += b.healthy;
        return n;
    }
};

struct Inventory {
    QList<HostInfo> hosts;
    QList<NetworkInfo> networks;
    QList<EndpointInfo> endpoints;
    QList<ServiceInfo> services;
    bool operator==(const Inventory&) const = default;
};

// What an update of the inventory changed, so that a view redoes only that: the endpoints that
// came, went or changed (by id), and whether a host or a network did (its own fields; the
// endpoint counts follow the endpoints). `everything` when the inventory was read anew.
struct InventoryChange {
    bool everything = true;
    bool hosts = false, networks = false, services = false;
    QSet<QString> endpoints;
    // Nothing changed yet: what events add to.
    static InventoryChange none() {
        InventoryChange c;
        c.everything = false;
        return c;
    }
};

struct EventInfo {
    qint64 unixMs = 0;
    QString kind;          // created, deleted, changed, failed (translated when shown)
    bool network = false;  // else an endpoint
    bool host = false;     // a host went down or came back (the console sees it in the inventory)
    bool service = false;  // a service came, went, or a backend of it left or joined its set
    QString id, name;
    QString networkId, networkName;  // an endpoint's network
    QString hostName;                // an endpoint's host, or the host itself
    QString message;
    // The object as the event carries it, which the console applies to its inventory instead
    // of reading everything again: `endpoint`, `networkObject` or `hostObject`, as the flags say.
    bool hasObject = false;
    EndpointInfo endpoint;
    NetworkInfo networkObject;
    HostInfo hostObject;
    ServiceInfo serviceObject;
};

// ---------------------------------------------------------------- designs

// A design: what should exist, as the designer edits it. Items are addressed by a key that
// stays the same while the design is edited; items that exist in the cluster also carry their
// live id. An empty address or a zero VNI or MTU means "automatic".
struct DesignHost {
    QString name;
    QPointF pos;
    bool operator==(const DesignHost&) const = default;
};

struct DesignNetwork {
    QString key, liveId;
    QString name, subnet;
    quint32 vni = 0, mtu = 0;
    QMap<QString, QString> labels;
    bool internal = false;
    bool encrypted = false;    // cannot change on a live network: the plan makes it again
    quint32 keyRotationS = 0;  // 0: the engine's default (12 h)
    QPointF pos;
    bool operator==(const DesignNetwork&) const = default;
};

struct DesignEndpoint {
    QString key, liveId;
    QString name, networkKey, hostName, ip;
    QString netnsMode = QStringLiteral("created");  // "created", "path" or "pid"
    QString netnsPath;
    qint32 pid = 0;
    QMap<QString, QString> labels;
    QString service;  // the name of a service of its network; empty: none
    bool operator==(const DesignEndpoint&) const = default;
};

struct DesignService {
    QString key, liveId;
    QString name, networkKey;
    QString vip;    // empty: allocated
    QString ports;  // "8080/tcp,53/udp"; empty: every port
    QPointF pos;
    bool operator==(const DesignService&) const = default;
};

struct Design {
    QList<DesignHost> hosts;
    QList<DesignNetwork> networks;
    QList<DesignEndpoint> endpoints;
    QList<DesignService> services;
    bool operator==(const Design&) const = default;

    const DesignHost* host(const QString& name) const;
    const DesignNetwork* network(const QString& key) const;
    const DesignEndpoint* endpoint(const QString& key) const;
    const DesignService* service(const QString& key) const;
    DesignHost* host(const QString& name);
    DesignNetwork* network(const QString& key);
    DesignEndpoint* endpoint(const QString& key);
    DesignService* service(const QString& key);
};

// One step of a plan, as the engine is asked to do it.
struct Operation {
    enum Kind {
        CreateNetwork,
        DeleteNetwork,
        CreateEndpoint,
        DeleteEndpoint,
        UpdateNetwork,   // ref: the live id; network: its MTU, labels and internal from now on
        UpdateEndpoint,  // ref: the live id; endpoint: its labels and service from now on
        CreateService,   // service; networkName: its network by name (it may be new)
        DeleteService,   // ref: the live id
    };
    Kind kind = CreateNetwork;
    QString host;  // endpoints: the host's name; empty for networks (they span the cluster)
    QString key;   // the design item it is for (live id for deletions)
    QString ref;   // deletions and updates: the live id
    DesignNetwork network;    // CreateNetwork
    DesignEndpoint endpoint;  // CreateEndpoint
    DesignService service;    // CreateService, DeleteService (its name)
    QString networkName;      // CreateEndpoint, CreateService: the network by name
    QString why;              // for a deletion that the draft did not ask for by itself
    bool operator==(const Operation&) const = default;
};

// What the engine lets this console do: viewers look and plan, operators also apply.
enum class Role { Unknown, Viewer, Operator };

// This console as the engine sees it (WhoAmI).
struct CallerInfo {
    Role role = Role::Unknown;
    QString subject;  // "uid 1000 (alice)", "CN=alice,OU=loom-viewer"
    QString source;   // "local socket, pid 4242", "ipv4:198.51.100.9:40310"
    bool operator==(const CallerInfo&) const = default;
};

// One record of the engine's audit trail: a change or a refusal.
struct AuditEntry {
    qint64 unixMs = 0;
    Role role = Role::Unknown;
    QString who;     // the subject, and the engine that passed the call on, if one did
    QString source;  // where the call came from
    QString method;  // "EndpointService/DeleteEndpoint"
    QString object;  // "endpoint=web-1"
    int code = 0;    // 0: done; else the gRPC status code of the refusal
    QString message;
    bool operator==(const AuditEntry&) const = default;
};

}  // namespace loom::ui

Q_DECLARE_METATYPE(loom::ui::Inventory)
Q_DECLARE_METATYPE(loom::ui::InventoryChange)
Q_DECLARE_METATYPE(loom::ui::EventInfo)
Q_DECLARE_METATYPE(loom::ui::ConnectionState)
Q_DECLARE_METATYPE(loom::ui::Design)
Q_DECLARE_METATYPE(loom::ui::CallerInfo)
