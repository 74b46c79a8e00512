#include "ui/client/engine_client.h"

#include "ui/client/inventory_events.h"

#include <grpcpp/grpcpp.h>

#include <QCoreApplication>
#include <QFile>
#include <QMetaObject>
#include <QPointer>

#include <atomic>
#include <functional>
#include <map>
#include <mutex>
#include <utility>

#include "loom/v1/loom.grpc.pb.h"
#include "ui/client/client_core.h"
#include "ui/client/ports.h"

namespace loom::ui {

namespace {

QString stateName(v1::ObjectState s) {
    switch (s) {
        case v1::OBJECT_STATE_PENDING:
            return QStringLiteral("pending");
        case v1::OBJECT_STATE_READY:
            return QStringLiteral("ready");
        case v1::OBJECT_STATE_FAILED:
            return QStringLiteral("failed");
        default:
            return QStringLiteral("unknown");
    }
}

QString netnsModeName(v1::NetnsMode m) {
    switch (m) {
        case v1::NETNS_MODE_PATH:
            return QStringLiteral("path");
        case v1::NETNS_MODE_PID:
            return QStringLiteral("pid");
        default:
            return QStringLiteral("created");
    }
}

HostInfo toHost(const v1::Host& h) {
    HostInfo out;
    out.id = q(h.id());
    out.name = q(h.name());
    out.vtep = q(h.vtep_ip());
    out.apiAddress = q(h.api_address());
    out.underlayMtu = h.underlay_mtu();
    out.alive = h.alive();
    out.clustered = h.clustered();
    out.endpointCount = static_cast<int>(h.endpoint_count());
    out.canEncrypt = h.can_encrypt();
    out.encryptionMessage = q(h.encryption_message());
    return out;
}

NetworkInfo toNetwork(const v1::Network& n) {
    NetworkInfo out;
    out.id = q(n.id());
    out.name = q(n.name());
    out.subnet = q(n.subnet());
    out.gateway = q(n.gateway());
    out.vni = n.vni();
    out.mtu = n.mtu();
    out.endpointCount = static_cast<int>(n.endpoint_count());
    out.state = stateName(n.state());
    out.stateMessage = q(n.state_message());
    for (const auto& [k, v] : n.labels()) out.labels.insert(q(k), q(v));
    out.internal = n.internal();
    out.encrypted = n.encrypted();
    out.keyRotationS = n.key_rotation_s();
    return out;
}

EndpointInfo toEndpoint(const v1::Endpoint& e) {
    EndpointInfo out;
    out.id = q(e.id());
    out.name = q(e.name());
    out.networkId = q(e.network_id());
    out.networkName = q(e.network_name());
    out.hostId = q(e.host_id());
    out.hostName = q(e.host_name());
    out.ip = q(e.ip());
    out.mac = q(e.mac());
    out.netnsMode = netnsModeName(e.netns_mode());
    out.netnsPath = q(e.netns_path());
    out.pid = e.pid();
    for (const auto& [k, v] : e.labels()) out.labels.insert(q(k), q(v));
    out.state = stateName(e.state());
    out.stateMessage = q(e.state_message());
    out.service = q(e.service());
    out.containerId = q(e.container_id());
    return out;
}

ServiceInfo toService(const v1::Service& s) {
    ServiceInfo out;
    out.id = q(s.id());
    out.name = q(s.name());
    out.networkId = q(s.network_id());
    out.networkName = q(s.network_name());
    out.vip = q(s.vip());
    std::vector<engine::model::ServicePort> ports;
    for (const auto& p : s.ports()) {
        ports.push_back({p.port(), p.protocol() == v1::PROTOCOL_UDP
                                       ? engine::model::Protocol::Udp
                                       : engine::model::Protocol::Tcp});
    }
    out.ports = portsToText(ports);
    for (const auto& b : s.backends()) {
        out.backends.append({q(b.endpoint_id()), q(b.endpoint_name()), q(b.host_name()), q(b.ip()),
                             b.healthy(), q(b.health_message())});
    }
    return out;
}

EventInfo toEventInfo(const v1::Event& ev) {
    EventInfo e;
    e.unixMs = ev.unix_ms();
    switch (ev.kind()) {
        case v1::Event::KIND_CREATED:
            e.kind = QStringLiteral("created");
            break;
        case v1::Event::KIND_DELETED:
            e.kind = QStringLiteral("deleted");
            break;
        case v1::Event::KIND_FAILED:
            e.kind = QStringLiteral("failed");
            break;
        default:
            e.kind = QStringLiteral("changed");
            break;
    }
    e.network = ev.has_network();
    e.host = ev.has_host();
    e.service = ev.has_service();
    e.hasObject = ev.has_network() || ev.has_host() || ev.has_endpoint() || ev.has_service();
    if (e.service) {
        e.serviceObject = toService(ev.service());
        e.id = e.serviceObject.id;
        e.name = e.serviceObject.name;
        e.networkId = e.serviceObject.networkId;
        e.networkName = e.serviceObject.networkName;
    } else if (e.host) {
        e.hostObject = toHost(ev.host());
        e.id = e.hostObject.id;
        e.name = e.hostObject.name;
        e.hostName = e.name;
    } else if (e.network) {
        e.networkObject = toNetwork(ev.network());
        e.id = e.networkObject.id;
        e.name = e.networkObject.name;
        e.networkId = e.id;
        e.networkName = e.name;
    } else {
        e.endpoint = toEndpoint(ev.endpoint());
        e.id = e.endpoint.id;
        e.name = e.endpoint.name;
        e.networkId = e.endpoint.networkId;
        e.networkName = e.endpoint.networkName;
        e.hostName = e.endpoint.hostName;
    }
    e.message = q(ev.message());
    return e;
}

// Channels live as long as the process, one per target. gRPC's callback completion queue is
// shut down with the last channel that used it; if that last reference went away on one of its
// own callback threads (a stream's OnDone, a call's completion), gRPC 1.51 aborts in
// grpc_cq_internal_unref. A console talks to a handful of targets in its life.
std::shared_ptr<grpc::Channel> sharedChannel(
    const std::string& key, const std::function<std::shared_ptr<grpc::Channel>()>& make) {
    static std::mutex mutex;
    static auto* channels = new std::map<std::string, std::shared_ptr<grpc::Channel>>();
    std::lock_guard lock(mutex);
    auto& slot = (*channels)[key];
    if (!slot) slot = make();
    return slot;
}

// An engine that restarts is found again within two seconds, not after gRPC's two minutes.
grpc::ChannelArguments channelArgs() {
    grpc::ChannelArguments args;
    args.SetInt(GRPC_ARG_INITIAL_RECONNECT_BACKOFF_MS, 200);
    args.SetInt(GRPC_ARG_MAX_RECONNECT_BACKOFF_MS, 2000);
    args.SetMaxReceiveMessageSize(80 << 20);  // a live bundle comes in one message
    return args;
}

}  // namespace

EngineClient::EngineClient(QObject* parent)
    : QObject(parent), m_alive(std::make_shared<bool>(true)) {
    qRegisterMetaType<Inventory>();
    qRegisterMetaType<InventoryChange>();
    qRegisterMetaType<EventInfo>();
    qRegisterMetaType<CallerInfo>();
    qRegisterMetaType<ConnectionState>();
    m_retry.setSingleShot(true);
    m_retry.setInterval(1000);
    connect(&m_retry, &QTimer::timeout, this, &EngineClient::refresh);
    // Events that come together (a bulk create elsewhere) are shown together: one update of
    // the views per burst, not one per event.
    m_coalesce.setSingleShot(true);
    m_coalesce.setInterval(30);
    connect(&m_coalesce, &QTimer::timeout, this, [this] {
        if (m_state != ConnectionState::Connected) return;
        InventoryChange change = std::exchange(m_change, InventoryChange::none());
        emit inventoryChanged(m_inventory, change);
    });
}

EngineClient::~EngineClient() {
    *m_alive = false;
}

void EngineClient::connectToSocket(const QString& path) {
    auto core = std::make_shared<ClientCore>();
    std::string target = "unix:" + path.toStdString();
    core->channel = sharedChannel(target, [&] {
        return grpc::CreateCustomChannel(target, grpc::InsecureChannelCredentials(), channelArgs());
    });
    start(std::move(core), path);
}

void EngineClient::connectToServer(const QString& address, const QString& caFile,
                                   const QString& certFile, const QString& keyFile) {
    auto read = [](const QString& file) {
        QFile f(file);
        return f.open(QIODevice::ReadOnly) ? f.readAll().toStdString() : std::string();
    };
    grpc::SslCredentialsOptions ssl;
    ssl.pem_root_certs = read(caFile);
    ssl.pem_cert_chain = read(certFile);
    ssl.pem_private_key = read(keyFile);
    if (ssl.pem_root_certs.empty()) {
        setState(ConnectionState::Disconnected, tr("cannot read the CA file %1").arg(caFile));
        return;
    }
    auto core = std::make_shared<ClientCore>();
    std::string key = address.toStdString() + "|" + caFile.toStdString() + "|" +
                      certFile.toStdString() + "|" + keyFile.toStdString();
    core->channel = sharedChannel(key, [&] {
        return grpc::CreateCustomChannel(address.toStdString(), grpc::SslCredentials(ssl),
                                         channelArgs());
    });
    start(std::move(core), address);
}

void EngineClient::start(std::shared_ptr<ClientCore> core, const QString& target) {
    core->hosts = v1::HostService::NewStub(core->channel);
    core->networks = v1::NetworkService::NewStub(core->channel);
    core->endpoints = v1::EndpointService::NewStub(core->channel);
    core->services = v1::ServiceService::NewStub(core->channel);
    core->telemetry = v1::TelemetryService::NewStub(core->channel);
    // Calls of the previous target still finish, but their answers are for nobody.
    *m_alive = false;
    m_alive = std::make_shared<bool>(true);
    m_core = std::move(core);
    m_target = target;
    m_inventory = {};
    m_raced.clear();
    m_reading = m_readAgain = m_watching = false;
    setState(ConnectionState::Connecting, target);
    refresh();
}

void EngineClient::setState(ConnectionState state, const QString& detail) {
    if (state == m_state) return;
    m_state = state;
    // The role may differ on another engine, or after the engine restarted with other groups.
    if (state == ConnectionState::Connected) readCaller();
    if (state == ConnectionState::Disconnected) setCaller({});
    emit connectionStateChanged(state, detail);
}

void EngineClient::refresh() {
    if (!m_core) return;
    if (m_reading) {
        m_readAgain = true;
        return;
    }
    m_reading = true;
    // Subscribed before reading, so nothing that happens after the read is missed; what comes
    // meanwhile is applied on top of it (onReadDone).
    if (!m_watching) watchEvents();
    // Three reads in parallel; the last to answer hands the whole inventory to the GUI thread.
    struct Read {
        std::shared_ptr<ClientCore> core;
        grpc::ClientContext hostsCtx, networksCtx, endpointsCtx;
        v1::ListHostsRequest hostsReq;
        v1::ListHostsResponse hosts;
        v1::ListNetworksRequest networksReq;
        v1::ListNetworksResponse networks;
        v1::ListEndpointsRequest endpointsReq;
        v1::ListEndpointsResponse endpoints;
        grpc::ClientContext servicesCtx;
        v1::ListServicesRequest servicesReq;
        v1::ListServicesResponse services;
        std::mutex mutex;
        int pending = 4;
        QString error;
    };
    auto read = std::make_shared<Read>();
    read->core = m_core;
    auto deadline = std::chrono::system_clock::now() + std::chrono::seconds(5);
    for (auto* c : {&read->hostsCtx, &read->networksCtx, &read->endpointsCtx, &read->servicesCtx}) {
        c->set_deadline(deadline);
    }
    read->endpointsReq.set_all_hosts(true);
    auto alive = m_alive;
    auto done = [this, read, alive](const grpc::Status& s) {
        std::lock_guard lock(read->mutex);
        if (!s.ok() && read->error.isEmpty()) read->error = q(s.error_message());
        if (--read->pending > 0) return;
        Inventory inv;
        if (read->error.isEmpty()) {
            for (const auto& h : read->hosts.hosts()) inv.hosts.append(toHost(h));
            for (const auto& n : read->networks.networks()) inv.networks.append(toNetwork(n));
            for (const auto& e : read->endpoints.endpoints()) inv.endpoints.append(toEndpoint(e));
            for (const auto& sv : read->services.services()) inv.services.append(toService(sv));
        }
        QString error = read->error;
        onGuiThread(alive, [this, inv, error] { onReadDone(error.isEmpty(), inv, error); });
    };
    m_core->hosts->async()->ListHosts(&read->hostsCtx, &read->hostsReq, &read->hosts, done);
    m_core->networks->async()->ListNetworks(&read->networksCtx, &read->networksReq, &read->networks,
                                            done);
    m_core->endpoints->async()->ListEndpoints(&read->endpointsCtx, &read->endpointsReq,
                                              &read->endpoints, done);
    m_core->services->async()->ListServices(&read->servicesCtx, &read->servicesReq, &read->services,
                                            done);
}

namespace {

// The completion of one plan call: the engine's refusal (or none) handed to `done` on the GUI
// thread while the client and `context` live; `call` (its request and context) lives until then.
template <typename Call>
auto answerOnGui(std::shared_ptr<Call> call, std::shared_ptr<bool> alive, QObject* context,
                 std::function<void(const QString& error)> done) {
    QPointer<QObject> guard(context);
    return [call, alive, guard, done = std::move(done)](const grpc::Status& s) {
        QString error = s.ok() ? QString() : q(s.error_message());
        if (!s.ok() && error.isEmpty()) {
            error = EngineClient::tr("the engine did not answer (%1)").arg(s.error_code());
        }
        onGuiThread(alive, [guard, done, error] {
            if (guard) done(error);
        });
    };
}

void fillCreateEndpoint(const Operation& op, v1::CreateEndpointRequest* r) {
    const auto& e = op.endpoint;
    r->set_name(e.name.toStdString());
    r->set_network(op.networkName.toStdString());
    r->set_ip(e.ip.toStdString());
    if (e.netnsMode == QStringLiteral("path")) r->set_netns_path(e.netnsPath.toStdString());
    if (e.netnsMode == QStringLiteral("pid")) r->set_pid(e.pid);
    for (auto it = e.labels.begin(); it != e.labels.end(); ++it) {
        (*r->mutable_labels())[it.key().toStdString()] = it.value().toStdString();
    }
    r->set_host(op.host.toStdString());
    r->set_service(e.service.toStdString());
}

// The ports of a request (the engine checks their values and names the one it refuses).
void fillPorts(const std::vector<engine::model::ServicePort>& ports, v1::CreateServiceRequest* r) {
    for (const auto& p : ports) {
        auto* port = r->add_ports();
        port->set_port(p.port);
        port->set_protocol(p.protocol == engine::model::Protocol::Udp ? v1::PROTOCOL_UDP
                                                                      : v1::PROTOCOL_TCP);
    }
}
}  // namespace

void EngineClient::runCreateEndpoints(const QList<Operation>& ops, QObject* context,
                                      std::function<void(const QString& error)> done) {
    if (!m_core) {
        done(tr("not connected to an engine"));
        return;
    }
    struct Call {
        std::shared_ptr<ClientCore> core;
        grpc::ClientContext ctx;
        v1::CreateEndpointsRequest req;
        v1::CreateEndpointsResponse resp;
    };
    auto call = std::make_shared<Call>();
    call->core = m_core;
    call->ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(120));
    for (const auto& op : ops) fillCreateEndpoint(op, call->req.add_endpoints());
    m_core->endpoints->async()->CreateEndpoints(
        &call->ctx, &call->req, &call->resp, answerOnGui(call, m_alive, context, std::move(done)));
}

