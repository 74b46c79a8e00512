#include "app/ctl/output.h"

#include <map>
#include <set>

#include <google/protobuf/util/json_util.h>

#include <cstdio>
#include <ctime>
#include <string>

namespace loom::ctl {

void printJson(const google::protobuf::Message& m) {
    google::protobuf::util::JsonPrintOptions options;
    options.add_whitespace = true;
    options.always_print_primitive_fields = true;
    options.preserve_proto_field_names = true;
    std::string out;
    (void)google::protobuf::util::MessageToJsonString(m, &out, options);
    std::fputs(out.c_str(), stdout);
    if (out.empty() || out.back() != '\n') std::fputc('\n', stdout);
}

const char* stateName(v1::ObjectState s) {
    switch (s) {
        case v1::OBJECT_STATE_PENDING:
            return "pending";
        case v1::OBJECT_STATE_READY:
            return "ready";
        case v1::OBJECT_STATE_FAILED:
            return "failed";
        default:
            return "-";
    }
}

namespace {
std::string labels(const google::protobuf::Map<std::string, std::string>& m) {
    std::string out;
    for (const auto& [k, v] : m) out += (out.empty() ? "" : ",") + k + "=" + v;
    return out.empty() ? "-" : out;
}
}  // namespace

void printNetworks(const v1::ListNetworksResponse& r) {
    std::printf("%-20s %-18s %-9s %-6s %-6s %-9s %-9s %-8s\n", "NAME", "SUBNET", "VNI", "MTU",
                "PORT", "ENCRYPTED", "ENDPOINTS", "STATE");
    for (const auto& n : r.networks()) {
        std::printf("%-20s %-18s %-9u %-6u %-6u %-9s %-9u %-8s\n", n.name().c_str(),
                    n.subnet().c_str(), n.vni(), n.mtu(), n.port(), n.encrypted() ? "yes" : "no",
                    n.endpoint_count(), stateName(n.state()));
    }
}

namespace {
std::string duration(uint32_t s) {
    if (s % 86400 == 0) return std::to_string(s / 86400) + "d";
    if (s % 3600 == 0) return std::to_string(s / 3600) + "h";
    if (s % 60 == 0) return std::to_string(s / 60) + "m";
    return std::to_string(s) + "s";
}
}  // namespace

void printNetwork(const v1::Network& n) {
    std::printf(
        "name:       %s\nid:         %s\nsubnet:     %s\ngateway:    %s\nvni:        %u\n"
        "mtu:        %u\nport:       %u\nendpoints:  %u\nlabels:     %s\nsandbox:    %s\n"
        "dns:        %s (%s)\nencrypted:  %s\nstate:      %s%s%s\n",
        n.name().c_str(), n.id().c_str(), n.subnet().c_str(), n.gateway().c_str(), n.vni(), n.mtu(),
        n.port(), n.endpoint_count(), labels(n.labels()).c_str(), n.sandbox_netns().c_str(),
        n.dns_domain().c_str(),
        n.internal() ? "internal: its own names only" : "other names forwarded upstream",
        n.encrypted() ? ("yes: ESP (AES-GCM) between hosts, keys renewed every " +
                         duration(n.key_rotation_s()))
                            .c_str()
                      : "no",
        stateName(n.state()), n.state_message().empty() ? "" : ": ", n.state_message().c_str());
}

void printEndpoints(const v1::ListEndpointsResponse& r, bool withHosts) {
    if (withHosts) {
        std::printf("%-20s %-16s %-18s %-17s %-16s %-15s %-8s\n", "NAME", "NETWORK", "IP", "MAC",
                    "HOST", "VTEP", "STATE");
    } else {
        std::printf("%-20s %-16s %-18s %-17s %-8s\n", "NAME", "NETWORK", "IP", "MAC", "STATE");
    }
    for (const auto& e : r.endpoints()) {
        if (withHosts) {
            std::printf("%-20s %-16s %-18s %-17s %-16s %-15s %-8s\n", e.name().c_str(),
                        e.network_name().c_str(), e.ip().c_str(), e.mac().c_str(),
                        e.host_name().c_str(), e.vtep_ip().c_str(), stateName(e.state()));
        } else {
            std::printf("%-20s %-16s %-18s %-17s %-8s\n", e.name().c_str(),
                        e.network_name().c_str(), e.ip().c_str(), e.mac().c_str(),
                        stateName(e.state()));
        }
    }
}

void printHosts(const v1::ListHostsResponse& r) {
    std::printf("%-16s %-16s %-15s %-6s %-9s %-8s %-8s\n", "NAME", "ID", "VTEP", "ALIVE",
                "ENDPOINTS", "ENCRYPT", "VERSION");
    for (const auto& h : r.hosts()) {
        std::printf("%-16s %-16s %-15s %-6s %-9u %-8s %-8s\n", h.name().c_str(), h.id().c_str(),
                    h.vtep_ip().c_str(), h.alive() ? "yes" : "no", h.endpoint_count(),
                    h.can_encrypt() ? "yes" : "no", h.version().c_str());
    }
    // Why a host cannot encrypt, once per host: the table has no room for it.
    for (const auto& h : r.hosts()) {
        if (!h.can_encrypt() && !h.encryption_message().empty()) {
            std::printf("%s %s\n", h.name().c_str(), h.encryption_message().c_str());
        }
    }
}

void printEndpoint(const v1::Endpoint& e) {
    const char* mode = e.netns_mode() == v1::NETNS_MODE_CREATED ? "created by Loom"
                       : e.netns_mode() == v1::NETNS_MODE_PID   ? "of a process"
                                                                : "attached by path";
    std::printf(
        "name:       %s\nid:         %s\nnetwork:    %s\nip:         %s\nmac:        %s\n"
        "mtu:        %u\ninterface:  %s\nnamespace:  %s (%s)\nlabels:     %s\n"
        "resolver:   %s (search %s)%s%s\nstate:      %s%s%s\n",
        e.name().c_str(), e.id().c_str(), e.network_name().c_str(), e.ip().c_str(), e.mac().c_str(),
        e.mtu(), e.interface_name().c_str(), e.netns_path().c_str(), mode,
        labels(e.labels()).c_str(), e.dns_server().empty() ? "-" : e.dns_server().c_str(),
        e.dns_search().empty() ? "-" : e.dns_search().c_str(),
        e.resolv_conf().empty() ? "" : ", written to ", e.resolv_conf().c_str(),
        stateName(e.state()), e.state_message().empty() ? "" : ": ", e.state_message().c_str());
    if (!e.container_id().empty()) {
        std::printf("container:  %s (made by a container runtime through loom-cni)\n",
                    e.container_id().c_str());
    }
}

void printHost(const v1::Host& h) {
    std::printf(
        "name:       %s\nid:         %s\nvtep:       %s\nunderlay:   %s (mtu %u)\n"
        "prefix:     %s\nnetworks:   %u\nendpoints:  %u\nversion:    %s\ncluster:    %s\n"
        "encryption: %s\n",
        h.name().c_str(), h.id().c_str(), h.vtep_ip().c_str(), h.underlay_device().c_str(),
        h.underlay_mtu(), h.name_prefix().c_str(), h.network_count(), h.endpoint_count(),
        h.version().c_str(),
        !h.clustered()       ? "standalone"
        : h.etcd_connected() ? "etcd connected"
                             : "etcd unreachable",
        h.can_encrypt() ? "yes (ESP, AES-GCM)" : ("no, " + h.encryption_message()).c_str());
    if (h.has_encryption() && h.can_encrypt()) {
        const auto& e = h.encryption();
        std::printf(
            "ipsec:      %u encrypted network(s) here, %u state(s), %u policy(ies), %llu plaintext "
            "dropped, %llu failed to decrypt, %llu key rotation(s)\n",
            e.networks(), e.states(), e.policies(),
            static_cast<unsigned long long>(e.plaintext_dropped()),
            static_cast<unsigned long long>(e.decrypt_failed()),
            static_cast<unsigned long long>(e.key_rotations()));
    }
}

void printStats(const v1::StatsSample& s, bool live) {
    if (live) std::fputs("\033[H\033[2J", stdout);
    std::time_t secs = static_cast<std::time_t>(s.unix_ms() / 1000);
    std::tm tm{};
    localtime_r(&secs, &tm);
    char stamp[16];
    std::strftime(stamp, sizeof stamp, "%H:%M:%S", &tm);
    std::printf("%s  %u interfaces, sampled in %u us\n", stamp, s.interfaces(), s.sampler_cpu_us());
    std::printf("%-9s %-20s %-16s %12s %12s %10s %10s %9s\n", "KIND", "NAME", "NETWORK",
                "RX Mbit/s", "TX Mbit/s", "RX pkt/s", "TX pkt/s", "DROPS/s");
    for (const auto& t : s.targets()) {
        const char* kind = t.kind() == v1::StatsTarget::KIND_ENDPOINT  ? "endpoint"
                           : t.kind() == v1::StatsTarget::KIND_NETWORK ? "network"
                                                                       : "host";
        const auto& r = t.rates();
        std::printf("%-9s %-20s %-16s %12.3f %12.3f %10.0f %10.0f %9.0f\n", kind, t.name().c_str(),
                    t.network_name().empty() ? "-" : t.network_name().c_str(),
                    r.rx_bytes() * 8 / 1e6, r.tx_bytes() * 8 / 1e6, r.rx_packets(), r.tx_packets(),
                    r.rx_drops() + r.tx_drops());
    }
    std::fflush(stdout);
}

void printStatsHosts(const std::vector<v1::StatsSample>& samples, bool live) {
    if (live) std::fputs("\033[H\033[2J", stdout);
    for (const auto& s : samples) {
        std::printf("== host %s\n", s.host_name().c_str());
        printStats(s, false);
    }
    std::fflush(stdout);
}

namespace {
std::string latencyCell(const v1::LatencyTarget& t) {
    char cell[48];
    if (t.received() == 0 || t.loss_recent() >= 1.0) {
        std::snprintf(cell, sizeof cell, "-- %3.0f%%", (t.sent() ? t.loss_recent() : 1.0) * 100);
    } else {
        std::snprintf(cell, sizeof cell, "%.3fms %3.0f%%", t.p50_ms(), t.loss_recent() * 100);
    }
    return cell;
}
}  // namespace

void printLatency(const std::vector<v1::LatencySample>& samples, bool live) {
    if (live) std::fputs("\033[H\033[2J", stdout);
    // network -> from host -> to host -> cell
    std::map<std::string, std::map<std::string, std::map<std::string, std::string>>> matrix;
    std::map<std::string, std::set<std::string>> hostsOf;
    std::vector<std::pair<std::string, const v1::LatencyTarget*>> endpoints;
    for (const auto& s : samples) {
        for (const auto& t : s.targets()) {
            if (t.kind() == v1::LatencyTarget::KIND_ENDPOINT) {
                endpoints.emplace_back(s.host_name(), &t);
                continue;
            }
            matrix[t.network_name()][s.host_name()][t.name()] = latencyCell(t);
            hostsOf[t.network_name()].insert(s.host_name());
            hostsOf[t.network_name()].insert(t.name());
        }
    }
    if (matrix.empty() && endpoints.empty()) {
        std::printf(
            "no latency yet: probes need a network with endpoints on this or other "
            "hosts\n");
    }
    for (const auto& [net, rows] : matrix) {
        std::printf(
            "network %s: median RTT over the last minute, loss over the last 2 s "
            "(row: from, column: to)\n",
            net.c_str());
        const auto& hosts = hostsOf[net];
        std::printf("%-14s", "FROM \\ TO");
        for (const auto& h : hosts) std::printf(" %16s", h.c_str());
        std::printf("\n");
        for (const auto& from : hosts) {
            std::printf("%-14s", from.c_str());
            auto row = rows.find(from);
            for (const auto& to : hosts) {
                std::string cell = from == to ? "." : "?";
                if (row != rows.end()) {
                    auto c = row->second.find(to);
                    if (c != row->second.end()) cell = c->second;
                }
                std::printf(" %16s", cell.c_str());
            }
            std::printf("\n");
        }
        std::printf("\n");
    }
    if (!endpoints.empty()) {
        std::printf("%-14s %-16s %-20s %-15s %9s %9s %9s %9s %6s\n", "HOST", "NETWORK", "ENDPOINT",
                    "ADDRESS", "p50 ms", "p90 ms", "p99 ms", "jitter", "LOSS");
        for (const auto& [host, t] : endpoints) {
            std::printf("%-14s %-16s %-20s %-15s %9.3f %9.3f %9.3f %9.3f %5.0f%%\n", host.c_str(),
                        t->network_name().c_str(), t->name().c_str(), t->address().c_str(),
                        t->p50_ms(), t->p90_ms(), t->p99_ms(), t->jitter_ms(), t->loss() * 100);
        }
    }
    std::fflush(stdout);
}

namespace {
// A bucket's start as the clock on the wall: with the date when the range spans days.
std::string stamp(int64_t unixMs, bool withDate) {
    std::time_t secs = static_cast<std::time_t>(unixMs / 1000);
    std::tm tm{};
    localtime_r(&secs, &tm);
    char out[32];
    std::strftime(out, sizeof out, withDate ? "%m-%d %H:%M:%S" : "%H:%M:%S", &tm);
    return out;
}

std::string stepText(int64_t stepMs) {
    if (stepMs <= 1) return "every sample";
    if (stepMs % 60000 == 0) return std::to_string(stepMs / 60000) + " min buckets";
    if (stepMs % 1000 == 0) return std::to_string(stepMs / 1000) + " s buckets";
    return std::to_string(stepMs) + " ms buckets";
}

template <typename Points>
bool spansDays(const Points& points) {
    return points.size() > 1 && points.rbegin()->unix_ms() - points.begin()->unix_ms() > 86400000;
}
}  // namespace

void printHistory(const v1::QueryStatsResponse& r) {
    std::printf(
        "%s%s (%s; MAX: the highest sample in each bucket)\n", r.name().c_str(),
        r.hosts() > 1 ? (", summed over " + std::to_string(r.hosts()) + " hosts").c_str() : "",
        stepText(r.step_ms()).c_str());
    bool days = spansDays(r.points());
    std::printf("%-*s %11s %11s %11s %11s %10s %10s %9s\n", days ? 14 : 8, "TIME", "RX Mbit/s",
                "MAX", "TX Mbit/s", "MAX", "RX pkt/s", "TX pkt/s", "DROPS/s");
    for (const auto& p : r.points()) {
        const auto& x = p.rates();
        const auto& m = p.max();
        std::printf("%-*s %11.3f %11.3f %11.3f %11.3f %10.0f %10.0f %9.0f\n", days ? 14 : 8,
                    stamp(p.unix_ms(), days).c_str(), x.rx_bytes() * 8 / 1e6,
                    m.rx_bytes() * 8 / 1e6, x.tx_bytes() * 8 / 1e6, m.tx_bytes() * 8 / 1e6,
                    x.rx_packets(), x.tx_packets(), x.rx_drops() + x.tx_drops());
    }
}

void printLatencyHistory(const v1::QueryLatencyResponse& r) {
    std::printf("from %s to %s (%s)\n", r.from_host().c_str(), r.to_name().c_str(),
                stepText(r.step_ms()).c_str());
    bool days = spansDays(r.points());
    std::printf("%-*s %10s %10s %10s %10s %7s\n", days ? 14 : 8, "TIME", "RTT ms", "MAX ms",
                "P50 ms", "P99 ms", "LOSS");
    for (const auto& p : r.points()) {
        std::string when = stamp(p.unix_ms(), days);
        if (p.answered()) {
            std::printf("%-*s %10.3f %10.3f %10.3f %10.3f %6.0f%%\n", days ? 14 : 8, when.c_str(),
                        p.rtt_ms(), p.max_rtt_ms(), p.p50_ms(), p.p99_ms(), p.loss() * 100);
        } else {
            std::printf("%-*s %10s %10s %10s %10s %6.0f%%\n", days ? 14 : 8, when.c_str(), "-", "-",
                        "-", "-", p.loss() * 100);
        }
    }
}

void printEvent(const v1::Event& e) {
    const char* kind = e.kind() == v1::Event::KIND_CREATED   ? "created"
                       : e.kind() == v1::Event::KIND_DELETED ? "deleted"
                       : e.kind() == v1::Event::KIND_FAILED  ? "failed"
                                                             : "changed";
    std::time_t secs = static_cast<std::time_t>(e.unix_ms() / 1000);
    std::tm tm{};
    localtime_r(&secs, &tm);
    char stamp[16];
    std::strftime(stamp, sizeof stamp, "%H:%M:%S", &tm);
    std::string what;
    if (e.has_network()) {
        what = "network " + e.network().name() + " (" + stateName(e.network().state()) + ")";
    } else if (e.has_host()) {
        what = "host " + e.host().name() + " (" + (e.host().alive() ? "alive" : "down") + ")";
    } else {
        what = "endpoint " + e.endpoint().name() + " (" + stateName(e.endpoint().state()) + ")";
    }
    std::printf("%s %-8s %s%s%s\n", stamp, kind, what.c_str(), e.message().empty() ? "" : ": ",
                e.message().c_str());
    std::fflush(stdout);
}

}  // namespace loom::ctl
