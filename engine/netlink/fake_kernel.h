#pragma once

#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "engine/reconcile/kernel.h"

namespace loom::engine::netlink {

using common::Result;
using common::Status;

// reconcile::Kernel in memory, for unit tests of the logic above the kernel: namespaces hold
// links, veths come in pairs (deleting one end or its namespace deletes both), and the
// namespace-per-file model matches the real one. Tests break things behind the reconciler's
// back, inject failures and link events, and read the result. Never the proof that a feature
// works: tests/netns does that against the real kernel.
class FakeKernel : public reconcile::Kernel {
public:
    struct Link {
        std::string kind;  // "bridge", "vxlan", "veth"
        bool up = false;
        uint32_t mtu = 1500;
        std::string master;
        model::Mac mac;
        reconcile::VxlanFacts vxlan;
        std::set<std::pair<uint32_t, int>> addresses;
        std::string peerNetns, peerName;
        std::map<model::Mac, model::Ipv4> fdb;         // vxlan: permanent entries
        std::map<model::Ipv4, model::Mac> neighbours;  // vxlan: permanent entries
        std::map<model::Mac, bool> bridge;             // vxlan port: br0's entries
    };
    using Netns = std::map<std::string, Link>;

    FakeKernel();
    ~FakeKernel() override;

    // Test controls. All take the lock, so tests may call them while the reconciler runs.
    bool hasNetns(const std::string& path) const;
    std::optional<Link> link(const std::string& netns, const std::string& name) const;
    std::vector<std::string> netnsPaths() const;
    size_t linkCount(const std::string& netns) const;
    void addForeignNetns(const std::string& path);
    void removeNetns(const std::string& path);
    // Whether bridged frames in `netns` go through netfilter (br_netfilter's sysctls); a person
    // may turn it back on.
    bool bridgeFiltered(const std::string& netns) const;
    void filterBridge(const std::string& netns);
    void removeLink(const std::string& netns, const std::string& name, bool notify);
    void setLinkUp(const std::string& netns, const std::string& name, bool up, bool notify);
    // The watchers of `netns` are told their socket overran (events were lost).
    void overrunLinkEvents(const std::string& netns);
    // The next `count` actions of `kind` fail with `status`.
    void failNext(reconcile::Action::Kind kind, common::Status status, int count = 1);
    std::vector<reconcile::Action> applied() const;

    // reconcile::Kernel
    Result<reconcile::ObservedNetwork> observeNetwork(const std::string& sandbox,
                                                      model::Ipv4 gateway, int prefix) override;
    Result<reconcile::ObservedEndpoint> observeEndpoint(const std::string& sandbox,
                                                        const std::string& hostVeth,
                                                        const std::string& netns,
                                                        const std::string& interfaceName,
                                                        model::Ipv4 address, int prefix) override;
    Result<reconcile::ObservedPeers> observePeers(const std::string& sandbox) override;
    Status apply(const reconcile::Action& action) override;
    std::vector<std::string> listNetns(const std::string& dir, const std::string& prefix) override;
    Result<int> watchLinks(const std::string& netns) override;
    std::vector<reconcile::LinkEvent> readLinkEvents(int fd) override;
    void unwatchLinks(int fd) override;
    void forgetNetns(const std::string&) override {}

private:
    Status applyLocked(const reconcile::Action& a);
    reconcile::LinkFacts factsLocked(const Netns& ns, const std::string& name) const;
    void eraseLinkLocked(const std::string& netns, const std::string& name, bool notify);
    void notifyLocked(const std::string& netns, const reconcile::LinkEvent& event);

    mutable std::mutex m_mutex;
    std::map<std::string, Netns> m_netns;
    std::set<std::string> m_filtered;  // namespaces whose bridged frames go through netfilter
    std::map<reconcile::Action::Kind, std::pair<common::Status, int>> m_failures;
    std::vector<reconcile::Action> m_applied;
    std::map<int, std::string> m_watchFds;                      // fd -> netns
    std::map<int, std::vector<reconcile::LinkEvent>> m_events;  // fd -> pending
};

}  // namespace loom::engine::netlink
