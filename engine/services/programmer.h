#pragma once

#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "engine/model/endpoint.h"
#include "engine/reconcile/state_source.h"
#include "engine/services/nft.h"

// Keeps every local endpoint's namespace holding the services of its network (nft.h): after a
// pass about an endpoint or a network, the namespaces concerned get their table again if their
// services or backends changed; after a full pass, a table changed or removed by hand is found
// (the kernel's listing differs from the one taken after writing it) and written again; a
// namespace whose endpoints all left loses its table (an attached namespace outlives them).
// Work is in proportion to what the pass was about: a network without services costs a look.
namespace loom::engine::services {

class Programmer : public reconcile::SandboxHooks {
public:
    // Read on the reconciler's strand.
    struct Source {
        // A network's services, each with its backends.
        std::function<std::vector<ServiceRule>(const std::string& networkId)> rules;
        // This host's endpoints of a network ("": of every network).
        std::function<std::vector<model::Endpoint>(const std::string& networkId)> endpoints;
        // One of this host's endpoints, if it is still there.
        std::function<std::optional<model::Endpoint>(const std::string& id)> endpoint;
    };
    explicit Programmer(std::string table) : m_table(std::move(table)) {}
    // Before the reconciler starts; without it, passes program nothing.
    void setSource(Source source) { m_source = std::move(source); }

    void releasing(const std::string& netnsPath) override;
    void settled(const std::set<std::string>& built, const reconcile::Touched& touched) override;

private:
    struct Applied {
        std::vector<ServiceRule> rules;
        std::string listing;
    };
    void program(const std::string& path, const std::vector<ServiceRule>& rules, bool verify);

    std::string m_table;
    Source m_source;
    // Strand only.
    std::map<std::string, std::pair<std::string, std::string>> m_endpoints;  // id -> ns, network
    std::map<std::string, std::map<std::string, int>> m_namespaces;  // ns -> network -> endpoints
    std::map<std::string, Applied> m_applied;                        // ns -> its table
    std::map<std::string, std::string> m_failed;  // ns -> last error, logged once
};

}  // namespace loom::engine::services
