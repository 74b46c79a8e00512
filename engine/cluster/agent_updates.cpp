// Changes in place to what the cluster already has: a network's MTU and labels, an endpoint's
// labels. Each is one etcd transaction that writes only while the record is there.
#include "engine/cluster/agent.h"
#include "engine/cluster/keys.h"
#include "engine/cluster/records.h"
#include "engine/common/log.h"

namespace loom::engine::cluster {

namespace {

etcdserverpb::Compare compareExists(const std::string& key) {
    etcdserverpb::Compare c = compareAbsent(key);
    c.set_result(etcdserverpb::Compare::GREATER);
    return c;
}

}  // namespace

Status Agent::updateNetwork(const model::Network& network) {
    if (!m_connected) return refused("changing a network");
    const std::string key = keys::network(network.id);
    etcdserverpb::TxnRequest t;
    *t.add_compare() = compareExists(key);
    *t.add_success() = opPut(key, toJson(networkRecord(network)));
    auto r = m_client->txn(t);
    if (!r) return r.status();
    if (!r->succeeded()) {
        return common::notFound("network \"" + network.name + "\" is no longer in the cluster");
    }
    return {};
}

Status Agent::republishEndpoint(const model::Endpoint& endpoint) {
    if (!m_connected || m_lease == 0) return refused("changing an endpoint");
    auto n = m_store.network(endpoint.networkId);
    if (!n) return n.status();
    if (!n->has_value()) return common::notFound("network " + endpoint.networkId + " is gone");
    const std::string key = keys::endpoint(endpoint.networkId, endpoint.id);
    etcdserverpb::TxnRequest t;
    *t.add_compare() = compareExists(key);
    *t.add_success() = opPut(key, toJson(endpointRecord(endpoint, **n, m_self)), m_lease);
    auto r = m_client->txn(t);
    if (!r) return r.status();
    if (!r->succeeded()) {
        return common::notFound("endpoint \"" + endpoint.name + "\" is no longer in the cluster");
    }
    return {};
}

void Agent::claimHostAddresses(const std::set<std::string>& networks,
                               std::chrono::milliseconds within) {
    std::vector<std::string> missing;
    for (const auto& n : networks) {
        if (!m_view.ownHostAddress(n)) missing.push_back(n);
    }
    if (missing.empty() || !m_connected) return;
    if (Status s = ensureHostAddresses(); !s.isOk()) {
        LOOM_LOG(Debug, "cluster") << "host addresses: " << s.message();
        return;
    }
    auto until = std::chrono::steady_clock::now() + within;
    for (const auto& n : missing) {
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            until - std::chrono::steady_clock::now());
        if (left.count() <= 0 || !m_view.waitForOwnHostAddress(n, left)) return;
    }
}

}  // namespace loom::engine::cluster
