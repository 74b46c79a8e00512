#include "engine/dns/resolvers.h"

#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cctype>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>
#include <unordered_map>

#include "engine/cluster/view.h"
#include "engine/common/log.h"
#include "engine/store/store.h"

namespace loom::engine::dns {

namespace {

constexpr const char* kLog = "dns";

std::string lower(std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

std::string readAll(const std::string& path) {
    std::ifstream in(path);
    if (!in) return {};
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

// Whole or not at all: a reader never sees half a file.
bool writeWhole(const std::string& path, const std::string& text) {
    std::string tmp = path + ".tmp";
    {
        std::ofstream out(tmp, std::ios::trunc);
        if (!(out << text) || !out.flush()) return false;
    }
    return std::rename(tmp.c_str(), path.c_str()) == 0;
}

}  // namespace

std::optional<model::Ipv4> resolverAddress(const model::Network& n,
                                           const cluster::ClusterView* view) {
    if (view) return view->ownHostAddress(n.id);
    return n.gateway;
}

std::string resolvConfPath(const std::string& etcDir, const model::Endpoint& e) {
    if (e.netnsMode != model::NetnsMode::Created || e.netnsPath.empty()) return {};
    return etcDir + "/" + e.netnsPath.substr(e.netnsPath.rfind('/') + 1) + "/resolv.conf";
}

std::vector<std::string> systemUpstreams(const std::string& resolvConf) {
    std::vector<std::string> out;
    std::istringstream in(readAll(resolvConf));
    std::string line;
    while (std::getline(in, line)) {
        std::istringstream words(line);
        std::string key, value;
        if (!(words >> key >> value) || key != "nameserver") continue;
        if (model::Ipv4::parse(value)) out.push_back(value);
    }
    return out;
}

// One network's names, read again from the store and the cluster view whenever either moved
// since the last lookup: a deleted endpoint stops resolving at once. Looked up on the
// responder's thread.
class Resolvers::Book {
public:
    Book(store::Store& store, const cluster::ClusterView* view, ServiceNames services,
         std::string networkId)
        : m_store(store),
          m_view(view),
          m_services(std::move(services)),
          m_networkId(std::move(networkId)) {}

    std::optional<model::Ipv4> address(const std::string& name) {
        std::lock_guard lock(m_mutex);
        refresh();
        auto it = m_byName.find(name);
        if (it == m_byName.end()) return std::nullopt;
        return it->second;
    }
    // Moves whenever the names were read again.
    uint64_t version() {
        std::lock_guard lock(m_mutex);
        refresh();
        return m_version;
    }
    std::optional<std::string> name(model::Ipv4 ip) {
        std::lock_guard lock(m_mutex);
        refresh();
        auto it = m_byAddress.find(ip.value);
        if (it == m_byAddress.end()) return std::nullopt;
        return it->second;
    }

private:
    void add(const std::string& name, model::Ipv4 ip) {
        // The first holder of a name keeps it (this host's own endpoints come first).
        m_byName.emplace(lower(name), ip);
        m_byAddress.emplace(ip.value, name);
    }
    void refresh() {
        const uint64_t generation = m_store.generation();
        const int64_t revision = m_view ? m_view->revision() : 0;
        if (generation == m_generation && revision == m_revision) return;
        auto local = m_store.listEndpoints(m_networkId);
        if (!local) return;  // keep what was known; asked again on the next query
        m_byName.clear();
        m_byAddress.clear();
        for (const auto& e : *local) add(e.name, e.ip);
        if (m_view) {
            for (const auto& e : m_view->endpoints(m_networkId)) {
                const std::string ip = e.ip().substr(0, e.ip().find('/'));
                if (auto parsed = model::Ipv4::parse(ip)) add(e.name(), *parsed);
            }
        }
        if (m_services) {
            for (const auto& [name, vip] : m_services(m_networkId)) add(name, vip);
        }
        m_generation = generation;
        m_revision = revision;
        ++m_version;
    }

    store::Store& m_store;
    const cluster::ClusterView* m_view;
    ServiceNames m_services;
    const std::string m_networkId;
    std::mutex m_mutex;
    uint64_t m_generation = ~uint64_t{0};
    int64_t m_revision = -1;
    uint64_t m_version = 0;
    std::unordered_map<std::string, model::Ipv4> m_byName;
    std::unordered_map<uint32_t, std::string> m_byAddress;
};

Resolvers::Resolvers(store::Store& store, model::Naming naming, ResolverOptions options)
    : m_store(store), m_naming(std::move(naming)), m_options(std::move(options)) {}

Resolvers::~Resolvers() {
    std::lock_guard lock(m_mutex);
    m_running.clear();
}

void Resolvers::releasing(const std::string& netnsPath) {
    std::lock_guard lock(m_mutex);
    for (auto it = m_running.begin(); it != m_running.end();) {
        if (it->second.netnsPath == netnsPath) {
            LOOM_LOG(Debug, kLog) << "responder in " << netnsPath << " stopped";
            it = m_running.erase(it);  // joins its thread: the sockets close with it
        } else {
            ++it;
        }
    }
}

void Resolvers::settled(const std::set<std::string>& built, bool full) {
    auto networks = m_store.networks();
    if (!networks) return;  // the next pass tries again
    std::lock_guard lock(m_mutex);
    std::set<std::string> keep;
    for (const auto& n : *networks) {
        if (!built.count(n.id)) continue;
        auto address = resolverAddress(n, m_view);
        if (!address) continue;  // clustered, before the cluster granted this host one
        Options answers{model::dnsDomain(n.name), m_options.ttl, n.internal};
        const std::string sandbox = m_naming.sandboxNetns(n.id);
        auto it = m_running.find(n.id);
        if (it != m_running.end() &&
            (it->second.address != *address || it->second.netnsPath != sandbox ||
             it->second.answers.internal != answers.internal ||
             it->second.answers.domain != answers.domain)) {
            m_running.erase(it);
            it = m_running.end();
        }
        keep.insert(n.id);
        if (it != m_running.end()) continue;
        auto book = std::make_shared<Book>(m_store, m_view, m_serviceNames, n.id);
        Names names{[book](const std::string& name) { return book->address(name); },
                    [book](model::Ipv4 ip) { return book->name(ip); },
                    [book] { return book->version(); }};
        ServerOptions options{sandbox, address->toString(), m_options.port, m_options.upstreams,
                              answers};
        auto server = Server::start(options, std::move(names));
        if (!server) {
            // Retried on every pass; said once per reason.
            if (m_failed[n.id] != server.status().message()) {
                LOOM_LOG(Warning, kLog)
                    << "network " << n.name << ": no name responder: " << server.status().message();
                m_failed[n.id] = server.status().message();
            }
            continue;
        }
        m_failed.erase(n.id);
        LOOM_LOG(Debug, kLog) << "network " << n.name << ": responder on " << address->toString()
                              << ":" << m_options.port << (n.internal ? " (internal)" : "");
        m_running[n.id] = {sandbox, *address, answers, std::move(*server)};
    }
    for (auto it = m_running.begin(); it != m_running.end();) {
        it = keep.count(it->first) ? std::next(it) : m_running.erase(it);
    }
    const uint64_t generation = m_store.generation();
    const int64_t revision = m_view ? m_view->revision() : 0;
    if (full || generation != m_syncedGeneration || revision != m_syncedRevision) {
        syncResolvConfs(*networks);
        m_syncedGeneration = generation;
        m_syncedRevision = revision;
    }
}

// Every endpoint Loom made has ETC_DIR/<its namespace's name>/resolv.conf naming its host's
// responder; files of endpoints that are gone are removed. Only this engine's names are
// touched (they carry its prefix).
void Resolvers::syncResolvConfs(const std::vector<model::Network>& networks) {
    auto endpoints = m_store.endpoints();
    if (!endpoints) return;
    std::map<std::string, const model::Network*> byId;
    for (const auto& n : networks) byId[n.id] = &n;
    std::map<std::string, std::string> want;  // directory name -> content
    for (const auto& e : *endpoints) {
        const std::string path = resolvConfPath(m_options.etcDir, e);
        auto n = byId.find(e.networkId);
        if (path.empty() || n == byId.end()) continue;
        auto address = resolverAddress(*n->second, m_view);
        if (!address) continue;
        want[e.netnsPath.substr(e.netnsPath.rfind('/') + 1)] =
            "# Written by Loom for endpoint " + e.name + " on network " + n->second->name +
            ": its name responder.\nnameserver " + address->toString() + "\nsearch " +
            model::dnsDomain(n->second->name) + "\n";
    }
    const std::string mine = m_naming.prefix + "-ep-";
    if (DIR* dir = ::opendir(m_options.etcDir.c_str())) {
        std::vector<std::string> stale;
        while (dirent* d = ::readdir(dir)) {
            std::string name = d->d_name;
            if (name.rfind(mine, 0) == 0 && !want.count(name)) stale.push_back(name);
        }
        ::closedir(dir);
        for (const auto& name : stale) {
            const std::string sub = m_options.etcDir + "/" + name;
            ::unlink((sub + "/resolv.conf").c_str());
            ::rmdir(sub.c_str());
        }
    }
    if (!want.empty()) ::mkdir(m_options.etcDir.c_str(), 0755);
    for (const auto& [name, text] : want) {
        const std::string sub = m_options.etcDir + "/" + name, path = sub + "/resolv.conf";
        if (readAll(path) == text) continue;
        ::mkdir(sub.c_str(), 0755);
        if (!writeWhole(path, text)) {
            LOOM_LOG(Warning, kLog) << "cannot write " << path << ": " << std::strerror(errno);
        }
    }
}

Resolvers::Totals Resolvers::totals() const {
    std::lock_guard lock(m_mutex);
    Totals t;
    for (const auto& [id, r] : m_running) {
        const Counters& c = r.server->counters();
        t.answered += c.answered;
        t.forwarded += c.forwarded;
        t.refused += c.refused;
        t.malformed += c.malformed;
    }
    t.responders = m_running.size();
    return t;
}

}  // namespace loom::engine::dns
