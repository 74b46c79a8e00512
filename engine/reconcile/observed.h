#pragma once

#include <cstdint>
#include <optional>

#include "engine/model/address.h"

namespace loom::engine::reconcile {

struct LinkFacts {
    bool exists = false;
    bool up = false;
    uint32_t mtu = 0;
    bool enslaved = false;  // its master is the sandbox bridge
    bool isVeth = false;
    model::Mac mac;
};

struct VxlanFacts {
    uint32_t vni = 0;
    uint32_t port = 0;
    model::Ipv4 local;
    int underlayIfindex = 0;
    bool learning = false;
    bool proxy = false;
};

struct ObservedNetwork {
    bool sandbox = false;
    LinkFacts bridge;
    bool bridgeAddress = false;
    LinkFacts vxlan;
    VxlanFacts vxlanFacts;
};

struct ObservedEndpoint {
    bool netns = false;
    LinkFacts hostVeth;
    LinkFacts peer;
    bool peerAddress = false;
};

}  // namespace loom::engine::reconcile
