#include "engine/reconcile/action.h"

namespace loom::engine::reconcile {

std::string Action::describe() const {
    switch (kind) {
        case Kind::CreateNetns:
            return "create netns " + netns;
        case Kind::DeleteNetns:
            return "delete netns " + netns;
        case Kind::CreateBridge:
            return "create bridge " + link + " in " + netns;
        case Kind::CreateVxlan:
            return "create vxlan " + link + " id " + std::to_string(vni) + " in " + netns;
        case Kind::CreateVeth:
            return "create veth " + link + "/" + peerLink + " in " + netns;
        case Kind::ConfigurePeer:
            return "configure " + peerLink + " in " + peerNetns;
        case Kind::SetLink:
            return "set link " + link + " in " + netns;
        case Kind::AddAddress:
            return "add address " + address.toString() + "/" + std::to_string(prefix) + " to " +
                   link + " in " + netns;
        case Kind::DeleteLinks:
            return "delete " + std::to_string(links.size()) + " link(s) in " + netns;
        case Kind::SetFdb:
            return "fdb " + mac.toString() + " dst " + local.toString() + " in " + netns;
        case Kind::DeleteFdb:
            return "delete fdb " + mac.toString() + " in " + netns;
        case Kind::SetBridgeFdb:
            return "bridge fdb " + mac.toString() + " on vx0 in " + netns;
        case Kind::DeleteBridgeFdb:
            return "delete bridge fdb " + mac.toString() + " in " + netns;
        case Kind::SetNeighbour:
            return "neighbour " + address.toString() + " lladdr " + mac.toString() + " in " + netns;
        case Kind::DeleteNeighbour:
            return "delete neighbour " + address.toString() + " in " + netns;
        case Kind::SetBridgeNeighbour:
            return "neighbour " + address.toString() + " lladdr " + mac.toString() + " on br0 in " +
                   netns;
        case Kind::DeleteBridgeNeighbour:
            return "delete neighbour " + address.toString() + " on br0 in " + netns;
        case Kind::SetEndpointNeighbour:
            return "neighbour " + address.toString() + " lladdr " + mac.toString() + " on " +
                   peerLink + " in " + peerNetns;
        case Kind::SetHostAddress:
            return "host address " + address.toString() + "/" + std::to_string(prefix) + " mac " +
                   mac.toString() + " on " + link + " in " + netns;
        case Kind::UnfilterBridge:
            return "bridged frames skip iptables in " + netns;
        case Kind::DeleteAddress:
            return "delete address " + address.toString() + "/" + std::to_string(prefix) +
                   " from " + link + " in " + netns;
    }
    return "?";
}

}  // namespace loom::engine::reconcile
