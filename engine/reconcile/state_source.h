#pragma once

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "engine/common/status.h"
#include "engine/model/endpoint.h"
#include "engine/model/network.h"
#include "engine/reconcile/action.h"
#include "engine/reconcile/planner.h"

namespace loom::engine::reconcile {

using common::Result;
using common::Status;

// Desired state and ownership records, as the reconciler reads them. store/ implements it.
class StateSource {
public:
    virtual ~StateSource() = default;
    virtual Result<std::vector<model::Network>> networks() = 0;
    virtual Result<std::optional<model::Network>> network(const std::string& id) = 0;
    virtual Result<std::vector<model::Endpoint>> endpoints() = 0;
    virtual Result<std::optional<model::Endpoint>> endpoint(const std::string& id) = 0;
    // This host's endpoints on a network.
    virtual Result<int64_t> endpointCount(const std::string& networkId) = 0;
    // Ownership records: objects whose intent is gone but which may still be in the kernel.
    // (While an intent exists, its row is the record: see planner.h, ownedBy.)
    virtual Result<std::vector<OwnedObject>> owned() = 0;
    // The records of one endpoint, or with an empty endpoint id, of one network itself.
    virtual Result<std::vector<OwnedObject>> ownedBy(const std::string& networkId,
                                                     const std::string& endpointId) = 0;
    // Written in the transaction that deletes the intent.
    virtual Status recordOwned(const std::vector<OwnedObject>& objects) = 0;
    // Written after the objects are gone.
    virtual Status forgetOwned(const std::vector<OwnedObject>& objects) = 0;
};

// Endpoints on other hosts, as the cluster knows them. cluster/ implements it.
class PeerSource {
public:
    virtual ~PeerSource() = default;
    // The remote endpoints of a network; nullopt while the cluster's state is not known (never
    // read yet), in which case the kernel's entries are left as they are.
    virtual std::optional<std::vector<Peer>> peers(const std::string& networkId) = 0;
    // This host's own address on a network, once the cluster granted one.
    virtual std::optional<model::Ipv4> hostAddress(const std::string& networkId) = 0;
};

// What a pass was about: everything (full), or these networks (their own changes, and their
// remote endpoints') and these endpoints (made, changed or deleted).
struct Touched {
    bool full = false;
    std::set<std::string> networks;
    std::set<std::string> endpoints;
};

// What else lives in a network's sandbox (the DNS responder's sockets): told by the strand
// when sandboxes come and go. Called on the strand, so it must be quick and must not call back.
class SandboxHooks {
public:
    virtual ~SandboxHooks() = default;
    // Before a namespace is deleted, or made again at the same path: whatever holds a socket
    // in it lets go (a socket keeps its namespace, and every device in it, alive).
    virtual void releasing(const std::string& netnsPath) = 0;
    // After every pass: the networks whose sandboxes are up now, and what the pass was about
    // (work in proportion to it: a pass per endpoint is common).
    virtual void settled(const std::set<std::string>& built, const Touched& touched) = 0;
    // Before a network's sandbox is built or repaired here: what must be in place first (an
    // encrypted network's xfrm policies, so that its first packet cannot leave in clear). A
    // refusal leaves the network unbuilt, retried as any kernel failure. Quick, on the strand.
    virtual Status preparing(const model::Network&) { return {}; }
};

}  // namespace loom::engine::reconcile
