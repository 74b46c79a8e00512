#include "engine/cluster/block_allocator.h"

#include <algorithm>
#include <functional>

#include "engine/cluster/keys.h"
#include "engine/cluster/records.h"
#include "engine/common/log.h"
#include "engine/ipam/ipam.h"

namespace loom::engine::cluster {

namespace {
constexpr const char* kLog = "cluster";
}

Result<bool> BlockAllocator::claim(const model::Network& network) {
    uint32_t size = ipam::blockSize(network.subnet);
    v1::AddressBlock record;
    record.set_host_id(m_self);
    record.set_size(size);
    for (int attempt = 0; attempt < 64; ++attempt) {
        std::vector<uint32_t> taken = m_view.claimedAddresses(network.id);
        taken.push_back(network.gateway.value);
        std::sort(taken.begin(), taken.end());
        auto first = ipam::freeBlock(network.subnet, m_view.blocks(network.id), taken,
                                     static_cast<uint32_t>(std::hash<std::string>{}(m_self)));
        if (!first) return false;
        std::string key = keys::block(network.id, *first);
        etcdserverpb::TxnRequest t;
        *t.add_compare() = compareAbsent(key);
        *t.add_success() = opPut(key, toJson(record));
        *t.add_failure() = opRange(keys::blocks(network.id), prefixEnd(keys::blocks(network.id)));
        auto r = m_client.txn(t);
        if (!r) return r.status();
        if (r->succeeded()) {
            m_view.putBlock(network.id, *first, record);
            LOOM_LOG(Debug, kLog) << "network " << network.name << ": block "
                                  << model::Ipv4{*first}.toString() << "/" << size << " claimed";
            return true;
        }
        // Another host took it first: look again with every block as etcd has them.
        const auto& kvs = r->responses(0).response_range().kvs();
        m_view.replaceBlocks(network.id, {kvs.begin(), kvs.end()});
    }
    return Status(common::Code::Aborted, "network \"" + network.name +
                                             "\": address blocks kept being taken by other hosts");
}

Status BlockAllocator::releaseEmpty(const model::Network& network,
                                    const std::vector<uint32_t>& used) {
    uint32_t size = ipam::blockSize(network.subnet);
    std::vector<uint32_t> mine = m_view.blocksOf(network.id, m_self);
    std::sort(mine.begin(), mine.end());
    bool spareKept = used.empty();
    for (uint32_t first : mine) {
        bool inUse = std::any_of(used.begin(), used.end(),
                                 [&](uint32_t a) { return a >= first && a - first < size; });
        if (inUse) continue;
        if (!spareKept) {
            spareKept = true;
            continue;
        }
        auto r = m_client.deleteRange(keys::block(network.id, first));
        if (!r) return r.status();
        m_view.dropBlock(network.id, first);
        LOOM_LOG(Debug, kLog) << "network " << network.name << ": block "
                              << model::Ipv4{first}.toString() << "/" << size << " released";
    }
    return {};
}

}  // namespace loom::engine::cluster
