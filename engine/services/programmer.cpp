#include "engine/services/programmer.h"

#include "engine/common/log.h"
#include "engine/netlink/netns.h"

namespace loom::engine::services {

namespace {
constexpr const char* kLog = "services";
}

void Programmer::releasing(const std::string& netnsPath) {
    m_applied.erase(netnsPath);  // its table goes with it
    m_failed.erase(netnsPath);
}

void Programmer::settled(const std::set<std::string>&, const reconcile::Touched& touched) {
    if (!m_source.rules || !m_source.endpoints || !m_source.endpoint) return;
    std::map<std::string, std::vector<ServiceRule>> rulesOf;  // network -> its services, this pass
    auto rules = [&](const std::string& net) -> const std::vector<ServiceRule>& {
        auto it = rulesOf.find(net);
        if (it == rulesOf.end()) it = rulesOf.emplace(net, m_source.rules(net)).first;
        return it->second;
    };
    auto forget = [&](const std::string& id) {
        auto it = m_endpoints.find(id);
        if (it == m_endpoints.end()) return std::string();
        const auto [ns, net] = it->second;
        m_endpoints.erase(it);
        auto& nets = m_namespaces[ns];
        if (--nets[net] <= 0) nets.erase(net);
        if (nets.empty()) m_namespaces.erase(ns);
        return ns;
    };

    std::vector<model::Endpoint> affected;
    std::set<std::string> namespaces;
    if (touched.full) {
        affected = m_source.endpoints("");
        std::set<std::string> present;
        for (const auto& e : affected) present.insert(e.id);
        std::vector<std::string> stale;
        for (const auto& [id, where] : m_endpoints) {
            if (!present.count(id)) stale.push_back(id);
        }
        for (const auto& id : stale) namespaces.insert(forget(id));
        for (const auto& [ns, applied] : m_applied) namespaces.insert(ns);
    } else {
        for (const auto& net : touched.networks) {
            // Only a network with services, or whose clients hold a table, needs its endpoints.
            bool tables = false;
            for (const auto& [ns, nets] : m_namespaces) {
                if (nets.count(net) && m_applied.count(ns)) tables = true;
            }
            if (!tables && rules(net).empty()) continue;
            auto local = m_source.endpoints(net);
            affected.insert(affected.end(), local.begin(), local.end());
        }
        for (const auto& id : touched.endpoints) {
            if (auto e = m_source.endpoint(id)) {
                affected.push_back(*e);
            } else {
                namespaces.insert(forget(id));
            }
        }
    }
    for (const auto& e : affected) {
        auto known = m_endpoints.find(e.id);
        if (known == m_endpoints.end() || known->second != std::pair{e.netnsPath, e.networkId}) {
            if (known != m_endpoints.end()) namespaces.insert(forget(e.id));
            m_endpoints[e.id] = {e.netnsPath, e.networkId};
            ++m_namespaces[e.netnsPath][e.networkId];
        }
        namespaces.insert(e.netnsPath);
    }
    namespaces.erase("");
    for (const auto& ns : namespaces) {
        std::vector<ServiceRule> want;
        auto nets = m_namespaces.find(ns);
        if (nets != m_namespaces.end()) {
            for (const auto& [net, count] : nets->second) {
                const auto& r = rules(net);
                want.insert(want.end(), r.begin(), r.end());
            }
        }
        program(ns, want, touched.full);
    }
}

void Programmer::program(const std::string& path, const std::vector<ServiceRule>& rules,
                         bool verify) {
    auto it = m_applied.find(path);
    if (rules.empty()) {
        // Nothing to hold: a table that is there goes (when the namespace is still there).
        if (it == m_applied.end()) return;
        if (netlink::isNetns(path)) {
            Status s = apply(path, m_table, {});
            if (!s.isOk()) {
                LOOM_LOG(Warning, kLog) << s.message();
            }
        }
        m_applied.erase(it);
        return;
    }
    bool write = it == m_applied.end() || it->second.rules != rules;
    if (!write && verify) {
        auto now = list(path, m_table);
        write = !now || *now != it->second.listing;
        if (write) {
            LOOM_LOG(Info, kLog) << "services in " << path << " changed by hand: written again";
        }
    }
    if (!write) return;
    Status s = apply(path, m_table, rules);
    auto listing = s.isOk() ? list(path, m_table) : Result<std::string>(s);
    if (!listing) {
        m_applied.erase(path);  // tried again on the next pass about it, or the next full one
        if (m_failed[path] != listing.status().message()) {
            LOOM_LOG(Warning, kLog) << listing.status().message();
            m_failed[path] = listing.status().message();
        }
        return;
    }
    m_failed.erase(path);
    m_applied[path] = {rules, *listing};
    LOOM_LOG(Debug, kLog) << "services in " << path << ": " << rules.size() << " service(s)";
}

}  // namespace loom::engine::services
