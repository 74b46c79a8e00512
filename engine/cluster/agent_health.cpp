// Backends that this host's health check took out of their services' sets, in etcd so that
// every host's clients leave them too: one record each, on this host's lease.
#include "engine/cluster/agent.h"
#include "engine/cluster/keys.h"
#include "engine/cluster/records.h"
#include "engine/common/log.h"

namespace loom::engine::cluster {

namespace {
constexpr const char* kLog = "cluster";
}

void Agent::setBackendHealth(const std::string& networkId, const std::string& endpointId,
                             std::optional<v1::ServiceBackend> out) {
    {
        std::lock_guard lock(m_healthMutex);
        if (out) {
            m_unhealthy[{networkId, endpointId}] = *out;
        } else {
            m_unhealthy.erase({networkId, endpointId});
        }
    }
    // What the key must say is read again when the job runs: the newest state wins.
    submit([this, networkId, endpointId] {
        if (!m_connected || m_lease == 0) return;  // the rejoin writes it
        std::optional<v1::ServiceBackend> want;
        {
            std::lock_guard lock(m_healthMutex);
            auto it = m_unhealthy.find({networkId, endpointId});
            if (it != m_unhealthy.end()) want = it->second;
        }
        const std::string key = keys::health(networkId, endpointId);
        Status s = want ? m_client->put(key, toJson(*want), m_lease).status()
                        : m_client
                              ->txn([&] {
                                  etcdserverpb::TxnRequest t;
                                  *t.add_success() = opDelete(key);
                                  return t;
                              }())
                              .status();
        if (!s.isOk()) {
            LOOM_LOG(Warning, kLog) << "health of " << endpointId << ": " << s.message()
                                    << " (written again when the cluster is back)";
        }
    });
}

Status Agent::republishHealth() {
    std::map<std::pair<std::string, std::string>, v1::ServiceBackend> held;
    {
        std::lock_guard lock(m_healthMutex);
        held = m_unhealthy;
    }
    etcdserverpb::TxnRequest t;
    for (const auto& [where, b] : held) {
        *t.add_success() = opPut(keys::health(where.first, where.second), toJson(b), m_lease);
    }
    for (const auto& [net, ep] : m_view.unhealthyOf(m_self.id)) {
        if (!held.count({net, ep})) *t.add_success() = opDelete(keys::health(net, ep));
    }
    if (t.success_size() == 0) return {};
    auto r = m_client->txn(t);
    if (!r) return r.status();
    LOOM_LOG(Info, kLog) << held.size() << " backend(s) out of their services, written again";
    return {};
}

}  // namespace loom::engine::cluster
