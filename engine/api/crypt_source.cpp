#include "engine/api/crypt_source.h"

#include "engine/cluster/agent.h"

namespace loom::engine::api {

std::vector<crypt::CryptNetwork> EngineCryptSource::networks() {
    std::vector<crypt::CryptNetwork> out;
    auto all = m_ctx.store.networks();
    if (!all) return out;
    for (const auto& n : *all) {
        if (n.encrypted) out.push_back({n.id, n.vni, n.port, n.keyRotationS});
    }
    return out;
}

std::optional<std::map<std::string, std::vector<crypt::Partner>>> EngineCryptSource::partners() {
    if (!m_ctx.cluster || !m_ctx.cluster->view().synced()) return std::nullopt;
    std::map<std::string, std::vector<crypt::Partner>> out;
    for (const auto& n : networks()) {
        auto local = m_ctx.store.endpointCount(n.id);
        if (!local || *local == 0) continue;  // no sandbox here: nothing to send or receive
        auto& list = out[n.id];
        for (const auto& [host, vtep] : m_ctx.cluster->view().remoteHostsOn(n.id)) {
            list.push_back({host, vtep});
        }
    }
    return out;
}

std::map<crypt::Direction, v1::EspKeys> EngineCryptSource::keys() {
    if (!m_ctx.cluster) return {};
    return m_ctx.cluster->view().espKeys();
}

std::map<crypt::Direction, uint32_t> EngineCryptSource::acks() {
    if (!m_ctx.cluster) return {};
    return m_ctx.cluster->view().espAcks();
}

void EngineCryptSource::write(const crypt::Step& step) {
    if (!m_ctx.cluster) return;
    m_ctx.cluster->writeEspRecords(step.publish, step.withdraw, step.ack, step.withdrawAcks);
}

}  // namespace loom::engine::api
