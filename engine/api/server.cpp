#include "engine/api/server.h"

#include "engine/api/service_service.h"

#include <sys/stat.h>
#include <unistd.h>

#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/grpcpp.h>
#include <grpcpp/health_check_service_interface.h>
#include <chrono>

#include "engine/api/access.h"
#include "engine/api/audit_service.h"
#include "engine/api/bundle_service.h"
#include "engine/api/endpoint_service.h"
#include "engine/api/event_bus.h"
#include "engine/api/host_service.h"
#include "engine/api/local_listener.h"
#include "engine/api/network_service.h"
#include "engine/api/telemetry_service.h"
#include "engine/common/log.h"

namespace loom::engine::api {

class Services {
public:
    Services(EngineContext& ctx, Access& access, AuditLog& audit)
        : networks(ctx),
          endpoints(ctx),
          host(ctx),
          telemetry(ctx),
          bundles(ctx),
          services(ctx),
          audit(access, audit) {}
    NetworkService networks;
    EndpointService endpoints;
    HostService host;
    TelemetryService telemetry;
    BundleService bundles;
    ServiceService services;
    AuditService audit;
};

namespace {
common::Status makeParentDir(const std::string& path) {
    auto slash = path.rfind('/');
    if (slash == std::string::npos || slash == 0) return {};
    std::string dir = path.substr(0, slash);
    for (size_t i = 1; i <= dir.size(); ++i) {
        if (i == dir.size() || dir[i] == '/') {
            std::string part = dir.substr(0, i);
            if (::mkdir(part.c_str(), 0755) != 0 && errno != EEXIST) {
                return common::fromErrno(errno, "create " + part);
            }
        }
    }
    return {};
}
}  // namespace

common::Result<std::unique_ptr<Server>> Server::start(EngineContext& ctx,
                                                      const std::string& socketPath,
                                                      const TlsListener* tcp,
                                                      AuditLog::Options audit) {
    LOOM_RETURN_IF_ERROR(makeParentDir(socketPath));
    std::unique_ptr<Server> server(new Server);
    auto local = LocalListener::open(socketPath);
    if (!local) return local.status();
    server->m_local = std::move(*local);
    server->m_audit = std::make_unique<AuditLog>(ctx.store, audit);
    server->m_access = std::make_unique<Access>(server->m_audit.get());
    ctx.access = server->m_access.get();
    server->m_services = std::make_unique<Services>(ctx, *server->m_access, *server->m_audit);
    grpc::EnableDefaultHealthCheckService(true);
    grpc::reflection::InitProtoReflectionServerBuilderPlugin();
    grpc::ServerBuilder builder;
    std::vector<std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>> checks;
    checks.push_back(server->m_access->interceptors());
    builder.experimental().SetInterceptorCreators(std::move(checks));
    int tcpPort = 0;
    if (tcp) {
        // Mutual TLS only: a client without a certificate signed by our CA is refused.
        grpc::SslServerCredentialsOptions ssl(
            GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY);
        ssl.pem_root_certs = tcp->caPem;
        ssl.pem_key_cert_pairs.push_back({tcp->keyPem, tcp->certPem});
        builder.AddListeningPort(tcp->address, grpc::SslServerCredentials(ssl), &tcpPort);
    }
    // A bundle comes whole in one message (bundle::Limits: at most 64 MiB).
    builder.SetMaxReceiveMessageSize(80 << 20);
    builder.RegisterService(&server->m_services->networks);
    builder.RegisterService(&server->m_services->endpoints);
    builder.RegisterService(&server->m_services->host);
    builder.RegisterService(&server->m_services->telemetry);
    builder.RegisterService(&server->m_services->bundles);
    builder.RegisterService(&server->m_services->services);
    builder.RegisterService(&server->m_services->audit);
    server->m_server = builder.BuildAndStart();
    if (!server->m_server) return common::unavailable("cannot start the API server");
    // Bundles are planned and applied through this server's own API, as the console does.
    grpc::ChannelArguments self;
    self.SetMaxReceiveMessageSize(80 << 20);
    server->m_services->bundles.setSelf(server->m_server->InProcessChannel(self));
    server->m_services->services.setSelf(server->m_server->InProcessChannel(self));
    if (tcp && tcpPort == 0) {
        return common::unavailable("--listen: cannot listen on " + tcp->address +
                                   " (address in use, not on this host, or a bad certificate)");
    }
    server->m_local->start(*server->m_server, *server->m_access);
    return server;
}

Server::~Server() {
    shutdown();
}

void Server::shutdown() {
    if (m_local) m_local->stop();
    if (m_server) {
        m_server->Shutdown(std::chrono::system_clock::now() + std::chrono::seconds(2));
        m_server.reset();
    }
    if (m_audit) m_audit->stop();
}

}  // namespace loom::engine::api
