#pragma once

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "engine/dns/server.h"
#include "engine/model/endpoint.h"
#include "engine/model/naming.h"
#include "engine/reconcile/state_source.h"

namespace loom::engine::store {
class Store;
}
namespace loom::engine::cluster {
class ClusterView;
}

// Every network's responder on this host, kept in step with its sandbox: started on the
// host's own address once the sandbox is up, stopped before the sandbox goes (reconciler
// hooks, on its strand), and the resolv.conf of each endpoint Loom made, written where
// `ip netns exec` looks (ETC_DIR/NAME/resolv.conf) and removed with the endpoint.
namespace loom::engine::dns {

struct ResolverOptions {
    std::vector<std::string> upstreams;  // "ADDR[:PORT]"; empty: nothing is forwarded
    std::string etcDir = "/etc/netns";
    uint32_t ttl = 5;
    uint16_t port = 53;
};

// Where an endpoint's resolver is: its host's address on the network (clustered: the one the
// cluster granted, standalone: the gateway), and the file Loom writes for a namespace it made.
std::optional<model::Ipv4> resolverAddress(const model::Network& n,
                                           const cluster::ClusterView* view);
std::string resolvConfPath(const std::string& etcDir, const model::Endpoint& e);

// The upstream servers of /etc/resolv.conf (IPv4 only: the upstream socket is IPv4).
std::vector<std::string> systemUpstreams(const std::string& resolvConf = "/etc/resolv.conf");

class Resolvers : public reconcile::SandboxHooks {
public:
    Resolvers(store::Store& store, model::Naming naming, ResolverOptions options);
    ~Resolvers() override;

    // Before the reconciler starts; clustered: names and addresses come from the view too.
    void setClusterView(const cluster::ClusterView* view) { m_view = view; }
    // Before the reconciler starts: the services of a network (name, VIP), which resolve too.
    using ServiceNames =
        std::function<std::vector<std::pair<std::string, model::Ipv4>>(const std::string&)>;
    void setServiceNames(ServiceNames names) { m_serviceNames = std::move(names); }

    void releasing(const std::string& netnsPath) override;
    void settled(const std::set<std::string>& built, const reconcile::Touched& touched) override;

    // Summed over every running responder (answered, forwarded, refused, malformed).
    struct Totals {
        uint64_t answered = 0, forwarded = 0, refused = 0, malformed = 0;
        size_t responders = 0;
    };
    Totals totals() const;

private:
    class Book;
    struct Running {
        std::string netnsPath;
        model::Ipv4 address;
        Options answers;
        std::unique_ptr<Server> server;
    };
    void syncResolvConfs(const std::vector<model::Network>& networks,
                         const reconcile::Touched& touched);

    store::Store& m_store;
    model::Naming m_naming;
    ResolverOptions m_options;
    const cluster::ClusterView* m_view = nullptr;
    ServiceNames m_serviceNames;

    mutable std::mutex m_mutex;                   // m_running against totals()
    std::map<std::string, Running> m_running;     // network id -> responder
    std::map<std::string, std::string> m_failed;  // network id -> last start error, logged once
    // Strand only: endpoint id -> (directory, text) of the resolv.conf written for it.
    std::map<std::string, std::pair<std::string, std::string>> m_written;
};

}  // namespace loom::engine::dns
