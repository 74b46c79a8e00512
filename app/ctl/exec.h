#pragma once

#include <string>
#include <vector>

#include "loom/v1/loom.pb.h"

namespace loom::ctl {

// Runs `command` inside the endpoint, as `ip netns exec` would: its network namespace, and a
// private mount namespace with the endpoint's own /sys. Returns only when it cannot (an exit
// code, the reason on stderr).
int execIn(const v1::Endpoint& e, const std::vector<std::string>& command);

}  // namespace loom::ctl
