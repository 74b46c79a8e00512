#pragma once

#include <string>

#include "engine/model/address.h"

// The etcd key schema (DESIGN.md): everything under /loom/v1/.
namespace loom::engine::cluster::keys {

inline const std::string kRoot = "/loom/v1/";

// On the host's lease: present while the host is alive.
inline std::string host(const std::string& id) {
    return kRoot + "hosts/" + id;
}
// Not on a lease: who a host is, kept after it dies so `host ls` can show it as down.
inline std::string member(const std::string& id) {
    return kRoot + "members/" + id;
}
inline std::string networks() {
    return kRoot + "networks/";
}
inline std::string network(const std::string& id) {
    return networks() + id;
}
// Created only if absent: the cluster-wide address allocator of a network.
inline std::string claims(const std::string& networkId) {
    return kRoot + "ipam/" + networkId + "/";
}
inline std::string claim(const std::string& networkId, model::Ipv4 ip) {
    return claims(networkId) + ip.toString();
}
// Not on a lease: a host's blocks of a network's addresses (ipam::blockSize), created only if
// absent, released when empty or when the host is removed.
inline std::string blocks(const std::string& networkId) {
    return kRoot + "blocks/" + networkId + "/";
}
inline std::string block(const std::string& networkId, uint32_t first) {
    return blocks(networkId) + model::Ipv4{first}.toString();
}
// Not on a lease: who holds an endpoint name on a network (names are unique per network across
// the cluster, compared without case as DNS does), created only if absent, released with the
// endpoint or when its host is removed.
std::string lowerName(const std::string& name);
inline std::string names(const std::string& networkId) {
    return kRoot + "names/" + networkId + "/";
}
inline std::string name(const std::string& networkId, const std::string& endpointName) {
    return names(networkId) + lowerName(endpointName);
}
// Not on a lease: the cluster's services (their VIPs are claims with endpoint "service:<id>").
inline std::string services() {
    return kRoot + "services/";
}
inline std::string service(const std::string& id) {
    return services() + id;
}
// On the checking host's lease: a backend that its host's health check took out of its
// service's set (a v1::ServiceBackend); absent, the backend is in.
inline std::string health() {
    return kRoot + "health/";
}
inline std::string health(const std::string& networkId, const std::string& endpointId) {
    return health() + networkId + "/" + endpointId;
}
// On the receiving host's lease: the ESP keys it made for what `sender` sends it on an encrypted
// network (a v1::EspKeys). etcd must be over TLS for these (intents.cpp, checkCanEncrypt).
inline std::string espKeys() {
    return kRoot + "espkeys/";
}
inline std::string espKeys(const std::string& networkId, const std::string& receiver,
                           const std::string& sender) {
    return espKeys() + networkId + "/" + receiver + "/" + sender;
}
// On the sending host's lease: which generation of the receiver's key it sends with (EspKeyAck).
inline std::string espAck(const std::string& networkId, const std::string& receiver,
                          const std::string& sender) {
    return kRoot + "espacks/" + networkId + "/" + receiver + "/" + sender;
}

// On the owning host's lease.
inline std::string endpoints(const std::string& networkId) {
    return kRoot + "endpoints/" + networkId + "/";
}
inline std::string endpoint(const std::string& networkId, const std::string& id) {
    return endpoints(networkId) + id;
}

}  // namespace loom::engine::cluster::keys
