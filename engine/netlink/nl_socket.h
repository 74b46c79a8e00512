#pragma once

#include <memory>

#include "engine/common/status.h"

struct nl_sock;
struct nl_msg;

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

// One dump: a request of `type` with `header` (the family's struct), every answer handed to
// `parse` with `arg`. After an error the socket may hold the rest of the answer: callers that
// cache sockets drop it.
Status dumpRequest(nl_sock* sk, int type, const void* header, size_t size,
                   int (*parse)(nl_msg*, void*), void* arg, const std::string& what);

// A libnl error code as a Status naming what was being done.
Status nlStatus(int err, const std::string& what);
bool nlNotFound(int err);

}  // namespace loom::engine::netlink
