// The config bundle library's costs at N endpoints (no engine, no kernel): a live export made
// (topology, per-host iproute2 scripts and networkd files), written (tar.gz), read back with
// every check, and an import planned against the same cluster with a tenth of it relabelled.
// Prints one table; the median of --runs runs of each.
//
//   loom_bundle_bench [--hosts H] [--runs R] N...     (default: 3 hosts, 5 runs, 100 1000 5000)
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "engine/bundle/bundle.h"
#include "engine/bundle/deployment.h"
#include "engine/bundle/import_plan.h"

using namespace loom::engine::bundle;

namespace {

double nowMs() {
    return std::chrono::duration<double, std::milli>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

std::string ip(int net, int i) {
    return "10." + std::to_string(100 + net) + "." + std::to_string(i / 250) + "." +
           std::to_string(i % 250 + 2);
}

std::string mac(int net, int i) {
    char buf[18];
    std::snprintf(buf, sizeof buf, "02:4c:0a:%02x:%02x:%02x", 100 + net, i / 250, i % 250 + 2);
    return buf;
}

// H hosts, one network per 250 endpoints (a /16 each), endpoints spread over the hosts.
Deployment deployment(int hosts, int endpoints) {
    Deployment d;
    d.clustered = true;
    for (int h = 0; h < hosts; ++h) {
        d.hosts.push_back({"h" + std::to_string(h + 1), "198.51.100." + std::to_string(h + 1),
                           "ul0", 1500, "h" + std::to_string(h + 1), "/run/netns", true});
    }
    const int networks = std::max(1, endpoints / 250);
    for (int n = 0; n < networks; ++n) {
        DeployedNetwork net;
        char id[17];
        std::snprintf(id, sizeof id, "%016llx",
                      static_cast<unsigned long long>(n + 1) * 0xC2B2AE3D27D4EB4Full);
        net.id = id;
        net.name = "net" + std::to_string(n);
        net.subnet = "10." + std::to_string(100 + n) + ".0.0/16";
        net.gateway = "10." + std::to_string(100 + n) + ".0.1";
        net.vni = 4096 + n;
        net.port = 4789;
        net.mtu = 1450;
        for (int h = 0; h < hosts; ++h) {
            net.hostAddresses["h" + std::to_string(h + 1)] =
                "10." + std::to_string(100 + n) + ".255." + std::to_string(254 - h);
        }
        d.networks.push_back(net);
    }
    for (int i = 0; i < endpoints; ++i) {
        int n = i % networks, k = i / networks;
        DeployedEndpoint e;
        char id[17];  // random-looking, as the engine's: names use their first characters
        std::snprintf(id, sizeof id, "%016llx",
                      static_cast<unsigned long long>(i + 1) * 0x9E3779B97F4A7C15ull);
        e.id = id;
        e.name = "ep" + std::to_string(i);
        e.networkName = "net" + std::to_string(n);
        e.hostName = "h" + std::to_string(i % hosts + 1);
        e.ip = ip(n, k);
        e.mac = mac(n, k);
        e.netnsMode = "NETNS_MODE_CREATED";
        e.interfaceName = "eth0";
        e.labels = {{"app", "shop"}};
        d.endpoints.push_back(e);
    }
    return d;
}

LiveState liveOf(const Deployment& d) {
    LiveState l;
    for (const auto& h : d.hosts) l.hosts.push_back({h.name, true});
    for (const auto& n : d.networks) {
        l.networks.push_back({n.id, n.name, n.subnet, n.vni, n.mtu, n.port, n.labels});
    }
    for (size_t i = 0; i < d.endpoints.size(); ++i) {
        const auto& e = d.endpoints[i];
        LiveEndpoint x{e.id,        e.name, e.networkName,   e.hostName, e.ip, e.netnsMode,
                       e.netnsPath, 0,      e.interfaceName, e.labels};
        if (i % 10 == 0) x.labels["app"] = "old";  // a tenth changes in place
        l.endpoints.push_back(x);
    }
    return l;
}

template <typename F>
double median(int runs, F&& f) {
    std::vector<double> t;
    for (int r = 0; r < runs; ++r) {
        double t0 = nowMs();
        f();
        t.push_back(nowMs() - t0);
    }
    std::sort(t.begin(), t.end());
    return t[t.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
    int hosts = 3, runs = 5;
    std::vector<int> sizes;
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        if (a == "--hosts" && i + 1 < argc) {
            hosts = std::atoi(argv[++i]);
        } else if (a == "--runs" && i + 1 < argc) {
            runs = std::atoi(argv[++i]);
        } else {
            sizes.push_back(std::atoi(a.c_str()));
        }
    }
    if (sizes.empty()) sizes = {100, 1000, 5000};
    std::printf("config bundles, %d hosts, median of %d runs (ms)\n\n", hosts, runs);
    std::printf("%9s %9s %10s %10s %10s %10s %11s %11s %9s\n", "ENDPOINTS", "MEMBERS", "EXPORT",
                "WRITE", "READ", "PLAN", "TAR.GZ", "UNPACKED", "STEPS");
    for (int n : sizes) {
        const Deployment d = deployment(hosts, n);
        const LiveState live = liveOf(d);
        Bundle b;
        double exportMs = median(runs, [&] {
            auto r = liveBundle(d, {}, "h1");
            if (!r) std::fprintf(stderr, "%s\n", r.status().message().c_str()), std::exit(1);
            b = *r;
        });
        std::string archive;
        double writeMs = median(runs, [&] { archive = *writeBundle(b); });
        Topology t;
        double readMs = median(runs, [&] {
            auto r = readBundle(archive);
            if (!r) std::fprintf(stderr, "%s\n", r.status().message().c_str()), std::exit(1);
            t = *topologyOf(*r);
        });
        size_t steps = 0;
        double planMs = median(runs, [&] {
            auto p = planImport(t, live);
            if (!p) std::fprintf(stderr, "%s\n", p.status().message().c_str()), std::exit(1);
            steps = p->steps.size();
        });
        size_t unpacked = 0;
        for (const auto& [path, text] : b.members) unpacked += text.size();
        std::printf("%9d %9zu %10.1f %10.1f %10.1f %10.1f %10.1fK %10.1fK %9zu\n", n,
                    b.members.size() + 1, exportMs, writeMs, readMs, planMs,
                    archive.size() / 1024.0, unpacked / 1024.0, steps);
    }
    std::printf(
        "\nEXPORT: the topology and every host's files made; WRITE: the tar.gz; READ: "
        "read back with every check and the topology validated; PLAN: an import of it "
        "over the same cluster with a tenth of the endpoints relabelled (STEPS: the "
        "in-place changes).\n");
    return 0;
}
