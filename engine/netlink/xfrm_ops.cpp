#include "engine/netlink/xfrm_ops.h"

#include <linux/xfrm.h>
#include <netinet/in.h>
#include <netlink/addr.h>
#include <netlink/msg.h>
#include <netlink/netlink.h>
#include <netlink/socket.h>
#include <netlink/xfrm/sa.h>
#include <sched.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <memory>
#include <thread>

namespace loom::engine::netlink {

namespace {

struct SockFree {
    void operator()(nl_sock* s) const { nl_socket_free(s); }
};
struct SaFree {
    void operator()(xfrmnl_sa* s) const { xfrmnl_sa_put(s); }
};
struct AddrFree {
    void operator()(nl_addr* a) const { nl_addr_put(a); }
};
struct MsgFree {
    void operator()(nl_msg* m) const { nlmsg_free(m); }
};
struct CbFree {
    void operator()(nl_cb* c) const { nl_cb_put(c); }
};

int onError(sockaddr_nl*, nlmsgerr* e, void* arg) {
    *static_cast<int*>(arg) = e->error;
    return NL_STOP;
}
int onAck(nl_msg*, void* arg) {
    *static_cast<int*>(arg) = 0;
    return NL_STOP;
}

// Sends one request and returns the kernel's own errno (0: done), not libnl's mapping of it:
// the probe tells ENOSYS (no such algorithm) from EPROTONOSUPPORT (no such xfrm type).
int requestErrno(nl_sock* sk, nl_msg* msg) {
    int result = -EIO;
    std::unique_ptr<nl_cb, CbFree> cb(nl_cb_clone(nl_socket_get_cb(sk)));
    if (!cb) return -ENOMEM;
    nl_cb_err(cb.get(), NL_CB_CUSTOM, onError, &result);
    nl_cb_set(cb.get(), NL_CB_ACK, NL_CB_CUSTOM, onAck, &result);
    if (nl_send_auto(sk, msg) < 0) return -EIO;
    nl_recvmsgs(sk, cb.get());
    return result;
}

// Adds one transport-mode ESP state between two documentation addresses; `aead` false uses
// the null cipher, which needs only ESP itself.
int tryState(nl_sock* sk, bool aead) {
    std::unique_ptr<xfrmnl_sa, SaFree> sa(xfrmnl_sa_alloc());
    nl_addr* src = nullptr;
    nl_addr* dst = nullptr;
    if (!sa || nl_addr_parse("192.0.2.1", AF_INET, &src) < 0) return -ENOMEM;
    std::unique_ptr<nl_addr, AddrFree> srcHold(src);
    if (nl_addr_parse("192.0.2.2", AF_INET, &dst) < 0) return -ENOMEM;
    std::unique_ptr<nl_addr, AddrFree> dstHold(dst);
    xfrmnl_sa_set_saddr(sa.get(), src);
    xfrmnl_sa_set_daddr(sa.get(), dst);
    xfrmnl_sa_set_family(sa.get(), AF_INET);
    xfrmnl_sa_set_spi(sa.get(), aead ? 0x4c000001 : 0x4c000002);
    xfrmnl_sa_set_proto(sa.get(), IPPROTO_ESP);
    xfrmnl_sa_set_mode(sa.get(), XFRM_MODE_TRANSPORT);
    xfrmnl_sa_set_reqid(sa.get(), 1);
    std::array<char, 20> key{};  // a probe's key: the state lives for microseconds, unused
    if (aead) {
        xfrmnl_sa_set_aead_params(sa.get(), "rfc4106(gcm(aes))", 160, 128, key.data());
    } else {
        xfrmnl_sa_set_crypto_params(sa.get(), "ecb(cipher_null)", 0, key.data());
    }
    nl_msg* raw = nullptr;
    if (xfrmnl_sa_build_add_request(sa.get(), NLM_F_CREATE | NLM_F_EXCL, &raw) < 0) return -ENOMEM;
    std::unique_ptr<nl_msg, MsgFree> msg(raw);
    return requestErrno(sk, msg.get());
}

EspSupport probeHere() {
    EspSupport out;
    if (unshare(CLONE_NEWNET) != 0) {
        out.missing = "xfrm";
        out.reason = std::string("cannot make a namespace to test ESP in: ") + std::strerror(errno);
        return out;
    }
    std::unique_ptr<nl_sock, SockFree> sk(nl_socket_alloc());
    if (!sk || nl_connect(sk.get(), NETLINK_XFRM) < 0) {
        out.missing = "xfrm";
        out.reason = "the kernel has no xfrm netlink interface (CONFIG_XFRM_USER)";
        return out;
    }
    int err = tryState(sk.get(), true);
    if (err == 0) {
        out.ok = true;
        return out;
    }
    bool noGcm = err == -ENOSYS || err == -ENOENT;
    bool noEsp = err == -EPROTONOSUPPORT;
    if (noGcm) noEsp = tryState(sk.get(), false) == -EPROTONOSUPPORT;
    if (noGcm && noEsp) {
        out.missing = "ESP and GCM";
        out.reason =
            "the kernel has no ESP (CONFIG_INET_ESP, module esp4) and no AES-GCM "
            "(CONFIG_CRYPTO_GCM, rfc4106(gcm(aes)))";
    } else if (noEsp) {
        out.missing = "ESP";
        out.reason = "the kernel has no ESP (CONFIG_INET_ESP, module esp4)";
    } else if (noGcm) {
        out.missing = "GCM";
        out.reason = "the kernel has no AES-GCM for ESP (CONFIG_CRYPTO_GCM, rfc4106(gcm(aes)))";
    } else {
        out.missing = "xfrm";
        out.reason = std::string("the kernel refused a test ESP state: ") + std::strerror(-err);
    }
    return out;
}

}  // namespace

EspSupport probeEsp() {
    EspSupport out;
    // unshare() moves only the calling thread: a thread of its own, gone with its namespace.
    std::thread([&out] { out = probeHere(); }).join();
    return out;
}

}  // namespace loom::engine::netlink
