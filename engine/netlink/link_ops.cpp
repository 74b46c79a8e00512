#include "engine/netlink/link_ops.h"

#include <arpa/inet.h>
#include <linux/if.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include <netlink/addr.h>
#include <netlink/cache.h>
#include <netlink/errno.h>
#include <netlink/msg.h>
#include <netlink/netlink.h>
#include <netlink/route/addr.h>
#include <netlink/route/link.h>
#include <netlink/route/link/bridge.h>
#include <netlink/route/link/veth.h>
#include <netlink/route/link/vxlan.h>

#include <cstring>
#include <memory>

#include "engine/netlink/nl_socket.h"

namespace loom::engine::netlink {

namespace {

// Links condemned to a bulk delete carry this group for the moment between two requests.
constexpr uint32_t kDoomedGroup = 0x4c4d0dd;

struct LinkDeleter {
    void operator()(rtnl_link* l) const { rtnl_link_put(l); }
};
using LinkPtr = std::unique_ptr<rtnl_link, LinkDeleter>;
struct AddrDeleter {
    void operator()(nl_addr* a) const { nl_addr_put(a); }
};
using NlAddrPtr = std::unique_ptr<nl_addr, AddrDeleter>;

NlAddrPtr ipv4Addr(model::Ipv4 ip, int prefix = 32) {
    uint32_t be = htonl(ip.value);
    NlAddrPtr a(nl_addr_build(AF_INET, &be, sizeof be));
    nl_addr_set_prefixlen(a.get(), prefix);
    return a;
}

model::Ipv4 toIpv4(nl_addr* a) {
    uint32_t be = 0;
    if (a && nl_addr_get_family(a) == AF_INET && nl_addr_get_len(a) == 4) {
        std::memcpy(&be, nl_addr_get_binary_addr(a), 4);
    }
    return {ntohl(be)};
}

}  // namespace

Result<LinkFacts> getLink(nl_sock* sk, const std::string& name, int bridgeIndex, VxlanFacts* vxlan,
                          int* ifindex) {
    rtnl_link* raw = nullptr;
    int err = rtnl_link_get_kernel(sk, 0, name.c_str(), &raw);
    if (err < 0) {
        if (nlNotFound(err)) return LinkFacts{};
        return nlStatus(err, "get link " + name);
    }
    LinkPtr link(raw);
    LinkFacts f;
    f.exists = true;
    f.up = rtnl_link_get_flags(raw) & IFF_UP;
    f.mtu = rtnl_link_get_mtu(raw);
    f.enslaved = bridgeIndex > 0 && rtnl_link_get_master(raw) == bridgeIndex;
    const char* type = rtnl_link_get_type(raw);
    f.isVeth = type && std::strcmp(type, "veth") == 0;
    if (nl_addr* a = rtnl_link_get_addr(raw); a && nl_addr_get_len(a) == 6) {
        std::memcpy(f.mac.bytes.data(), nl_addr_get_binary_addr(a), 6);
    }
    if (ifindex) *ifindex = rtnl_link_get_ifindex(raw);
    if (vxlan && rtnl_link_is_vxlan(raw)) {
        uint32_t v = 0;
        if (rtnl_link_vxlan_get_id(raw, &v) == 0) vxlan->vni = v;
        if (rtnl_link_vxlan_get_port(raw, &v) == 0) vxlan->port = v;
        if (rtnl_link_vxlan_get_link(raw, &v) == 0) vxlan->underlayIfindex = static_cast<int>(v);
        nl_addr* local = nullptr;
        if (rtnl_link_vxlan_get_local(raw, &local) == 0) {
            vxlan->local = toIpv4(local);
            nl_addr_put(local);
        }
        vxlan->learning = rtnl_link_vxlan_get_learning(raw) > 0;
        vxlan->proxy = rtnl_link_vxlan_get_proxy(raw) > 0;
    }
    return f;
}

Result<int> linkIndex(nl_sock* sk, const std::string& name) {
    int index = 0;
    auto f = getLink(sk, name, 0, nullptr, &index);
    if (!f) return f.status();
    if (!f->exists) return common::notFound("link " + name + " does not exist");
    return index;
}

Status createBridge(nl_sock* sk, const std::string& name, const model::Mac& mac, uint32_t mtu) {
    // Built by hand: libnl 3.7 has no setter for IFLA_BR_MCAST_SNOOPING. Snooping is off
    // because multicast never leaves the host here (the vxlan device has no flood entry) and
    // its per-port timers make every port added to a large bridge dearer.
    std::unique_ptr<nl_msg, void (*)(nl_msg*)> msg(
        nlmsg_alloc_simple(RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL), nlmsg_free);
    ifinfomsg ifi{};
    ifi.ifi_family = AF_UNSPEC;
    ifi.ifi_flags = IFF_UP;
    ifi.ifi_change = IFF_UP;
    bool built =
        nlmsg_append(msg.get(), &ifi, sizeof ifi, NLMSG_ALIGNTO) == 0 &&
        nla_put_string(msg.get(), IFLA_IFNAME, name.c_str()) == 0 &&
        nla_put_u32(msg.get(), IFLA_MTU, mtu) == 0 &&
        (mac == model::Mac{} || nla_put(msg.get(), IFLA_ADDRESS, 6, mac.bytes.data()) == 0);
    nlattr* info = built ? nla_nest_start(msg.get(), IFLA_LINKINFO) : nullptr;
    built = info && nla_put_string(msg.get(), IFLA_INFO_KIND, "bridge") == 0;
    nlattr* data = built ? nla_nest_start(msg.get(), IFLA_INFO_DATA) : nullptr;
    built = data && nla_put_u8(msg.get(), IFLA_BR_MCAST_SNOOPING, 0) == 0;
    if (!built) return common::internal("build bridge request for " + name);
    nla_nest_end(msg.get(), data);
    nla_nest_end(msg.get(), info);
    int err = nl_send_sync(sk, msg.release());
    return err < 0 ? nlStatus(err, "create bridge " + name) : Status{};
}

Status createVxlan(nl_sock* hostSk, int sandboxFd, const std::string& name, uint32_t vni,
                   uint32_t port, model::Ipv4 local, int underlayIfindex, uint32_t mtu) {
    LinkPtr link(rtnl_link_vxlan_alloc());
    rtnl_link_set_name(link.get(), name.c_str());
    rtnl_link_vxlan_set_id(link.get(), vni);
    rtnl_link_vxlan_set_port(link.get(), port);
    auto localAddr = ipv4Addr(local);
    rtnl_link_vxlan_set_local(link.get(), localAddr.get());
    if (underlayIfindex > 0) rtnl_link_vxlan_set_link(link.get(), underlayIfindex);
    // Entries come from Loom, not from flooding and learning; ARP is answered locally.
    rtnl_link_vxlan_set_learning(link.get(), 0);
    rtnl_link_vxlan_set_proxy(link.get(), 1);
    rtnl_link_set_mtu(link.get(), mtu);
    rtnl_link_set_ns_fd(link.get(), sandboxFd);
    int err = rtnl_link_add(hostSk, link.get(), NLM_F_CREATE | NLM_F_EXCL);
    return err < 0 ? nlStatus(err, "create vxlan " + name + " id " + std::to_string(vni))
                   : Status{};
}

Status createVeth(nl_sock* sk, const std::string& name, int bridgeIndex, uint32_t mtu, int peerNsFd,
                  const std::string& peerName, const model::Mac& mac) {
    LinkPtr link(rtnl_link_veth_alloc());
    rtnl_link_set_name(link.get(), name.c_str());
    rtnl_link_set_mtu(link.get(), mtu);
    rtnl_link_set_master(link.get(), bridgeIndex);
    rtnl_link_set_flags(link.get(), IFF_UP);
    rtnl_link* peer = rtnl_link_veth_get_peer(link.get());
    rtnl_link_set_name(peer, peerName.c_str());
    rtnl_link_set_mtu(peer, mtu);
    NlAddrPtr lladdr(nl_addr_build(AF_LLC, mac.bytes.data(), 6));
    rtnl_link_set_addr(peer, lladdr.get());
    rtnl_link_set_ns_fd(peer, peerNsFd);
    // No IFF_UP on the peer here: libnl 3.7 turns it into a request the kernel rejects
    // (NLE_FAILURE). ConfigurePeer brings it up inside its namespace.
    int err = rtnl_link_add(sk, link.get(), NLM_F_CREATE | NLM_F_EXCL);
    rtnl_link_put(peer);
    return err < 0 ? nlStatus(err, "create veth " + name + "/" + peerName) : Status{};
}

Status setLink(nl_sock* sk, const std::string& name, uint32_t mtu, int masterIndex) {
    rtnl_link* raw = nullptr;
    int err = rtnl_link_get_kernel(sk, 0, name.c_str(), &raw);
    if (err < 0) return nlStatus(err, "get link " + name);
    LinkPtr current(raw);
    LinkPtr change(rtnl_link_alloc());
    rtnl_link_set_mtu(change.get(), mtu);
    rtnl_link_set_flags(change.get(), IFF_UP);
    if (masterIndex > 0) rtnl_link_set_master(change.get(), masterIndex);
    err = rtnl_link_change(sk, current.get(), change.get(), 0);
    return err < 0 ? nlStatus(err, "change link " + name) : Status{};
}

Status setLinkByIndex(nl_sock* sk, int ifindex, uint32_t mtu, int masterIndex) {
    LinkPtr current(rtnl_link_alloc());
    rtnl_link_set_ifindex(current.get(), ifindex);
    LinkPtr change(rtnl_link_alloc());
    rtnl_link_set_mtu(change.get(), mtu);
    rtnl_link_set_flags(change.get(), IFF_UP);
    if (masterIndex > 0) rtnl_link_set_master(change.get(), masterIndex);
    int err = rtnl_link_change(sk, current.get(), change.get(), 0);
    return err < 0 ? nlStatus(err, "change link " + std::to_string(ifindex)) : Status{};
}

Status addAddress(nl_sock* sk, int ifindex, model::Ipv4 ip, int prefix) {
    std::unique_ptr<rtnl_addr, void (*)(rtnl_addr*)> addr(rtnl_addr_alloc(), rtnl_addr_put);
    rtnl_addr_set_ifindex(addr.get(), ifindex);
    auto local = ipv4Addr(ip, prefix);
    rtnl_addr_set_local(addr.get(), local.get());
    rtnl_addr_set_prefixlen(addr.get(), prefix);
    int err = rtnl_addr_add(sk, addr.get(), NLM_F_REPLACE);
    return err < 0 ? nlStatus(err, "add address " + ip.toString() + "/" + std::to_string(prefix))
                   : Status{};
}

Result<bool> hasAddress(nl_sock* sk, int ifindex, model::Ipv4 ip, int prefix) {
    nl_cache* cache = nullptr;
    int err = rtnl_addr_alloc_cache(sk, &cache);
    if (err < 0) return nlStatus(err, "dump addresses");
    bool found = false;
    for (nl_object* o = nl_cache_get_first(cache); o && !found; o = nl_cache_get_next(o)) {
        auto* a = reinterpret_cast<rtnl_addr*>(o);
        found = rtnl_addr_get_ifindex(a) == ifindex && rtnl_addr_get_family(a) == AF_INET &&
                rtnl_addr_get_prefixlen(a) == prefix && toIpv4(rtnl_addr_get_local(a)) == ip;
    }
    nl_cache_free(cache);
    return found;
}

Result<std::vector<std::pair<model::Ipv4, int>>> addressesOf(nl_sock* sk, int ifindex) {
    nl_cache* cache = nullptr;
    int err = rtnl_addr_alloc_cache(sk, &cache);
    if (err < 0) return nlStatus(err, "dump addresses");
    std::vector<std::pair<model::Ipv4, int>> out;
    for (nl_object* o = nl_cache_get_first(cache); o; o = nl_cache_get_next(o)) {
        auto* a = reinterpret_cast<rtnl_addr*>(o);
        if (rtnl_addr_get_ifindex(a) != ifindex || rtnl_addr_get_family(a) != AF_INET) continue;
        out.emplace_back(toIpv4(rtnl_addr_get_local(a)), rtnl_addr_get_prefixlen(a));
    }
    nl_cache_free(cache);
    return out;
}

Status deleteAddress(nl_sock* sk, int ifindex, model::Ipv4 ip, int prefix) {
    std::unique_ptr<rtnl_addr, void (*)(rtnl_addr*)> addr(rtnl_addr_alloc(), rtnl_addr_put);
    rtnl_addr_set_ifindex(addr.get(), ifindex);
    auto local = ipv4Addr(ip, prefix);
    rtnl_addr_set_local(addr.get(), local.get());
    rtnl_addr_set_prefixlen(addr.get(), prefix);
    int err = rtnl_addr_delete(sk, addr.get(), 0);
    if (err == -NLE_NOADDR || err == -NLE_OBJ_NOTFOUND) return {};
    return err < 0 ? nlStatus(err, "delete address " + ip.toString() + "/" + std::to_string(prefix))
                   : Status{};
}

Status setLinkMac(nl_sock* sk, int ifindex, const model::Mac& mac) {
    LinkPtr current(rtnl_link_alloc());
    rtnl_link_set_ifindex(current.get(), ifindex);
    LinkPtr change(rtnl_link_alloc());
    NlAddrPtr lladdr(nl_addr_build(AF_LLC, mac.bytes.data(), mac.bytes.size()));
    rtnl_link_set_addr(change.get(), lladdr.get());
    int err = rtnl_link_change(sk, current.get(), change.get(), 0);
    return err < 0 ? nlStatus(err, "set mac " + mac.toString()) : Status{};
}

namespace {
Status deleteByGroup(nl_sock* sk, uint32_t group) {
    ifinfomsg ifi{};
    ifi.ifi_family = AF_UNSPEC;
    std::unique_ptr<nl_msg, void (*)(nl_msg*)> msg(nlmsg_alloc_simple(RTM_DELLINK, 0), nlmsg_free);
    if (nlmsg_append(msg.get(), &ifi, sizeof ifi, NLMSG_ALIGNTO) < 0 ||
        nla_put_u32(msg.get(), IFLA_GROUP, group) < 0) {
        return common::internal("build delete-by-group request");
    }
    int err = nl_send_sync(sk, msg.release());
    return err < 0 ? nlStatus(err, "delete links of group") : Status{};
}
}  // namespace

Status deleteLinks(nl_sock* sk, const std::vector<std::string>& names) {
    if (names.size() == 1) {
        LinkPtr link(rtnl_link_alloc());
        rtnl_link_set_name(link.get(), names[0].c_str());
        int err = rtnl_link_delete(sk, link.get());
        if (err < 0 && !nlNotFound(err)) return nlStatus(err, "delete link " + names[0]);
        return {};
    }
    size_t marked = 0;
    for (const auto& name : names) {
        rtnl_link* raw = nullptr;
        int err = rtnl_link_get_kernel(sk, 0, name.c_str(), &raw);
        if (err < 0) {
            if (nlNotFound(err)) continue;
            return nlStatus(err, "get link " + name);
        }
        LinkPtr current(raw);
        LinkPtr change(rtnl_link_alloc());
        rtnl_link_set_group(change.get(), kDoomedGroup);
        err = rtnl_link_change(sk, current.get(), change.get(), 0);
        if (err < 0) return nlStatus(err, "mark link " + name + " for deletion");
        ++marked;
    }
    return marked ? deleteByGroup(sk, kDoomedGroup) : Status{};
}

}  // namespace loom::engine::netlink
