#pragma once

#include <map>
#include <string>

#include "engine/common/unique_fd.h"
#include "engine/netlink/netns_pool.h"
#include "engine/netlink/nl_socket.h"
#include "engine/reconcile/kernel.h"

namespace loom::engine::netlink {

using common::UniqueFd;

// reconcile::Kernel over libnl-route-3. Used from one thread (the reconciler's strand), which
// it assumes starts, and always returns to, the engine's host namespace.
class NlKernel : public reconcile::Kernel {
public:
    // With a pool directory, namespaces are made ahead of time there (see NetnsPool).
    static Result<std::unique_ptr<NlKernel>> open(const std::string& poolDir = "",
                                                  size_t poolSize = 16);

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
    void forgetNetns(const std::string& netns) override;

private:
    NlKernel(UniqueFd home, NlSocket hostSocket);

    struct Cached {
        ino_t inode = 0;
        UniqueFd fd;
        NlSocket socket;
        int bridgeIndex = 0;      // of br0, once seen
        int vxlanIndex = 0;       // of vx0, once seen
        bool unfiltered = false;  // its bridged frames were seen (or made) to skip netfilter
    };
    Result<int> bridgeIndex(Cached& sandbox);
    Result<int> vxlanIndex(Cached& sandbox);
    // A socket in the namespace at `path`, cached while the file keeps its inode.
    Result<Cached*> sandbox(const std::string& path);
    Status applyInSandbox(const reconcile::Action& a);
    Status configurePeer(const reconcile::Action& a);
    Status setEndpointNeighbour(const reconcile::Action& a);

    UniqueFd m_home;
    std::unique_ptr<NetnsPool> m_pool;
    NlSocket m_host;
    std::map<std::string, Cached> m_cache;
};

}  // namespace loom::engine::netlink
