// The view's side of encrypted networks: keys, acks and who shares a network.
#include "engine/cluster/view.h"

namespace loom::engine::cluster {

std::map<ClusterView::Direction, v1::EspKeys> ClusterView::espKeys() const {
    std::lock_guard lock(m_mutex);
    return m_espKeys;
}

std::map<ClusterView::Direction, uint32_t> ClusterView::espAcks() const {
    std::lock_guard lock(m_mutex);
    return m_espAcks;
}

std::map<std::string, model::Ipv4> ClusterView::remoteHostsOn(const std::string& networkId) const {
    std::lock_guard lock(m_mutex);
    std::map<std::string, model::Ipv4> out;
    auto net = m_endpoints.find(networkId);
    if (net == m_endpoints.end()) return out;
    for (const auto& [id, e] : net->second) {
        if (e.host_id() == m_self || !m_alive.count(e.host_id())) continue;
        if (auto vtep = model::Ipv4::parse(e.vtep_ip())) out[e.host_id()] = *vtep;
    }
    return out;
}

}  // namespace loom::engine::cluster
