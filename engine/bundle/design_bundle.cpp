#include <ctime>
#include <sstream>

#include "engine/bundle/bundle.h"

namespace loom::engine::bundle {

// The bundle's own README: what is in it and what to do with it, for whoever receives it.
std::string readmeOf(const Manifest& m, const Topology& t) {
    std::ostringstream out;
    out << "# Loom config bundle\n\n"
        << "Made by Loom " << m.loomVersion << " on " << m.created << " from "
        << (m.source == "design" ? "the design " + m.origin : "the live cluster at " + m.origin)
        << ": " << t.hosts.size() << " host(s), " << t.networks.size() << " network(s), "
        << t.endpoints.size() << " endpoint(s).\n\n"
        << "## What is in it\n\n"
        << "- `topology.json`: the overlay as a Loom design (protobuf's JSON form of the Topology\n"
        << "  message, keys sorted): the same file `loom-console` saves. The console opens the\n"
        << "  bundle itself as a draft with File > Import bundle, and shows the plan before it\n"
        << "  changes anything; File > Open design opens the extracted file.\n"
        << "- `manifest.json`: the bundle's format, the Loom and time that made it, where it came\n"
        << "  from, and the SHA-256 of every other member.\n"
        << "- `README.md`: this file.\n\n"
        << "No keys, certificates or etcd credentials are ever put in a bundle; the underlay\n"
        << "addresses of the hosts are.\n\n"
        << "## Checking it\n\n"
        << "    loomctl bundle inspect BUNDLE.tar.gz\n\n"
        << "reads every member, checks it against the manifest and the topology against Loom's\n"
        << "rules, and says what is inside. By hand: `tar -xzf BUNDLE.tar.gz` and `sha256sum` "
           "each\n"
        << "member against `manifest.json`.\n";
    return out.str();
}

common::Result<Bundle> designBundle(const Topology& t, const std::string& origin) {
    LOOM_RETURN_IF_ERROR(checkTopology(t));
    Bundle b;
    b.manifest.loomVersion = LOOM_VERSION;
    const std::time_t now = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&now, &tm);
    char created[32];
    std::strftime(created, sizeof created, "%Y-%m-%dT%H:%M:%SZ", &tm);
    b.manifest.created = created;
    b.manifest.source = "design";
    b.manifest.origin = origin;
    b.members[kTopologyPath] = toJson(t);
    b.members["README.md"] = readmeOf(b.manifest, t);
    return b;
}

}  // namespace loom::engine::bundle
