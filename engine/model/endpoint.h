#pragma once

#include <cstdint>
#include <string>

#include "engine/model/address.h"
#include "engine/model/network.h"

namespace loom::engine::model {

enum class NetnsMode { Created = 1, Path = 2, Pid = 3 };

constexpr const char* kDefaultInterfaceName = "eth0";

struct Endpoint {
    std::string id;
    std::string name;
    std::string networkId;
    Ipv4 ip;
    Mac mac;
    NetnsMode netnsMode = NetnsMode::Created;
    std::string netnsPath;  // for Created: where Loom mounts it; for Path: the given path
    int32_t pid = 0;        // for Pid
    std::string interfaceName = kDefaultInterfaceName;
    std::string hostVeth;  // the veth end on the sandbox bridge
    std::string service;
    std::string containerId;  // made for a container by a runtime (CNI)
    Labels labels;
    int64_t createdUnixMs = 0;
    ObjectState state = ObjectState::Pending;
    std::string stateMessage;
};

}  // namespace loom::engine::model