void EngineClient::run(const Operation& op, QObject* context,
                       std::function<void(const QString& error)> done) {
    if (!m_core) {
        done(tr("not connected to an engine"));
        return;
    }
    struct Call {
        std::shared_ptr<ClientCore> core;
        grpc::ClientContext ctx;
        v1::CreateNetworkRequest createNetwork;
        v1::Network network;
        v1::DeleteNetworkRequest deleteNetwork;
        v1::DeleteNetworkResponse networkDeleted;
        v1::CreateEndpointRequest createEndpoint;
        v1::Endpoint endpoint;
        v1::DeleteEndpointRequest deleteEndpoint;
        v1::DeleteEndpointResponse endpointDeleted;
        v1::UpdateNetworkRequest updateNetwork;
        v1::UpdateEndpointRequest updateEndpoint;
        v1::CreateServiceRequest createService;
        v1::Service service;
        v1::DeleteServiceRequest deleteService;
        v1::DeleteServiceResponse serviceDeleted;
    };
    auto call = std::make_shared<Call>();
    call->core = m_core;
    call->ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
    std::optional<std::vector<engine::model::ServicePort>> ports;
    if (op.kind == Operation::CreateService) {
        ports = portsFromText(op.service.ports);
        if (!ports) {
            done(tr("ports: %1 is not a list of ports such as 8080, 8080/tcp, 53/udp")
                     .arg(op.service.ports));
            return;
        }
    }
    auto finish = answerOnGui(call, m_alive, context, std::move(done));
    switch (op.kind) {
        case Operation::CreateNetwork: {
            auto& r = call->createNetwork;
            r.set_name(op.network.name.toStdString());
            r.set_subnet(op.network.subnet.toStdString());
            if (op.network.vni != 0) r.set_vni(op.network.vni);
            if (op.network.mtu != 0) r.set_mtu(op.network.mtu);
            for (auto it = op.network.labels.begin(); it != op.network.labels.end(); ++it) {
                (*r.mutable_labels())[it.key().toStdString()] = it.value().toStdString();
            }
            r.set_internal(op.network.internal);
            r.set_encrypted(op.network.encrypted);
            if (op.network.encrypted && op.network.keyRotationS != 0)
                r.set_key_rotation_s(op.network.keyRotationS);
            m_core->networks->async()->CreateNetwork(&call->ctx, &r, &call->network, finish);
            break;
        }
        case Operation::DeleteNetwork:
            call->deleteNetwork.set_network(op.ref.toStdString());
            m_core->networks->async()->DeleteNetwork(&call->ctx, &call->deleteNetwork,
                                                     &call->networkDeleted, finish);
            break;
        case Operation::CreateEndpoint:
            fillCreateEndpoint(op, &call->createEndpoint);
            m_core->endpoints->async()->CreateEndpoint(&call->ctx, &call->createEndpoint,
                                                       &call->endpoint, finish);
            break;
        case Operation::DeleteEndpoint:
            call->deleteEndpoint.set_endpoint(op.ref.toStdString());
            call->deleteEndpoint.set_host(op.host.toStdString());
            m_core->endpoints->async()->DeleteEndpoint(&call->ctx, &call->deleteEndpoint,
                                                       &call->endpointDeleted, finish);
            break;
        case Operation::UpdateNetwork: {
            auto& r = call->updateNetwork;
            r.set_network(op.ref.toStdString());
            if (op.network.mtu != 0) r.set_mtu(op.network.mtu);
            r.set_set_labels(true);
            for (auto it = op.network.labels.begin(); it != op.network.labels.end(); ++it) {
                (*r.mutable_labels())[it.key().toStdString()] = it.value().toStdString();
            }
            r.set_internal(op.network.internal);
            m_core->networks->async()->UpdateNetwork(&call->ctx, &r, &call->network, finish);
            break;
        }
        case Operation::UpdateEndpoint: {
            auto& r = call->updateEndpoint;
            r.set_endpoint(op.ref.toStdString());
            r.set_host(op.host.toStdString());
            r.set_set_labels(true);
            for (auto it = op.endpoint.labels.begin(); it != op.endpoint.labels.end(); ++it) {
                (*r.mutable_labels())[it.key().toStdString()] = it.value().toStdString();
            }
            r.set_service(op.endpoint.service.toStdString());
            m_core->endpoints->async()->UpdateEndpoint(&call->ctx, &r, &call->endpoint, finish);
            break;
        }
        case Operation::CreateService: {
            auto& r = call->createService;
            r.set_name(op.service.name.toStdString());
            r.set_network(op.networkName.toStdString());
            r.set_vip(op.service.vip.toStdString());
            fillPorts(*ports, &r);
            m_core->services->async()->CreateService(&call->ctx, &r, &call->service, finish);
            break;
        }
        case Operation::DeleteService:
            call->deleteService.set_service(op.ref.toStdString());
            m_core->services->async()->DeleteService(&call->ctx, &call->deleteService,
                                                     &call->serviceDeleted, finish);
            break;
    }
}

