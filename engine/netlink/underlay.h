#pragma once

#include <string>

#include "engine/common/status.h"
#include "engine/reconcile/planner.h"

namespace loom::engine::netlink {

// The underlay of this host, in the calling thread's namespace. With neither given: the
// device of the default IPv4 route and its (preferred) address. With one given: the other is
// derived from it. Both given: checked against each other.
common::Result<reconcile::Underlay> detectUnderlay(const std::string& device,
                                                   const std::string& vtepIp);

}  // namespace loom::engine::netlink
