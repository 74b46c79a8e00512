// Services in etcd: a record per service (not on a lease: a service outlives any host) and its
// VIP's address claim, written together, so no two services and no endpoint share an address.
#include <algorithm>

#include "engine/cluster/agent.h"
#include "engine/cluster/keys.h"
#include "engine/cluster/records.h"
#include "engine/common/log.h"

namespace loom::engine::cluster {

namespace {
constexpr const char* kLog = "cluster";
}

common::Result<model::Service> Agent::createService(const ServiceBuilder& build) {
    if (!m_connected) return refused("creating a service");
    for (int attempt = 0; attempt < 10; ++attempt) {
        auto r = m_client->range(keys::services(), prefixEnd(keys::services()));
        if (!r) return r.status();
        std::vector<model::Service> existing;
        for (const auto& kv : r->kvs()) {
            v1::Service record;
            if (!fromJson(kv.value(), &record)) continue;
            if (auto s = serviceFromRecord(record)) existing.push_back(*s);
        }
        auto s = build(existing, attempt);
        if (!s) return s.status();
        const std::string claimKey = keys::claim(s->networkId, s->vip);
        v1::AddressClaim claim;
        claim.set_endpoint_id(serviceClaimOwner(s->id));
        etcdserverpb::TxnRequest t;
        *t.add_compare() = compareUnchangedSince(keys::services(), prefixEnd(keys::services()),
                                                 r->header().revision());
        *t.add_compare() = compareAbsent(claimKey);
        *t.add_success() = opPut(keys::service(s->id), toJson(serviceRecord(*s)));
        *t.add_success() = opPut(claimKey, toJson(claim));
        *t.add_failure() =
            opRange(keys::claims(s->networkId), prefixEnd(keys::claims(s->networkId)));
        // Before the write: its watch event may come before txn() returns.
        {
            std::lock_guard lock(m_ownServicesMutex);
            m_ownServices.insert(s->id);
        }
        auto done = m_client->txn(t);
        if (!done || !done->succeeded()) {
            std::lock_guard lock(m_ownServicesMutex);
            m_ownServices.erase(s->id);
        }
        if (!done) return done.status();
        if (done->succeeded()) {
            LOOM_LOG(Info, kLog) << "service " << s->name << ": created in the cluster, VIP "
                                 << s->vip.toString();
            return s;
        }
        // Another service, or the VIP taken meanwhile: read the claims again and rebuild.
        const auto& kvs = done->responses(0).response_range().kvs();
        m_view.replaceClaims(s->networkId, {kvs.begin(), kvs.end()});
    }
    return Status(common::Code::Aborted,
                  "services kept changing in the cluster while this one was created; try again");
}

Status Agent::deleteService(const model::Service& service) {
    if (!m_connected) return refused("deleting a service");
    etcdserverpb::TxnRequest t;
    *t.add_success() = opDelete(keys::service(service.id));
    // The VIP's claim, if it is still this service's.
    auto held = m_view.claim(service.networkId, service.vip.value);
    if (held && held->endpoint_id() == serviceClaimOwner(service.id)) {
        *t.add_success() = opDelete(keys::claim(service.networkId, service.vip));
    }
    {
        std::lock_guard lock(m_ownServicesMutex);
        m_ownServices.insert(service.id);
    }
    auto r = m_client->txn(t);
    if (!r) {
        std::lock_guard lock(m_ownServicesMutex);
        m_ownServices.erase(service.id);
        return r.status();
    }
    return {};
}

void Agent::dropOwnServiceWrites(ClusterView::Change& change) {
    if (change.servicesPut.empty() && change.servicesDeleted.empty()) return;
    std::lock_guard lock(m_ownServicesMutex);
    auto drop = [&](std::vector<v1::Service>& list) {
        list.erase(
            std::remove_if(list.begin(), list.end(),
                           [&](const v1::Service& s) { return m_ownServices.erase(s.id()) > 0; }),
            list.end());
    };
    drop(change.servicesPut);
    drop(change.servicesDeleted);
}

}  // namespace loom::engine::cluster
