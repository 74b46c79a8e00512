#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "engine/model/address.h"

// One network's DNS answers, parsed and built with ldns (never by hand): the names of its
// endpoints and services, bare ("web1.") or under the network's domain ("web1.blue.loom."),
// their A records, and PTR records back from their addresses. The responder (server.h) asks
// decide() what to do with each query it receives.
namespace loom::engine::dns {

// A network's names, as the engine knows them now (looked up on every query: a deleted
// endpoint stops resolving at once, and caches drop it within the TTL).
struct Names {
    // The address of a name (lower case), if the network has it.
    std::function<std::optional<model::Ipv4>(const std::string& name)> address;
    // The name at an address, if the network has one there.
    std::function<std::optional<std::string>(model::Ipv4 address)> name;
    // Optional: a number that moves whenever the names may have changed. With it, the
    // responder keeps the answers it built until it moves (decide() is a function of the
    // query's bytes and the names); without it, every query is decided afresh.
    std::function<uint64_t()> version;
};

struct Options {
    std::string domain;     // "blue.loom": the search domain endpoints are given
    uint32_t ttl = 5;       // seconds
    bool internal = false;  // names the network does not own are refused, not forwarded
};

struct Counters {
    std::atomic<uint64_t> answered{0}, forwarded{0}, refused{0}, malformed{0};
};

struct Decision {
    enum class Kind {
        Answer,   // send `wire` back
        Forward,  // pass the query on to an upstream server unchanged
        Drop,     // malformed: no answer at all
    };
    Kind kind = Kind::Drop;
    std::string wire;
};

// What to do with one query of at most `maxSize` bytes of answer (512 over UDP without EDNS,
// 65535 over TCP); a longer answer is sent truncated (TC) over UDP.
Decision decide(std::string_view query, const Options& options, const Names& names, size_t maxSize,
                Counters& counters);

}  // namespace loom::engine::dns
