#include "engine/api/peers.h"

#include <algorithm>
#include <iterator>

#include "engine/cluster/agent.h"

namespace loom::engine::api {

Peers::Peers(std::shared_ptr<grpc::ChannelCredentials> credentials, cluster::Agent* agent,
             std::string selfId)
    : m_credentials(std::move(credentials)), m_agent(agent), m_self(std::move(selfId)) {}

bool Peers::isSelf(const std::string& idOrName) const {
    if (idOrName.empty() || idOrName == m_self) return true;
    if (!m_agent) return false;
    for (const auto& h : m_agent->view().hosts()) {
        if (h.id() == m_self && h.name() == idOrName) return true;
    }
    return false;
}

common::Result<v1::Host> Peers::find(const std::string& idOrName) const {
    if (!m_agent) {
        return common::failedPrecondition("host \"" + idOrName +
                                          "\": this engine is not in a cluster (no --etcd)");
    }
    std::optional<v1::Host> found;
    for (const auto& h : m_agent->view().hosts()) {
        if (h.id() == idOrName || h.name() == idOrName) found = h;
    }
    if (!found) return common::notFound("host: no host \"" + idOrName + "\" in the cluster");
    if (!found->alive()) {
        return common::unavailable("host \"" + found->name() +
                                   "\" is not alive (its lease expired); its engine cannot answer");
    }
    if (found->api_address().empty()) {
        return common::failedPrecondition(
            "host \"" + found->name() +
            "\" publishes no API address: start its engine with --listen and TLS files");
    }
    if (!m_credentials) {
        return common::failedPrecondition(
            "this engine cannot reach host \"" + found->name() +
            "\": it has no certificate of its own (start it with --listen and TLS files)");
    }
    return *found;
}

std::vector<v1::Host> Peers::others() const {
    std::vector<v1::Host> out;
    if (!m_agent || !m_credentials) return out;
    for (const auto& h : m_agent->view().hosts()) {
        if (h.id() != m_self && h.alive() && !h.api_address().empty()) out.push_back(h);
    }
    return out;
}

common::Result<std::shared_ptr<grpc::Channel>> Peers::channel(const v1::Host& host) {
    if (!m_credentials) return common::failedPrecondition("no certificate for peer calls");
    std::lock_guard lock(m_mutex);
    auto& slot = m_channels[host.id()];
    if (!slot.second || slot.first != host.api_address()) {
        // A replaced channel is kept: a forwarded call finishing on gRPC's callback thread must
        // never drop the last reference (gRPC 1.51 aborts; see DESIGN-NOTES).
        if (slot.second) m_retired.push_back(slot.second);
        grpc::ChannelArguments args;
        // Certificates name the host by its underlay address, which is what we dial.
        args.SetInt(GRPC_ARG_KEEPALIVE_TIME_MS, 10000);
        // A peer that restarts is back within a second, not after gRPC's two-minute backoff.
        args.SetInt(GRPC_ARG_INITIAL_RECONNECT_BACKOFF_MS, 200);
        args.SetInt(GRPC_ARG_MAX_RECONNECT_BACKOFF_MS, 1000);
        args.SetInt(GRPC_ARG_ENABLE_RETRIES, 0);
        slot = {host.api_address(),
                grpc::CreateCustomChannel(host.api_address(), m_credentials, args)};
    }
    return slot.second;
}

size_t Peers::releaseRetired() {
    std::vector<std::shared_ptr<grpc::Channel>> idle;
    {
        std::lock_guard lock(m_mutex);
        // Only m_retired holds these: no call is in flight on them, and no one can take them.
        auto keep = std::partition(m_retired.begin(), m_retired.end(),
                                   [](const auto& c) { return c.use_count() > 1; });
        idle.assign(std::make_move_iterator(keep), std::make_move_iterator(m_retired.end()));
        m_retired.erase(keep, m_retired.end());
    }
    return idle.size();  // the last references go here, on the caller's thread
}

std::unique_ptr<grpc::ClientContext> Peers::context(std::chrono::milliseconds deadline,
                                                    const Caller* onBehalf) const {
    auto ctx = std::make_unique<grpc::ClientContext>();
    if (deadline.count() > 0) ctx->set_deadline(std::chrono::system_clock::now() + deadline);
    ctx->AddMetadata(kForwardedHeader, m_self);
    if (onBehalf) stamp(*ctx, *onBehalf);
    return ctx;
}

bool forwarded(const grpc::CallbackServerContext* ctx) {
    return ctx->client_metadata().count(kForwardedHeader) > 0;
}

}  // namespace loom::engine::api
