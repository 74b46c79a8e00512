// libFuzzer target for the config-bundle reader (engine/bundle), run by scripts/fuzz-bundle.
// The first byte picks what the rest is fed to: a whole archive, topology.json or
// manifest.json (a mutated archive almost never passes its checksums, so the JSON readers get
// inputs of their own). A topology that reads must write back to the same topology.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <string_view>

#include "engine/bundle/bundle.h"

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
            break;
        }
        default:
            (void)bundle::manifestFromJson(std::string(rest));
    }
    return 0;
}
