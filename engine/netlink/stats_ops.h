#pragma once

#include <sys/types.h>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "engine/common/status.h"
#include "engine/common/unique_fd.h"
#include "engine/netlink/nl_socket.h"

struct nl_msg;

// 64-bit link counters, one RTM_GETLINK dump per namespace, for the telemetry sampler. Read-only:
// it never changes the kernel, and keeps its own sockets (it runs on its own thread).
namespace loom::engine::netlink {

struct LinkCounters {
    int ifindex = 0;
    std::string name;
    uint64_t rxBytes = 0, txBytes = 0, rxPackets = 0, txPackets = 0;
    uint64_t rxErrors = 0, txErrors = 0, rxDropped = 0, txDropped = 0;
};

class StatsReader {
public:
    static Result<StatsReader> open();

    // Every link of the namespace at `path` ("" for the engine's own) with its counters.
    Result<std::vector<LinkCounters>> read(const std::string& path);
    // Drops sockets of namespaces not in `keep` (deleted networks).
    void retain(const std::vector<std::string>& keep);

private:
    struct Cached {
        ino_t inode = 0;
        NlSocket socket;
        std::map<int, std::string> names;  // ifindex -> name; indexes are never reused soon
    };
    explicit StatsReader(common::UniqueFd home) : m_home(std::move(home)) {}
    Result<nl_sock*> socketFor(const std::string& path);
    Status dump(nl_sock* sk, int type, const void* header, size_t size,
                int (*parse)(nl_msg*, void*), void* out, const std::string& path);

    common::UniqueFd m_home;
    std::map<std::string, Cached> m_sockets;
};

}  // namespace loom::engine::netlink
