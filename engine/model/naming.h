#pragma once

#include <string>

namespace loom::engine::model {

// Where this engine's kernel objects live and what they are called. Every name carries the
// engine's prefix, so engines side by side never touch each other's objects.
struct Naming {
    std::string netnsDir = "/run/netns";
    std::string prefix = "lm";

    std::string sandboxNetns(const std::string& networkId) const {
        return netnsDir + "/" + prefix + "-net-" + networkId;
    }
    std::string endpointNetns(const std::string& endpointId) const {
        return netnsDir + "/" + prefix + "-ep-" + endpointId;
    }
    // The bridge side of an endpoint's veth: at most 15 bytes.
    std::string hostVeth(const std::string& endpointId) const {
        return prefix + "v" + endpointId.substr(0, 14 - prefix.size());
    }
    // File names in netnsDir that belong to this engine start with this.
    std::string netnsFilePrefix() const { return prefix + "-"; }
};

}  // namespace loom::engine::model
