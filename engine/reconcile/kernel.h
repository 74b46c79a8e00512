#pragma once

#include <string>
#include <vector>

#include "engine/common/status.h"
#include "engine/reconcile/action.h"
#include "engine/reconcile/observed.h"

namespace loom::engine::reconcile {

using common::Result;
using common::Status;

// Names inside a network's sandbox namespace.
constexpr const char* kBridgeName = "br0";
constexpr const char* kVxlanName = "vx0";

struct LinkEvent {
    std::string name;
    bool deleted = false;
    bool up = false;
    // The socket overran (ENOBUFS): events were lost, so what changed is unknown.
    bool overrun = false;
    // A static FDB or neighbour entry (the kind Loom writes) was added, changed or removed.
    bool neighbour = false;
};

// What the reconciler needs of the kernel. netlink/ implements it with libnl-route-3.
class Kernel {
public:
    virtual ~Kernel() = default;

    virtual Result<ObservedNetwork> observeNetwork(const std::string& sandbox, model::Ipv4 gateway,
                                                   int prefix) = 0;
    virtual Result<ObservedEndpoint> observeEndpoint(const std::string& sandbox,
                                                     const std::string& hostVeth,
                                                     const std::string& netns,
                                                     const std::string& interfaceName,
                                                     model::Ipv4 address, int prefix) = 0;
    virtual Result<ObservedPeers> observePeers(const std::string& sandbox) = 0;
    // Idempotent where it can be: deleting what is already gone succeeds.
    virtual Status apply(const Action& action) = 0;

    // Namespace files in `dir` whose names start with `prefix`.
    virtual std::vector<std::string> listNetns(const std::string& dir,
                                               const std::string& prefix) = 0;

    // Link notifications of a namespace: a pollable fd, then the events that arrived on it.
    virtual Result<int> watchLinks(const std::string& netns) = 0;
    virtual std::vector<LinkEvent> readLinkEvents(int fd) = 0;
    virtual void unwatchLinks(int fd) = 0;
    // Drops cached handles of a namespace that was deleted or re-created.
    virtual void forgetNetns(const std::string& netns) = 0;
};

}  // namespace loom::engine::reconcile
