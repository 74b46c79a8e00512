#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "engine/model/address.h"
#include "engine/netlink/xfrm_ops.h"
#include "loom/v1/loom.pb.h"

// The keys of encrypted networks, and the xfrm states and policies they call for on this host:
// pure logic, no kernel and no etcd, so that every step of a rotation is tested on its own.
//
// Each host makes the keys it receives with: one record per (network, sender), EspKeys, on its
// lease. A new key goes in as `next` and is installed in this host's kernel before it becomes
// `current`, which is what the sender then sends with; the sender says so (an EspKeyAck on its
// lease), and only then, a grace period later, does the `previous` key go. No packet meets a
// key its receiver does not hold.
namespace loom::engine::crypt {

struct CryptNetwork {
    std::string id;
    uint32_t vni = 0, port = 0, rotationS = 0;
};

// A host with endpoints on an encrypted network, other than this one.
struct Partner {
    std::string hostId;
    model::Ipv4 vtep;
    bool operator<(const Partner& o) const { return hostId < o.hostId; }
};

// (network id, receiver id, sender id): one direction between two hosts on a network.
using Direction = std::tuple<std::string, std::string, std::string>;

struct Inputs {
    std::string selfId;
    model::Ipv4 selfVtep;
    std::vector<CryptNetwork> networks;  // every encrypted network there is
    // Only the networks this host carries (has endpoints on), each with the other hosts that
    // have endpoints there (maybe none): their policies and states; others have nothing.
    std::map<std::string, std::vector<Partner>> partners;
    std::map<Direction, v1::EspKeys> keys;      // every record in etcd
    std::map<Direction, uint32_t> acks;         // every ack in etcd
    std::vector<netlink::XfrmState> installed;  // Loom's states in this kernel
    int64_t nowMs = 0;
};

// What to make true: the kernel's states and policies, and the records in etcd.
struct Step {
    std::vector<netlink::XfrmState> states;
    std::vector<netlink::XfrmPolicy> policies;
    std::vector<v1::EspKeys> publish;     // this host's records, written (on its lease)
    std::vector<Direction> withdraw;      // this host's records, deleted
    std::map<Direction, uint32_t> ack;    // this host's acks, written
    std::vector<Direction> withdrawAcks;  // this host's acks, deleted
    std::vector<Direction> rotated;       // a new key (after the first) made this step
};

class KeyBook {
public:
    using Random = std::function<void(uint8_t* out, size_t n)>;
    static constexpr int64_t kGraceMs =
        1000;  // after the sender's ack, the old key stays this long

    // `random` fills key material and SPIs (getrandom in the engine).
    explicit KeyBook(Random random) : m_random(std::move(random)) {}

    // One pass: decides the next state of every record this host owns, from what etcd and the
    // kernel show, and what the kernel must hold. Records this host published before a restart
    // are taken back from `in.keys` the first time they are seen.
    Step step(const Inputs& in);

    // The records this host owns now (what the last step decided).
    const std::map<Direction, v1::EspKeys>& mine() const { return m_mine; }

private:
    v1::EspKey newKey(uint32_t generation, int64_t nowMs, const std::set<uint32_t>& spisInUse);

    Random m_random;
    std::map<Direction, v1::EspKeys> m_mine;
    std::map<Direction, int64_t> m_ackSeenMs;  // when the sender's ack of `current` was first seen
};

}  // namespace loom::engine::crypt