void EngineClient::exportLiveBundle(
    QObject* context, std::function<void(const QByteArray& archive, const QString& error)> done) {
    if (!m_core) {
        done({}, tr("not connected to an engine"));
        return;
    }
    struct Call {
        std::shared_ptr<ClientCore> core;
        std::unique_ptr<v1::BundleService::Stub> stub;
        grpc::ClientContext ctx;
        v1::ExportBundleRequest req;
        v1::ExportBundleResponse resp;
    };
    auto call = std::make_shared<Call>();
    call->core = m_core;
    call->stub = v1::BundleService::NewStub(m_core->channel);
    call->ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(120));
    auto finish = answerOnGui(call, m_alive, context, [call, done](const QString& error) {
        done(error.isEmpty() ? QByteArray::fromStdString(call->resp.bundle()) : QByteArray(),
             error);
    });
    call->stub->async()->ExportBundle(&call->ctx, &call->req, &call->resp, finish);
}

void EngineClient::onReadDone(bool ok, const Inventory& inventory, const QString& error) {
    m_reading = false;
    if (!ok) {
        setState(ConnectionState::Disconnected, error);
        retryLater();
        return;
    }
    m_inventory = inventory;  // who hears "connected" may read it
    for (const auto& e : m_raced) applyEvent(m_inventory, e);
    m_raced.clear();
    setState(ConnectionState::Connected, m_target);
    m_coalesce.stop();
    m_change = InventoryChange::none();
    emit inventoryChanged(m_inventory);
    if (m_readAgain) {
        m_readAgain = false;
        refresh();
    }
}

