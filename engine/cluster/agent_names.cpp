// Endpoint names, unique per network across the cluster: a name key per endpoint, created only
// if absent in the transaction that publishes the endpoint (agent.cpp), and here the refusal
// that names the holder, and the claims made at (re)join for endpoints that have none.
#include "engine/cluster/agent.h"
#include "engine/cluster/keys.h"
#include "engine/cluster/records.h"
#include "engine/common/log.h"

namespace loom::engine::cluster {

namespace {
constexpr const char* kLog = "cluster";
}

Status Agent::nameTaken(const std::vector<model::Endpoint>& endpoints, size_t first, size_t last,
                        const std::map<std::string, model::Network>& networks) const {
    for (size_t i = first; i < last; ++i) {
        const auto& e = endpoints[i];
        auto holder = m_view.nameHolder(e.networkId, e.name);
        if (!holder || holder->endpoint_id() == e.id) continue;
        auto n = networks.find(e.networkId);
        std::string field =
            endpoints.size() > 1 ? "endpoints[" + std::to_string(i) + "].name" : "name";
        return common::alreadyExists(field + ": an endpoint \"" + e.name +
                                     "\" already exists on network \"" +
                                     (n != networks.end() ? n->second.name : e.networkId) +
                                     "\", on host \"" + m_view.hostName(holder->host_id()) + "\"");
    }
    return {};
}

Status Agent::claimNames(const std::vector<model::Endpoint>& endpoints) {
    std::map<std::string, std::string> networkNames;
    for (const auto& e : endpoints) {
        auto holder = m_view.nameHolder(e.networkId, e.name);
        if (holder && holder->endpoint_id() == e.id) continue;
        const std::string key = keys::name(e.networkId, e.name);
        if (!holder) {
            etcdserverpb::TxnRequest t;
            *t.add_compare() = compareAbsent(key);
            *t.add_success() = opPut(key, toJson(claimRecord(e, m_self)));
            *t.add_failure() = opRange(key);
            auto r = m_client->txn(t);
            if (!r) return r.status();
            if (r->succeeded()) continue;
            const auto& kvs = r->responses(0).response_range().kvs();
            holder.emplace();
            if (kvs.empty() || !fromJson(kvs[0].value(), &*holder)) continue;
            if (holder->endpoint_id() == e.id) continue;
        }
        if (!networkNames.count(e.networkId)) {
            auto n = m_store.network(e.networkId);
            networkNames[e.networkId] = n && n->has_value() ? (*n)->name : e.networkId;
        }
        // Made before names were unique: reported, not renamed (a name is how people and
        // programs find it). Its holder answers to the name; this one by address only.
        LOOM_LOG(Error, kLog) << "endpoint \"" << e.name << "\" on network \""
                              << networkNames[e.networkId]
                              << "\" has the same name as an endpoint of host \""
                              << m_view.hostName(holder->host_id())
                              << "\": names must be unique per network; the name resolves to "
                                 "that one, delete one of them and create it again with "
                                 "another name";
    }
    return {};
}

}  // namespace loom::engine::cluster
