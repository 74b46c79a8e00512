#include "engine/netlink/neigh_ops.h"

#include <arpa/inet.h>
#include <linux/neighbour.h>
#include <linux/rtnetlink.h>
#include <netlink/errno.h>
#include <netlink/msg.h>
#include <netlink/netlink.h>

#include <cstring>
#include <memory>

#include "engine/netlink/nl_socket.h"

namespace loom::engine::netlink {

namespace {

using MsgPtr = std::unique_ptr<nl_msg, void (*)(nl_msg*)>;

MsgPtr neighMessage(int type, int flags, uint8_t family, int ifindex, uint16_t state, uint8_t ntf) {
    MsgPtr msg(nlmsg_alloc_simple(type, flags), nlmsg_free);
    ndmsg ndm{};
    ndm.ndm_family = family;
    ndm.ndm_ifindex = ifindex;
    ndm.ndm_state = state;
    ndm.ndm_flags = ntf;
    if (!msg || nlmsg_append(msg.get(), &ndm, sizeof ndm, NLMSG_ALIGNTO) < 0) {
        return MsgPtr(nullptr, nlmsg_free);
    }
    return msg;
}

Status send(nl_sock* sk, MsgPtr msg, const std::string& what, bool missingIsFine) {
    if (!msg) return common::internal("build request: " + what);
    int err = nl_send_sync(sk, msg.release());
    if (err < 0 && missingIsFine && (err == -NLE_OBJ_NOTFOUND || err == -NLE_NOADDR)) return {};
    return err < 0 ? nlStatus(err, what) : Status{};
}

struct DumpState {
    int ifindex = 0;
    reconcile::ObservedPeers* out = nullptr;
};

int onNeigh(nl_msg* msg, void* arg) {
    auto* st = static_cast<DumpState*>(arg);
    nlmsghdr* hdr = nlmsg_hdr(msg);
    if (hdr->nlmsg_type != RTM_NEWNEIGH) return NL_OK;
    auto* ndm = static_cast<ndmsg*>(nlmsg_data(hdr));
    if (ndm->ndm_ifindex != st->ifindex) return NL_OK;
    nlattr* tb[NDA_MAX + 1] = {};
    if (nlmsg_parse(hdr, sizeof(ndmsg), tb, NDA_MAX, nullptr) < 0) return NL_OK;
    if (!tb[NDA_LLADDR] || nla_len(tb[NDA_LLADDR]) != 6) return NL_OK;
    model::Mac mac;
    std::memcpy(mac.bytes.data(), nla_data(tb[NDA_LLADDR]), 6);
    // The bridge's entries carry NDA_MASTER (their flags do not say NTF_MASTER).
    if (ndm->ndm_family == AF_BRIDGE && tb[NDA_MASTER]) {
        // The port's own address shows as "permanent": not a peer's.
        if (!(ndm->ndm_state & NUD_PERMANENT)) st->out->bridge[mac] = ndm->ndm_state & NUD_NOARP;
        return NL_OK;
    }
    if (!(ndm->ndm_state & NUD_PERMANENT)) return NL_OK;
    if (!tb[NDA_DST] || nla_len(tb[NDA_DST]) != 4) return NL_OK;
    uint32_t be = 0;
    std::memcpy(&be, nla_data(tb[NDA_DST]), 4);
    model::Ipv4 ip{ntohl(be)};
    if (ndm->ndm_family == AF_BRIDGE) {
        if (ndm->ndm_flags & NTF_SELF) st->out->fdb[mac] = ip;
    } else if (ndm->ndm_family == AF_INET) {
        st->out->neighbours[ip] = mac;
    }
    return NL_OK;
}

Status dump(nl_sock* sk, uint8_t family, DumpState& state) {
    ndmsg ndm{};
    ndm.ndm_family = family;
    ndm.ndm_ifindex = state.ifindex;
    return dumpRequest(sk, RTM_GETNEIGH, &ndm, sizeof ndm, onNeigh, &state, "dump neighbours");
}

}  // namespace

Result<reconcile::ObservedPeers> dumpPeers(nl_sock* sk, int ifindex) {
    reconcile::ObservedPeers out;
    out.vxlan = true;
    DumpState state{ifindex, &out};
    LOOM_RETURN_IF_ERROR(dump(sk, AF_BRIDGE, state));
    LOOM_RETURN_IF_ERROR(dump(sk, AF_INET, state));
    return out;
}

Result<std::map<model::Ipv4, model::Mac>> dumpNeighbours(nl_sock* sk, int ifindex) {
    reconcile::ObservedPeers out;
    DumpState state{ifindex, &out};
    LOOM_RETURN_IF_ERROR(dump(sk, AF_INET, state));
    return std::move(out.neighbours);
}

Status setFdb(nl_sock* sk, int ifindex, const model::Mac& mac, model::Ipv4 dst) {
    MsgPtr msg = neighMessage(RTM_NEWNEIGH, NLM_F_CREATE | NLM_F_REPLACE, AF_BRIDGE, ifindex,
                              NUD_PERMANENT | NUD_NOARP, NTF_SELF);
    uint32_t be = htonl(dst.value);
    if (msg && (nla_put(msg.get(), NDA_LLADDR, 6, mac.bytes.data()) < 0 ||
                nla_put(msg.get(), NDA_DST, 4, &be) < 0)) {
        msg.reset();
    }
    return send(sk, std::move(msg), "fdb " + mac.toString() + " dst " + dst.toString(), false);
}

Status deleteFdb(nl_sock* sk, int ifindex, const model::Mac& mac) {
    MsgPtr msg = neighMessage(RTM_DELNEIGH, 0, AF_BRIDGE, ifindex, 0, NTF_SELF);
    if (msg && nla_put(msg.get(), NDA_LLADDR, 6, mac.bytes.data()) < 0) msg.reset();
    return send(sk, std::move(msg), "delete fdb " + mac.toString(), true);
}

Status setBridgeFdb(nl_sock* sk, int ifindex, const model::Mac& mac) {
    MsgPtr msg = neighMessage(RTM_NEWNEIGH, NLM_F_CREATE | NLM_F_REPLACE, AF_BRIDGE, ifindex,
                              NUD_NOARP, NTF_MASTER);
    if (msg && nla_put(msg.get(), NDA_LLADDR, 6, mac.bytes.data()) < 0) msg.reset();
    return send(sk, std::move(msg), "bridge fdb " + mac.toString(), false);
}

Status deleteBridgeFdb(nl_sock* sk, int ifindex, const model::Mac& mac) {
    MsgPtr msg = neighMessage(RTM_DELNEIGH, 0, AF_BRIDGE, ifindex, 0, NTF_MASTER);
    if (msg && nla_put(msg.get(), NDA_LLADDR, 6, mac.bytes.data()) < 0) msg.reset();
    return send(sk, std::move(msg), "delete bridge fdb " + mac.toString(), true);
}

Status setNeighbour(nl_sock* sk, int ifindex, model::Ipv4 ip, const model::Mac& mac) {
    MsgPtr msg = neighMessage(RTM_NEWNEIGH, NLM_F_CREATE | NLM_F_REPLACE, AF_INET, ifindex,
                              NUD_PERMANENT, 0);
    uint32_t be = htonl(ip.value);
    if (msg && (nla_put(msg.get(), NDA_DST, 4, &be) < 0 ||
                nla_put(msg.get(), NDA_LLADDR, 6, mac.bytes.data()) < 0)) {
        msg.reset();
    }
    return send(sk, std::move(msg), "neighbour " + ip.toString() + " lladdr " + mac.toString(),
                false);
}

Status deleteNeighbour(nl_sock* sk, int ifindex, model::Ipv4 ip) {
    MsgPtr msg = neighMessage(RTM_DELNEIGH, 0, AF_INET, ifindex, 0, 0);
    uint32_t be = htonl(ip.value);
    if (msg && nla_put(msg.get(), NDA_DST, 4, &be) < 0) msg.reset();
    return send(sk, std::move(msg), "delete neighbour " + ip.toString(), true);
}

}  // namespace loom::engine::netlink