void EngineClient::watchEvents() {
    m_watching = true;
    auto events = std::make_shared<ClientCore::Events>();
    events->self = events;
    auto alive = m_alive;
    events->onEvent = [this, alive](const v1::Event& ev) {
        EventInfo e = toEventInfo(ev);  // converted here, off the GUI thread
        onGuiThread(alive, [this, e] {
            emit eventReceived(e);
            onEvent(e);
        });
    };
    events->onEnd = [this, alive](const QString& error) {
        onGuiThread(alive, [this, error] { onEventsEnded(error); });
    };
    m_core->events = events;
    events->start(*m_core->networks);
}

void EngineClient::onEvent(const EventInfo& e) {
    if (m_reading) {
        m_raced.append(e);  // applied on top of the read when it lands
        return;
    }
    if (!e.hasObject) {
        refresh();
        return;
    }
    if (applyEvent(m_inventory, e, &m_change) && !m_coalesce.isActive()) m_coalesce.start();
}

void EngineClient::onEventsEnded(const QString& error) {
    m_watching = false;
    // The engine went away (or restarted): say so, and read again until it answers.
    setState(ConnectionState::Disconnected,
             error.isEmpty() ? tr("the engine closed the event stream") : error);
    retryLater();
}

void EngineClient::retryLater() {
    if (!m_retry.isActive()) m_retry.start();
}

}  // namespace loom::ui
