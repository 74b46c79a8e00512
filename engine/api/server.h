#pragma once

#include <memory>
#include <string>

#include "engine/api/engine_context.h"

namespace grpc {
class Server;
}

namespace loom::engine::api {

class Services;

// The gRPC server on the unix socket: Loom's services, health and reflection.
class Server {
public:
    static common::Result<std::unique_ptr<Server>> start(EngineContext& ctx,
                                                         const std::string& socketPath);
    ~Server();
    void shutdown();

private:
    Server() = default;
    std::unique_ptr<Services> m_services;
    std::unique_ptr<grpc::Server> m_server;
};

}  // namespace loom::engine::api
