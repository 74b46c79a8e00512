#include "engine/netlink/xfrm_ops.h"

#include <linux/xfrm.h>
#include <netinet/in.h>
#include <netlink/addr.h>
#include <netlink/msg.h>
#include <netlink/netlink.h>
#include <netlink/socket.h>
#include <netlink/xfrm/lifetime.h>
#include <netlink/xfrm/sa.h>
#include <netlink/xfrm/selector.h>
#include <netlink/xfrm/sp.h>
#include <netlink/xfrm/template.h>
#include <sched.h>

#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <memory>
#include <thread>

#include "engine/model/network.h"

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

struct SpFree {
    void operator()(xfrmnl_sp* s) const { xfrmnl_sp_put(s); }
};
struct SelFree {
    void operator()(xfrmnl_sel* s) const { xfrmnl_sel_put(s); }
};
struct LtimeFree {
    void operator()(xfrmnl_ltime_cfg* l) const { xfrmnl_ltime_cfg_put(l); }
};
struct CacheFree {
    void operator()(nl_cache* c) const { nl_cache_free(c); }
};

constexpr uint64_t kInfinite = ~uint64_t{0};  // XFRM_INF: no byte or packet limit
constexpr uint32_t kPolicyPriority = 0x4c00;  // between the usual defaults, the same for all ours
constexpr uint32_t kReplayWindow = 32;

nl_sock* sockOf(void* p) {
    return static_cast<nl_sock*>(p);
}

std::unique_ptr<nl_addr, AddrFree> addrOf(model::Ipv4 ip) {
    uint32_t be = htonl(ip.value);
    return std::unique_ptr<nl_addr, AddrFree>(nl_addr_build(AF_INET, &be, sizeof be));
}

model::Ipv4 ipOf(nl_addr* a) {
    if (!a || nl_addr_get_family(a) != AF_INET || nl_addr_get_len(a) != 4) return {};
    uint32_t be = 0;
    std::memcpy(&be, nl_addr_get_binary_addr(a), 4);
    return {ntohl(be)};
}

std::unique_ptr<xfrmnl_ltime_cfg, LtimeFree> noLimits() {
    std::unique_ptr<xfrmnl_ltime_cfg, LtimeFree> l(xfrmnl_ltime_cfg_alloc());
    if (!l) return l;
    xfrmnl_ltime_cfg_set_soft_bytelimit(l.get(), kInfinite);
    xfrmnl_ltime_cfg_set_hard_bytelimit(l.get(), kInfinite);
    xfrmnl_ltime_cfg_set_soft_packetlimit(l.get(), kInfinite);
    xfrmnl_ltime_cfg_set_hard_packetlimit(l.get(), kInfinite);
    return l;
}

common::Status errnoStatus(int err, const std::string& what) {
    if (err == 0) return {};
    return common::fromErrno(-err, what);
}

// A policy's selector: UDP from src/32 to dst/32, destination port dport.
std::unique_ptr<xfrmnl_sel, SelFree> selectorOf(const XfrmPolicy& p, nl_addr* src, nl_addr* dst) {
    std::unique_ptr<xfrmnl_sel, SelFree> sel(xfrmnl_sel_alloc());
    if (!sel) return sel;
    xfrmnl_sel_set_family(sel.get(), AF_INET);
    xfrmnl_sel_set_saddr(sel.get(), src);
    xfrmnl_sel_set_daddr(sel.get(), dst);
    xfrmnl_sel_set_prefixlen_s(sel.get(), p.src.value ? 32 : 0);  // 0.0.0.0: any address
    xfrmnl_sel_set_prefixlen_d(sel.get(), p.dst.value ? 32 : 0);
    xfrmnl_sel_set_proto(sel.get(), IPPROTO_UDP);
    xfrmnl_sel_set_dport(sel.get(), p.dport);
    xfrmnl_sel_set_dportmask(sel.get(), 0xffff);
    return sel;
}

