#include "engine/api/host_service.h"

#include "engine/api/access.h"
#include "engine/api/convert.h"
#include "engine/api/intents.h"
#include "engine/cluster/agent.h"
#include "engine/common/log.h"
#include "engine/crypt/encryptor.h"
#include "engine/dns/resolvers.h"

namespace loom::engine::api {

using common::Status;

Status HostService::fillSelf(v1::Host* resp) {
    resp->set_id(m_ctx.hostId);
    resp->set_name(m_ctx.hostName);
    resp->set_vtep_ip(m_ctx.underlay.vtep.toString());
    resp->set_underlay_device(m_ctx.underlay.device);
    resp->set_underlay_mtu(m_ctx.underlay.mtu);
    resp->set_version(LOOM_VERSION);
    resp->set_alive(true);
    resp->set_name_prefix(m_ctx.naming.prefix);
    resp->set_netns_dir(m_ctx.naming.netnsDir);
    resp->set_api_address(m_ctx.apiAddress);
    resp->set_clustered(m_ctx.cluster != nullptr);
    resp->set_etcd_connected(m_ctx.cluster && m_ctx.cluster->connected());
    resp->set_can_encrypt(m_ctx.canEncrypt);
    resp->set_encryption_message(m_ctx.encryptionMessage);
    if (m_ctx.encryptor) {
        auto c = m_ctx.encryptor->counters();
        auto* e = resp->mutable_encryption();
        e->set_networks(c.networks);
        e->set_states(c.states);
        e->set_policies(c.policies);
        e->set_plaintext_dropped(c.plaintextDropped);
        e->set_decrypt_failed(c.decryptFailed);
        e->set_key_rotations(c.rotations);
    }
    auto networks = m_ctx.store.networks();
    auto endpoints = m_ctx.store.endpointCount("");
    if (networks) resp->set_network_count(static_cast<uint32_t>(networks->size()));
    if (endpoints) resp->set_endpoint_count(static_cast<uint32_t>(*endpoints));
    return !networks ? networks.status() : endpoints.status();
}

grpc::ServerUnaryReactor* HostService::GetHost(grpc::CallbackServerContext* ctx,
                                               const v1::GetHostRequest*, v1::Host* resp) {
    auto* reactor = ctx->DefaultReactor();
    Status s = fillSelf(resp);
    if (m_ctx.resolvers) {
        auto t = m_ctx.resolvers->totals();
        auto* dns = resp->mutable_dns();
        dns->set_responders(static_cast<uint32_t>(t.responders));
        dns->set_answered(t.answered);
        dns->set_forwarded(t.forwarded);
        dns->set_refused(t.refused);
        dns->set_malformed(t.malformed);
        for (const auto& u : m_ctx.dnsUpstreams) dns->add_upstreams(u);
    }
    reactor->Finish(toGrpc(s));
    return reactor;
}

grpc::ServerUnaryReactor* HostService::ListHosts(grpc::CallbackServerContext* ctx,
                                                 const v1::ListHostsRequest*,
                                                 v1::ListHostsResponse* resp) {
    auto* reactor = ctx->DefaultReactor();
    v1::Host self;
    if (Status s = fillSelf(&self); !s.isOk()) {
        reactor->Finish(toGrpc(s));
        return reactor;
    }
    if (!m_ctx.cluster) {
        *resp->add_hosts() = self;
        reactor->Finish(grpc::Status::OK);
        return reactor;
    }
    bool selfListed = false;
    for (const auto& h : m_ctx.cluster->view().hosts()) {
        auto* out = resp->add_hosts();
        *out = h;
        if (h.id() == m_ctx.hostId) {
            // This host's own numbers are read locally, and it is alive: it is answering.
            out->set_alive(true);
            out->set_endpoint_count(self.endpoint_count());
            out->set_etcd_connected(self.etcd_connected());
            selfListed = true;
        }
    }
    if (!selfListed) *resp->add_hosts() = self;
    reactor->Finish(grpc::Status::OK);
    return reactor;
}

grpc::ServerUnaryReactor* HostService::RemoveHost(grpc::CallbackServerContext* ctx,
                                                  const v1::RemoveHostRequest* req,
                                                  v1::RemoveHostResponse* resp) {
    if (auto* refused = refuse(m_ctx.access, ctx)) return refused;
    auto* reactor = ctx->DefaultReactor();
    Status s;
    if (req->host().empty()) {
        s = common::invalidArgument("host", "is required");
    } else if (!m_ctx.cluster) {
        s = common::failedPrecondition("this engine is standalone: there are no other hosts");
    } else {
        // etcd work: on the agent's writer, not on this callback thread.
        bool queued = m_ctx.cluster->submit([this, reactor, req, resp] {
            uint32_t released = 0;
            Status st = m_ctx.cluster->removeHost(req->host(), &released);
            resp->set_addresses_released(released);
            reactor->Finish(toGrpc(st));
        });
        if (queued) return reactor;
        s = common::unavailable("the engine is stopping");
    }
    reactor->Finish(toGrpc(s));
    return reactor;
}

grpc::ServerUnaryReactor* HostService::Teardown(grpc::CallbackServerContext* ctx,
                                                const v1::TeardownRequest* req,
                                                v1::TeardownResponse* resp) {
    if (auto* refused = refuse(m_ctx.access, ctx)) return refused;
    auto* reactor = ctx->DefaultReactor();
    if (!req->confirm()) {
        reactor->Finish(toGrpc(common::invalidArgument(
            "confirm",
            "must be true: teardown deletes every network and endpoint of this engine")));
        return reactor;
    }
    auto run = [this, reactor, resp] {
        uint32_t networks = 0, endpoints = 0;
        auto all = m_ctx.store.endpoints();
        Status s = all.status();
        // Clustered: networks belong to the cluster, and this host only leaves them (their
        // sandboxes go with the last local endpoint). Its endpoints leave etcd first, with no
        // store lock held across the call; only the writer thread adds endpoints meanwhile.
        if (s.isOk() && m_ctx.cluster) s = m_ctx.cluster->unpublishEndpoints(*all);
        if (s.isOk()) {
            s = m_ctx.store.transaction([&]() -> Status {
                for (const auto& e : *all) LOOM_RETURN_IF_ERROR(deleteEndpointIntent(m_ctx, e));
                endpoints = static_cast<uint32_t>(all->size());
                if (m_ctx.cluster) return {};
                auto nets = m_ctx.store.networks();
                if (!nets) return nets.status();
                for (const auto& n : *nets) LOOM_RETURN_IF_ERROR(deleteNetworkIntent(m_ctx, n));
                networks = static_cast<uint32_t>(nets->size());
                return {};
            });
        }
        if (!s.isOk()) {
            reactor->Finish(toGrpc(s));
            return;
        }
        LOOM_LOG(Info, "api") << "teardown: " << networks << " network(s), " << endpoints
                              << " endpoint(s)";
        resp->set_networks_deleted(networks);
        resp->set_endpoints_deleted(endpoints);
        // A full pass removes everything owned that nothing wants any more.
        m_ctx.reconciler.requestFullPass(
            [reactor](const Status& st) { reactor->Finish(toGrpc(st)); });
    };
    runOrdered(m_ctx, reactor, std::move(run));
    return reactor;
}

}  // namespace loom::engine::api
