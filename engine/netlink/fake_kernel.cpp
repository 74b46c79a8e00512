#include "engine/netlink/fake_kernel.h"

#include <sys/eventfd.h>
#include <unistd.h>

namespace loom::engine::netlink {

using reconcile::Action;
using A = Action::Kind;

FakeKernel::FakeKernel() = default;

FakeKernel::~FakeKernel() {
    for (auto& [fd, netns] : m_watchFds) ::close(fd);
}

bool FakeKernel::hasNetns(const std::string& path) const {
    std::lock_guard lock(m_mutex);
    return m_netns.count(path) > 0;
}

std::optional<FakeKernel::Link> FakeKernel::link(const std::string& netns,
                                                 const std::string& name) const {
    std::lock_guard lock(m_mutex);
    auto ns = m_netns.find(netns);
    if (ns == m_netns.end()) return std::nullopt;
    auto l = ns->second.find(name);
    if (l == ns->second.end()) return std::nullopt;
    return l->second;
}

std::vector<std::string> FakeKernel::netnsPaths() const {
    std::lock_guard lock(m_mutex);
    std::vector<std::string> out;
    for (const auto& [path, ns] : m_netns) out.push_back(path);
    return out;
}

size_t FakeKernel::linkCount(const std::string& netns) const {
    std::lock_guard lock(m_mutex);
    auto ns = m_netns.find(netns);
    return ns == m_netns.end() ? 0 : ns->second.size();
}

void FakeKernel::addForeignNetns(const std::string& path) {
    std::lock_guard lock(m_mutex);
    m_netns[path];
}

bool FakeKernel::bridgeFiltered(const std::string& netns) const {
    std::lock_guard lock(m_mutex);
    return m_filtered.count(netns) > 0;
}

void FakeKernel::filterBridge(const std::string& netns) {
    std::lock_guard lock(m_mutex);
    if (m_netns.count(netns)) m_filtered.insert(netns);
}

void FakeKernel::removeNetns(const std::string& path) {
    std::lock_guard lock(m_mutex);
    auto ns = m_netns.find(path);
    if (ns == m_netns.end()) return;
    std::vector<std::string> names;
    for (const auto& [name, l] : ns->second) names.push_back(name);
    for (const auto& name : names) eraseLinkLocked(path, name, true);
    m_netns.erase(path);
    m_filtered.erase(path);
}

void FakeKernel::removeLink(const std::string& netns, const std::string& name, bool notify) {
    std::lock_guard lock(m_mutex);
    eraseLinkLocked(netns, name, notify);
}

void FakeKernel::setLinkUp(const std::string& netns, const std::string& name, bool up,
                           bool notify) {
    std::lock_guard lock(m_mutex);
    auto& l = m_netns[netns][name];
    l.up = up;
    if (notify) notifyLocked(netns, {name, false, up});
}

void FakeKernel::failNext(Action::Kind kind, common::Status status, int count) {
    std::lock_guard lock(m_mutex);
    m_failures[kind] = {std::move(status), count};
}

std::vector<Action> FakeKernel::applied() const {
    std::lock_guard lock(m_mutex);
    return m_applied;
}

void FakeKernel::eraseLinkLocked(const std::string& netns, const std::string& name, bool notify) {
    auto ns = m_netns.find(netns);
    if (ns == m_netns.end()) return;
    auto l = ns->second.find(name);
    if (l == ns->second.end()) return;
    Link gone = l->second;
    ns->second.erase(l);
    if (notify) notifyLocked(netns, {name, true, false});
    if (gone.kind == "veth") eraseLinkLocked(gone.peerNetns, gone.peerName, notify);
}

void FakeKernel::overrunLinkEvents(const std::string& netns) {
    std::lock_guard lock(m_mutex);
    notifyLocked(netns, {.overrun = true});
}

void FakeKernel::notifyLocked(const std::string& netns, const reconcile::LinkEvent& event) {
    for (const auto& [fd, watched] : m_watchFds) {
        if (watched != netns) continue;
        m_events[fd].push_back(event);
        uint64_t one = 1;
        [[maybe_unused]] auto n = ::write(fd, &one, sizeof one);
    }
}

reconcile::LinkFacts FakeKernel::factsLocked(const Netns& ns, const std::string& name) const {
    reconcile::LinkFacts f;
    auto l = ns.find(name);
    if (l == ns.end()) return f;
    f.exists = true;
    f.up = l->second.up;
    f.mtu = l->second.mtu;
    f.enslaved = l->second.master == reconcile::kBridgeName;
    f.isVeth = l->second.kind == "veth";
    f.mac = l->second.mac;
    return f;
}

Result<reconcile::ObservedNetwork> FakeKernel::observeNetwork(const std::string& sandbox,
                                                              model::Ipv4 gateway, int prefix) {
    std::lock_guard lock(m_mutex);
    reconcile::ObservedNetwork o;
    auto ns = m_netns.find(sandbox);
    if (ns == m_netns.end()) return o;
    o.sandbox = true;
    o.bridge = factsLocked(ns->second, reconcile::kBridgeName);
    if (o.bridge.exists) {
        o.bridgeAddress =
            ns->second.at(reconcile::kBridgeName).addresses.count({gateway.value, prefix});
    }
    o.vxlan = factsLocked(ns->second, reconcile::kVxlanName);
    if (o.vxlan.exists) o.vxlanFacts = ns->second.at(reconcile::kVxlanName).vxlan;
    o.bridgeFiltered = m_filtered.count(sandbox) > 0;
    return o;
}

Result<reconcile::ObservedEndpoint> FakeKernel::observeEndpoint(const std::string& sandbox,
                                                                const std::string& hostVeth,
                                                                const std::string& netns,
                                                                const std::string& interfaceName,
                                                                model::Ipv4 address, int prefix) {
    std::lock_guard lock(m_mutex);
    reconcile::ObservedEndpoint o;
    auto sb = m_netns.find(sandbox);
    if (sb == m_netns.end()) return common::notFound("namespace " + sandbox + " does not exist");
    o.hostVeth = factsLocked(sb->second, hostVeth);
    if (auto br = sb->second.find(reconcile::kBridgeName); br != sb->second.end()) {
        o.bridgeMac = br->second.mac;
    }
    auto ns = m_netns.find(netns);
    o.netns = ns != m_netns.end();
    if (!o.netns) return o;
    o.peer = factsLocked(ns->second, interfaceName);
    if (o.peer.exists) {
        const auto& peer = ns->second.at(interfaceName);
        o.peerAddress = peer.addresses.count({address.value, prefix});
        o.peerNeighbours = peer.neighbours;
    }
    return o;
}

Status FakeKernel::apply(const Action& a) {
    std::lock_guard lock(m_mutex);
    m_applied.push_back(a);
    if (auto f = m_failures.find(a.kind); f != m_failures.end() && f->second.second > 0) {
        --f->second.second;
        return f->second.first;
    }
    return applyLocked(a);
}

Status FakeKernel::applyLocked(const Action& a) {
    auto in = [&](const std::string& netns) -> Netns* {
        auto ns = m_netns.find(netns);
        return ns == m_netns.end() ? nullptr : &ns->second;
    };
    auto missing = [](const std::string& what) {
        return common::notFound(what + " does not exist");
    };
    switch (a.kind) {
        case A::CreateNetns:
            m_netns[a.netns];
            m_filtered.insert(a.netns);  // as the kernel's default where br_netfilter is loaded
            return {};
        case A::UnfilterBridge:
            if (!in(a.netns)) return missing(a.netns);
            m_filtered.erase(a.netns);
            return {};
        case A::DeleteNetns: {
            auto ns = m_netns.find(a.netns);
            if (ns == m_netns.end()) return {};
            std::vector<std::string> names;
            for (const auto& [name, l] : ns->second) names.push_back(name);
            for (const auto& name : names) eraseLinkLocked(a.netns, name, true);
            m_netns.erase(a.netns);
            m_filtered.erase(a.netns);
            return {};
        }
        case A::CreateBridge:
        case A::CreateVxlan: {
            Netns* ns = in(a.netns);
            if (!ns) return missing(a.netns);
            if (ns->count(a.link)) return common::alreadyExists("link " + a.link + " exists");
            Link l;
            l.kind = a.kind == A::CreateBridge ? "bridge" : "vxlan";
            l.mtu = a.mtu;
            l.up = a.kind == A::CreateBridge;
            if (a.kind == A::CreateBridge) l.mac = a.mac;
            l.vxlan = {a.vni, a.port, a.local, a.underlayIfindex, false, true};
            (*ns)[a.link] = l;
            return {};
        }
        case A::CreateVeth: {
            Netns* ns = in(a.netns);
            Netns* peerNs = in(a.peerNetns);
            if (!ns) return missing(a.netns);
            if (!peerNs) return missing(a.peerNetns);
            if (ns->count(a.link) || peerNs->count(a.peerLink)) {
                return common::alreadyExists("veth " + a.link + "/" + a.peerLink + " exists");
            }
            if (!ns->count(reconcile::kBridgeName)) return missing("bridge");
            (*ns)[a.link] = {"veth", true,        a.mtu,     reconcile::kBridgeName, {}, {},
                             {},     a.peerNetns, a.peerLink};
            (*peerNs)[a.peerLink] = {"veth", false, a.mtu, "", a.mac, {}, {}, a.netns, a.link};
            return {};
        }
        case A::ConfigurePeer: {
            Netns* ns = in(a.peerNetns);
            if (!ns) return missing(a.peerNetns);
            auto l = ns->find(a.peerLink);
            if (l == ns->end()) return missing(a.peerLink);
            l->second.up = true;
            l->second.mtu = a.mtu;
            l->second.addresses.insert({a.address.value, a.prefix});
            return {};
        }
        case A::SetLink: {
            Netns* ns = in(a.netns);
            if (!ns || !ns->count(a.link)) return missing(a.link);
            auto& l = (*ns)[a.link];
            l.mtu = a.mtu;
            l.up = true;
            if (a.master) l.master = reconcile::kBridgeName;
            return {};
        }
        case A::AddAddress: {
            Netns* ns = in(a.netns);
            if (!ns || !ns->count(a.link)) return missing(a.link);
            (*ns)[a.link].addresses.insert({a.address.value, a.prefix});
            return {};
        }
        case A::SetHostAddress: {
            Netns* ns = in(a.netns);
            if (!ns || !ns->count(a.link)) return missing(a.link);
            (*ns)[a.link].mac = a.mac;
            (*ns)[a.link].addresses.insert({a.address.value, a.prefix});
            return {};
        }
        case A::DeleteAddress: {
            Netns* ns = in(a.netns);
            if (!ns || !ns->count(a.link)) return missing(a.link);
            (*ns)[a.link].addresses.erase({a.address.value, a.prefix});
            return {};
        }
        case A::DeleteLinks:
            for (const auto& name : a.links) eraseLinkLocked(a.netns, name, true);
            return {};
        case A::SetBridgeNeighbour:
        case A::DeleteBridgeNeighbour: {
            Netns* ns = in(a.netns);
            if (!ns || !ns->count(reconcile::kBridgeName)) return missing("br0");
            auto& br = (*ns)[reconcile::kBridgeName];
            if (a.kind == A::SetBridgeNeighbour) {
                br.neighbours[a.address] = a.mac;
            } else {
                br.neighbours.erase(a.address);
            }
            return {};
        }
        case A::SetEndpointNeighbour: {
            Netns* ns = in(a.peerNetns);
            if (!ns || !ns->count(a.peerLink)) return missing(a.peerLink);
            (*ns)[a.peerLink].neighbours[a.address] = a.mac;
            return {};
        }
        case A::SetFdb:
        case A::DeleteFdb:
        case A::SetBridgeFdb:
        case A::DeleteBridgeFdb:
        case A::SetNeighbour:
        case A::DeleteNeighbour: {
            Netns* ns = in(a.netns);
            if (!ns || !ns->count(reconcile::kVxlanName)) return missing("vx0");
            auto& vx = (*ns)[reconcile::kVxlanName];
            if (a.kind == A::SetFdb) vx.fdb[a.mac] = a.local;
            if (a.kind == A::DeleteFdb) vx.fdb.erase(a.mac);
            if (a.kind == A::SetBridgeFdb) vx.bridge[a.mac] = true;
            if (a.kind == A::DeleteBridgeFdb) vx.bridge.erase(a.mac);
            if (a.kind == A::SetNeighbour) vx.neighbours[a.address] = a.mac;
            if (a.kind == A::DeleteNeighbour) vx.neighbours.erase(a.address);
            return {};
        }
    }
    return common::internal("unknown action");
}

Result<reconcile::ObservedPeers> FakeKernel::observePeers(const std::string& sandbox) {
    std::lock_guard lock(m_mutex);
    reconcile::ObservedPeers o;
    auto ns = m_netns.find(sandbox);
    if (ns == m_netns.end()) return o;
    auto vx = ns->second.find(reconcile::kVxlanName);
    if (vx == ns->second.end()) return o;
    o.vxlan = true;
    o.fdb = vx->second.fdb;
    o.neighbours = vx->second.neighbours;
    o.bridge = vx->second.bridge;
    auto br = ns->second.find(reconcile::kBridgeName);
    if (br != ns->second.end()) {
        o.bridgeMac = br->second.mac;
        o.bridgeNeighbours = br->second.neighbours;
        for (const auto& [ip, prefix] : br->second.addresses) {
            o.bridgeAddresses.emplace_back(model::Ipv4{ip}, prefix);
        }
    }
    return o;
}

std::vector<std::string> FakeKernel::listNetns(const std::string& dir, const std::string& prefix) {
    std::lock_guard lock(m_mutex);
    std::vector<std::string> out;
    for (const auto& [path, ns] : m_netns) {
        if (path.rfind(dir + "/" + prefix, 0) == 0) out.push_back(path);
    }
    return out;
}

Result<int> FakeKernel::watchLinks(const std::string& netns) {
    std::lock_guard lock(m_mutex);
    int fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (fd < 0) return common::fromErrno(errno, "eventfd");
    m_watchFds[fd] = netns;
    return fd;
}

std::vector<reconcile::LinkEvent> FakeKernel::readLinkEvents(int fd) {
    std::lock_guard lock(m_mutex);
    uint64_t count;
    [[maybe_unused]] auto n = ::read(fd, &count, sizeof count);
    auto events = std::move(m_events[fd]);
    m_events.erase(fd);
    return events;
}

void FakeKernel::unwatchLinks(int fd) {
    std::lock_guard lock(m_mutex);
    m_watchFds.erase(fd);
    m_events.erase(fd);
    ::close(fd);
}

}  // namespace loom::engine::netlink
