#include "engine/daemon/flags.h"

#include <unistd.h>

#include <cstdio>
#include <cstring>

#include "engine/cluster/etcd_client.h"
#include "engine/model/validation.h"

namespace loom::engine::daemon {

const char* usage() {
    return R"(usage: loomd [flags]

The Loom engine: builds this host's overlay networks in the kernel and serves the API.

  --socket PATH          unix socket of the API (default /run/loom/loomd.sock; env LOOM_SOCKET)
  --state-dir DIR        where the engine keeps its state (default /var/lib/loom)
  --db PATH              SQLite database (default STATE_DIR/loom.db)
  --netns-dir DIR        where namespaces are mounted (default /run/netns, as ip-netns)
  --netns-etc-dir DIR    where each endpoint Loom makes gets NAME/resolv.conf naming its
                         network's responder (default /etc/netns, as ip-netns exec reads it)
  --dns-upstream LIST    ADDR[:PORT],... where the responders forward names that are not the
                         network's (default: the nameservers of /etc/resolv.conf; none: nowhere)
  --name-prefix P        prefix of every namespace and device this engine makes, 1-5
                         letters or digits (default lm); engines side by side need their own
  --underlay-dev DEV     underlay device (default: the device of the default route)
  --vtep-ip ADDR         VTEP address (default: the underlay device's address)
  --host-name NAME       this host's name (default: the system host name)
  --resync-interval S    seconds between full reconcile passes (default 30)
  --netns-pool N         empty namespaces kept ready for new endpoints (default 32, 0: none)
  --listen ADDR:PORT     also serve the API on TCP, with mutual TLS only (needs the three below)
  --tls-cert FILE        this engine's certificate (PEM)
  --tls-key FILE         its private key
  --tls-ca FILE          the CA that must have signed every client's certificate
  --sample-interval MS   milliseconds between telemetry samples (default 1000)
  --probe-interval MS    milliseconds between latency probes to each target (default 1000)
  --probe-endpoints N    local endpoints probed at most, by name (default: all; 0: none)
  --history-fine S       seconds every sample is kept in STATE_DIR/history.db (default 3600)
  --history-step S       then averaged over steps of this many seconds (default 60)
  --history-keep S       seconds the averages are kept (default 604800, a week)
  --log-level LEVEL      debug, info, warning or error (default info)

Cluster mode (networks shared with other hosts through etcd):
  --etcd URL[,URL...]    etcd v3 endpoints, http://ADDR:PORT or https://ADDR:PORT
                         (env LOOM_ETCD); without it the engine runs standalone
  --etcd-ca FILE         CA that signed etcd's certificate (https)
  --etcd-cert FILE       client certificate for etcd (with --etcd-key)
  --etcd-key FILE        its private key
  --lease-ttl S          seconds a dead host's endpoints stay in the cluster (default 10;
                         the lease is kept alive every third of it)
  --version              print the version and exit
  --help                 print this and exit
)";
}

namespace {

// "ADDR" or "ADDR:PORT", IPv4.
common::Status checkUpstream(const std::string& item) {
    auto colon = item.find(':');
    std::string address = item.substr(0, colon);
    bool ok = model::Ipv4::parse(address).has_value();
    if (ok && colon != std::string::npos) {
        char* end = nullptr;
        long port = std::strtol(item.c_str() + colon + 1, &end, 10);
        ok = colon + 1 < item.size() && *end == 0 && port >= 1 && port <= 65535;
    }
    if (!ok) {
        return common::invalidArgument("--dns-upstream", "\"" + item +
                                                             "\" is not ADDR or ADDR:PORT (IPv4), "
                                                             "or none");
    }
    return {};
}

}  // namespace

