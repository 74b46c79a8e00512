#include "engine/daemon/flags.h"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <functional>
#include <map>

#include "engine/cluster/etcd_client.h"
#include "engine/daemon/config_file.h"
#include "engine/model/validation.h"

namespace loom::engine::daemon {

const char* usage() {
    return R"(usage: loomd [flags]

The Loom engine: builds this host's overlay networks in the kernel and serves the API.

  --config FILE          read settings from FILE first: "key = value" lines, the keys
                         being these flags without their dashes (as /etc/loom/loomd.conf);
                         the environment and the command line win over it
  --check-config         check the settings (FILE's, the environment's and the command
                         line's) and the files they name, say so and exit; starts nothing
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
  --audit-days N         days the audit trail keeps a record (default 90; 100000 records at most)
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
        return common::Status(common::Code::InvalidArgument,
                              "\"" + item + "\" is not ADDR or ADDR:PORT (IPv4), or none");
    }
    return {};
}

}  // namespace

namespace {

// A flag that takes a value (also a key of the config file, without the dashes), and how its
// text sets Flags: the reason when the value is refused (the caller names where it came from).
struct ValueFlag {
    std::string name;
    std::function<common::Status(const std::string& value, Flags* f)> set;
};

common::Status number(const std::string& value, long min, long max, int* out) {
    char* end = nullptr;
    long v = std::strtol(value.c_str(), &end, 10);
    if (value.empty() || *end || v < min || v > max) {
        return common::Status(
            common::Code::InvalidArgument,
            "must be a number in " + std::to_string(min) + ".." + std::to_string(max));
    }
    *out = static_cast<int>(v);
    return {};
}

ValueFlag text(const char* name, std::string Flags::*field) {
    return {name, [field](const std::string& v, Flags* f) {
                f->*field = v;
                return common::Status();
            }};
}

ValueFlag integer(const char* name, long min, long max, int Flags::*field) {
    return {name,
            [=](const std::string& v, Flags* f) { return number(v, min, max, &(f->*field)); }};
}

common::Status setUpstreams(const std::string& value, Flags* f) {
    f->dnsUpstreams.clear();
    size_t start = 0;
    while (start <= value.size()) {
        size_t comma = value.find(',', start);
        std::string item = value.substr(start, comma == std::string::npos ? comma : comma - start);
        if (item != "none" || value != "none") {
            LOOM_RETURN_IF_ERROR(checkUpstream(item));
        }
        f->dnsUpstreams.push_back(item);
        if (comma == std::string::npos) break;
        start = comma + 1;
    }
    return {};
}

common::Status setLogLevel(const std::string& value, Flags* f) {
    if (!common::parseLogLevel(value, &f->logLevel)) {
        return common::Status(common::Code::InvalidArgument,
                              "must be debug, info, warning or error");
    }
    return {};
}

// Every value flag, once: the command line, the config file's keys, "did you mean" and the
// setters all read this table.
const std::vector<ValueFlag>& valueFlags() {
    static const std::vector<ValueFlag> kFlags = {
        text("--socket", &Flags::socket),
        text("--state-dir", &Flags::stateDir),
        text("--db", &Flags::db),
        text("--netns-dir", &Flags::netnsDir),
        text("--netns-etc-dir", &Flags::netnsEtcDir),
        {"--dns-upstream", setUpstreams},
        text("--name-prefix", &Flags::namePrefix),
        text("--underlay-dev", &Flags::underlayDev),
        text("--vtep-ip", &Flags::vtepIp),
        text("--host-name", &Flags::hostName),
        integer("--resync-interval", 1, 86400, &Flags::resyncSeconds),
        integer("--netns-pool", 0, 1024, &Flags::netnsPool),
        text("--listen", &Flags::listen),
        text("--tls-cert", &Flags::tlsCert),
        text("--tls-key", &Flags::tlsKey),
        text("--tls-ca", &Flags::tlsCa),
        integer("--sample-interval", 100, 60000, &Flags::sampleIntervalMs),
        integer("--probe-interval", 100, 60000, &Flags::probeIntervalMs),
        integer("--probe-endpoints", 0, 1000000, &Flags::probeEndpoints),
        integer("--history-fine", 10, 7 * 24 * 3600, &Flags::historyFineSeconds),
        integer("--history-step", 1, 24 * 3600, &Flags::historyStepSeconds),
        integer("--history-keep", 60, 366 * 24 * 3600, &Flags::historyCoarseSeconds),
        integer("--audit-days", 1, 3660, &Flags::auditDays),
        {"--log-level", setLogLevel},
        text("--etcd", &Flags::etcd),
        text("--etcd-ca", &Flags::etcdCa),
        text("--etcd-cert", &Flags::etcdCert),
        text("--etcd-key", &Flags::etcdKey),
        integer("--lease-ttl", 2, 3600, &Flags::leaseTtl),
    };
    return kFlags;
}

const ValueFlag* findFlag(const std::string& name) {
    for (const auto& f : valueFlags()) {
        if (f.name == name) return &f;
    }
    return nullptr;
}

// Edit distance, for "did you mean" on a mistyped key.
size_t distance(const std::string& a, const std::string& b) {
    std::vector<size_t> row(b.size() + 1);
    for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
    for (size_t i = 1; i <= a.size(); ++i) {
        size_t diagonal = row[0];
        row[0] = i;
        for (size_t j = 1; j <= b.size(); ++j) {
            size_t above = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] != b[j - 1])});
            diagonal = above;
        }
    }
    return row[b.size()];
}

