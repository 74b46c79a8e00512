#pragma once

#include <map>

#include "engine/common/status.h"
#include "engine/model/address.h"
#include "engine/reconcile/observed.h"

struct nl_sock;

// Permanent FDB and neighbour entries on a vxlan device: where remote endpoints live.
namespace loom::engine::netlink {

using common::Result;
using common::Status;

// The permanent entries of device `ifindex`: FDB entries it holds itself (NTF_SELF) with a
// remote destination, and IPv4 neighbours. Two dumps.
Result<reconcile::ObservedPeers> dumpPeers(nl_sock* sk, int ifindex);

// The permanent IPv4 neighbours of device `ifindex`. One dump.
Result<std::map<model::Ipv4, model::Mac>> dumpNeighbours(nl_sock* sk, int ifindex);

// Create or replace "MAC dst VTEP self permanent".
Status setFdb(nl_sock* sk, int ifindex, const model::Mac& mac, model::Ipv4 dst);
Status deleteFdb(nl_sock* sk, int ifindex, const model::Mac& mac);
// Create or replace "MAC dev vx0 master static" (the bridge's entry for the port).
Status setBridgeFdb(nl_sock* sk, int ifindex, const model::Mac& mac);
Status deleteBridgeFdb(nl_sock* sk, int ifindex, const model::Mac& mac);
// Create or replace "IP lladdr MAC permanent".
Status setNeighbour(nl_sock* sk, int ifindex, model::Ipv4 ip, const model::Mac& mac);
Status deleteNeighbour(nl_sock* sk, int ifindex, model::Ipv4 ip);

}  // namespace loom::engine::netlink