// An ESP state in transport mode as every request about it needs it: its addresses (each set
// call takes a reference of its own), SPI and reqid; the caller adds its algorithm.
std::unique_ptr<xfrmnl_sa, SaFree> saOf(const XfrmState& s) {
    std::unique_ptr<xfrmnl_sa, SaFree> sa(xfrmnl_sa_alloc());
    auto src = addrOf(s.src), dst = addrOf(s.dst);
    if (!sa || !src || !dst) return nullptr;
    xfrmnl_sa_set_family(sa.get(), AF_INET);
    xfrmnl_sa_set_saddr(sa.get(), src.get());
    xfrmnl_sa_set_daddr(sa.get(), dst.get());
    xfrmnl_sa_set_spi(sa.get(), s.spi);
    xfrmnl_sa_set_proto(sa.get(), IPPROTO_ESP);
    xfrmnl_sa_set_mode(sa.get(), XFRM_MODE_TRANSPORT);
    xfrmnl_sa_set_reqid(sa.get(), s.reqid);
    return sa;
}

// A policy as every request about it needs it: its selector and direction.
std::unique_ptr<xfrmnl_sp, SpFree> spOf(const XfrmPolicy& p) {
    std::unique_ptr<xfrmnl_sp, SpFree> sp(xfrmnl_sp_alloc());
    auto src = addrOf(p.src), dst = addrOf(p.dst);
    if (!sp || !src || !dst) return nullptr;
    auto sel = selectorOf(p, src.get(), dst.get());
    if (!sel) return nullptr;
    xfrmnl_sp_set_sel(sp.get(), sel.get());
    xfrmnl_sp_set_dir(sp.get(), p.dir == XfrmPolicy::Dir::In ? XFRM_POLICY_IN : XFRM_POLICY_OUT);
    return sp;
}

// Sends the request a libnl build call made into `*raw` (`built`: its result) and returns the
// kernel's errno. A pointer, so that `*raw` is read after the build call whatever the order in
// which a call's arguments are evaluated.
int sendBuilt(nl_sock* sk, int built, nl_msg** raw) {
    std::unique_ptr<nl_msg, MsgFree> msg(*raw);
    if (built < 0 || !msg) return -ENOMEM;
    return requestErrno(sk, msg.get());
}

