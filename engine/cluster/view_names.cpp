// The names of the cluster view: who holds which endpoint name on which network, the
// services, and the backends their hosts' health checks took out.
#include <cctype>

#include "engine/cluster/keys.h"
#include "engine/cluster/records.h"
#include "engine/cluster/view.h"

namespace loom::engine::cluster {

std::string keys::lowerName(const std::string& name) {
    std::string out = name;
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

void ClusterView::replaceNames(const std::string& networkId,
                               const std::vector<mvccpb::KeyValue>& kvs) {
    std::lock_guard lock(m_mutex);
    m_names[networkId].clear();
    Change ignored;
    for (const auto& kv : kvs) applyPutLocked(kv.key(), kv.value(), ignored);
}

std::optional<v1::AddressClaim> ClusterView::nameHolder(const std::string& networkId,
                                                        const std::string& name) const {
    std::lock_guard lock(m_mutex);
    auto net = m_names.find(networkId);
    if (net == m_names.end()) return std::nullopt;
    auto it = net->second.find(keys::lowerName(name));
    if (it == net->second.end()) return std::nullopt;
    return it->second;
}

std::vector<ClusterView::HeldName> ClusterView::namesOf(const std::string& hostId) const {
    std::lock_guard lock(m_mutex);
    std::vector<HeldName> out;
    for (const auto& [net, names] : m_names) {
        for (const auto& [name, c] : names) {
            if (c.host_id() == hostId) out.push_back({net, name, c.endpoint_id()});
        }
    }
    return out;
}

std::vector<v1::Service> ClusterView::services(const std::string& networkId) const {
    std::lock_guard lock(m_mutex);
    std::vector<v1::Service> out;
    for (const auto& [id, s] : m_services) {
        if (networkId.empty() || s.network_id() == networkId) out.push_back(s);
    }
    return out;
}

std::optional<v1::ServiceBackend> ClusterView::unhealthy(const std::string& networkId,
                                                         const std::string& endpointId) const {
    std::lock_guard lock(m_mutex);
    auto net = m_health.find(networkId);
    if (net == m_health.end()) return std::nullopt;
    auto it = net->second.find(endpointId);
    if (it == net->second.end()) return std::nullopt;
    return it->second;
}

std::vector<std::pair<std::string, std::string>> ClusterView::unhealthyOf(
    const std::string& hostId) const {
    std::lock_guard lock(m_mutex);
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& [net, backends] : m_health) {
        for (const auto& [id, b] : backends) {
            if (b.host_id() == hostId) out.emplace_back(net, id);
        }
    }
    return out;
}

std::string ClusterView::hostName(const std::string& hostId) const {
    std::lock_guard lock(m_mutex);
    auto it = m_members.find(hostId);
    return it == m_members.end() || it->second.name().empty() ? hostId : it->second.name();
}

}  // namespace loom::engine::cluster
