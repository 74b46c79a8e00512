#include "engine/netlink/nl_kernel.h"

#include <fcntl.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include <cstring>

#include "engine/common/log.h"
#include "engine/netlink/link_ops.h"
#include "engine/netlink/neigh_ops.h"
#include "engine/netlink/netns.h"

namespace loom::engine::netlink {

using reconcile::Action;
using reconcile::kBridgeName;
using reconcile::kVxlanName;
using A = Action::Kind;

Result<std::unique_ptr<NlKernel>> NlKernel::open(const std::string& poolDir, size_t poolSize) {
    UniqueFd home(::open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC));
    if (!home.valid()) return common::fromErrno(errno, "open own network namespace");
    auto sk = openRouteSocket(home.get(), home.get());
    if (!sk) return sk.status();
    std::unique_ptr<NlKernel> kernel(new NlKernel(std::move(home), std::move(*sk)));
    if (!poolDir.empty() && poolSize > 0) {
        kernel->m_pool = std::make_unique<NetnsPool>(poolDir, kernel->m_home.get(), poolSize);
        LOOM_RETURN_IF_ERROR(kernel->m_pool->start());
    }
    return kernel;
}

NlKernel::NlKernel(UniqueFd home, NlSocket hostSocket)
    : m_home(std::move(home)), m_host(std::move(hostSocket)) {}

Result<NlKernel::Cached*> NlKernel::sandbox(const std::string& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0 || !isNetns(path)) {
        m_cache.erase(path);
        return common::notFound("namespace " + path + " does not exist");
    }
    auto it = m_cache.find(path);
    if (it != m_cache.end() && it->second.inode == st.st_ino) return &it->second;
    auto fd = openNetns(path);
    if (!fd) return fd.status();
    auto sk = openRouteSocket(fd->get(), m_home.get());
    if (!sk) return sk.status().withContext(path);
    Cached& c = m_cache[path];
    c = Cached{st.st_ino, std::move(*fd), std::move(*sk)};
    return &c;
}

Result<int> NlKernel::bridgeIndex(Cached& sb) {
    if (sb.bridgeIndex > 0) return sb.bridgeIndex;
    auto index = linkIndex(sb.socket.get(), kBridgeName);
    if (index) sb.bridgeIndex = *index;
    return index;
}

Result<int> NlKernel::vxlanIndex(Cached& sb) {
    if (sb.vxlanIndex > 0) return sb.vxlanIndex;
    auto index = linkIndex(sb.socket.get(), kVxlanName);
    if (index) sb.vxlanIndex = *index;
    return index;
}

Result<reconcile::ObservedPeers> NlKernel::observePeers(const std::string& path) {
    if (!isNetns(path)) return reconcile::ObservedPeers{};
    auto sb = sandbox(path);
    if (!sb) return sb.status();
    (*sb)->vxlanIndex = 0;  // a fresh look: vx0 may have been re-created
    auto index = vxlanIndex(**sb);
    if (!index) {
        if (index.status().code() == common::Code::NotFound) return reconcile::ObservedPeers{};
        return index.status();
    }
    nl_sock* sk = (*sb)->socket.get();
    auto peers = dumpPeers(sk, *index);
    if (!peers) {
        m_cache.erase(path);  // a half-read socket is not reused
        return peers;
    }
    int bridgeIndex = 0;
    auto bridge = getLink(sk, kBridgeName, 0, nullptr, &bridgeIndex);
    if (!bridge) return bridge.status();
    if (bridge->exists) {
        peers->bridgeMac = bridge->mac;
        auto addresses = addressesOf(sk, bridgeIndex);
        if (!addresses) return addresses.status();
        peers->bridgeAddresses = std::move(*addresses);
        auto neighbours = dumpNeighbours(sk, bridgeIndex);
        if (!neighbours) return neighbours.status();
        peers->bridgeNeighbours = std::move(*neighbours);
    }
    return peers;
}

void NlKernel::forgetNetns(const std::string& netns) {
    m_cache.erase(netns);
}

