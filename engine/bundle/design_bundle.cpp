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
        << t.endpoints.size() << " endpoint(s)"
        << (t.services.empty() ? "" : ", " + std::to_string(t.services.size()) + " service(s)")
        << ".\n\n"
        << "## What is in it\n\n"
        << "- `topology.json`: the overlay as a Loom design (protobuf's JSON form of the Topology\n"
        << "  message, keys sorted): the same file `loom-console` saves. The console opens the\n"
        << "  bundle itself as a draft with File > Import bundle, and shows the plan before it\n"
        << "  changes anything; File > Open design opens the extracted file.\n"
        << "- `manifest.json`: the bundle's format, the Loom and time that made it, where it came\n"
        << "  from, and the SHA-256 of every other member.\n"
        << "- `README.md`: this file.\n";
    if (m.source == "live") {
        out << "- `hosts/NAME/iproute2/up.sh` and `down.sh`, per host: the same kernel objects "
               "Loom's\n"
            << "  engine built there, with plain `ip`, `bridge`, `nsenter` and `unshare`.\n"
            << "- `hosts/NAME/networkd/`, per host: the same overlay as systemd-networkd files,\n"
            << "  flattened into the host's namespace, with a README of what is left to do by "
               "hand.\n";
    }
    out << "\n"
        << "No keys, certificates or etcd credentials are ever put in a bundle; the underlay\n"
        << "addresses of the hosts are.\n\n"
        << "## Checking it\n\n"
        << "    loomctl bundle inspect BUNDLE.tar.gz\n\n"
        << "reads every member, checks it against the manifest and the topology against Loom's\n"
        << "rules, and says what is inside. By hand: `tar -xzf BUNDLE.tar.gz` and `sha256sum` "
           "each\n"
        << "member against `manifest.json`.\n";
    if (m.source != "live") return out.str();
    out << "\n## Rebuilding it without Loom: iproute2\n\n"
        << "On each host, as root, in the network namespace that holds the host's underlay\n"
        << "address (the `vtep_ip` of `topology.json`):\n\n"
        << "    sh hosts/NAME/iproute2/up.sh\n\n"
        << "It needs iproute2 and util-linux. Per network it makes a sandbox namespace with a\n"
        << "bridge `br0` and a vxlan device `vx0`, per endpoint a namespace (unless the endpoint\n"
        << "lived in one of its own, which must be there) with a veth from `br0`, and permanent\n"
        << "FDB and neighbour entries for the endpoints of the other hosts: no flooding, no\n"
        << "learning. Running it again changes nothing. `NETNS_DIR` says where the namespaces\n"
        << "are mounted, `UNDERLAY_DEV` which device the vxlan devices use (empty: none).\n"
        << "`sh hosts/NAME/iproute2/down.sh` removes what `up.sh` made and nothing else.\n\n"
        << "## Rebuilding it without Loom: systemd-networkd\n\n"
        << "Copy `hosts/NAME/networkd/*.netdev` and `*.network` to `/etc/systemd/network/` and\n"
        << "run `networkctl reload`. networkd cannot make namespaces, so this form puts each\n"
        << "network's bridge and vxlan device in the host's own namespace, and leaves the\n"
        << "endpoint side of each veth to you: `hosts/NAME/networkd/README.md` lists the\n"
        << "commands.\n";
    return out.str();
}

Manifest newManifest(const std::string& source, const std::string& origin) {
    Manifest m;
    m.loomVersion = LOOM_VERSION;
    const std::time_t now = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&now, &tm);
    char created[32];
    std::strftime(created, sizeof created, "%Y-%m-%dT%H:%M:%SZ", &tm);
    m.created = created;
    m.source = source;
    m.origin = origin;
    return m;
}

common::Result<Bundle> designBundle(const Topology& t, const std::string& origin) {
    LOOM_RETURN_IF_ERROR(checkTopology(t));
    Bundle b;
    b.manifest = newManifest("design", origin);
    b.members[kTopologyPath] = toJson(t);
    b.members["README.md"] = readmeOf(b.manifest, t);
    return b;
}

}  // namespace loom::engine::bundle
