#pragma once

#include <string>
#include <vector>

#include "engine/cluster/etcd_client.h"
#include "engine/cluster/view.h"
#include "engine/model/network.h"

namespace loom::engine::cluster {

// This host's blocks of each network's addresses in etcd (keys::block, ipam::blockSize). A host
// picks its endpoints' addresses inside its own blocks, so hosts that create at the same time
// do not race for the same addresses; etcd arbitrates only the rare block claim. Used by the
// agent's writer thread only.
class BlockAllocator {
public:
    BlockAllocator(EtcdClient& client, ClusterView& view, std::string selfId)
        : m_client(client), m_view(view), m_self(std::move(selfId)) {}

    // Claims one more block of `network` for this host (the first that nobody owns and that has
    // room). False when every block is owned: the caller then borrows a free address anywhere.
    Result<bool> claim(const model::Network& network);

    // Releases this host's blocks of `network` that hold none of `used` (the addresses of its
    // endpoints there), keeping one empty block while `used` is not empty so that a host that
    // creates and deletes in turn does not claim and release a block each time.
    Status releaseEmpty(const model::Network& network, const std::vector<uint32_t>& used);

private:
    EtcdClient& m_client;
    ClusterView& m_view;
    std::string m_self;
};

}  // namespace loom::engine::cluster
