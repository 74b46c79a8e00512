#pragma once

#include <string>
#include <vector>

#include "engine/model/naming.h"
#include "engine/reconcile/planner.h"
#include "engine/reconcile/reconciler.h"
#include "engine/reconcile/status_board.h"
#include "engine/store/store.h"

namespace loom::engine::api {

class Access;
class EventBus;
class Peers;
}  // namespace loom::engine::api
namespace loom::engine::cluster {
class Agent;
}
namespace loom::engine::dns {
class Resolvers;
}
namespace loom::engine::services {
class HealthChecker;
}
namespace loom::engine::crypt {
class Encryptor;
}
namespace loom::engine::telemetry {
class StatsHub;
class LatencyHub;
class History;
}  // namespace loom::engine::telemetry
namespace loom::engine::api {

// What every service needs; owned by the daemon, outlives the server.
struct EngineContext {
    store::Store& store;
    reconcile::Reconciler& reconciler;
    reconcile::StatusBoard& board;
    EventBus& events;
    model::Naming naming;
    reconcile::Underlay underlay;
    std::string hostId;
    std::string hostName;
    std::string apiAddress;             // the mutual-TLS listener, if any
    cluster::Agent* cluster = nullptr;  // set when joined to etcd
    telemetry::StatsHub* stats = nullptr;
    telemetry::LatencyHub* latency = nullptr;
    telemetry::History* history = nullptr;
    const Access* access = nullptr;  // who may do what (set by Server::start)
    Peers* peers = nullptr;          // clustered: the other engines, over mutual TLS
    dns::Resolvers* resolvers = nullptr;
    services::HealthChecker* health = nullptr;  // this host's backends' health checks
    std::string netnsEtcDir;                    // where endpoints' resolv.conf files are written
    std::vector<std::string> dnsUpstreams;
    // Whether this kernel can carry encrypted networks, probed at start (netlink::probeEsp).
    bool canEncrypt = false;
    std::string encryptionMessage;          // why not, when not
    crypt::Encryptor* encryptor = nullptr;  // clustered, where the kernel can encrypt
};

}  // namespace loom::engine::api
