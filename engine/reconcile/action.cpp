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
    }
    return "?";
}

}  // namespace loom::engine::reconcile
