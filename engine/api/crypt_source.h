#pragma once

#include "engine/api/engine_context.h"
#include "engine/crypt/encryptor.h"

namespace loom::engine::api {

// The encryptor's view of this engine: encrypted networks from the store, who shares them and
// their keys from the cluster's view, this host's records written through the agent.
class EngineCryptSource : public crypt::CryptSource {
public:
    explicit EngineCryptSource(EngineContext& ctx) : m_ctx(ctx) {}
    std::vector<crypt::CryptNetwork> networks() override;
    std::optional<std::map<std::string, std::vector<crypt::Partner>>> partners() override;
    std::map<crypt::Direction, v1::EspKeys> keys() override;
    std::map<crypt::Direction, uint32_t> acks() override;
    void write(const crypt::Step& step) override;

private:
    EngineContext& m_ctx;
};

}  // namespace loom::engine::api