Result<reconcile::ObservedNetwork> NlKernel::observeNetwork(const std::string& path,
                                                            model::Ipv4 gateway, int prefix) {
    reconcile::ObservedNetwork o;
    if (!isNetns(path)) return o;
    auto sb = sandbox(path);
    if (!sb) return sb.status();
    o.sandbox = true;
    nl_sock* sk = (*sb)->socket.get();
    int bridgeIndex = 0;
    auto bridge = getLink(sk, kBridgeName, 0, nullptr, &bridgeIndex);
    if (!bridge) return bridge.status();
    o.bridge = *bridge;
    (*sb)->bridgeIndex = bridge->exists ? bridgeIndex : 0;
    if (o.bridge.exists) {
        auto has = hasAddress(sk, bridgeIndex, gateway, prefix);
        if (!has) return has.status();
        o.bridgeAddress = *has;
    }
    auto vx = getLink(sk, kVxlanName, bridgeIndex, &o.vxlanFacts);
    if (!vx) return vx.status();
    o.vxlan = *vx;
    if (!(*sb)->unfiltered) {
        // Read once per namespace (the cache entry goes with it): nothing but a person undoes it.
        bool filtered = false;
        LOOM_RETURN_IF_ERROR(inNetns((*sb)->fd.get(), m_home.get(), [&]() -> Status {
            filtered = bridgeFramesFiltered();
            return {};
        }));
        o.bridgeFiltered = filtered;
        (*sb)->unfiltered = !filtered;
    }
    return o;
}

Result<reconcile::ObservedEndpoint> NlKernel::observeEndpoint(const std::string& sandboxPath,
                                                              const std::string& hostVeth,
                                                              const std::string& netns,
                                                              const std::string& interfaceName,
                                                              model::Ipv4 address, int prefix) {
    reconcile::ObservedEndpoint o;
    auto sb = sandbox(sandboxPath);
    if (!sb) return sb.status();
    nl_sock* sk = (*sb)->socket.get();
    auto bridge = bridgeIndex(**sb);
    if (!bridge) return bridge.status();
    auto host = getLink(sk, hostVeth, *bridge);
    if (!host) return host.status();
    o.hostVeth = *host;
    auto br = getLink(sk, kBridgeName, 0);
    if (!br) return br.status();
    o.bridgeMac = br->mac;
    o.netns = isNetns(netns);
    if (!o.netns) return o;
    auto fd = openNetns(netns);
    if (!fd) return fd.status();
    auto epSocket = openRouteSocket(fd->get(), m_home.get());
    if (!epSocket) return epSocket.status().withContext(netns);
    int peerIndex = 0;
    auto peer = getLink(epSocket->get(), interfaceName, 0, nullptr, &peerIndex);
    if (!peer) return peer.status();
    o.peer = *peer;
    if (o.peer.exists) {
        auto has = hasAddress(epSocket->get(), peerIndex, address, prefix);
        if (!has) return has.status();
        o.peerAddress = *has;
        auto neighbours = dumpNeighbours(epSocket->get(), peerIndex);
        if (!neighbours) return neighbours.status();
        o.peerNeighbours = std::move(*neighbours);
    }
    return o;
}

Status NlKernel::apply(const Action& a) {
    switch (a.kind) {
        case A::CreateNetns:
            m_cache.erase(a.netns);
            if (isNetns(a.netns)) return {};
            if (m_pool && m_pool->take(a.netns)) return {};
            return createNetns(a.netns, m_home.get());
        case A::DeleteNetns:
            // Our cached socket would keep the namespace (and every device in it) alive.
            m_cache.erase(a.netns);
            return deleteNetns(a.netns);
        case A::ConfigurePeer:
            return configurePeer(a);
        case A::SetEndpointNeighbour:
            return setEndpointNeighbour(a);
        default:
            return applyInSandbox(a);
    }
}

