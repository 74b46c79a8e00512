#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "engine/common/status.h"
#include "engine/model/address.h"

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

using EspKeyBytes = std::array<uint8_t, 20>;  // AES-128 key and the 4-byte salt (RFC 4106)

// One ESP security association in transport mode, AES-GCM with a 128-bit ICV.
struct XfrmState {
    model::Ipv4 src, dst;
    uint32_t spi = 0;
    uint32_t reqid = 0;
    EspKeyBytes key{};
    // Read back from the kernel only:
    uint64_t packets = 0, bytes = 0;
    uint32_t integrityFailed = 0, replayDropped = 0;
    bool operator==(const XfrmState& o) const {
        return src == o.src && dst == o.dst && spi == o.spi && reqid == o.reqid && key == o.key;
    }
};

// One policy: UDP from `src` to `dst`:`dport` (an encrypted network's VXLAN) must go in ESP
// (out) or must have come in ESP (in), with states of `reqid`. An address 0.0.0.0 is any.
struct XfrmPolicy {
    enum class Dir { In = 0, Out = 1 };
    model::Ipv4 src, dst;
    uint16_t dport = 0;
    Dir dir = Dir::Out;
    uint32_t reqid = 0;
    bool operator==(const XfrmPolicy&) const = default;
};

// What the host's xfrm layer counted (/proc/net/xfrm_stat of the calling thread's namespace).
struct XfrmStats {
    uint64_t inTmplMismatch = 0;     // came without the ESP a policy requires (plaintext)
    uint64_t inNoStates = 0;         // ESP for an SPI there is no state for
    uint64_t inStateProtoError = 0;  // failed its integrity check (a wrong key)
    uint64_t inStateSeqError = 0;    // outside the replay window
};
common::Result<XfrmStats> readXfrmStats();

// The xfrm netlink socket of the namespace it was opened in. Everything it lists is Loom's:
// states and policies whose reqid carries Loom's tag (model::isLoomReqid); others are never
// listed, changed or removed.
class XfrmSocket {
public:
    static common::Result<XfrmSocket> open();
    XfrmSocket(XfrmSocket&&) noexcept;
    XfrmSocket& operator=(XfrmSocket&&) noexcept;
    ~XfrmSocket();

    common::Result<std::vector<XfrmState>> states();
    common::Result<std::vector<XfrmPolicy>> policies();
    // Adds, or replaces the state with the same destination and SPI.
    common::Status putState(const XfrmState& s);
    common::Status deleteState(const XfrmState& s);  // gone already is fine
    common::Status putPolicy(const XfrmPolicy& p);
    common::Status deletePolicy(const XfrmPolicy& p);  // gone already is fine

private:
    explicit XfrmSocket(void* sock) : m_sock(sock) {}
    void* m_sock = nullptr;  // nl_sock
};

// How a key reads in logs and errors: never the key, only which one ("spi 0x4c12ab00").
std::string describe(const XfrmState& s);
std::string describe(const XfrmPolicy& p);

}  // namespace loom::engine::netlink
