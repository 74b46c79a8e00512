#include "engine/dns/resolvers.h"

#include <dirent.h>
#include <fcntl.h>
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

// Whole or not at all: a reader never sees half a file. Plain system calls: this runs on the
// reconciler's strand once per endpoint made.
bool writeWhole(const std::string& path, const std::string& text) {
    const std::string tmp = path + ".tmp";
    int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) return false;
    const bool written = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
    ::close(fd);
    return written && ::rename(tmp.c_str(), path.c_str()) == 0;
}

}  // namespace

std::optional<model::Ipv4> resolverAddress(const model::Network& n,
                                           const cluster::ClusterView* view) {
    if (view) return view->ownHostAddress(n.id);
    return n.gateway;
}

namespace {
// The directory under ETC_DIR of an endpoint Loom made: its namespace's file name ("" for a
// namespace Loom only attached).
std::string resolvConfDir(const model::Endpoint& e) {
    if (e.netnsMode != model::NetnsMode::Created || e.netnsPath.empty()) return {};
    return e.netnsPath.substr(e.netnsPath.rfind('/') + 1);
}
}  // namespace

std::string resolvConfPath(const std::string& etcDir, const model::Endpoint& e) {
    const std::string dir = resolvConfDir(e);
    return dir.empty() ? std::string() : etcDir + "/" + dir + "/resolv.conf";
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

void Resolvers::settled(const std::set<std::string>& built, const reconcile::Touched& touched) {
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
    syncResolvConfs(*networks, touched);
}

// Every endpoint Loom made has ETC_DIR/<its namespace's name>/resolv.conf naming its host's
// responder; files of endpoints that are gone are removed. A full pass looks at every endpoint
// and every file (one removed or changed by hand is written again); any other pass only at the
// endpoints it was about and at every endpoint of the networks it was about (their resolver may
// have moved), comparing with what was written, so an endpoint's pass costs one file at most.
// Only this engine's names are touched (they carry its prefix).
void Resolvers::syncResolvConfs(const std::vector<model::Network>& networks,
                                const reconcile::Touched& touched) {
    std::map<std::string, const model::Network*> byId;
    for (const auto& n : networks) byId[n.id] = &n;
    std::vector<model::Endpoint> affected;
    std::set<std::string> gone;
    if (touched.full) {
        auto all = m_store.endpoints();
        if (!all) return;
        affected = std::move(*all);
    } else {
        for (const auto& net : touched.networks) {
            if (auto local = m_store.listEndpoints(net)) {
                affected.insert(affected.end(), local->begin(), local->end());
            }
        }
        for (const auto& id : touched.endpoints) {
            auto e = m_store.endpoint(id);
            if (!e) continue;
            if (e->has_value()) {
                affected.push_back(**e);
            } else {
                gone.insert(id);
            }
        }
    }
    // What each affected endpoint's file should say ("" when it should have none).
    std::map<std::string, std::pair<std::string, std::string>> want;  // id -> dir, text
    for (const auto& e : affected) {
        const std::string dir = resolvConfDir(e);
        auto n = byId.find(e.networkId);
        std::optional<model::Ipv4> address;
        if (!dir.empty() && n != byId.end()) address = resolverAddress(*n->second, m_view);
        std::string text;
        if (address) {
            text = "# Written by Loom for endpoint " + e.name + " on network " + n->second->name +
                   ": its name responder.\nnameserver " + address->toString() + "\nsearch " +
                   model::dnsDomain(n->second->name) + "\n";
        }
        want[e.id] = {dir, text};
    }
    auto remove = [&](const std::string& dir) {
        const std::string sub = m_options.etcDir + "/" + dir;
        ::unlink((sub + "/resolv.conf").c_str());
        ::rmdir(sub.c_str());
    };
    for (const auto& id : gone) {
        auto it = m_written.find(id);
        if (it == m_written.end()) continue;
        remove(it->second.first);
        m_written.erase(it);
    }
    if (touched.full) {
        // Files of endpoints this engine no longer has, left by a crash or a restart.
        std::set<std::string> dirs;
        for (const auto& [id, w] : want) {
            if (!w.second.empty()) dirs.insert(w.first);
        }
        const std::string mine = m_naming.prefix + "-ep-";
        if (DIR* dir = ::opendir(m_options.etcDir.c_str())) {
            std::vector<std::string> stale;
            while (dirent* d = ::readdir(dir)) {
                std::string name = d->d_name;
                if (name.rfind(mine, 0) == 0 && !dirs.count(name)) stale.push_back(name);
            }
            ::closedir(dir);
            for (const auto& name : stale) remove(name);
        }
        for (auto it = m_written.begin(); it != m_written.end();) {
            it = want.count(it->first) ? std::next(it) : m_written.erase(it);
        }
    }
    for (const auto& [id, w] : want) {
        const auto& [dir, text] = w;
        auto written = m_written.find(id);
        if (text.empty()) {
            if (written != m_written.end()) {
                remove(dir);
                m_written.erase(written);
            }
            continue;
        }
        const std::string sub = m_options.etcDir + "/" + dir, path = sub + "/resolv.conf";
        const bool same = written != m_written.end() && written->second.second == text;
        // A full pass reads the file back: it may have been changed or removed by hand.
        if (same && (!touched.full || readAll(path) == text)) continue;
        if (::mkdir(sub.c_str(), 0755) != 0 && errno == ENOENT) {
            ::mkdir(m_options.etcDir.c_str(), 0755);  // the first one
            ::mkdir(sub.c_str(), 0755);
        }
        if (!writeWhole(path, text)) {
            LOOM_LOG(Warning, kLog) << "cannot write " << path << ": " << std::strerror(errno);
            m_written.erase(id);
            continue;
        }
        m_written[id] = w;
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
