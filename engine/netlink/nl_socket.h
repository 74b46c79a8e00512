#pragma once

#include <memory>

#include "engine/common/status.h"

struct nl_sock;

namespace loom::engine::netlink {

using common::Result;
using common::Status;

struct NlSockDeleter {
    void operator()(nl_sock* sk) const;
};
using NlSocket = std::unique_ptr<nl_sock, NlSockDeleter>;

// A NETLINK_ROUTE socket bound to the namespace `target`; the thread returns to `home`.
// The socket keeps its namespace for its whole life, whatever the thread does afterwards.
Result<NlSocket> openRouteSocket(int target, int home);

// A libnl error code as a Status naming what was being done.
Status nlStatus(int err, const std::string& what);
bool nlNotFound(int err);

}  // namespace loom::engine::netlink