Status NlKernel::applyInSandbox(const Action& a) {
    auto sb = sandbox(a.netns);
    if (!sb) {
        // Deleting links of a namespace that is gone has nothing left to do.
        if (a.kind == A::DeleteLinks && sb.status().code() == common::Code::NotFound) return {};
        return sb.status();
    }
    nl_sock* sk = (*sb)->socket.get();
    switch (a.kind) {
        case A::UnfilterBridge: {
            Status s =
                inNetns((*sb)->fd.get(), m_home.get(), [] { return unfilterBridgedFrames(); });
            if (s.isOk()) (*sb)->unfiltered = true;
            return s;
        }
        case A::CreateBridge:
            (*sb)->bridgeIndex = 0;
            return createBridge(sk, a.link, a.mac, a.mtu);
        case A::CreateVxlan:
            return createVxlan(m_host.get(), (*sb)->fd.get(), a.link, a.vni, a.port, a.local,
                               a.underlayIfindex, a.mtu);
        case A::CreateVeth: {
            auto bridge = bridgeIndex(**sb);
            if (!bridge) return bridge.status();
            auto peerNs = openNetns(a.peerNetns);
            if (!peerNs) return peerNs.status();
            Status s = createVeth(sk, a.link, *bridge, a.mtu, peerNs->get(), a.peerLink, a.mac);
            // A stale bridge index (br0 re-created behind our back) is looked up afresh next time.
            if (!s.isOk()) (*sb)->bridgeIndex = 0;
            return s;
        }
        case A::SetLink: {
            int master = 0;
            if (a.master) {
                auto bridge = bridgeIndex(**sb);
                if (!bridge) return bridge.status();
                master = *bridge;
            }
            return setLink(sk, a.link, a.mtu, master);
        }
        case A::AddAddress: {
            auto index = linkIndex(sk, a.link);
            if (!index) return index.status();
            return addAddress(sk, *index, a.address, a.prefix);
        }
        case A::SetHostAddress: {
            auto index = linkIndex(sk, a.link);
            if (!index) return index.status();
            LOOM_RETURN_IF_ERROR(setLinkMac(sk, *index, a.mac));
            return addAddress(sk, *index, a.address, a.prefix);
        }
        case A::DeleteAddress: {
            auto index = linkIndex(sk, a.link);
            if (!index) return index.status();
            return deleteAddress(sk, *index, a.address, a.prefix);
        }
        case A::DeleteLinks:
            return deleteLinks(sk, a.links);
        case A::SetBridgeNeighbour:
        case A::DeleteBridgeNeighbour: {
            auto bridge = bridgeIndex(**sb);
            if (!bridge) return bridge.status();
            return a.kind == A::SetBridgeNeighbour ? setNeighbour(sk, *bridge, a.address, a.mac)
                                                   : deleteNeighbour(sk, *bridge, a.address);
        }
        case A::SetFdb:
        case A::DeleteFdb:
        case A::SetBridgeFdb:
        case A::DeleteBridgeFdb:
        case A::SetNeighbour:
        case A::DeleteNeighbour: {
            auto vx = vxlanIndex(**sb);
            if (!vx) return vx.status();
            Status s;
            switch (a.kind) {
                case A::SetFdb:
                    s = setFdb(sk, *vx, a.mac, a.local);
                    break;
                case A::DeleteFdb:
                    s = deleteFdb(sk, *vx, a.mac);
                    break;
                case A::SetBridgeFdb:
                    s = setBridgeFdb(sk, *vx, a.mac);
                    break;
                case A::DeleteBridgeFdb:
                    s = deleteBridgeFdb(sk, *vx, a.mac);
                    break;
                case A::SetNeighbour:
                    s = setNeighbour(sk, *vx, a.address, a.mac);
                    break;
                default:
                    s = deleteNeighbour(sk, *vx, a.address);
                    break;
            }
            if (!s.isOk()) (*sb)->vxlanIndex = 0;
            return s;
        }
        default:
            return common::internal("unexpected action " + a.describe());
    }
}

Status NlKernel::configurePeer(const Action& a) {
    auto fd = openNetns(a.peerNetns);
    if (!fd) return fd.status();
    auto sk = openRouteSocket(fd->get(), m_home.get());
    if (!sk) return sk.status().withContext(a.peerNetns);
    int index = 0;
    auto peer = getLink(sk->get(), a.peerLink, 0, nullptr, &index);
    if (!peer) return peer.status();
    if (!peer->exists) return common::notFound("interface " + a.peerLink + " is missing");
    if (!peer->up && a.foreignNetns) {
        // In a namespace Loom did not make, IPv6 goes off on our interface only (Loom's own
        // namespaces are made with IPv6 off and lo up).
        LOOM_RETURN_IF_ERROR(
            inNetns(fd->get(), m_home.get(), [&] { return disableIpv6(a.peerLink); }));
    }
    if (!peer->up || peer->mtu != a.mtu) {
        LOOM_RETURN_IF_ERROR(setLinkByIndex(sk->get(), index, a.mtu, 0));
    }
    return addAddress(sk->get(), index, a.address, a.prefix);
}