std::string closestKey(const std::string& key) {
    std::string best;
    size_t bestDistance = 3;  // more than two edits away is not a typo
    for (const auto& flag : valueFlags()) {
        size_t d = distance(key, flag.name.substr(2));
        if (d < bestDistance) {
            bestDistance = d;
            best = flag.name.substr(2);
        }
    }
    return best;
}

// Sets one flag from its text; the reason when the value is refused (the caller names where
// the value came from).
common::Status applyFlag(const std::string& arg, const std::string& value, Flags* f) {
    const ValueFlag* flag = findFlag(arg);
    if (!flag) return common::Status(common::Code::InvalidArgument, "unknown flag (see --help)");
    return flag->set(value, f);
}

// A TLS file the engine will read at start: there, readable, and PEM.
common::Status checkPemFile(const std::string& where, const std::string& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0 || ::access(path.c_str(), R_OK) != 0) {
        return common::invalidArgument(where, "cannot read " + path);
    }
    if (!S_ISREG(st.st_mode)) return common::invalidArgument(where, path + " is not a file");
    std::ifstream in(path);
    std::string text(16384, '\0');
    in.read(text.data(), static_cast<std::streamsize>(text.size()));
    text.resize(static_cast<size_t>(in.gcount()));
    if (text.find("-----BEGIN ") == std::string::npos) {
        return common::invalidArgument(where, path + " is not PEM (no -----BEGIN line)");
    }
    return {};
}

}  // namespace

