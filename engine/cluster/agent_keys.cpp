// This host's records of encrypted networks in etcd: the keys it receives with (per network
// and sender) and its acks of the keys it sends with, all on its lease. Their values are
// secret: no log line here prints one, only which record.
#include "engine/cluster/agent.h"
#include "engine/cluster/keys.h"
#include "engine/common/log.h"

namespace loom::engine::cluster {

namespace {
constexpr const char* kLog = "cluster";
}

void Agent::writeEspRecords(std::vector<v1::EspKeys> publish, std::vector<Direction> withdraw,
                            std::map<Direction, uint32_t> acks,
                            std::vector<Direction> withdrawAcks) {
    if (publish.empty() && withdraw.empty() && acks.empty() && withdrawAcks.empty()) return;
    submit([this, publish = std::move(publish), withdraw = std::move(withdraw),
            acks = std::move(acks), withdrawAcks = std::move(withdrawAcks)] {
        if (!m_connected || m_lease == 0) return;  // written again from the view after a rejoin
        etcdserverpb::TxnRequest t;
        for (const auto& r : publish) {
            *t.add_success() = opPut(keys::espKeys(r.network_id(), r.receiver_id(), r.sender_id()),
                                     toJson(r), m_lease);
        }
        for (const auto& [net, receiver, sender] : withdraw) {
            *t.add_success() = opDelete(keys::espKeys(net, receiver, sender));
        }
        for (const auto& [d, generation] : acks) {
            const auto& [net, receiver, sender] = d;
            v1::EspKeyAck a;
            a.set_generation(generation);
            *t.add_success() = opPut(keys::espAck(net, receiver, sender), toJson(a), m_lease);
        }
        for (const auto& [net, receiver, sender] : withdrawAcks) {
            *t.add_success() = opDelete(keys::espAck(net, receiver, sender));
        }
        if (auto r = m_client->txn(t); !r) {
            LOOM_LOG(Warning, kLog) << "encryption keys: " << r.status().message()
                                    << " (written again on the next pass)";
        }
    });
}

}  // namespace loom::engine::cluster
