#pragma once

#include <string>
#include <vector>

#include "engine/api/engine_context.h"
#include "engine/cluster/view.h"
#include "engine/model/service.h"
#include "engine/services/health.h"
#include "engine/services/nft.h"
#include "engine/services/programmer.h"

// Where services are: a standalone engine's store, or clustered, the cluster view (etcd has
// them; the store's table stays empty). Their backends are the endpoints of the service's
// network whose `service` names it, on any host.
namespace loom::engine::api {

std::vector<model::Service> servicesOf(EngineContext& ctx, const std::string& networkId = "");
common::Result<model::Service> resolveService(EngineContext& ctx, const std::string& ref,
                                              const std::string& field = "service");

// An endpoint of network `n` may be behind `service` only if that service is on `n`.
common::Status checkServiceOn(EngineContext& ctx, const std::string& service,
                              const model::Network& n, const std::string& field);

struct Backend {
    std::string endpointId, endpointName, hostId, hostName;
    model::Ipv4 ip;
    bool healthy = true;        // its host's health check has it in the set
    std::string healthMessage;  // why not, when not
};
std::vector<Backend> backendsOf(EngineContext& ctx, const model::Service& s);

// A network's services, each with its backends, as a client's table holds them; and where the
// reconciler's hook that programs the tables (engine/services) reads them.
std::vector<services::ServiceRule> serviceRulesOf(EngineContext& ctx, const std::string& networkId);
services::Programmer::Source programmerSource(EngineContext& ctx);

// The health checks of this host's backends: what to check (every local endpoint behind a
// service, read again only when the store or the cluster changed), and what a change does
// (the cluster told, the network's clients' tables written again, an event).
services::HealthChecker::Inventory healthInventory(EngineContext& ctx);
services::HealthChecker::Changed healthChanged(EngineContext& ctx);

// conntrack's timeout of an idle established TCP connection, as the kernel has it (seconds).
uint32_t conntrackEstablishedTimeout();

}  // namespace loom::engine::api
