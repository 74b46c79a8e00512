// libFuzzer target for the config-bundle reader (engine/bundle), run by scripts/fuzz-bundle.
// The first byte picks what the rest is fed to: a whole archive, topology.json or
// manifest.json (a mutated archive almost never passes its checksums, so the JSON readers get
// inputs of their own). A topology that reads must write back to the same topology; one the
// engine accepts is also planned as an import and made into a live bundle that must read back.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <string_view>

#include "engine/bundle/bundle.h"
#include "engine/bundle/deployment.h"
#include "engine/bundle/import_plan.h"
#include "engine/ipam/ipam.h"
#include "engine/model/address.h"

namespace bundle = loom::engine::bundle;

namespace {

bundle::Topology sample() {
    bundle::Topology t;
    t.hosts = {{"h1", "192.0.2.1", 1500}, {"h2", "192.0.2.2", 1500}};
    t.networks = {{"web", "10.20.0.0/24", 4100, 1400, 0, {{"tier", "front"}}}};
    bundle::TopologyEndpoint e;
    e.name = "web1";
    e.networkName = "web";
    e.hostName = "h1";
    e.ip = "10.20.0.2/24";
    e.netnsMode = "NETNS_MODE_CREATED";
    t.endpoints = {e};
    t.layout = {{"host/h1", {40, 60.5}}};
    return t;
}

// A small cluster an import is planned over.
bundle::LiveState liveSample() {
    bundle::LiveState l;
    l.hosts = {{"h1", true}, {"h2", false}};
    l.networks = {{"N1", "web", "10.20.0.0/24", 4100, 1450, 4789, {}}};
    bundle::LiveEndpoint e;
    e.id = "E1";
    e.name = "web1";
    e.networkName = "web";
    e.hostName = "h1";
    e.ip = "10.20.0.9";
    e.netnsMode = "NETNS_MODE_CREATED";
    l.endpoints = {e};
    return l;
}

// The topology as if it ran: ids by position, addresses and MACs where it names them.
bundle::Deployment deploymentOf(const bundle::Topology& t) {
    namespace model = loom::engine::model;
    bundle::Deployment d;
    d.clustered = true;
    for (size_t i = 0; i < t.hosts.size(); ++i) {
        const auto& h = t.hosts[i];
        d.hosts.push_back({h.name,
                           h.vtepIp.empty() ? "192.0.2." + std::to_string(i % 250 + 1) : h.vtepIp,
                           "ul0", h.underlayMtu, "lm", "/run/netns", true});
    }
    for (size_t i = 0; i < t.networks.size(); ++i) {
        const auto& n = t.networks[i];
        auto cidr = model::Cidr::parse(n.subnet);
        if (!cidr) continue;
        char id[17];
        std::snprintf(id, sizeof id, "%016zx", i + 1);
        d.networks.push_back({id,
                              n.name,
                              n.subnet,
                              loom::engine::ipam::gatewayOf(*cidr).toString(),
                              n.vni ? n.vni : 4096,
                              n.port ? n.port : 4789,
                              n.mtu ? n.mtu : 1450,
                              n.labels,
                              {}});
    }
    for (size_t i = 0; i < t.endpoints.size(); ++i) {
        const auto& e = t.endpoints[i];
        auto ip = model::Ipv4::parse(e.ip.substr(0, e.ip.find('/')));
        if (!ip) continue;
        char id[17];
        std::snprintf(id, sizeof id, "%016zx", (i + 1) * 0x9E3779B97F4A7C15ull);
        d.endpoints.push_back({id, e.name, e.networkName, e.hostName, ip->toString(),
                               model::Mac::fromIpv4(*ip).toString(), e.netnsMode, e.netnsPath,
                               e.pid, e.interfaceName, e.labels});
    }
    return d;
}

void writeSeed(const std::string& dir, const std::string& name, char mode, const std::string& s) {
    std::ofstream(dir + "/" + name, std::ios::binary) << mode << s;
}

}  // namespace

// With LOOM_FUZZ_SEEDS=DIR: writes a starting corpus there (a sound bundle, its topology and
// its manifest) and exits.
extern "C" int LLVMFuzzerInitialize(int*, char***) {
    const char* dir = std::getenv("LOOM_FUZZ_SEEDS");
    if (!dir) return 0;
    bundle::Bundle b;
    b.manifest.loomVersion = "0.1.0";
    b.manifest.created = "2026-12-01T05:00:00Z";
    b.manifest.source = "design";
    b.manifest.origin = "seed.loom.json";
    b.members[bundle::kTopologyPath] = bundle::toJson(sample());
    b.members["README.md"] = "# seed\n";
    auto archive = bundle::writeBundle(b);
    if (!archive) return 1;
    b.manifest.sha256[bundle::kTopologyPath] = bundle::sha256Hex(b.members[bundle::kTopologyPath]);
    writeSeed(dir, "archive", 0, *archive);
    writeSeed(dir, "topology", 1, b.members[bundle::kTopologyPath]);
    writeSeed(dir, "manifest", 2, bundle::manifestJson(b.manifest));
    std::exit(0);
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size == 0) return 0;
    const std::string_view rest(reinterpret_cast<const char*>(data) + 1, size - 1);
    switch (data[0] % 3) {
        case 0: {
            bundle::Limits limits;  // small, so that a run is not spent unpacking
            limits.maxArchiveBytes = 1 << 20;
            limits.maxMemberBytes = 256 << 10;
            limits.maxTotalBytes = 1 << 20;
            limits.maxMembers = 256;
            auto b = bundle::readBundle(rest, limits);
            if (b) (void)bundle::topologyOf(*b);
            break;
        }
        case 1: {
            auto t = bundle::topologyFromJson(std::string(rest));
            if (!t) break;
            (void)bundle::checkTopology(*t);
            auto again = bundle::topologyFromJson(bundle::toJson(*t));
            if (!again || !(*again == *t)) {
                std::fprintf(stderr, "a topology read did not write back the same\n");
                std::abort();
            }
            // A topology the engine accepts plans over a cluster, and the bundle made from it
            // as if it ran (with every host's files) reads back: Loom never writes a bundle it
            // would refuse.
            if (!bundle::checkTopology(*t).isOk()) break;
            (void)bundle::planImport(*t, liveSample());
            auto made = bundle::liveBundle(deploymentOf(*t), {}, "h1");
            if (!made) break;
            auto archive = bundle::writeBundle(*made);
            if (!archive || !bundle::readBundle(*archive)) {
                std::fprintf(stderr, "a bundle Loom made does not read back\n");
                std::abort();
            }
            break;
        }
        default:
            (void)bundle::manifestFromJson(std::string(rest));
    }
    return 0;
}
