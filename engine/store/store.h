#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "engine/model/service.h"
#include "engine/reconcile/state_source.h"
#include "engine/store/sqlite_db.h"

namespace loom::engine::store {

using model::Endpoint;
using model::Network;

// One record of the audit trail (api::AuditLog's; see loom.v1.AuditRecord).
struct AuditRow {
    int64_t id = 0;  // increasing; newest is largest
    int64_t unixMs = 0;
    int role = 0;  // loom.v1.Role
    std::string subject, name;
    int64_t uid = -1;
    std::string source, via, method, object;
    int code = 0;  // gRPC status code
    std::string message;
};

// The engine's database: one connection, one writer at a time. Every API request runs in
// one transaction(); the reconciler reads desired state and writes ownership records.
class Store : public reconcile::StateSource {
public:
    static Result<std::unique_ptr<Store>> open(const std::string& path);

    // Runs `fn` inside BEGIN IMMEDIATE ... COMMIT; any error (or a failed commit) rolls back.
    Status transaction(const std::function<Status()>& fn);

    // Counts committed transactions: readers that cache what they read (the telemetry
    // sampler) read again only when it moved.
    uint64_t generation() const { return m_generation; }

    // This host's id, made on first use and kept across restarts.
    Result<std::string> hostId();

    Status insertNetwork(const Network& n);
    Result<std::optional<Network>> findNetwork(const std::string& idOrName);
    Result<std::vector<uint32_t>> usedVnis();
    Status deleteNetwork(const std::string& id);
    // What changes in place: a network's MTU and labels, an endpoint's labels.
    Status updateNetwork(const Network& n);
    Status updateEndpointLabels(const std::string& id, const model::Labels& labels);
    Status updateEndpointService(const std::string& id, const std::string& service);

    // Services (service_store.cpp); the VIP is allocated with the row, freed with it.
    Status insertService(const model::Service& s);
    Status deleteService(const std::string& id);
    // Every service, or a network's; found by id or name.
    Result<std::vector<model::Service>> services(const std::string& networkId = "");
    Result<std::optional<model::Service>> findService(const std::string& idOrName);

    Status insertEndpoint(const Endpoint& e);
    Result<std::optional<Endpoint>> findEndpoint(const std::string& idOrName);
    Result<std::vector<Endpoint>> listEndpoints(const std::string& networkId);
    // The endpoint made for a container (CNI) with this interface, if there is one.
    Result<std::optional<Endpoint>> findContainerEndpoint(const std::string& containerId,
                                                          const std::string& ifname);
    // Another endpoint of this host on the network has this MAC.
    Result<bool> macTaken(const std::string& networkId, const model::Mac& mac);
    Status deleteEndpoint(const std::string& id);
    Result<int64_t> endpointCount(const std::string& networkId) override;
    // Another endpoint already uses this interface name in this namespace.
    Result<bool> interfaceTaken(const std::string& netnsPath, const std::string& ifname);
    Result<bool> hostVethTaken(const std::string& name);

    // Sorted ascending: every address allocated on the network.
    Result<std::vector<uint32_t>> takenAddresses(const std::string& networkId);
    Status allocate(const std::string& networkId, uint32_t address, const std::string& owner);

    // reconcile::StateSource
    Result<std::vector<Network>> networks() override;
    Result<std::optional<Network>> network(const std::string& id) override;
    Result<std::vector<Endpoint>> endpoints() override;
    Result<std::optional<Endpoint>> endpoint(const std::string& id) override;
    Result<std::vector<reconcile::OwnedObject>> owned() override;
    Result<std::vector<reconcile::OwnedObject>> ownedBy(const std::string& networkId,
                                                        const std::string& endpointId) override;
    Status recordOwned(const std::vector<reconcile::OwnedObject>& objects) override;
    Status forgetOwned(const std::vector<reconcile::OwnedObject>& objects) override;

    // The audit trail: kept apart from transaction() (it does not move generation()).
    Status appendAudit(const std::vector<AuditRow>& rows);
    // Newest first, at most `limit`, from `sinceMs` on.
    Result<std::vector<AuditRow>> auditRows(int64_t sinceMs, size_t limit);
    Result<int64_t> lastAuditId();
    // Forgets records older than `beforeMs`, and all but the newest `keepRows`.
    Status pruneAudit(int64_t beforeMs, int64_t keepRows);

private:
    explicit Store(std::unique_ptr<Db> db) : m_db(std::move(db)) {}
    Result<std::vector<Network>> queryNetworks(const std::string& where, const std::string& arg);
    // `args` bound to ?1, ?2, ... in order.
    Result<std::vector<Endpoint>> queryEndpoints(const std::string& where,
                                                 const std::vector<std::string>& args);
    Result<std::vector<model::Service>> queryServices(const std::string& where,
                                                      const std::string& arg);
    Result<std::vector<reconcile::OwnedObject>> queryOwned(const std::string& where,
                                                           const std::vector<std::string>& args);

    std::recursive_mutex m_mutex;
    std::unique_ptr<Db> m_db;
    int m_depth = 0;  // nested transaction() calls join the outer one
    std::atomic<uint64_t> m_generation{0};
};

}  // namespace loom::engine::store
