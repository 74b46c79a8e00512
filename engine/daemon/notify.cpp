#include "engine/daemon/notify.h"

#include <sys/socket.h>
#include <sys/un.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "engine/common/unique_fd.h"

namespace loom::engine::daemon {

ServiceNotifier::ServiceNotifier() {
    if (const char* s = std::getenv("NOTIFY_SOCKET"); s && *s) m_socket = s;
    ::unsetenv("NOTIFY_SOCKET");
}

common::Status ServiceNotifier::notify(const std::string& state) const {
    if (m_socket.empty()) return {};
    sockaddr_un to{};
    to.sun_family = AF_UNIX;
    if (m_socket.size() >= sizeof to.sun_path || (m_socket[0] != '/' && m_socket[0] != '@')) {
        return common::invalidArgument("NOTIFY_SOCKET",
                                       "\"" + m_socket + "\" is not a socket path or @name");
    }
    std::memcpy(to.sun_path, m_socket.data(), m_socket.size());
    if (m_socket[0] == '@') to.sun_path[0] = 0;  // abstract: no terminating NUL counts
    socklen_t length = static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + m_socket.size() +
                                              (m_socket[0] == '@' ? 0 : 1));
    common::UniqueFd fd(::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0));
    if (!fd.valid()) return common::fromErrno(errno, "notify socket");
    if (::sendto(fd.get(), state.data(), state.size(), MSG_NOSIGNAL,
                 reinterpret_cast<const sockaddr*>(&to), length) < 0) {
        return common::fromErrno(errno, "notify " + m_socket);
    }
    return {};
}

}  // namespace loom::engine::daemon
