#include "engine/api/local_listener.h"

#include <grp.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/xattr.h>

#include <grpcpp/grpcpp.h>
#include <grpcpp/server_posix.h>

#include <cstring>

#include "engine/api/access.h"
#include "engine/common/log.h"
#include "engine/common/thread_name.h"

namespace loom::engine::api {

namespace {

constexpr const char* kLog = "api";

common::Result<sockaddr_un> address(const std::string& path) {
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    if (path.empty() || path.size() >= sizeof(addr.sun_path)) {
        return common::invalidArgument(
            "--socket", "a path of 1 to " + std::to_string(sizeof(addr.sun_path) - 1) + " bytes");
    }
    std::memcpy(addr.sun_path, path.c_str(), path.size() + 1);
    return addr;
}

// Whether an engine answers on `path` now (a connect succeeds).
bool answered(const sockaddr_un& addr) {
    common::UniqueFd fd(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
    return fd.valid() &&
           ::connect(fd.get(), reinterpret_cast<const sockaddr*>(&addr), sizeof(addr)) == 0;
}

// A POSIX access ACL in the kernel's xattr form (linux/posix_acl_xattr.h): version 2, then
// entries of tag, permissions and id, sorted by tag and id.
std::string aclGivingGroup(gid_t gid) {
    struct Entry {
        uint16_t tag, perm;
        uint32_t id;
    };
    constexpr uint32_t kUndefined = 0xffffffff;
    const Entry entries[] = {
        {0x01, 6, kUndefined},  // ACL_USER_OBJ: rw
        {0x04, 6, kUndefined},  // ACL_GROUP_OBJ (group loom): rw
        {0x08, 6, gid},         // ACL_GROUP loom-view: rw
        {0x10, 6, kUndefined},  // ACL_MASK: rw
        {0x20, 0, kUndefined},  // ACL_OTHER: nothing
    };
    std::string out;
    uint32_t version = 2;
    out.append(reinterpret_cast<const char*>(&version), sizeof version);
    for (const Entry& e : entries) out.append(reinterpret_cast<const char*>(&e), sizeof e);
    return out;
}

}  // namespace

common::Result<std::unique_ptr<LocalListener>> LocalListener::open(const std::string& path) {
    auto addr = address(path);
    if (!addr) return addr.status();
    std::unique_ptr<LocalListener> l(new LocalListener(path));
    if (answered(*addr)) {
        return common::unavailable("cannot listen on unix:" + path +
                                   ": another engine answers on it");
    }
    ::unlink(path.c_str());  // a socket left by an engine that died
    l->m_listen.reset(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0));
    if (!l->m_listen.valid()) return common::fromErrno(errno, "socket for " + path);
    if (::bind(l->m_listen.get(), reinterpret_cast<const sockaddr*>(&*addr), sizeof(*addr)) != 0 ||
        ::listen(l->m_listen.get(), SOMAXCONN) != 0) {
        return common::fromErrno(errno, "cannot listen on unix:" + path);
    }
    l->setPermissions();
    l->m_wake.reset(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK));
    if (!l->m_wake.valid()) return common::fromErrno(errno, "eventfd");
    return l;
}

void LocalListener::setPermissions() {
    ::chmod(m_path.c_str(), 0660);
    if (group* g = ::getgrnam(kOperatorGroup)) {
        if (::chown(m_path.c_str(), 0, g->gr_gid) != 0) {
            LOOM_LOG(Warning, kLog) << "cannot give " << m_path << " to group loom";
        }
    }
    if (group* v = ::getgrnam(kViewerGroup)) {
        std::string acl = aclGivingGroup(v->gr_gid);
        if (::setxattr(m_path.c_str(), "system.posix_acl_access", acl.data(), acl.size(), 0) != 0) {
            LOOM_LOG(Warning, kLog)
                << "members of group loom-view cannot reach " << m_path
                << ": its file system takes no ACL (" << std::strerror(errno) << ")";
        }
    }
}

void LocalListener::start(grpc::Server& server, Access& access) {
    m_thread = std::thread([this, &server, &access] { run(server, access); });
}

void LocalListener::run(grpc::Server& server, Access& access) {
    common::nameThisThread("api-accept");
    pollfd fds[2] = {{m_listen.get(), POLLIN, 0}, {m_wake.get(), POLLIN, 0}};
    for (;;) {
        if (::poll(fds, 2, -1) < 0) {
            if (errno == EINTR) continue;
            LOOM_LOG(Error, kLog) << "unix:" << m_path << ": poll: " << std::strerror(errno);
            return;
        }
        if (fds[1].revents) return;
        // gRPC needs the connection non-blocking, or its first call never ends.
        int fd = ::accept4(m_listen.get(), nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0) {
            if (errno != EAGAIN && errno != EINTR && errno != ECONNABORTED) {
                LOOM_LOG(Warning, kLog)
                    << "unix:" << m_path << ": accept: " << std::strerror(errno);
            }
            continue;
        }
        Caller caller = localCaller(fd);
        if (caller.role == Role::None) {
            LOOM_LOG(Warning, kLog) << "refused " << caller.subject << " (" << caller.source
                                    << "): neither root nor in group loom or loom-view";
            access.refuseConnection(caller);
            ::close(fd);
            continue;
        }
        access.addConnection(fd, std::move(caller));
        grpc::AddInsecureChannelFromFd(&server, fd);
    }
}

void LocalListener::stop() {
    if (!m_thread.joinable()) return;
    uint64_t one = 1;
    (void)!::write(m_wake.get(), &one, sizeof one);
    m_thread.join();
}

LocalListener::~LocalListener() {
    stop();
}

}  // namespace loom::engine::api
