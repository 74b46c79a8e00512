#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "engine/reconcile/state_source.h"
#include "engine/services/nft.h"

// Keeps every local endpoint's namespace holding the services of its network (nft.h): after
// each reconciler pass, a namespace whose services or backends changed gets its table again;
// after a full pass, a table changed or removed by hand is found (the kernel's listing differs
// from the one taken after writing it) and written again; a namespace whose endpoint left
// loses its table (an attached namespace outlives its endpoint).
namespace loom::engine::services {

class Programmer : public reconcile::SandboxHooks {
public:
    // Namespace path -> the services it should hold, read on the reconciler's strand.
    using Wanted = std::function<std::map<std::string, std::vector<ServiceRule>>()>;
    Programmer(std::string table, Wanted wanted)
        : m_table(std::move(table)), m_wanted(std::move(wanted)) {}

    void releasing(const std::string& netnsPath) override;
    void settled(const std::set<std::string>& built, bool full) override;

private:
    struct Applied {
        std::vector<ServiceRule> rules;
        std::string listing;
    };
    std::string m_table;
    Wanted m_wanted;
    std::map<std::string, Applied> m_applied;     // strand only
    std::map<std::string, std::string> m_failed;  // path -> last error, logged once
};

}  // namespace loom::engine::services
