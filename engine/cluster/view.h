#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "engine/reconcile/planner.h"
#include "etcd/kv.pb.h"
#include "loom/v1/loom.pb.h"

namespace loom::engine::cluster {

// The cluster as this engine last read it from etcd: a range read, then every watch event.
// Thread safe.
class ClusterView {
public:
    // What one applied event changed.
    struct Change {
        std::set<std::string> peerNetworks;  // networks whose remote endpoints changed
        std::vector<v1::Network> networksPut;
        std::vector<std::string> networksDeleted;
        bool ownHostDeleted = false;  // our lease is gone
        // For cluster-wide event streams: other hosts' endpoints published and withdrawn,
        // hosts joining, dying and coming back (with `alive` set accordingly).
        std::vector<v1::Endpoint> remoteEndpointsPut, remoteEndpointsDeleted;
        std::vector<v1::Host> hostsJoined, hostsChanged;
        // Services created and deleted (by any host), and backends another host's health
        // check took out of their service's set or put back (healthy set).
        std::vector<v1::Service> servicesPut, servicesDeleted;
        std::vector<v1::ServiceBackend> backendsChanged;
        // Encrypted networks whose keys or acks changed (for the encryptor, not for events).
        std::set<std::string> keyNetworks;
        bool any() const {
            return !remoteEndpointsPut.empty() || !remoteEndpointsDeleted.empty() ||
                   !hostsJoined.empty() || !hostsChanged.empty() || !servicesPut.empty() ||
                   !servicesDeleted.empty() || !backendsChanged.empty();
        }
    };

    explicit ClusterView(std::string selfId) : m_self(std::move(selfId)) {}

    void reset(const std::vector<mvccpb::KeyValue>& kvs, int64_t revision);
    Change apply(const mvccpb::Event& event);
    // Replaces the claims of one network with what a fresh read returned.
    void replaceClaims(const std::string& networkId, const std::vector<mvccpb::KeyValue>& kvs);
    // Replaces the name claims of one network with what a fresh read returned.
    void replaceNames(const std::string& networkId, const std::vector<mvccpb::KeyValue>& kvs);
    // Replaces the blocks of one network with what a fresh read returned.
    void replaceBlocks(const std::string& networkId, const std::vector<mvccpb::KeyValue>& kvs);
    // A block this engine has just claimed (or released), before its watch event arrives.
    void putBlock(const std::string& networkId, uint32_t first, const v1::AddressBlock& block);
    void dropBlock(const std::string& networkId, uint32_t first);

    bool synced() const;
    int64_t revision() const;

    std::vector<v1::Network> networks() const;
    // Remote endpoints of a network; nullopt before the first read.
    std::optional<std::vector<reconcile::Peer>> peers(const std::string& networkId) const;
    std::vector<uint32_t> claimedAddresses(const std::string& networkId) const;
    // The claim on an address, if any: "<host id>/<endpoint id>".
    std::optional<v1::AddressClaim> claim(const std::string& networkId, uint32_t ip) const;
    std::vector<v1::Endpoint> endpoints(const std::string& networkId = "") const;
    // First addresses of a network's blocks: every host's, or one host's.
    std::vector<uint32_t> blocks(const std::string& networkId) const;
    std::vector<uint32_t> blocksOf(const std::string& networkId, const std::string& hostId) const;
    // Every block a host owns, on any network.
    std::vector<std::pair<std::string, uint32_t>> allBlocksOf(const std::string& hostId) const;
    // The cluster's services, or a network's.
    std::vector<v1::Service> services(const std::string& networkId = "") const;
    // A backend that its host's health check took out (view_names.cpp), if it is out.
    std::optional<v1::ServiceBackend> unhealthy(const std::string& networkId,
                                                const std::string& endpointId) const;
    // Every backend a host has taken out: (network id, endpoint id).
    std::vector<std::pair<std::string, std::string>> unhealthyOf(const std::string& hostId) const;
    // Who holds an endpoint name on a network (any case), if anyone.
    std::optional<v1::AddressClaim> nameHolder(const std::string& networkId,
                                               const std::string& name) const;
    struct HeldName {
        std::string networkId, name, endpointId;  // name: as in the key, lower case
    };
    std::vector<HeldName> namesOf(const std::string& hostId) const;
    // A host's name, or its id when it never said.
    std::string hostName(const std::string& hostId) const;
    // Every host that ever joined, `alive` while its lease holds, with its endpoint count.
    std::vector<v1::Host> hosts() const;
    int64_t endpointCount(const std::string& networkId) const;
    struct HeldClaim {
        std::string networkId;
        uint32_t ip = 0;
        std::string endpointId;
        bool hostAddress = false;
    };
    std::vector<HeldClaim> claimsOf(const std::string& hostId) const;

    // Host addresses (see v1::AddressClaim): one per host that carries a network.
    struct HostAddress {
        std::string hostId, hostName;
        model::Ipv4 ip;
        bool alive = false;
    };
    std::vector<HostAddress> hostAddresses(const std::string& networkId) const;
    // This host's, if it holds one (the lowest, should a race have left two).
    std::optional<model::Ipv4> ownHostAddress(const std::string& networkId) const;
    // Waits (at most `within`) until this host holds an address on the network; whether it does.
    bool waitForOwnHostAddress(const std::string& networkId,
                               std::chrono::milliseconds within) const;
    // Networks on which this host has endpoints in etcd.
    std::set<std::string> ownNetworks() const;

    // Encrypted networks (view_keys.cpp): every host's keys and acks, by (network, receiver,
    // sender); and the other hosts with endpoints on a network, with their VTEPs.
    using Direction = std::tuple<std::string, std::string, std::string>;
    std::map<Direction, v1::EspKeys> espKeys() const;
    std::map<Direction, uint32_t> espAcks() const;
    std::map<std::string, model::Ipv4> remoteHostsOn(const std::string& networkId) const;

private:
    void applyPutLocked(const std::string& key, const std::string& value, Change& change);
    void applyDeleteLocked(const std::string& key, Change& change);
    void hostChangedLocked(const std::string& hostId, Change& change);
    std::optional<model::Ipv4> ownHostAddressLocked(const std::string& networkId) const;

    std::string m_self;
    mutable std::mutex m_mutex;
    mutable std::condition_variable m_changed;  // after every event applied
    bool m_synced = false;
    int64_t m_revision = 0;
    std::map<std::string, v1::Host> m_members;
    std::set<std::string> m_alive;
    std::map<std::string, v1::Network> m_networks;
    std::map<std::string, std::map<std::string, v1::Endpoint>> m_endpoints;  // net -> id -> ep
    std::map<std::string, std::map<uint32_t, v1::AddressClaim>> m_claims;    // net -> ip -> claim
    std::map<std::string, std::map<uint32_t, v1::AddressBlock>> m_blocks;  // net -> first -> block
    std::map<std::string, std::map<std::string, v1::AddressClaim>> m_names;  // net -> name -> who
    std::map<std::string, v1::Service> m_services;                           // id -> service
    std::map<std::string, std::map<std::string, v1::ServiceBackend>> m_health;  // net -> ep -> out
    std::map<Direction, v1::EspKeys> m_espKeys;
    std::map<Direction, uint32_t> m_espAcks;
};

}  // namespace loom::engine::cluster