Status NlKernel::setEndpointNeighbour(const Action& a) {
    auto fd = openNetns(a.peerNetns);
    if (!fd) return fd.status();
    auto sk = openRouteSocket(fd->get(), m_home.get());
    if (!sk) return sk.status().withContext(a.peerNetns);
    auto index = linkIndex(sk->get(), a.peerLink);
    if (!index) return index.status();
    return setNeighbour(sk->get(), *index, a.address, a.mac);
}

std::vector<std::string> NlKernel::listNetns(const std::string& dir, const std::string& prefix) {
    return netlink::listNetns(dir, prefix);
}

Result<int> NlKernel::watchLinks(const std::string& path) {
    auto fd = openNetns(path);
    if (!fd) return fd.status();
    int sock = -1;
    Status s = inNetns(fd->get(), m_home.get(), [&]() -> Status {
        sock = ::socket(AF_NETLINK, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, NETLINK_ROUTE);
        if (sock < 0) return common::fromErrno(errno, "netlink monitor socket");
        sockaddr_nl sa{};
        sa.nl_family = AF_NETLINK;
        // Links, and FDB and neighbour entries: drift in either is repaired within the
        // reconciler's event delay, not at the next periodic pass.
        sa.nl_groups = RTMGRP_LINK | RTMGRP_NEIGH;
        if (::bind(sock, reinterpret_cast<sockaddr*>(&sa), sizeof sa) != 0) {
            int err = errno;
            ::close(sock);
            sock = -1;
            return common::fromErrno(err, "bind netlink monitor");
        }
        return {};
    });
    if (!s.isOk()) return s;
    return sock;
}

std::vector<reconcile::LinkEvent> NlKernel::readLinkEvents(int fd) {
    std::vector<reconcile::LinkEvent> events;
    alignas(nlmsghdr) char buf[32768];
    while (true) {
        ssize_t n = ::recv(fd, buf, sizeof buf, MSG_DONTWAIT);
        if (n < 0 && errno == ENOBUFS) {
            // The kernel dropped events it could not queue; the socket goes on working.
            if (events.empty() || !events.back().overrun) events.push_back({.overrun = true});
            continue;
        }
        if (n <= 0) break;
        for (auto* h = reinterpret_cast<nlmsghdr*>(buf); NLMSG_OK(h, static_cast<size_t>(n));
             h = NLMSG_NEXT(h, n)) {
            if (h->nlmsg_type == RTM_NEWNEIGH || h->nlmsg_type == RTM_DELNEIGH) {
                // Only entries of the kinds Loom writes (permanent or static); the kernel's own
                // learned and probed entries change state all the time.
                auto* nd = static_cast<ndmsg*>(NLMSG_DATA(h));
                bool ours = nd->ndm_state & (NUD_PERMANENT | NUD_NOARP);
                if (ours && (events.empty() || !events.back().neighbour)) {
                    events.push_back({.neighbour = true});
                }
                continue;
            }
            if (h->nlmsg_type != RTM_NEWLINK && h->nlmsg_type != RTM_DELLINK) continue;
            auto* ifi = static_cast<ifinfomsg*>(NLMSG_DATA(h));
            if (ifi->ifi_family == AF_BRIDGE) continue;  // bridge port details, not the link
            reconcile::LinkEvent e;
            e.deleted = h->nlmsg_type == RTM_DELLINK;
            e.up = ifi->ifi_flags & IFF_UP;
            int len = static_cast<int>(IFLA_PAYLOAD(h));
            for (auto* rta = IFLA_RTA(ifi); RTA_OK(rta, len); rta = RTA_NEXT(rta, len)) {
                if (rta->rta_type == IFLA_IFNAME) e.name = static_cast<const char*>(RTA_DATA(rta));
            }
            if (!e.name.empty()) events.push_back(std::move(e));
        }
    }
    return events;
}

void NlKernel::unwatchLinks(int fd) {
    ::close(fd);
}

}  // namespace loom::engine::netlink
