#pragma once

#include <atomic>
#include <condition_variable>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "engine/crypt/keybook.h"
#include "engine/model/naming.h"
#include "engine/reconcile/state_source.h"

// The strand that owns the xfrm tables of the host's namespace (where the VXLAN sockets and the
// underlay are): it alone makes, repairs and removes Loom's ESP states and policies. DESIGN-NOTES
// says why this is a strand of its own beside the reconciler.
namespace loom::engine::crypt {

// What the encryptor reads and writes outside the kernel; the daemon wires it to the store and
// the cluster agent.
class CryptSource {
public:
    virtual ~CryptSource() = default;
    virtual std::vector<CryptNetwork> networks() = 0;  // every encrypted network in the store
    // Per encrypted network where this host has endpoints: the other hosts that have some.
    // nullopt while the cluster was never read (then nothing is changed).
    virtual std::optional<std::map<std::string, std::vector<Partner>>> partners() = 0;
    virtual std::map<Direction, v1::EspKeys> keys() = 0;
    virtual std::map<Direction, uint32_t> acks() = 0;
    // This host's records and acks to write (asynchronously; the next read shows them).
    virtual void write(const Step& step) = 0;
};

struct CryptCounters {
    uint32_t networks = 0;  // encrypted networks with peers here
    uint32_t states = 0, policies = 0;
    uint64_t plaintextDropped = 0, decryptFailed = 0, rotations = 0;
    std::string lastError;  // the last pass's failure, empty when it succeeded
};

class Encryptor : public reconcile::SandboxHooks {
public:
    struct Options {
        // Every tick a pass: the rotation schedule, grace periods, counters, and repairs.
        std::chrono::milliseconds tick{1000};
    };
    Encryptor(CryptSource& source, std::string selfId, model::Ipv4 selfVtep, model::Naming naming,
              Options options);
    ~Encryptor() override;

    // Opens the xfrm socket in the calling thread's namespace and starts the strand.
    common::Status start();
    void stop();
    void wake();
    CryptCounters counters() const;

    // reconcile::SandboxHooks: sandboxes came or went (local endpoints, peers, networks). An
    // encrypted network's policies go in before its sandbox is built (on the reconciler's
    // strand, with a socket of its own), and stay while the sandbox is there.
    void releasing(const std::string& netnsPath) override;
    void settled(const std::set<std::string>&, const reconcile::Touched&) override { wake(); }
    common::Status preparing(const model::Network& network) override;

private:
    void run();
    common::Status pass(bool* changed);

    CryptSource& m_source;
    std::string m_self;
    model::Ipv4 m_vtep;
    model::Naming m_naming;
    Options m_options;
    KeyBook m_book;
    std::optional<netlink::XfrmSocket> m_sock;
    std::optional<netlink::XfrmSocket> m_hookSock;  // the reconciler's strand's
    // Encrypted networks whose sandbox the reconciler built here, by sandbox path: their
    // policies stay even before a pass sees their local endpoints.
    std::map<std::string, std::string> m_prepared;  // sandbox netns -> network id
    netlink::XfrmStats m_statsAtStart;

    mutable std::mutex m_mutex;
    std::condition_variable m_cv;
    bool m_woken = false;
    bool m_stopping = false;
    CryptCounters m_counters;
    std::thread m_thread;
};

}  // namespace loom::engine::crypt
