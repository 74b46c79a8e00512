#include "engine/cluster/view.h"

#include "engine/cluster/keys.h"
#include "engine/cluster/records.h"
#include "engine/common/log.h"

namespace loom::engine::cluster {

namespace {
constexpr const char* kLog = "cluster";

// "/loom/v1/<kind>/<a>[/<b>]" -> kind, a, b.
struct KeyParts {
    std::string kind, a, b;
};
std::optional<KeyParts> split(const std::string& key) {
    if (key.rfind(keys::kRoot, 0) != 0) return std::nullopt;
    std::string rest = key.substr(keys::kRoot.size());
    KeyParts p;
    auto s1 = rest.find('/');
    if (s1 == std::string::npos) return std::nullopt;
    p.kind = rest.substr(0, s1);
    rest = rest.substr(s1 + 1);
    auto s2 = rest.find('/');
    if (s2 == std::string::npos) {
        p.a = rest;
    } else {
        p.a = rest.substr(0, s2);
        p.b = rest.substr(s2 + 1);
    }
    if (p.a.empty()) return std::nullopt;
    return p;
}

std::optional<reconcile::Peer> toPeer(const v1::Endpoint& e) {
    std::string ip = e.ip().substr(0, e.ip().find('/'));
    auto addr = model::Ipv4::parse(ip);
    auto mac = model::Mac::parse(e.mac());
    auto vtep = model::Ipv4::parse(e.vtep_ip());
    if (!addr || !mac || !vtep) return std::nullopt;
    return reconcile::Peer{*addr, *mac, *vtep};
}
}  // namespace

void ClusterView::reset(const std::vector<mvccpb::KeyValue>& kvs, int64_t revision) {
    std::lock_guard lock(m_mutex);
    m_members.clear();
    m_alive.clear();
    m_networks.clear();
    m_endpoints.clear();
    m_claims.clear();
    m_blocks.clear();
    m_names.clear();
    m_services.clear();
    m_health.clear();
    m_espKeys.clear();
    m_espAcks.clear();
    Change ignored;
    for (const auto& kv : kvs) applyPutLocked(kv.key(), kv.value(), ignored);
    m_revision = revision;
    m_synced = true;
    m_changed.notify_all();
}

ClusterView::Change ClusterView::apply(const mvccpb::Event& event) {
    Change change;
    {
        std::lock_guard lock(m_mutex);
        if (event.type() == mvccpb::Event::PUT) {
            applyPutLocked(event.kv().key(), event.kv().value(), change);
        } else {
            applyDeleteLocked(event.kv().key(), change);
        }
        m_revision = std::max(m_revision, event.kv().mod_revision());
    }
    m_changed.notify_all();
    return change;
}

void ClusterView::applyPutLocked(const std::string& key, const std::string& value, Change& change) {
    auto parts = split(key);
    if (!parts) return;
    if (parts->kind == "hosts" || parts->kind == "members") {
        v1::Host h;
        if (!fromJson(value, &h)) {
            LOOM_LOG(Warning, kLog) << "unreadable record at " << key;
            return;
        }
        bool known = m_members.count(parts->a) > 0;
        m_members[parts->a] = h;
        if (parts->kind == "hosts" && m_alive.insert(parts->a).second) {
            hostChangedLocked(parts->a, change);
            if (parts->a != m_self) {
                h.set_alive(true);
                (known ? change.hostsChanged : change.hostsJoined).push_back(h);
            }
        } else if (!known && parts->a != m_self) {
            change.hostsJoined.push_back(h);  // a member record before its lease: joining
        }
    } else if (parts->kind == "networks") {
        v1::Network n;
        if (!fromJson(value, &n)) {
            LOOM_LOG(Warning, kLog) << "unreadable record at " << key;
            return;
        }
        m_networks[parts->a] = n;
        change.networksPut.push_back(n);
    } else if (parts->kind == "endpoints" && !parts->b.empty()) {
        v1::Endpoint e;
        if (!fromJson(value, &e)) {
            LOOM_LOG(Warning, kLog) << "unreadable record at " << key;
            return;
        }
        m_endpoints[parts->a][parts->b] = e;
        if (e.host_id() != m_self) {
            change.peerNetworks.insert(parts->a);
            change.remoteEndpointsPut.push_back(e);
        }
    } else if (parts->kind == "ipam" && !parts->b.empty()) {
        auto ip = model::Ipv4::parse(parts->b);
        v1::AddressClaim c;
        if (ip && fromJson(value, &c)) {
            m_claims[parts->a][ip->value] = c;
            if (c.host_address()) change.peerNetworks.insert(parts->a);
        }
    } else if (parts->kind == "services") {
        v1::Service s;
        if (!fromJson(value, &s)) {
            LOOM_LOG(Warning, kLog) << "unreadable record at " << key;
            return;
        }
        bool known = m_services.count(parts->a) > 0;
        m_services[parts->a] = s;
        change.peerNetworks.insert(s.network_id());  // its clients' tables follow
        if (!known) change.servicesPut.push_back(s);
    } else if (parts->kind == "health" && !parts->b.empty()) {
        v1::ServiceBackend b;
        if (!fromJson(value, &b)) {
            LOOM_LOG(Warning, kLog) << "unreadable record at " << key;
            return;
        }
        m_health[parts->a][parts->b] = b;
        change.peerNetworks.insert(parts->a);
        if (b.host_id() != m_self) change.backendsChanged.push_back(b);
    } else if ((parts->kind == "espkeys" || parts->kind == "espacks") && !parts->b.empty()) {
        auto slash = parts->b.find('/');
        if (slash == std::string::npos) return;
        Direction d{parts->a, parts->b.substr(0, slash), parts->b.substr(slash + 1)};
        if (parts->kind == "espkeys") {
            v1::EspKeys r;
            if (!fromJson(value, &r)) {
                LOOM_LOG(Warning, kLog) << "unreadable record at " << key;  // never its value
                return;
            }
            m_espKeys[d] = r;
        } else {
            v1::EspKeyAck a;
            if (!fromJson(value, &a)) return;
            m_espAcks[d] = a.generation();
        }
        change.keyNetworks.insert(parts->a);
    } else if (parts->kind == "names" && !parts->b.empty()) {
        v1::AddressClaim c;
        if (fromJson(value, &c)) m_names[parts->a][parts->b] = c;
    } else if (parts->kind == "blocks" && !parts->b.empty()) {
        auto first = model::Ipv4::parse(parts->b);
        v1::AddressBlock b;
        if (first && fromJson(value, &b)) m_blocks[parts->a][first->value] = b;
    }
}

// A host's liveness decides whether its host addresses are programmed as peers.
void ClusterView::hostChangedLocked(const std::string& hostId, Change& change) {
    for (const auto& [net, claims] : m_claims) {
        for (const auto& [ip, c] : claims) {
            if (c.host_address() && c.host_id() == hostId) change.peerNetworks.insert(net);
        }
    }
}

void ClusterView::applyDeleteLocked(const std::string& key, Change& change) {
    auto parts = split(key);
    if (!parts) return;
    if (parts->kind == "hosts") {
        if (m_alive.erase(parts->a)) {
            hostChangedLocked(parts->a, change);
            auto member = m_members.find(parts->a);
            if (parts->a != m_self && member != m_members.end()) {
                v1::Host h = member->second;
                h.set_alive(false);
                change.hostsChanged.push_back(h);
            }
        }
        if (parts->a == m_self) change.ownHostDeleted = true;
    } else if (parts->kind == "members") {
        m_members.erase(parts->a);
    } else if (parts->kind == "networks") {
        if (m_networks.erase(parts->a)) change.networksDeleted.push_back(parts->a);
        change.peerNetworks.insert(parts->a);
    } else if (parts->kind == "endpoints" && !parts->b.empty()) {
        auto net = m_endpoints.find(parts->a);
        if (net == m_endpoints.end()) return;
        auto e = net->second.find(parts->b);
        if (e == net->second.end()) return;
        if (e->second.host_id() != m_self) {
            change.peerNetworks.insert(parts->a);
            change.remoteEndpointsDeleted.push_back(e->second);
        }
        net->second.erase(e);
        if (net->second.empty()) m_endpoints.erase(net);
    } else if (parts->kind == "ipam" && !parts->b.empty()) {
        auto ip = model::Ipv4::parse(parts->b);
        auto net = m_claims.find(parts->a);
        if (!ip || net == m_claims.end()) return;
        auto c = net->second.find(ip->value);
        if (c == net->second.end()) return;
        if (c->second.host_address()) change.peerNetworks.insert(parts->a);
        net->second.erase(c);
    } else if (parts->kind == "services") {
        auto s = m_services.find(parts->a);
        if (s == m_services.end()) return;
        change.peerNetworks.insert(s->second.network_id());
        change.servicesDeleted.push_back(s->second);
        m_services.erase(s);
    } else if (parts->kind == "health" && !parts->b.empty()) {
        auto net = m_health.find(parts->a);
        if (net == m_health.end()) return;
        auto b = net->second.find(parts->b);
        if (b == net->second.end()) return;
        change.peerNetworks.insert(parts->a);
        if (b->second.host_id() != m_self) {
            b->second.set_healthy(true);
            b->second.clear_health_message();
            change.backendsChanged.push_back(b->second);
        }
        net->second.erase(b);
    } else if ((parts->kind == "espkeys" || parts->kind == "espacks") && !parts->b.empty()) {
        auto slash = parts->b.find('/');
        if (slash == std::string::npos) return;
        Direction d{parts->a, parts->b.substr(0, slash), parts->b.substr(slash + 1)};
        if (parts->kind == "espkeys" ? m_espKeys.erase(d) : m_espAcks.erase(d)) {
            change.keyNetworks.insert(parts->a);
        }
    } else if (parts->kind == "names" && !parts->b.empty()) {
        auto net = m_names.find(parts->a);
        if (net != m_names.end()) net->second.erase(parts->b);
    } else if (parts->kind == "blocks" && !parts->b.empty()) {
        auto first = model::Ipv4::parse(parts->b);
        auto net = m_blocks.find(parts->a);
        if (first && net != m_blocks.end()) net->second.erase(first->value);
    }
}

void ClusterView::replaceClaims(const std::string& networkId,
                                const std::vector<mvccpb::KeyValue>& kvs) {
    std::lock_guard lock(m_mutex);
    auto& claims = m_claims[networkId];
    claims.clear();
    Change ignored;
    for (const auto& kv : kvs) applyPutLocked(kv.key(), kv.value(), ignored);
}

void ClusterView::replaceBlocks(const std::string& networkId,
                                const std::vector<mvccpb::KeyValue>& kvs) {
    std::lock_guard lock(m_mutex);
    m_blocks[networkId].clear();
    Change ignored;
    for (const auto& kv : kvs) applyPutLocked(kv.key(), kv.value(), ignored);
}

void ClusterView::putBlock(const std::string& networkId, uint32_t first,
                           const v1::AddressBlock& block) {
    std::lock_guard lock(m_mutex);
    m_blocks[networkId][first] = block;
}

void ClusterView::dropBlock(const std::string& networkId, uint32_t first) {
    std::lock_guard lock(m_mutex);
    auto net = m_blocks.find(networkId);
    if (net != m_blocks.end()) net->second.erase(first);
}

std::vector<uint32_t> ClusterView::blocks(const std::string& networkId) const {
    std::lock_guard lock(m_mutex);
    std::vector<uint32_t> out;
    auto net = m_blocks.find(networkId);
    if (net == m_blocks.end()) return out;
    for (const auto& [first, b] : net->second) out.push_back(first);
    return out;
}

std::vector<uint32_t> ClusterView::blocksOf(const std::string& networkId,
                                            const std::string& hostId) const {
    std::lock_guard lock(m_mutex);
    std::vector<uint32_t> out;
    auto net = m_blocks.find(networkId);
    if (net == m_blocks.end()) return out;
    for (const auto& [first, b] : net->second) {
        if (b.host_id() == hostId) out.push_back(first);
    }
    return out;
}

std::vector<std::pair<std::string, uint32_t>> ClusterView::allBlocksOf(
    const std::string& hostId) const {
    std::lock_guard lock(m_mutex);
    std::vector<std::pair<std::string, uint32_t>> out;
    for (const auto& [net, blocks] : m_blocks) {
        for (const auto& [first, b] : blocks) {
            if (b.host_id() == hostId) out.emplace_back(net, first);
        }
    }
    return out;
}

bool ClusterView::synced() const {
    std::lock_guard lock(m_mutex);
    return m_synced;
}

int64_t ClusterView::revision() const {
    std::lock_guard lock(m_mutex);
    return m_revision;
}

std::vector<v1::Network> ClusterView::networks() const {
    std::lock_guard lock(m_mutex);
    std::vector<v1::Network> out;
    for (const auto& [id, n] : m_networks) out.push_back(n);
    return out;
}

std::optional<std::vector<reconcile::Peer>> ClusterView::peers(const std::string& networkId) const {
    std::lock_guard lock(m_mutex);
    if (!m_synced) return std::nullopt;
    std::vector<reconcile::Peer> out;
    auto net = m_endpoints.find(networkId);
    if (net != m_endpoints.end()) {
        for (const auto& [id, e] : net->second) {
            if (e.host_id() == m_self) continue;
            if (auto p = toPeer(e)) out.push_back(*p);
        }
    }
    // Other live hosts' own addresses: their bridges answer latency probes.
    auto claims = m_claims.find(networkId);
    if (claims == m_claims.end()) return out;
    for (const auto& [ip, c] : claims->second) {
        if (!c.host_address() || c.host_id() == m_self || !m_alive.count(c.host_id())) continue;
        auto member = m_members.find(c.host_id());
        if (member == m_members.end()) continue;
        auto vtep = model::Ipv4::parse(member->second.vtep_ip());
        if (!vtep) continue;
        out.push_back({model::Ipv4{ip}, model::Mac::fromIpv4(model::Ipv4{ip}), *vtep});
    }
    return out;
}

std::vector<uint32_t> ClusterView::claimedAddresses(const std::string& networkId) const {
    std::lock_guard lock(m_mutex);
    std::vector<uint32_t> out;
    auto net = m_claims.find(networkId);
    if (net == m_claims.end()) return out;
    for (const auto& [ip, c] : net->second) out.push_back(ip);  // map order: ascending
    return out;
}

std::optional<v1::AddressClaim> ClusterView::claim(const std::string& networkId,
                                                   uint32_t ip) const {
    std::lock_guard lock(m_mutex);
    auto net = m_claims.find(networkId);
    if (net == m_claims.end()) return std::nullopt;
    auto c = net->second.find(ip);
    if (c == net->second.end()) return std::nullopt;
    return c->second;
}

std::vector<v1::Endpoint> ClusterView::endpoints(const std::string& networkId) const {
    std::lock_guard lock(m_mutex);
    std::vector<v1::Endpoint> out;
    for (const auto& [net, eps] : m_endpoints) {
        if (!networkId.empty() && net != networkId) continue;
        for (const auto& [id, e] : eps) out.push_back(e);
    }
    return out;
}

std::vector<v1::Host> ClusterView::hosts() const {
    std::lock_guard lock(m_mutex);
    std::map<std::string, uint32_t> counts;
    for (const auto& [net, eps] : m_endpoints) {
        for (const auto& [id, e] : eps) counts[e.host_id()]++;
    }
    std::vector<v1::Host> out;
    for (const auto& [id, h] : m_members) {
        v1::Host copy = h;
        copy.set_alive(m_alive.count(id) > 0);
        copy.set_endpoint_count(counts[id]);
        copy.set_network_count(0);
        out.push_back(copy);
    }
    return out;
}

std::vector<ClusterView::HeldClaim> ClusterView::claimsOf(const std::string& hostId) const {
    std::lock_guard lock(m_mutex);
    std::vector<HeldClaim> out;
    for (const auto& [net, claims] : m_claims) {
        for (const auto& [ip, c] : claims) {
            if (c.host_id() == hostId) {
                out.push_back({net, ip, c.endpoint_id(), c.host_address()});
            }
        }
    }
    return out;
}

std::vector<ClusterView::HostAddress> ClusterView::hostAddresses(
    const std::string& networkId) const {
    std::lock_guard lock(m_mutex);
    std::vector<HostAddress> out;
    auto net = m_claims.find(networkId);
    if (net == m_claims.end()) return out;
    for (const auto& [ip, c] : net->second) {
        if (!c.host_address()) continue;
        auto member = m_members.find(c.host_id());
        out.push_back({c.host_id(), member == m_members.end() ? c.host_id() : member->second.name(),
                       model::Ipv4{ip}, m_alive.count(c.host_id()) > 0});
    }
    return out;
}

std::optional<model::Ipv4> ClusterView::ownHostAddress(const std::string& networkId) const {
    std::lock_guard lock(m_mutex);
    return ownHostAddressLocked(networkId);
}

bool ClusterView::waitForOwnHostAddress(const std::string& networkId,
                                        std::chrono::milliseconds within) const {
    std::unique_lock lock(m_mutex);
    return m_changed.wait_for(lock, within,
                              [&] { return ownHostAddressLocked(networkId).has_value(); });
}

std::optional<model::Ipv4> ClusterView::ownHostAddressLocked(const std::string& networkId) const {
    auto net = m_claims.find(networkId);
    if (net == m_claims.end()) return std::nullopt;
    for (const auto& [ip, c] : net->second) {
        if (c.host_address() && c.host_id() == m_self) return model::Ipv4{ip};
    }
    return std::nullopt;
}

std::set<std::string> ClusterView::ownNetworks() const {
    std::lock_guard lock(m_mutex);
    std::set<std::string> out;
    for (const auto& [net, eps] : m_endpoints) {
        for (const auto& [id, e] : eps) {
            if (e.host_id() == m_self) {
                out.insert(net);
                break;
            }
        }
    }
    return out;
}

int64_t ClusterView::endpointCount(const std::string& networkId) const {
    std::lock_guard lock(m_mutex);
    auto net = m_endpoints.find(networkId);
    return net == m_endpoints.end() ? 0 : static_cast<int64_t>(net->second.size());
}

}  // namespace loom::engine::cluster
