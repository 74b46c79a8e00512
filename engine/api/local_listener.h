#pragma once

#include <memory>
#include <string>
#include <thread>

#include "engine/common/status.h"
#include "engine/common/unique_fd.h"

namespace grpc {
class Server;
}

namespace loom::engine::api {

class Access;

// The engine's unix socket, accepted by a thread of its own rather than by gRPC, so that every
// connection is known by the kernel's word (SO_PEERCRED, SO_PEERGROUPS) before gRPC serves it
// (grpc::AddInsecureChannelFromFd; its calls see the peer as "fd:N").
// The socket is 0660, group "loom"; group "loom-view" gets the same through a POSIX ACL. A
// local user with no role is told so by the kernel (the file's permissions), and the accept
// loop closes any connection that got past them anyway.
class LocalListener {
public:
    // Refuses a path where another engine answers; a socket left by a dead one is replaced.
    static common::Result<std::unique_ptr<LocalListener>> open(const std::string& path);
    ~LocalListener();

    void start(grpc::Server& server, Access& access);
    // No connection is accepted after this returns.
    void stop();

private:
    explicit LocalListener(std::string path) : m_path(std::move(path)) {}
    void run(grpc::Server& server, Access& access);
    void setPermissions();

    std::string m_path;
    common::UniqueFd m_listen;
    common::UniqueFd m_wake;  // eventfd: stop() wakes the loop
    std::thread m_thread;
};

}  // namespace loom::engine::api
