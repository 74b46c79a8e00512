#pragma once

#include <string>

// The kernel's IPsec layer (xfrm) over netlink, with libnl-xfrm-3: what encrypted networks need.
namespace loom::engine::netlink {

// Whether this kernel can carry an encrypted network: an ESP state in transport mode with
// AES-GCM (rfc4106(gcm(aes)), 128-bit ICV), made over the xfrm netlink socket.
struct EspSupport {
    bool ok = false;
    std::string missing;  // "xfrm", "ESP", "GCM" or "ESP and GCM"; empty when ok
    std::string reason;   // one sentence for people, naming the kernel options; empty when ok
};

// Makes and drops such a state in a namespace of its own (a thread unshares one, and it goes
// with the thread), so the host's tables are never touched. The kernel loads the modules it
// needs (esp4, gcm) on demand, as it would for a real network.
EspSupport probeEsp();

}  // namespace loom::engine::netlink