common::Status parseFlags(int argc, char** argv, Flags* f, bool* exitNow) {
    *exitNow = false;
    if (const char* env = std::getenv("LOOM_SOCKET"); env && *env) f->socket = env;
    if (const char* env = std::getenv("LOOM_ETCD"); env && *env) f->etcd = env;
    for (int i = 1; i < argc; ++i) {
        std::string arg = argv[i];
        std::string value;
        auto eq = arg.find('=');
        bool inlineValue = arg.rfind("--", 0) == 0 && eq != std::string::npos;
        if (inlineValue) {
            value = arg.substr(eq + 1);
            arg = arg.substr(0, eq);
        }
        auto next = [&](std::string* out) -> common::Status {
            if (inlineValue) {
                *out = value;
                return {};
            }
            if (i + 1 >= argc) return common::invalidArgument(arg, "needs a value");
            *out = argv[++i];
            return {};
        };
        auto nextInt = [&](long min, long max, int* out) -> common::Status {
            std::string text;
            LOOM_RETURN_IF_ERROR(next(&text));
            char* end = nullptr;
            long v = std::strtol(text.c_str(), &end, 10);
            if (text.empty() || *end || v < min || v > max) {
                return common::invalidArgument(
                    arg, "must be a number in " + std::to_string(min) + ".." + std::to_string(max));
            }
            *out = static_cast<int>(v);
            return {};
        };
        if (arg == "--help" || arg == "-h") {
            std::fputs(usage(), stdout);
            *exitNow = true;
            return {};
        } else if (arg == "--version") {
            std::printf("loomd %s\n", LOOM_VERSION);
            *exitNow = true;
            return {};
        } else if (arg == "--socket") {
            LOOM_RETURN_IF_ERROR(next(&f->socket));
        } else if (arg == "--state-dir") {
            LOOM_RETURN_IF_ERROR(next(&f->stateDir));
        } else if (arg == "--db") {
            LOOM_RETURN_IF_ERROR(next(&f->db));
        } else if (arg == "--netns-dir") {
            LOOM_RETURN_IF_ERROR(next(&f->netnsDir));
        } else if (arg == "--netns-etc-dir") {
            LOOM_RETURN_IF_ERROR(next(&f->netnsEtcDir));
        } else if (arg == "--dns-upstream") {
            std::string list;
            LOOM_RETURN_IF_ERROR(next(&list));
            f->dnsUpstreams.clear();
            size_t start = 0;
            while (start <= list.size()) {
                size_t comma = list.find(',', start);
                std::string item =
                    list.substr(start, comma == std::string::npos ? comma : comma - start);
                if (item != "none" || list != "none") {
                    LOOM_RETURN_IF_ERROR(checkUpstream(item));
                }
                f->dnsUpstreams.push_back(item);
                if (comma == std::string::npos) break;
                start = comma + 1;
            }
        } else if (arg == "--name-prefix") {
            LOOM_RETURN_IF_ERROR(next(&f->namePrefix));
        } else if (arg == "--underlay-dev") {
            LOOM_RETURN_IF_ERROR(next(&f->underlayDev));
        } else if (arg == "--vtep-ip") {
            LOOM_RETURN_IF_ERROR(next(&f->vtepIp));
        } else if (arg == "--host-name") {
            LOOM_RETURN_IF_ERROR(next(&f->hostName));
        } else if (arg == "--resync-interval") {
            LOOM_RETURN_IF_ERROR(nextInt(1, 86400, &f->resyncSeconds));
        } else if (arg == "--netns-pool") {
            LOOM_RETURN_IF_ERROR(nextInt(0, 1024, &f->netnsPool));
        } else if (arg == "--etcd") {
            LOOM_RETURN_IF_ERROR(next(&f->etcd));
        } else if (arg == "--etcd-ca") {
            LOOM_RETURN_IF_ERROR(next(&f->etcdCa));
        } else if (arg == "--etcd-cert") {
            LOOM_RETURN_IF_ERROR(next(&f->etcdCert));
        } else if (arg == "--etcd-key") {
            LOOM_RETURN_IF_ERROR(next(&f->etcdKey));
        } else if (arg == "--lease-ttl") {
            LOOM_RETURN_IF_ERROR(nextInt(2, 3600, &f->leaseTtl));
        } else if (arg == "--listen") {
            LOOM_RETURN_IF_ERROR(next(&f->listen));
        } else if (arg == "--tls-cert") {
            LOOM_RETURN_IF_ERROR(next(&f->tlsCert));
        } else if (arg == "--tls-key") {
            LOOM_RETURN_IF_ERROR(next(&f->tlsKey));
        } else if (arg == "--tls-ca") {
            LOOM_RETURN_IF_ERROR(next(&f->tlsCa));
        } else if (arg == "--history-fine") {
            LOOM_RETURN_IF_ERROR(nextInt(10, 7 * 24 * 3600, &f->historyFineSeconds));
        } else if (arg == "--history-step") {
            LOOM_RETURN_IF_ERROR(nextInt(1, 24 * 3600, &f->historyStepSeconds));
        } else if (arg == "--history-keep") {
            LOOM_RETURN_IF_ERROR(nextInt(60, 366 * 24 * 3600, &f->historyCoarseSeconds));
        } else if (arg == "--sample-interval") {
            LOOM_RETURN_IF_ERROR(nextInt(100, 60000, &f->sampleIntervalMs));
        } else if (arg == "--probe-interval") {
            LOOM_RETURN_IF_ERROR(nextInt(100, 60000, &f->probeIntervalMs));
        } else if (arg == "--probe-endpoints") {
            LOOM_RETURN_IF_ERROR(nextInt(0, 1000000, &f->probeEndpoints));
        } else if (arg == "--log-level") {
            std::string s;
            LOOM_RETURN_IF_ERROR(next(&s));
            if (!common::parseLogLevel(s, &f->logLevel)) {
                return common::invalidArgument("--log-level",
                                               "must be debug, info, warning or error");
            }
        } else {
            return common::invalidArgument(arg, "unknown flag (see --help)");
        }
    }
    if (f->db.empty()) f->db = f->stateDir + "/loom.db";
    LOOM_RETURN_IF_ERROR(model::validateNamePrefix(f->namePrefix));
    if (f->etcd.empty() && (!f->etcdCa.empty() || !f->etcdCert.empty() || !f->etcdKey.empty())) {
        return common::invalidArgument("--etcd-ca", "etcd TLS options need --etcd");
    }
    if (!f->etcd.empty()) {
        auto urls = cluster::parseEtcdUrls(f->etcd);
        if (!urls) return urls.status();
        for (const auto& [flag, path] : {std::pair{"--etcd-ca", f->etcdCa},
                                         {"--etcd-cert", f->etcdCert},
                                         {"--etcd-key", f->etcdKey}}) {
            if (!path.empty() && ::access(path.c_str(), R_OK) != 0) {
                return common::invalidArgument(flag, "cannot read " + path);
            }
        }
    }
    bool anyTls = !f->tlsCert.empty() || !f->tlsKey.empty() || !f->tlsCa.empty();
    if (!f->listen.empty() || anyTls) {
        if (f->listen.empty())
            return common::invalidArgument("--tls-cert", "TLS files need --listen");
        if (f->listen.rfind(':') == std::string::npos) {
            return common::invalidArgument("--listen", "\"" + f->listen + "\" is not ADDR:PORT");
        }
        for (const auto& [flag, path] : {std::pair{"--tls-cert", f->tlsCert},
                                         {"--tls-key", f->tlsKey},
                                         {"--tls-ca", f->tlsCa}}) {
            if (path.empty()) {
                return common::invalidArgument(flag, "is required with --listen (mutual TLS only)");
            }
            if (::access(path.c_str(), R_OK) != 0) {
                return common::invalidArgument(flag, "cannot read " + path);
            }
        }
    }
    if (f->netnsDir.empty() || f->netnsDir[0] != '/') {
        return common::invalidArgument("--netns-dir", "must be an absolute path");
    }
    if (f->netnsEtcDir.empty() || f->netnsEtcDir[0] != '/') {
        return common::invalidArgument("--netns-etc-dir", "must be an absolute path");
    }
    return {};
}

}  // namespace loom::engine::daemon
