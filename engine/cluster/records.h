#pragma once

#include <google/protobuf/message.h>

#include <string>

#include "engine/common/status.h"
#include "engine/model/endpoint.h"
#include "engine/model/network.h"
#include "engine/model/service.h"
#include "loom/v1/loom.pb.h"

// What Loom stores in etcd: the API's own messages in protobuf's JSON form, so `etcdctl get
// --prefix /loom/v1/` is readable by a person.
namespace loom::engine::cluster {

std::string toJson(const google::protobuf::Message& m);
bool fromJson(const std::string& json, google::protobuf::Message* m);

v1::Network networkRecord(const model::Network& n);
common::Result<model::Network> networkFromRecord(const v1::Network& r);

struct HostIdentity {
    std::string id;
    std::string name;
    model::Ipv4 vtep;
    std::string underlayDevice;
    uint32_t underlayMtu = 0;
    std::string namePrefix;
    int64_t startedUnixMs = 0;
    std::string apiAddress;
    std::string netnsDir;
    bool canEncrypt = false;
    std::string encryptionMessage;  // why not, when not
};

v1::Service serviceRecord(const model::Service& s);
common::Result<model::Service> serviceFromRecord(const v1::Service& r);
// The owner a VIP's address claim names.
inline std::string serviceClaimOwner(const std::string& serviceId) {
    return "service:" + serviceId;
}

v1::Host hostRecord(const HostIdentity& h);
v1::Endpoint endpointRecord(const model::Endpoint& e, const model::Network& n,
                            const HostIdentity& h);
v1::AddressClaim claimRecord(const model::Endpoint& e, const HostIdentity& h);

}  // namespace loom::engine::cluster
