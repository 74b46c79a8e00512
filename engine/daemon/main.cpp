// loomd: the composition root. Flags, the store, the kernel, the reconciler, the API server,
// then wait for SIGTERM/SIGINT. Stopping keeps every kernel object: the data plane goes on
// without the engine, and the next start reconciles.
#include <fcntl.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <optional>
#include <sstream>

#include "engine/api/container_janitor.h"
#include "engine/api/convert.h"
#include "engine/api/crypt_source.h"
#include "engine/api/event_bus.h"
#include "engine/api/intents.h"
#include "engine/api/peers.h"
#include "engine/api/server.h"
#include "engine/api/service_directory.h"
#include "engine/api/service_service.h"
#include "engine/cluster/agent.h"
#include "engine/common/log.h"
#include "engine/common/unique_fd.h"
#include "engine/daemon/flags.h"
#include "engine/daemon/notify.h"
#include "engine/dns/resolvers.h"
#include "engine/netlink/nl_kernel.h"
#include "engine/netlink/underlay.h"
#include "engine/netlink/xfrm_ops.h"
#include "engine/reconcile/reconciler.h"
#include "engine/services/programmer.h"
#include "engine/store/store.h"
#include "engine/telemetry/history.h"
#include "engine/telemetry/prober.h"
#include "engine/telemetry/sampler.h"

using namespace loom::engine;

