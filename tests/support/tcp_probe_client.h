#pragma once

#include <map>
#include <sstream>
#include <string>

#include "tests/support/shell.h"

// Driving loom_tcp_probe (tcp_probe.cpp) from tests of virtual IPs.
namespace loom::test {

// The command that serves `name` on port 8080 in a namespace, for a Background.
inline std::string probeServer(const std::string& netnsPath, const std::string& name) {
    return "(nsenter --net=" + netnsPath + " " + LOOM_BIN_DIR +
           "/loom_tcp_probe serve 0.0.0.0 8080 " + name + ")";
}

// `n` connections one after another from a namespace to "ADDR PORT": who answered how often,
// and "failed".
inline std::map<std::string, int> probeCount(const std::string& netnsPath,
                                             const std::string& target, int n) {
    std::map<std::string, int> out;
    std::istringstream in(runIn(netnsPath, std::string(LOOM_BIN_DIR) + "/loom_tcp_probe count " +
                                               target + " " + std::to_string(n))
                              .output);
    std::string name;
    int k = 0;
    while (in >> name >> k) out[name] = k;
    return out;
}

}  // namespace loom::test
