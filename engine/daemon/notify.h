#pragma once

#include <string>

#include "engine/common/status.h"

// Readiness for a service manager (systemd's Type=notify): "READY=1" and the like, one datagram
// to the socket named by $NOTIFY_SOCKET (a path, or '@' for an abstract name). Without it,
// nothing is sent. The protocol is sd_notify(3)'s; written here so the engine does not link
// libsystemd for one datagram.
namespace loom::engine::daemon {

class ServiceNotifier {
public:
    // Takes $NOTIFY_SOCKET and removes it from the environment (what the engine starts must not
    // speak for it). Call before any thread starts.
    ServiceNotifier();
    bool enabled() const { return !m_socket.empty(); }
    // Sends `state` ("READY=1\nSTATUS=..."); ok and nothing done when not enabled.
    common::Status notify(const std::string& state) const;

private:
    std::string m_socket;
};

}  // namespace loom::engine::daemon