namespace {

constexpr const char* kLog = "daemon";

common::Status makeDirs(const std::string& dir, mode_t mode) {
    for (size_t i = 1; i <= dir.size(); ++i) {
        if (i == dir.size() || dir[i] == '/') {
            std::string part = dir.substr(0, i);
            if (::mkdir(part.c_str(), mode) != 0 && errno != EEXIST) {
                return common::fromErrno(errno, "create " + part);
            }
        }
    }
    return {};
}

// One engine per state directory and per socket: a second one would reconcile the same
// namespaces from the same database, and gRPC silently takes over a socket path in use.
common::Status claimInstance(const daemon::Flags& flags, common::UniqueFd* lock) {
    std::string lockPath = flags.stateDir + "/loomd.lock";
    lock->reset(::open(lockPath.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600));
    if (!lock->valid()) return common::fromErrno(errno, "open " + lockPath);
    if (::flock(lock->get(), LOCK_EX | LOCK_NB) != 0) {
        return common::failedPrecondition("another loomd is running with state dir " +
                                          flags.stateDir);
    }
    common::UniqueFd probe(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    if (flags.socket.size() >= sizeof addr.sun_path) {
        return common::invalidArgument(
            "--socket", "path is longer than " + std::to_string(sizeof addr.sun_path - 1));
    }
    std::strncpy(addr.sun_path, flags.socket.c_str(), sizeof addr.sun_path - 1);
    if (probe.valid() &&
        ::connect(probe.get(), reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0) {
        return common::failedPrecondition("another engine is listening on " + flags.socket);
    }
    return {};
}

std::string readFile(const std::string& path) {
    std::ifstream in(path);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

int fail(const common::Status& s) {
    std::fprintf(stderr, "loomd: %s\n", s.message().c_str());
    return 1;
}

// Events of the reconciler's verdicts: an object became ready, or failed.
void publishStatus(api::EngineContext& ctx, reconcile::ObjectKind kind, const std::string& id,
                   const reconcile::ObjectStatus& status) {
    auto k = status.state == model::ObjectState::Failed ? loom::v1::Event::KIND_FAILED
                                                        : loom::v1::Event::KIND_CHANGED;
    auto event = api::makeEvent(k, status.message);
    common::Status s = kind == reconcile::ObjectKind::Network
                           ? api::fillNetwork(ctx, id, event.mutable_network())
                           : api::fillEndpoint(ctx, id, event.mutable_endpoint());
    if (s.isOk()) ctx.events.publish(event);
}

// What the prober probes: every local network with this host's address on it, the other hosts'
// addresses and the local endpoints. Read again only when the store or the cluster changed.
telemetry::Prober::Inventory probeInventory(api::EngineContext& ctx, size_t maxEndpoints) {
    struct Cache {
        uint64_t generation = ~uint64_t{0};
        int64_t revision = -1;
        std::vector<telemetry::ProbeNetwork> networks;
    };
    auto cache = std::make_shared<Cache>();
    return [&ctx, cache, maxEndpoints]() {
        uint64_t generation = ctx.store.generation();
        int64_t revision = ctx.cluster ? ctx.cluster->view().revision() : 0;
        if (generation == cache->generation && revision == cache->revision) return cache->networks;
        auto networks = ctx.store.networks();
        auto endpoints = ctx.store.endpoints();
        if (!networks || !endpoints) return cache->networks;
        std::map<std::string, telemetry::ProbeNetwork> out;
        for (const auto& n : *networks) {
            auto& p = out[n.id];
            p.id = n.id;
            p.name = n.name;
            p.sandbox = ctx.naming.sandboxNetns(n.id);
            if (!ctx.cluster) continue;
            p.source = ctx.cluster->view().ownHostAddress(n.id);
            for (const auto& h : ctx.cluster->view().hostAddresses(n.id)) {
                p.hosts.push_back({h.hostId, h.hostName, h.ip});
            }
        }
        // The first endpoints by name, up to the limit: each probed one keeps a neighbour entry
        // in its sandbox and one in its own namespace, and the kernel's limit is machine-wide.
        std::vector<const model::Endpoint*> byName;
        for (const auto& e : *endpoints) byName.push_back(&e);
        std::sort(
            byName.begin(), byName.end(),
            [](const model::Endpoint* a, const model::Endpoint* b) { return a->name < b->name; });
        if (byName.size() > maxEndpoints) byName.resize(maxEndpoints);
        for (const auto* e : byName) {
            auto n = out.find(e->networkId);
            if (n != out.end()) n->second.endpoints.push_back({e->id, e->name, e->ip});
        }
        cache->networks.clear();
        for (auto& [id, p] : out) cache->networks.push_back(std::move(p));
        cache->generation = generation;
        cache->revision = revision;
        return cache->networks;
    };
}

// The kernel's neighbour table is one for the whole machine, every namespace together, and
// learned entries beyond gc_thresh3 are refused (ARP then fails anywhere). Loom's own entries
// are permanent and do not count, but the endpoints' traffic learns entries on both ends.
// Read only where the engine runs in the machine's own namespace (elsewhere it is hidden).
void warnIfNeighbourTableSmall(store::Store& store) {
    std::ifstream in("/proc/sys/net/ipv4/neigh/default/gc_thresh3");
    long limit = 0;
    if (!(in >> limit) || limit <= 0) return;
    auto endpoints = store.endpoints();
    if (!endpoints) return;
    long want = 2 * static_cast<long>(endpoints->size());
    if (want <= limit) return;
    LOOM_LOG(Warning, kLog) << "this host holds " << endpoints->size()
                            << " endpoints, and the kernel's neighbour table takes at most "
                            << limit << " learned entries for the whole machine (about 2 per "
                            << "endpoint that talks): raise net.ipv4.neigh.default.gc_thresh3 "
                            << "(and gc_thresh1/2) to at least " << want;
}

}  // namespace

int main(int argc, char** argv) {
    daemon::Flags flags;
    bool exitNow = false;
    if (auto s = daemon::parseFlags(argc, argv, &flags, &exitNow); !s.isOk()) return fail(s);
    if (exitNow) return 0;
    daemon::ServiceNotifier notifier;  // before any thread: it edits the environment
    if (flags.checkConfig) {
        std::printf("loomd: %s: the settings are valid\n", flags.configFile.c_str());
        return 0;
    }
    common::setLogLevel(flags.logLevel);

    // Signals are taken by sigwait() below; every thread started from here inherits the mask.
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGTERM);
    sigaddset(&signals, SIGINT);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);
    ::signal(SIGPIPE, SIG_IGN);

    if (auto s = makeDirs(flags.stateDir, 0700); !s.isOk()) return fail(s);
    if (auto s = makeDirs(flags.netnsDir, 0755); !s.isOk()) return fail(s);
    common::UniqueFd instanceLock;
    if (auto s = claimInstance(flags, &instanceLock); !s.isOk()) return fail(s);

    auto underlay = netlink::detectUnderlay(flags.underlayDev, flags.vtepIp);
    if (!underlay) return fail(underlay.status());
    auto store = store::Store::open(flags.db);
    if (!store) return fail(store.status());
    warnIfNeighbourTableSmall(**store);
    auto hostId = (*store)->hostId();
    if (!hostId) return fail(hostId.status());
    // The pool sits beside the socket (tmpfs under /run by default): its files are made and
    // removed all the time, and mean nothing after a reboot.
    std::string runtimeDir = flags.socket.substr(0, flags.socket.rfind('/') + 1);
    if (auto s = makeDirs(runtimeDir.empty() ? "." : runtimeDir, 0755); !s.isOk()) return fail(s);
    auto kernel = netlink::NlKernel::open(runtimeDir + "netns-pool." + flags.namePrefix,
                                          static_cast<size_t>(flags.netnsPool));
    if (!kernel) return fail(kernel.status());

    if (flags.hostName.empty()) {
        char name[256] = {};
        ::gethostname(name, sizeof name - 1);
        flags.hostName = name;
    }
    model::Naming naming{flags.netnsDir, flags.namePrefix};
    reconcile::StatusBoard board;
    reconcile::Reconciler::Options options;
    options.resyncInterval = std::chrono::seconds(flags.resyncSeconds);
    options.onDemand = !flags.etcd.empty();
    std::unique_ptr<cluster::Agent> agent;
    cluster::Agent::Options clusterOptions;
    if (!flags.etcd.empty()) {
        auto urls = cluster::parseEtcdUrls(flags.etcd);
        if (!urls) return fail(urls.status());
        clusterOptions.etcd.urls = *urls;
        clusterOptions.etcd.caFile = flags.etcdCa;
        clusterOptions.etcd.certFile = flags.etcdCert;
        clusterOptions.etcd.keyFile = flags.etcdKey;
        clusterOptions.leaseTtl = std::chrono::seconds(flags.leaseTtl);
    }
    // Before the reconciler: its strand calls the responders until it stops.
    dns::ResolverOptions dnsOptions;
    dnsOptions.etcDir = flags.netnsEtcDir;
    if (flags.dnsUpstreams.empty()) {
        dnsOptions.upstreams = dns::systemUpstreams();
    } else if (flags.dnsUpstreams != std::vector<std::string>{"none"}) {
        dnsOptions.upstreams = flags.dnsUpstreams;
    }
    dns::Resolvers resolvers(**store, naming, dnsOptions);
    // Services in every local endpoint's namespace, from what the API knows (set below).
    api::EngineContext* context = nullptr;
    services::Programmer programmer(flags.namePrefix + "_svc");
    resolvers.setServiceNames([&context](const std::string& networkId) {
        std::vector<std::pair<std::string, model::Ipv4>> out;
        if (!context) return out;
        for (const auto& s : api::servicesOf(*context, networkId)) out.emplace_back(s.name, s.vip);
        return out;
    });
    reconcile::Reconciler reconciler(**kernel, **store, board, naming, *underlay, options);
    reconciler.addSandboxHooks(&resolvers);
    reconciler.addSandboxHooks(&programmer);
    api::EventBus events;
    api::EngineContext ctx{**store,   reconciler, board,          events,      naming,
                           *underlay, *hostId,    flags.hostName, flags.listen};
    ctx.resolvers = &resolvers;
    context = &ctx;
    programmer.setSource(api::programmerSource(ctx));
    ctx.netnsEtcDir = flags.netnsEtcDir;
    ctx.dnsUpstreams = dnsOptions.upstreams;
    netlink::EspSupport esp = netlink::probeEsp();
    ctx.canEncrypt = esp.ok;
    ctx.encryptionMessage = esp.ok ? "" : "cannot encrypt: " + esp.reason;
    LOOM_LOG(Info, kLog) << (esp.ok ? "encrypted networks: this kernel can carry them "
                                      "(ESP, rfc4106(gcm(aes)))"
                                    : "encrypted networks: this host " + ctx.encryptionMessage);
    board.setListener(
        [&ctx](reconcile::ObjectKind kind, const std::string& id,
               const reconcile::ObjectStatus& status) { publishStatus(ctx, kind, id, status); });

    if (!flags.etcd.empty()) {
        cluster::HostIdentity self{*hostId,
                                   flags.hostName,
                                   underlay->vtep,
                                   underlay->device,
                                   underlay->mtu,
                                   flags.namePrefix,
                                   std::chrono::duration_cast<std::chrono::milliseconds>(
                                       std::chrono::system_clock::now().time_since_epoch())
                                       .count(),
                                   flags.listen,
                                   flags.netnsDir,
                                   ctx.canEncrypt,
                                   ctx.encryptionMessage};
        agent = std::make_unique<cluster::Agent>(clusterOptions, self, **store, reconciler);
        reconciler.setPeerSource(agent.get());
        resolvers.setClusterView(&agent->view());
        ctx.cluster = agent.get();
    }
    // Encrypted networks' keys and xfrm tables: only in a cluster (a lone host has no peer to
    // encrypt for) and where the kernel can.
    api::EngineCryptSource cryptSource(ctx);
    std::unique_ptr<crypt::Encryptor> encryptor;
    if (agent && ctx.canEncrypt) {
        encryptor = std::make_unique<crypt::Encryptor>(cryptSource, *hostId, underlay->vtep, naming,
                                                       crypt::Encryptor::Options{});
        reconciler.addSandboxHooks(encryptor.get());
        agent->setKeysListener([e = encryptor.get()] { e->wake(); });
        ctx.encryptor = encryptor.get();
    }
    telemetry::StatsHub stats;
    telemetry::Sampler sampler(std::chrono::milliseconds(flags.sampleIntervalMs), **store, naming,
                               {*hostId, flags.hostName, underlay->device}, stats);
    ctx.stats = &stats;
    telemetry::LatencyHub latency;
    telemetry::Prober::Options probeOptions;
    probeOptions.interval = std::chrono::milliseconds(flags.probeIntervalMs);
    probeOptions.timeout = std::max(probeOptions.interval, std::chrono::milliseconds(1000));
    telemetry::Prober prober(probeOptions,
                             probeInventory(ctx, static_cast<size_t>(flags.probeEndpoints)),
                             *hostId, flags.hostName, latency);
    ctx.latency = &latency;
    auto history = telemetry::History::open(
        flags.stateDir + "/history.db",
        {std::chrono::seconds(flags.historyFineSeconds),
         std::chrono::seconds(flags.historyStepSeconds),
         std::chrono::seconds(flags.historyCoarseSeconds), std::chrono::milliseconds(2000)});
    if (!history) return fail(history.status());
    ctx.history = history->get();
    if (encryptor) {
        if (auto s = encryptor->start(); !s.isOk()) return fail(s);
    }
    if (auto s = reconciler.start(); !s.isOk()) return fail(s);
    if (auto s = sampler.start(); !s.isOk()) {
        reconciler.stop();
        return fail(s);
    }
    (*history)->start(stats, &latency);
    if (auto s = prober.start(); !s.isOk()) {
        reconciler.stop();
        return fail(s);
    }
    // After the agent's view is there (the first read), so that what it reads is the cluster's.
    services::HealthChecker health({}, api::healthInventory(ctx), api::healthChanged(ctx));
    ctx.health = &health;
    if (agent) {
        agent->setListener([&events, &ctx](const cluster::ClusterView::Change& c) {
            api::publishClusterChange(events, c);
            api::publishServiceChanges(ctx, c);
        });
        auto s =
            agent->start([&ctx](const std::vector<model::Network>& present,
                                const std::vector<std::string>& removed,
                                bool full) { api::mirrorNetworks(ctx, present, removed, full); },
                         std::chrono::seconds(5));
        if (!s.isOk()) {
            reconciler.stop();
            return fail(s);
        }
    }
    if (auto s = health.start(); !s.isOk()) {
        reconciler.stop();
        return fail(s);
    }
    // After the agent's start: clustered, its removals go through the agent's writer.
    api::ContainerJanitor janitor(ctx, std::chrono::seconds(5));
    janitor.start();
    std::optional<api::TlsListener> tcp;
    std::shared_ptr<grpc::ChannelCredentials> peerCredentials;
    if (!flags.listen.empty()) {
        tcp = api::TlsListener{flags.listen, readFile(flags.tlsCert), readFile(flags.tlsKey),
                               readFile(flags.tlsCa)};
        // The same certificate proves this engine to its peers when it asks them.
        grpc::SslCredentialsOptions ssl;
        ssl.pem_root_certs = tcp->caPem;
        ssl.pem_private_key = tcp->keyPem;
        ssl.pem_cert_chain = tcp->certPem;
        peerCredentials = grpc::SslCredentials(ssl);
    }
    api::Peers peers(peerCredentials, agent.get(), *hostId);
    if (agent) ctx.peers = &peers;
    api::AuditLog::Options audit;
    audit.keep = std::chrono::hours(24 * flags.auditDays);
    auto server = api::Server::start(ctx, flags.socket, tcp ? &*tcp : nullptr, audit);
    if (!server) {
        reconciler.stop();
        return fail(server.status());
    }
    LOOM_LOG(Info, kLog) << "loomd " << LOOM_VERSION << " host " << flags.hostName << " ("
                         << *hostId << "), underlay " << underlay->device << " "
                         << underlay->vtep.toString() << " mtu " << underlay->mtu << ", prefix "
                         << flags.namePrefix << ", listening on " << flags.socket
                         << (agent ? ", cluster " + agent->etcdDescription() : ", standalone")
                         << ", names forwarded to "
                         << (dnsOptions.upstreams.empty() ? std::string("nowhere")
                                                          : dnsOptions.upstreams.front());
    // The API answers from here: a service manager may start what needs it.
    if (auto s = notifier.notify("READY=1\nSTATUS=serving on " + flags.socket +
                                 (agent ? ", clustered" : ", standalone"));
        !s.isOk()) {
        LOOM_LOG(Warning, kLog) << "readiness not told: " << s.message();
    }

    // The main thread waits for a signal; every 30 s it lets go of peer channels replaced
    // since (a host that moved), which gRPC's own threads must not do.
    int sig = -1;
    while (sig < 0) {
        timespec every{30, 0};
        sig = sigtimedwait(&signals, nullptr, &every);
        if (sig < 0) peers.releaseRetired();
    }
    LOOM_LOG(Info, kLog) << "signal " << sig << ": stopping; kernel state is kept";
    (void)notifier.notify("STOPPING=1\nSTATUS=stopping; networks stay up");
    // The echo service first: peers see this engine gone at once, not after the streams close.
    prober.stop();
    health.stop();
    janitor.stop();
    (*server)->shutdown();
    if (agent) agent->stop();
    sampler.stop();
    (*history)->stop();
    reconciler.stop();
    if (encryptor) encryptor->stop();  // its states and policies stay: traffic goes on
    return 0;
}