common::Status parseFlags(int argc, char** argv, Flags* f, bool* exitNow) {
    *exitNow = false;
    // The command line as (flag, value) pairs; --help and --version answer at once.
    std::vector<std::pair<std::string, std::string>> given;
    for (int i = 1; i < argc; ++i) {
        std::string arg = argv[i];
        std::string value;
        auto eq = arg.find('=');
        bool inlineValue = arg.rfind("--", 0) == 0 && eq != std::string::npos;
        if (inlineValue) {
            value = arg.substr(eq + 1);
            arg = arg.substr(0, eq);
        }
        if (arg == "--help" || arg == "-h") {
            std::fputs(usage(), stdout);
            *exitNow = true;
            return {};
        } else if (arg == "--version") {
            std::printf("loomd %s\n", LOOM_VERSION);
            *exitNow = true;
            return {};
        } else if (arg == "--check-config") {
            f->checkConfig = true;
            continue;
        }
        bool known = arg == "--config" || findFlag(arg) != nullptr;
        if (!known) return common::invalidArgument(arg, "unknown flag (see --help)");
        if (!inlineValue) {
            if (i + 1 >= argc) return common::invalidArgument(arg, "needs a value");
            value = argv[++i];
        }
        if (arg == "--config") {
            f->configFile = value;
        } else {
            given.emplace_back(arg, value);
        }
    }
    if (f->checkConfig && f->configFile.empty()) {
        return common::invalidArgument("--check-config", "needs --config FILE");
    }

    // Lowest first: the defaults, the config file, the environment, the command line.
    std::map<std::string, std::string> origins;  // flag -> how errors name where it was set
    if (!f->configFile.empty()) {
        auto settings = readConfigFile(f->configFile);
        if (!settings) return settings.status();
        for (const auto& s : *settings) {
            const std::string where = f->configFile + ":" + std::to_string(s.line) + ": " + s.key;
            const std::string flag = "--" + s.key;
            if (s.key == "config" || s.key == "check-config" || s.key == "help" ||
                s.key == "version") {
                return common::invalidArgument(where, "only on the command line");
            }
            if (!findFlag(flag)) {
                std::string close = closestKey(s.key);
                return common::invalidArgument(
                    where, "unknown key" +
                               (close.empty() ? std::string() : " (did you mean " + close + "?)") +
                               "; the keys are the flags of loomd --help without their dashes");
            }
            if (auto st = applyFlag(flag, s.value, f); !st.isOk()) {
                return common::invalidArgument(where, st.message());
            }
            origins[flag] = where;
        }
    }
    if (const char* env = std::getenv("LOOM_SOCKET"); env && *env) {
        f->socket = env;
        origins["--socket"] = "LOOM_SOCKET";
    }
    if (const char* env = std::getenv("LOOM_ETCD"); env && *env) {
        f->etcd = env;
        origins["--etcd"] = "LOOM_ETCD";
    }
    for (const auto& [flag, value] : given) {
        if (auto st = applyFlag(flag, value, f); !st.isOk()) {
            return common::invalidArgument(flag, st.message());
        }
        origins[flag] = flag;
    }
    // Where a value came from, for the checks of the whole below.
    auto from = [&origins](const std::string& flag) {
        auto it = origins.find(flag);
        return it == origins.end() ? flag : it->second;
    };

    if (f->db.empty()) f->db = f->stateDir + "/loom.db";
    if (auto st = model::validateNamePrefix(f->namePrefix); !st.isOk()) {
        // Its message names the flag; from the config file, say where instead.
        std::string why = st.message();
        if (why.rfind("name-prefix: ", 0) == 0) why = why.substr(13);
        return common::invalidArgument(from("--name-prefix"), why);
    }
    if (f->etcd.empty() && (!f->etcdCa.empty() || !f->etcdCert.empty() || !f->etcdKey.empty())) {
        std::string flag = !f->etcdCa.empty()     ? "--etcd-ca"
                           : !f->etcdCert.empty() ? "--etcd-cert"
                                                  : "--etcd-key";
        return common::invalidArgument(from(flag), "etcd TLS options need etcd URLs (--etcd)");
    }
    if (!f->etcd.empty()) {
        auto urls = cluster::parseEtcdUrls(f->etcd);
        if (!urls) {
            std::string why = urls.status().message();
            if (why.rfind("--etcd: ", 0) == 0) why = why.substr(8);
            return common::invalidArgument(from("--etcd"), why);
        }
        for (const auto& [flag, path] : {std::pair{"--etcd-ca", f->etcdCa},
                                         {"--etcd-cert", f->etcdCert},
                                         {"--etcd-key", f->etcdKey}}) {
            if (!path.empty()) LOOM_RETURN_IF_ERROR(checkPemFile(from(flag), path));
        }
    }
    bool anyTls = !f->tlsCert.empty() || !f->tlsKey.empty() || !f->tlsCa.empty();
    if (!f->listen.empty() || anyTls) {
        if (f->listen.empty()) {
            std::string flag = !f->tlsCert.empty()  ? "--tls-cert"
                               : !f->tlsKey.empty() ? "--tls-key"
                                                    : "--tls-ca";
            return common::invalidArgument(from(flag),
                                           "TLS files need a listen address (--listen)");
        }
        if (f->listen.rfind(':') == std::string::npos) {
            return common::invalidArgument(from("--listen"),
                                           "\"" + f->listen + "\" is not ADDR:PORT");
        }
        for (const auto& [flag, path] : {std::pair{"--tls-cert", f->tlsCert},
                                         {"--tls-key", f->tlsKey},
                                         {"--tls-ca", f->tlsCa}}) {
            if (path.empty()) {
                return common::invalidArgument(
                    from("--listen"), "mutual TLS only: " + std::string(flag) + " is missing");
            }
            LOOM_RETURN_IF_ERROR(checkPemFile(from(flag), path));
        }
    }
    if (f->netnsDir.empty() || f->netnsDir[0] != '/') {
        return common::invalidArgument(from("--netns-dir"), "must be an absolute path");
    }
    if (f->netnsEtcDir.empty() || f->netnsEtcDir[0] != '/') {
        return common::invalidArgument(from("--netns-etc-dir"), "must be an absolute path");
    }
    return {};
}

}  // namespace loom::engine::daemon