// Adds one transport-mode ESP state between two documentation addresses; `aead` false uses
// the null cipher, which needs only ESP itself.
int tryState(nl_sock* sk, bool aead) {
    XfrmState probe;
    probe.src = {0xc0000201};  // 192.0.2.1
    probe.dst = {0xc0000202};  // 192.0.2.2
    probe.spi = aead ? 0x4c000001 : 0x4c000002;
    probe.reqid = 1;
    auto sa = saOf(probe);
    if (!sa) return -ENOMEM;
    std::array<char, 20> key{};  // a probe's key: the state lives for microseconds, unused
    if (aead) {
        xfrmnl_sa_set_aead_params(sa.get(), "rfc4106(gcm(aes))", 160, 128, key.data());
    } else {
        xfrmnl_sa_set_crypto_params(sa.get(), "ecb(cipher_null)", 0, key.data());
    }
    nl_msg* raw = nullptr;
    return sendBuilt(sk, xfrmnl_sa_build_add_request(sa.get(), NLM_F_CREATE | NLM_F_EXCL, &raw),
                     &raw);
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

std::string describe(const XfrmState& s) {
    char spi[16];
    std::snprintf(spi, sizeof spi, "0x%08x", s.spi);
    return "ESP state " + s.src.toString() + " -> " + s.dst.toString() + " spi " + spi;
}

std::string describe(const XfrmPolicy& p) {
    return std::string(p.dir == XfrmPolicy::Dir::Out ? "out" : "in") + " policy " +
           p.src.toString() + " -> " + p.dst.toString() + ":" + std::to_string(p.dport);
}

common::Result<XfrmStats> readXfrmStats() {
    std::ifstream in("/proc/net/xfrm_stat");
    if (!in) return common::failedPrecondition("no /proc/net/xfrm_stat (CONFIG_XFRM_STATISTICS)");
    XfrmStats out;
    std::string name;
    uint64_t value = 0;
    while (in >> name >> value) {
        if (name == "XfrmInTmplMismatch") out.inTmplMismatch = value;
        if (name == "XfrmInNoStates") out.inNoStates = value;
        if (name == "XfrmInStateProtoError") out.inStateProtoError = value;
        if (name == "XfrmInStateSeqError") out.inStateSeqError = value;
    }
    return out;
}

common::Result<XfrmSocket> XfrmSocket::open() {
    std::unique_ptr<nl_sock, SockFree> sk(nl_socket_alloc());
    if (!sk) return common::internal("out of memory for an xfrm socket");
    if (int err = nl_connect(sk.get(), NETLINK_XFRM); err < 0) {
        return common::failedPrecondition(std::string("xfrm netlink socket: ") + nl_geterror(err));
    }
    return XfrmSocket(sk.release());
}

XfrmSocket::XfrmSocket(XfrmSocket&& o) noexcept : m_sock(o.m_sock) {
    o.m_sock = nullptr;
}

XfrmSocket& XfrmSocket::operator=(XfrmSocket&& o) noexcept {
    if (this != &o) {
        if (m_sock) nl_socket_free(sockOf(m_sock));
        m_sock = o.m_sock;
        o.m_sock = nullptr;
    }
    return *this;
}

XfrmSocket::~XfrmSocket() {
    if (m_sock) nl_socket_free(sockOf(m_sock));
}

common::Result<std::vector<XfrmState>> XfrmSocket::states() {
    nl_cache* raw = nullptr;
    if (int err = xfrmnl_sa_alloc_cache(sockOf(m_sock), &raw); err < 0) {
        return common::internal(std::string("list xfrm states: ") + nl_geterror(err));
    }
    std::unique_ptr<nl_cache, CacheFree> cache(raw);
    std::vector<XfrmState> out;
    for (nl_object* o = nl_cache_get_first(cache.get()); o; o = nl_cache_get_next(o)) {
        auto* sa = reinterpret_cast<xfrmnl_sa*>(o);
        if (xfrmnl_sa_get_proto(sa) != IPPROTO_ESP) continue;
        auto reqid = static_cast<uint32_t>(xfrmnl_sa_get_reqid(sa));
        if (!model::isLoomReqid(reqid)) continue;
        XfrmState s;
        s.src = ipOf(xfrmnl_sa_get_saddr(sa));
        s.dst = ipOf(xfrmnl_sa_get_daddr(sa));
        s.spi = static_cast<uint32_t>(xfrmnl_sa_get_spi(sa));
        s.reqid = reqid;
        char name[64] = {};
        unsigned int keyBits = 0, icvBits = 0;
        std::array<char, 64> key{};
        if (xfrmnl_sa_get_aead_params(sa, name, &keyBits, &icvBits, key.data()) == 0 &&
            keyBits == s.key.size() * 8) {
            std::memcpy(s.key.data(), key.data(), s.key.size());
        }
        unsigned long long bytes = 0, packets = 0, added = 0, used = 0;
        if (xfrmnl_sa_get_curlifetime(sa, &bytes, &packets, &added, &used) == 0) {
            s.bytes = bytes;
            s.packets = packets;
        }
        unsigned long long window = 0, replay = 0, integrity = 0;
        if (xfrmnl_sa_get_stats(sa, &window, &replay, &integrity) == 0) {
            s.replayDropped = static_cast<uint32_t>(replay);
            s.integrityFailed = static_cast<uint32_t>(integrity);
        }
        key.fill(0);
        out.push_back(s);
    }
    return out;
}

common::Result<std::vector<XfrmPolicy>> XfrmSocket::policies() {
    nl_cache* raw = nullptr;
    if (int err = xfrmnl_sp_alloc_cache(sockOf(m_sock), &raw); err < 0) {
        return common::internal(std::string("list xfrm policies: ") + nl_geterror(err));
    }
    std::unique_ptr<nl_cache, CacheFree> cache(raw);
    std::vector<XfrmPolicy> out;
    for (nl_object* o = nl_cache_get_first(cache.get()); o; o = nl_cache_get_next(o)) {
        auto* sp = reinterpret_cast<xfrmnl_sp*>(o);
        int dir = xfrmnl_sp_get_dir(sp);
        if (dir != XFRM_POLICY_IN && dir != XFRM_POLICY_OUT) continue;
        if (xfrmnl_sp_get_nusertemplates(sp) != 1) continue;
        xfrmnl_user_tmpl* t = xfrmnl_sp_usertemplate_n(sp, 0);
        auto reqid = static_cast<uint32_t>(xfrmnl_user_tmpl_get_reqid(t));
        if (!model::isLoomReqid(reqid)) continue;
        xfrmnl_sel* sel = xfrmnl_sp_get_sel(sp);
        XfrmPolicy p;
        p.src = ipOf(xfrmnl_sel_get_saddr(sel));
        p.dst = ipOf(xfrmnl_sel_get_daddr(sel));
        p.dport = static_cast<uint16_t>(xfrmnl_sel_get_dport(sel));
        p.dir = dir == XFRM_POLICY_IN ? XfrmPolicy::Dir::In : XfrmPolicy::Dir::Out;
        p.reqid = reqid;
        out.push_back(p);
    }
    return out;
}

common::Status XfrmSocket::putState(const XfrmState& s) {
    auto sa = saOf(s);
    auto lft = noLimits();
    if (!sa || !lft) return common::internal("out of memory for an xfrm state");
    xfrmnl_sa_set_replay_window(sa.get(), kReplayWindow);
    xfrmnl_sa_set_lifetime_cfg(sa.get(), lft.get());
    std::array<char, 20> key{};
    std::memcpy(key.data(), s.key.data(), key.size());
    xfrmnl_sa_set_aead_params(sa.get(), "rfc4106(gcm(aes))", 160, 128, key.data());
    key.fill(0);
    auto add = [&] {
        nl_msg* raw = nullptr;
        return sendBuilt(sockOf(m_sock),
                         xfrmnl_sa_build_add_request(sa.get(), NLM_F_CREATE | NLM_F_EXCL, &raw),
                         &raw);
    };
    int err = add();
    if (err == -EEXIST) {
        // The kernel keeps a live state's key: one with this SPI and another key goes first.
        LOOM_RETURN_IF_ERROR(deleteState(s));
        err = add();
    }
    // The error names the state, never its key.
    return errnoStatus(err, "add " + describe(s));
}

common::Status XfrmSocket::deleteState(const XfrmState& s) {
    auto sa = saOf(s);
    if (!sa) return common::internal("out of memory for an xfrm state");
    nl_msg* raw = nullptr;
    int err = sendBuilt(sockOf(m_sock), xfrmnl_sa_build_delete_request(sa.get(), 0, &raw), &raw);
    if (err == -ESRCH || err == -ENOENT) err = 0;
    return errnoStatus(err, "delete " + describe(s));
}

common::Status XfrmSocket::putPolicy(const XfrmPolicy& p) {
    auto sp = spOf(p);
    auto any = addrOf({});
    if (!sp || !any) return common::internal("out of memory for an xfrm policy");
    xfrmnl_sp_set_action(sp.get(), XFRM_POLICY_ALLOW);
    xfrmnl_sp_set_priority(sp.get(), kPolicyPriority);
    // The template: ESP in transport mode with one of our states (addresses are the packet's
    // own in transport mode); any algorithm of those states.
    xfrmnl_user_tmpl* t = xfrmnl_user_tmpl_alloc();
    if (!t) return common::internal("out of memory for an xfrm policy");
    xfrmnl_user_tmpl_set_family(t, AF_INET);
    xfrmnl_user_tmpl_set_daddr(t, any.get());
    xfrmnl_user_tmpl_set_saddr(t, any.get());
    xfrmnl_user_tmpl_set_proto(t, IPPROTO_ESP);
    xfrmnl_user_tmpl_set_mode(t, XFRM_MODE_TRANSPORT);
    xfrmnl_user_tmpl_set_reqid(t, p.reqid);
    xfrmnl_user_tmpl_set_aalgos(t, ~0u);
    xfrmnl_user_tmpl_set_ealgos(t, ~0u);
    xfrmnl_user_tmpl_set_calgos(t, ~0u);
    xfrmnl_sp_add_usertemplate(sp.get(), t);  // the policy owns it now
    nl_msg* raw = nullptr;
    int err = sendBuilt(sockOf(m_sock), xfrmnl_sp_build_update_request(sp.get(), 0, &raw), &raw);
    return errnoStatus(err, "put " + describe(p));
}

common::Status XfrmSocket::deletePolicy(const XfrmPolicy& p) {
    auto sp = spOf(p);
    if (!sp) return common::internal("out of memory for an xfrm policy");
    nl_msg* raw = nullptr;
    int err = sendBuilt(sockOf(m_sock), xfrmnl_sp_build_delete_request(sp.get(), 0, &raw), &raw);
    if (err == -ENOENT || err == -ESRCH) err = 0;
    return errnoStatus(err, "delete " + describe(p));
}

EspSupport probeEsp() {
    EspSupport out;
    // unshare() moves only the calling thread: a thread of its own, gone with its namespace.
    std::thread([&out] { out = probeHere(); }).join();
    return out;
}

}  // namespace loom::engine::netlink
