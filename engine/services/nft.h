#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "engine/common/status.h"
#include "engine/model/address.h"

// Virtual IPs in a client's own namespace, with nftables (written through libnftables, never by
// running `nft`): a connection to VIP:port is sent to one of the service's backends in turn
// (DNAT in the output hook, `numgen inc`), and conntrack keeps it there for its life; a VIP
// with no backend, or asked on a port it does not serve, is refused at once (a TCP reset, an
// ICMP port unreachable) rather than left to time out. Each client namespace holds one table
// of Loom's, replaced whole in one transaction, so a client never sees half a change.
namespace loom::engine::services {

using common::Result;
using common::Status;

enum class Protocol { Tcp, Udp };

struct Port {
    uint16_t port = 0;
    Protocol protocol = Protocol::Tcp;
    bool operator==(const Port&) const = default;
};

// One service as a client sees it: its VIP, ports (none: every port) and the backends to
// spread over.
struct ServiceRule {
    std::string name;
    model::Ipv4 vip;
    std::vector<Port> ports;
    std::vector<model::Ipv4> backends;  // healthy ones only; the order is kept
    bool operator==(const ServiceRule&) const = default;
};

// The table's definition: `table ip TABLE { ... }`, the same text for the same services.
std::string ruleset(const std::string& table, const std::vector<ServiceRule>& services);

// Replaces the table in the namespace at `netnsPath` with `definition` (ruleset()), in one
// transaction; an empty list of services removes the table.
Status apply(const std::string& netnsPath, const std::string& table,
             const std::vector<ServiceRule>& services);
// The table as the kernel lists it now ("" when there is none), to compare with what is wanted.
Result<std::string> list(const std::string& netnsPath, const std::string& table);

}  // namespace loom::engine::services
