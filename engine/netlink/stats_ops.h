#pragma once

#include <sys/types.h>

#include <cstdint>
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

#include "engine/common/status.h"
#include "engine/common/unique_fd.h"

// 64-bit link counters, one RTM_GETSTATS dump per namespace, for the telemetry sampler. Read-only:
// it never changes the kernel, and keeps its own sockets (it runs on its own thread).
namespace loom::engine::netlink {

using common::Result;
using common::Status;

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
        common::UniqueFd socket;  // a plain NETLINK_ROUTE socket in that namespace
        std::unordered_map<int, std::string> names;  // ifindex -> name
    };
    explicit StatsReader(common::UniqueFd home) : m_home(std::move(home)) {}
    Result<Cached*> socketFor(const std::string& path);
    // One dump request; `each` sees every answer in place, in one reused buffer (no per-message
    // allocation: at a thousand links, libnl's message copies were a tenth of a sample).
    template <typename Each>
    Status dump(Cached& c, uint16_t type, const void* header, size_t size, Each&& each,
                const std::string& path);

    common::UniqueFd m_home;
    std::map<std::string, Cached> m_sockets;
    std::vector<char> m_buffer;
    uint32_t m_seq = 1;
};

}  // namespace loom::engine::netlink
