#include "engine/netlink/underlay.h"

#include <arpa/inet.h>
#include <net/if.h>
#include <netlink/cache.h>
#include <netlink/route/addr.h>
#include <netlink/route/link.h>
#include <netlink/route/route.h>

#include <cstring>
#include <vector>

#include "engine/netlink/nl_socket.h"

namespace loom::engine::netlink {

namespace {

struct Address {
    int ifindex;
    model::Ipv4 ip;
};

model::Ipv4 ipv4Of(nl_addr* a) {
    uint32_t be = 0;
    if (a && nl_addr_get_family(a) == AF_INET) std::memcpy(&be, nl_addr_get_binary_addr(a), 4);
    return {ntohl(be)};
}

common::Result<std::vector<Address>> addresses(nl_sock* sk) {
    nl_cache* cache = nullptr;
    int err = rtnl_addr_alloc_cache(sk, &cache);
    if (err < 0) return nlStatus(err, "dump addresses");
    std::vector<Address> out;
    for (nl_object* o = nl_cache_get_first(cache); o; o = nl_cache_get_next(o)) {
        auto* a = reinterpret_cast<rtnl_addr*>(o);
        if (rtnl_addr_get_family(a) != AF_INET) continue;
        out.push_back({rtnl_addr_get_ifindex(a), ipv4Of(rtnl_addr_get_local(a))});
    }
    nl_cache_free(cache);
    return out;
}

// The default route's device and preferred source.
common::Status defaultRoute(nl_sock* sk, int* ifindex, model::Ipv4* prefsrc) {
    nl_cache* cache = nullptr;
    int err = rtnl_route_alloc_cache(sk, AF_INET, 0, &cache);
    if (err < 0) return nlStatus(err, "dump routes");
    for (nl_object* o = nl_cache_get_first(cache); o; o = nl_cache_get_next(o)) {
        auto* r = reinterpret_cast<rtnl_route*>(o);
        if (rtnl_route_get_table(r) != RT_TABLE_MAIN) continue;
        nl_addr* dst = rtnl_route_get_dst(r);
        if (dst && nl_addr_get_prefixlen(dst) != 0) continue;
        if (rtnl_route_get_nnexthops(r) < 1) continue;
        *ifindex = rtnl_route_nh_get_ifindex(rtnl_route_nexthop_n(r, 0));
        *prefsrc = ipv4Of(rtnl_route_get_pref_src(r));
        break;
    }
    nl_cache_free(cache);
    return {};
}

}  // namespace

common::Result<reconcile::Underlay> detectUnderlay(const std::string& device,
                                                   const std::string& vtepIp) {
    NlSocket sk(nl_socket_alloc());
    if (int err = nl_connect(sk.get(), NETLINK_ROUTE); err < 0) return nlStatus(err, "netlink");
    auto addrs = addresses(sk.get());
    if (!addrs) return addrs.status();

    reconcile::Underlay u;
    std::optional<model::Ipv4> wantIp;
    if (!vtepIp.empty()) {
        wantIp = model::Ipv4::parse(vtepIp);
        if (!wantIp)
            return common::invalidArgument("vtep-ip", "\"" + vtepIp + "\" is not an IPv4 address");
    }
    if (!device.empty()) {
        u.ifindex = static_cast<int>(if_nametoindex(device.c_str()));
        if (u.ifindex == 0) {
            return common::invalidArgument("underlay-dev", "no device \"" + device + "\" here");
        }
    } else if (wantIp) {
        for (const auto& a : *addrs) {
            if (a.ip == *wantIp) u.ifindex = a.ifindex;
        }
        if (u.ifindex == 0) {
            return common::invalidArgument("vtep-ip", vtepIp + " is not an address of this host");
        }
    } else {
        model::Ipv4 prefsrc;
        LOOM_RETURN_IF_ERROR(defaultRoute(sk.get(), &u.ifindex, &prefsrc));
        if (u.ifindex == 0) {
            return common::failedPrecondition(
                "cannot detect the underlay: no default route; pass --underlay-dev or --vtep-ip");
        }
        if (prefsrc.value) wantIp = prefsrc;
    }
    char name[IF_NAMESIZE] = {};
    if_indextoname(static_cast<unsigned>(u.ifindex), name);
    u.device = name;
    if (wantIp) {
        u.vtep = *wantIp;
    } else {
        for (const auto& a : *addrs) {
            if (a.ifindex == u.ifindex) {
                u.vtep = a.ip;
                break;
            }
        }
        if (u.vtep.value == 0) {
            return common::failedPrecondition("underlay device " + u.device +
                                              " has no IPv4 address; pass --vtep-ip");
        }
    }
    rtnl_link* link = nullptr;
    if (int err = rtnl_link_get_kernel(sk.get(), u.ifindex, nullptr, &link); err < 0) {
        return nlStatus(err, "get underlay device " + u.device);
    }
    u.mtu = rtnl_link_get_mtu(link);
    rtnl_link_put(link);
    return u;
}

}  // namespace loom::engine::netlink
