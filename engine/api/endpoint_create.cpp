// EndpointService's creation path: intents stored in one transaction (clustered: checked,
// claimed in etcd, then stored), reconciled, and answered when the kernel has them.
#include <algorithm>

#include "engine/api/convert.h"
#include "engine/api/endpoint_service.h"
#include "engine/api/event_bus.h"
#include "engine/api/intents.h"
#include "engine/cluster/agent.h"
#include "engine/common/log.h"

namespace loom::engine::api {

using common::Status;

namespace {
constexpr const char* kLog = "api";
}  // namespace

grpc::ServerUnaryReactor* EndpointService::create(
    grpc::CallbackServerContext* ctx, std::vector<const v1::CreateEndpointRequest*> reqs,
    std::function<v1::Endpoint*()> nextResponse) {
    auto* reactor = ctx->DefaultReactor();
    if (m_ctx.cluster) {
        // The claims go to etcd: on the agent's writer, never on this callback thread.
        // The requests live until the reactor finishes.
        bool queued = m_ctx.cluster->submit(
            [this, reactor, reqs, nextResponse] { createClustered(reactor, reqs, nextResponse); });
        if (!queued) reactor->Finish(toGrpc(common::unavailable("the engine is stopping")));
        return reactor;
    }
    std::vector<model::Endpoint> created;
    AddressPlan plan;
    Status s = m_ctx.store.transaction([&] { return buildEndpoints(reqs, plan, created); });
    if (!s.isOk()) {
        reactor->Finish(toGrpc(s));
        return reactor;
    }
    reconcileCreated(reactor, std::move(created), std::move(nextResponse));
    return reactor;
}

Status EndpointService::buildEndpoints(const std::vector<const v1::CreateEndpointRequest*>& reqs,
                                       AddressPlan& plan, std::vector<model::Endpoint>& created) {
    created.clear();
    plan.taken.clear();
    plan.needsBlock.clear();
    for (size_t i = 0; i < reqs.size(); ++i) {
        std::string field = reqs.size() > 1 ? "endpoints[" + std::to_string(i) + "]" : "";
        auto e = createEndpointIntent(m_ctx, *reqs[i], field, plan);
        if (!e) return e.status();
        created.push_back(*e);
    }
    return {};
}

void EndpointService::createClustered(grpc::ServerUnaryReactor* reactor,
                                      const std::vector<const v1::CreateEndpointRequest*>& reqs,
                                      std::function<v1::Endpoint*()> nextResponse) {
    std::vector<model::Endpoint> created;
    AddressPlan plan;
    auto build = [&] { return buildEndpoints(reqs, plan, created); };
    Status s;
    bool networksRead = false;
    for (int attempt = 0;; ++attempt) {
        // Checked (and addresses chosen) against the store, written nowhere yet: the store's
        // lock is held for the checks only, never across the etcd call.
        s = checkOnly(m_ctx.store, build);
        if (s.code() == common::Code::NotFound && !networksRead) {
            // A network made on another host a moment ago may not have come by watch yet.
            networksRead = true;
            if (m_ctx.cluster->syncNetworks().isOk()) continue;
        }
        if (!plan.needsBlock.empty()) {
            auto n = m_ctx.store.network(plan.needsBlock);
            if (!n || !n->has_value()) {
                s = n ? common::notFound("network " + plan.needsBlock + " is gone") : n.status();
                break;
            }
            auto got = m_ctx.cluster->claimBlock(**n);
            if (!got) {
                s = got.status();
                break;
            }
            if (!*got) plan.borrow.insert(plan.needsBlock);
            if (attempt < 64) continue;
        }
        if (!s.isOk()) break;
        std::vector<uint32_t> conflicts;
        s = m_ctx.cluster->publishEndpoints(created, &conflicts);
        if (s.code() != common::Code::Aborted || attempt >= 30) break;
        // Another host took an address first (it borrowed, or it was static): a chosen one is
        // chosen again; a static one clashed.
        for (size_t i = 0; i < reqs.size() && i < created.size(); ++i) {
            if (reqs[i]->ip().empty()) continue;
            if (std::find(conflicts.begin(), conflicts.end(), created[i].ip.value) !=
                conflicts.end()) {
                std::string field =
                    reqs.size() > 1 ? "endpoints[" + std::to_string(i) + "].ip" : "ip";
                s = common::alreadyExists(field + ": " + reqs[i]->ip() +
                                          " is already taken by another host");
            }
        }
        if (s.code() != common::Code::Aborted) break;
    }
    if (s.isOk()) {
        holdAfterClaimForTests();
        // Only this thread writes endpoints while clustered, so what was checked still holds;
        // the network may have left the cluster meanwhile.
        s = m_ctx.store.transaction([&]() -> Status {
            for (const auto& e : created) {
                auto n = m_ctx.store.network(e.networkId);
                if (!n) return n.status();
                if (!n->has_value()) return common::notFound("network " + e.networkId + " is gone");
                LOOM_RETURN_IF_ERROR(m_ctx.store.insertEndpoint(e));
            }
            return {};
        });
        if (!s.isOk()) withdraw(created, "a failed store write");
    }
    if (s.isOk()) {
        std::set<std::string> networks;
        for (const auto& e : created) networks.insert(e.networkId);
        m_ctx.cluster->claimHostAddresses(networks, std::chrono::seconds(1));
    }
    if (!s.isOk()) {
        reactor->Finish(toGrpc(s));
        return;
    }
    reconcileCreated(reactor, std::move(created), std::move(nextResponse));
}

void EndpointService::withdraw(std::vector<model::Endpoint> endpoints, const std::string& after) {
    auto job = [this, endpoints, after] {
        if (Status u = m_ctx.cluster->unpublishEndpoints(endpoints); !u.isOk()) {
            // The sweep removes them once etcd answers: claims and records without a row.
            LOOM_LOG(Error, kLog) << "withdrawing the claims of " << endpoints.size()
                                  << " endpoint(s) after " << after << ": " << u.message()
                                  << "; left to the next sweep";
            m_ctx.cluster->requestSweep();
        }
    };
    if (m_ctx.cluster->onWriter()) {
        job();
    } else if (!m_ctx.cluster->submit(job)) {
        m_ctx.cluster->requestSweep();
    }
}

void EndpointService::reconcileCreated(grpc::ServerUnaryReactor* reactor,
                                       std::vector<model::Endpoint> created,
                                       std::function<v1::Endpoint*()> nextResponse) {
    std::vector<std::string> ids;
    for (const auto& e : created) ids.push_back(e.id);
    m_ctx.reconciler.markEndpoints(
        ids, [this, reactor, ids, created, nextResponse](const Status& st) {
            if (!st.isOk()) {
                // The kernel refused one: take all of them back, so the request changes nothing.
                // A rollback that fails is logged. A row that stays is still desired state: the
                // reconciler retries it and it is listed as failed until deleted; a claim that
                // stays is removed by the agent's sweep.
                Status undone = m_ctx.store.transaction([&]() -> Status {
                    for (const auto& e : created)
                        LOOM_RETURN_IF_ERROR(deleteEndpointIntent(m_ctx, e));
                    return {};
                });
                if (!undone.isOk()) {
                    LOOM_LOG(Error, kLog)
                        << "taking back " << created.size()
                        << " endpoint(s) after a kernel failure: " << undone.message();
                }
                if (m_ctx.cluster) withdraw(created, "a kernel failure");
                m_ctx.reconciler.markEndpoints(ids, {});
                reactor->Finish(toGrpc(st));
                return;
            }
            Status filled;
            for (const auto& id : ids) {
                v1::Endpoint* out = nextResponse();
                filled = fillEndpoint(m_ctx, id, out);
                if (!filled.isOk()) break;
                m_ctx.events.publish(endpointEvent(v1::Event::KIND_CREATED, *out, ""));
            }
            reactor->Finish(toGrpc(filled));
        });
}

}  // namespace loom::engine::api
