#pragma once

#include <string>
#include <vector>

#include "engine/common/status.h"
#include "engine/model/address.h"
#include "engine/reconcile/observed.h"

struct nl_sock;

// One function per kernel object kind, each a single request (or as few as it can be) on a
// socket that already lives in the right namespace.
namespace loom::engine::netlink {

using common::Result;
using common::Status;
using reconcile::LinkFacts;
using reconcile::VxlanFacts;

// Facts of a link by name; `exists` is false when there is none. `bridgeIndex` (or 0) decides
// `enslaved`. With `vxlan`, also reads the vxlan attributes.
Result<LinkFacts> getLink(nl_sock* sk, const std::string& name, int bridgeIndex,
                          VxlanFacts* vxlan = nullptr, int* ifindex = nullptr);
Result<int> linkIndex(nl_sock* sk, const std::string& name);

Status createBridge(nl_sock* sk, const std::string& name, const model::Mac& mac, uint32_t mtu);

// Sent on a socket of the host namespace with the link placed straight into `sandboxFd`: the
// vxlan device keeps its UDP socket in the namespace of the request, i.e. on the underlay.
Status createVxlan(nl_sock* hostSk, int sandboxFd, const std::string& name, uint32_t vni,
                   uint32_t port, model::Ipv4 local, int underlayIfindex, uint32_t mtu);

// The veth pair in one request: `name` up on the bridge here, `peerName` (down) in `peerNsFd`.
Status createVeth(nl_sock* sk, const std::string& name, int bridgeIndex, uint32_t mtu, int peerNsFd,
                  const std::string& peerName, const model::Mac& mac);

// MTU and up; with masterIndex > 0 also enslaves.
Status setLink(nl_sock* sk, const std::string& name, uint32_t mtu, int masterIndex);

// The same for a link whose index is known: one request, no lookup.
Status setLinkByIndex(nl_sock* sk, int ifindex, uint32_t mtu, int masterIndex);

Status addAddress(nl_sock* sk, int ifindex, model::Ipv4 ip, int prefix);
Result<bool> hasAddress(nl_sock* sk, int ifindex, model::Ipv4 ip, int prefix);
// The IPv4 addresses of one link: (address, prefix).
Result<std::vector<std::pair<model::Ipv4, int>>> addressesOf(nl_sock* sk, int ifindex);
Status deleteAddress(nl_sock* sk, int ifindex, model::Ipv4 ip, int prefix);
// A link's MAC address (a bridge given one keeps it, whatever its ports are).
Status setLinkMac(nl_sock* sk, int ifindex, const model::Mac& mac);

// Deletes the named links; more than one go in one kernel request (by link group), which
// costs the kernel one RCU grace period instead of one per link.
Status deleteLinks(nl_sock* sk, const std::vector<std::string>& names);

}  // namespace loom::engine::netlink
