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

void Programmer::settled(const std::set<std::string>&, bool full) {
    if (!m_wanted) return;
    auto wanted = m_wanted();
    for (const auto& [path, rules] : wanted) {
        auto it = m_applied.find(path);
        bool write = it == m_applied.end() || it->second.rules != rules;
        if (!write && full) {
            auto now = list(path, m_table);
            write = !now || *now != it->second.listing;
            if (write)
                LOOM_LOG(Info, kLog) << "services in " << path << " changed by hand: written again";
        }
        if (!write) continue;
        Status s = apply(path, m_table, rules);
        auto listing = s.isOk() ? list(path, m_table) : Result<std::string>(s);
        if (!listing) {
            m_applied.erase(path);  // tried again on the next pass
            if (m_failed[path] != listing.status().message()) {
                LOOM_LOG(Warning, kLog) << listing.status().message();
                m_failed[path] = listing.status().message();
            }
            continue;
        }
        m_failed.erase(path);
        m_applied[path] = {rules, *listing};
        LOOM_LOG(Debug, kLog) << "services in " << path << ": " << rules.size() << " service(s)";
    }
    // Namespaces that should hold nothing any more: their table goes (when they are still there).
    for (auto it = m_applied.begin(); it != m_applied.end();) {
        if (wanted.count(it->first)) {
            ++it;
            continue;
        }
        if (netlink::isNetns(it->first)) {
            Status s = apply(it->first, m_table, {});
            if (!s.isOk()) LOOM_LOG(Warning, kLog) << s.message();
        }
        it = m_applied.erase(it);
    }
}

}  // namespace loom::engine::services
