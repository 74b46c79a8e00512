#pragma once

#include <string>
#include <vector>

#include "engine/common/status.h"
#include "engine/common/unique_fd.h"

// Network namespaces as files: create, delete, enter. setns() changes only the calling thread
// (TOOLCHAIN P10), so every switch here returns to the thread's original namespace at once.
namespace loom::engine::netlink {

using common::Result;
using common::Status;
using common::UniqueFd;

// True when `path` is a mounted network namespace (an nsfs file) or a /proc ns link.
bool isNetns(const std::string& path);

Result<UniqueFd> openNetns(const std::string& path);

// Makes a new namespace (lo up, IPv6 off: see disableIpv6) and bind-mounts it at `path`; a
// namespace already there is kept. `home` is the namespace the thread returns to.
Status createNetns(const std::string& path, int home);

// Turns IPv6 off for `ifname` ("all", "default" or a device) in the calling thread's namespace.
// Until Loom's networks carry IPv6, the link-local addresses, DAD and MLD of every port are
// pure cost: a bridge floods them to every other port, which made adding the 700th endpoint
// 70x slower than the first. A kernel without IPv6 is fine.
Status disableIpv6(const std::string& ifname);

// br_netfilter in the calling thread's namespace: whether bridged frames go through the IP
// layer's hooks (any of bridge-nf-call-{iptables,ip6tables,arptables} on), and turning all three
// off. Without br_netfilter in the kernel there is nothing to read or write: false, and done.
bool bridgeFramesFiltered();
Status unfilterBridgedFrames();

// Unmounts and removes `path`; a path that is already gone is fine.
Status deleteNetns(const std::string& path);

// Files in `dir` whose names start with `prefix`, as full paths.
std::vector<std::string> listNetns(const std::string& dir, const std::string& prefix);

// Runs `fn` with the calling thread inside `target`, then returns it to `home`.
template <typename Fn>
Status inNetns(int target, int home, Fn&& fn);

Status enterNetns(int fd, const std::string& what);

// Takes the calling thread back to `home`. A thread that cannot go back would do everything
// after in the wrong namespace (a device made, a route read on another host's stack), so the
// engine stops instead, with the reason in its log; at its next start it reconciles.
void returnHomeOrDie(int home);

template <typename Fn>
Status inNetns(int target, int home, Fn&& fn) {
    LOOM_RETURN_IF_ERROR(enterNetns(target, "namespace"));
    Status s = fn();
    returnHomeOrDie(home);
    return s;
}

}  // namespace loom::engine::netlink
