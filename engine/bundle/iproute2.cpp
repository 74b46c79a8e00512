// A host's part of a live overlay as two shell scripts, built exactly as the engine builds it
// (../shared/DESIGN.md, "Kernel topology"): up.sh ensures every object (it reads before it
// makes, and writes entries with replace), so a second run changes nothing; down.sh removes
// what up.sh made and nothing else.
#include <cctype>
#include <cstring>
#include <sstream>

#include "engine/bundle/deployment.h"

namespace loom::engine::bundle {

namespace {

// One word for sh: single-quoted unless it is plainly safe.
std::string quote(const std::string& s) {
    bool plain = !s.empty();
    for (char c : s) {
        if (!std::isalnum(static_cast<unsigned char>(c)) && !std::strchr("/._-:+=,@", c)) {
            plain = false;
        }
    }
    if (plain) return s;
    std::string out = "'";
    for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

// A value in a comment stays on its line.
std::string inComment(std::string s) {
    for (char& c : s) {
        if (c == '\n' || c == '\r') c = ' ';
    }
    return s;
}

const char* kUpPreamble = R"SH(set -eu
: "${NETNS_DIR:=@NETNS_DIR@}"
UNDERLAY_DEV=${UNDERLAY_DEV-@UNDERLAY_DEV@}
for tool in ip bridge nsenter unshare; do
    command -v "$tool" >/dev/null ||
        { echo "up.sh: $tool is missing (install iproute2 and util-linux)" >&2; exit 1; }
done
mkdir -p "$NETNS_DIR"
missing=0

# What is mounted, read once: a process per check would cost more than the work.
nl='
'
mounted="$nl$(cut -d' ' -f5 /proc/self/mountinfo)$nl"
is_mounted() { case "$mounted" in *"$nl$1$nl"*) return 0 ;; esac; return 1; }
# A network namespace mounted at $1; made=1 when it was not there. Its first batch
# (ns_batch) brings lo up and turns IPv6 off, as Loom makes them.
ensure_netns() {
    made=0
    is_mounted "$1" && return 0
    : >"$1"
    unshare --net="$1" true
    mounted="$mounted$1$nl"
    made=1
}
# The rest of the line, run in the network namespace mounted at $1.
in_ns() { ns=$1; shift; nsenter --net="$ns" "$@"; }
# `ip -batch` from stdin in a namespace Loom would have made: IPv6 off first.
ns_batch() {
    nsenter --net="$1" sh -c 'for k in /proc/sys/net/ipv6/conf/all/disable_ipv6 \
        /proc/sys/net/ipv6/conf/default/disable_ipv6; do [ ! -w $k ] || echo 1 >$k; done
        exec ip -batch -'
}
# The links of the namespace at $1, read once; has NAME asks them.
read_links() { links=$(in_ns "$1" ip -o link show); }
has() { case "$links" in *": $1:"* | *": $1@"*) return 0 ;; esac; return 1; }
)SH";

const char* kDownPreamble = R"SH(set -u
: "${NETNS_DIR:=@NETNS_DIR@}"
failed=0
nl='
'
mounted="$nl$(cut -d' ' -f5 /proc/self/mountinfo)$nl"
is_mounted() { case "$mounted" in *"$nl$1$nl"*) return 0 ;; esac; return 1; }
in_ns() { ns=$1; shift; nsenter --net="$ns" "$@"; }
# Unmounts and removes the namespaces given (every device and entry in one goes with it).
drop_netns() {
    for f in "$@"; do
        if is_mounted "$f"; then umount "$f" || failed=1; fi
        [ ! -e "$f" ] || rm -f "$f" || failed=1
    done
}
)SH";

std::string substitute(std::string text, const std::string& key, const std::string& value) {
    for (auto at = text.find(key); at != std::string::npos; at = text.find(key, at)) {
        text.replace(at, key.size(), value);
        at += value.size();
    }
    return text;
}

std::string header(const HostView& v, const std::string& what) {
    std::ostringstream out;
    out << "#!/bin/sh\n"
        << "# Loom: " << what << " host \"" << inComment(v.host->name) << "\" of the overlay (VTEP "
        << v.host->vtepIp << ").\n"
        << "# As Loom's engine builds it: per network a sandbox namespace holding a bridge br0\n"
        << "# and a vxlan device vx0 (made in the host's namespace, which keeps its UDP socket,\n"
        << "# then moved in), per endpoint a veth from br0 into the endpoint's namespace, and\n"
        << "# permanent FDB and neighbour entries for every endpoint on the other hosts.\n"
        << "#\n"
        << "# Run it as root on that host, in the network namespace that holds its underlay\n"
        << "# address.\n"
        << "#   NETNS_DIR     where the namespaces are mounted (default " << v.names.netnsDir
        << ", as the engine had it)\n"
        << "#   UNDERLAY_DEV  the vxlan devices' underlay device (default "
        << (v.host->underlayDevice.empty() ? "none" : v.host->underlayDevice)
        << "; empty for none)\n";
    for (const auto& name : v.encryptedLeftOut) {
        out << "# Left out: network \"" << inComment(name)
            << "\" is encrypted; its keys are never in a bundle, and built\n"
            << "# without them its traffic would cross the underlay in the clear.\n";
    }
    return out.str();
}

// Where endpoint `e` lives, and whether Loom made that namespace.
std::string endpointNetns(const HostView& v, const DeployedEndpoint& e, bool* created) {
    *created = e.netnsMode.empty() || e.netnsMode == "NETNS_MODE_CREATED";
    if (*created) return "\"$NETNS_DIR\"/" + quote(v.names.prefix + "-ep-" + e.id);
    if (e.netnsMode == "NETNS_MODE_PID") return "/proc/" + std::to_string(e.pid) + "/ns/net";
    return quote(e.netnsPath);
}

std::string ifname(const DeployedEndpoint& e) {
    return e.interfaceName.empty() ? "eth0" : e.interfaceName;
}

void upNetwork(const HostView& v, const HostView::Net& net, std::ostringstream& out) {
    const DeployedNetwork& n = *net.network;
    const std::string m = std::to_string(n.mtu), p = "/" + std::to_string(net.prefix);
    const std::string moving = v.names.device('x', n.id);
    out << "\n# ---- network \"" << inComment(n.name) << "\": " << n.subnet << ", VNI " << n.vni
        << ", port " << n.port << ", MTU " << m << "\n"
        << "sb=\"$NETNS_DIR\"/" << quote(v.names.prefix + "-net-" + n.id) << "\n"
        << "ensure_netns \"$sb\"\n"
        << "read_links \"$sb\"\n"
        << "has br0 || in_ns \"$sb\" ip link add br0 type bridge mcast_snooping 0\n"
        << "if ! has vx0; then\n"
        << "    ip link del dev " << moving << " 2>/dev/null || :\n"
        << "    ip link add " << moving << " mtu " << m << " type vxlan id " << n.vni << " local "
        << v.host->vtepIp << " dstport " << n.port
        << " nolearning proxy noudpcsum ${UNDERLAY_DEV:+dev $UNDERLAY_DEV}\n"
        << "    ip link set dev " << moving << " netns \"$sb\" name vx0\n"
        << "fi\n"
        << "ns_batch \"$sb\" <<'EOF'\n"
        << "link set dev lo up\n"
        << "link set dev br0 address " << net.bridgeMac << " mtu " << m << " up\n"
        << "address replace " << n.gateway << p << " dev br0\n";
    if (!net.hostAddress.empty()) out << "address replace " << net.hostAddress << p << " dev br0\n";
    out << "link set dev vx0 mtu " << m << " master br0 up\n"
        << "EOF\n";
    if (!net.peers.empty()) {
        out << "# The other hosts' endpoints and bridges: where each MAC is, and each address's "
               "MAC.\n"
            << "in_ns \"$sb\" bridge -batch - <<'EOF'\n";
        for (const auto& peer : net.peers) {
            out << "fdb replace " << peer.mac << " dev vx0 dst " << peer.vtep << " self permanent\n"
                << "fdb replace " << peer.mac << " dev vx0 master static\n";
        }
        out << "EOF\n"
            << "in_ns \"$sb\" ip -batch - <<'EOF'\n";
        for (const auto& peer : net.peers) {
            out << "neigh replace " << peer.ip << " lladdr " << peer.mac
                << " dev vx0 nud permanent\n";
        }
        out << "EOF\n";
    }
    // Each endpoint's veth (made only when missing) and its side configured in its namespace;
    // then one batch in the sandbox puts every bridge side on br0.
    std::ostringstream bridgeSide;
    for (const DeployedEndpoint* e : net.local) {
        bool created = false;
        const std::string ns = endpointNetns(v, *e, &created);
        const std::string veth = v.names.hostVeth(e->id), dev = quote(ifname(*e));
        out << "# endpoint \"" << inComment(e->name) << "\": " << e->ip << p << ", " << e->mac
            << ", " << inComment(ifname(*e)) << " in "
            << (created ? "a namespace of its own" : inComment(ns)) << "\n"
            << "ep=" << ns << "\n";
        const std::string add = "in_ns \"$sb\" ip link add " + veth + " mtu " + m +
                                " type veth peer name " + dev + " address " + e->mac + " mtu " + m +
                                " netns \"$ep\"\n";
        const std::string config = "link set dev " + dev + " mtu " + m + " up\n" +
                                   "address replace " + e->ip + p + " dev " + dev + "\n" +
                                   "neigh replace " + n.gateway + " lladdr " + net.bridgeMac +
                                   " dev " + dev + " nud permanent\n";
        if (created) {
            out << "ensure_netns \"$ep\"\n"
                << "if ! has " << veth << "; then\n"
                << "    [ $made = 1 ] || in_ns \"$ep\" ip link del dev " << dev
                << " 2>/dev/null || :\n"
                << "    " << add << "fi\n"
                << "ns_batch \"$ep\" <<'EOF'\n"
                << "link set dev lo up\n"
                << config << "EOF\n";
        } else {
            out << "if [ ! -e \"$ep\" ]; then\n"
                << "    echo \"up.sh: endpoint " << e->name
                << ": its namespace $ep is not there (Loom does not make it)\" >&2\n"
                << "    missing=1\n"
                << "else\n"
                << "    has " << veth << " || " << add
                << "    in_ns \"$ep\" sh -c \"k=/proc/sys/net/ipv6/conf/" << ifname(*e)
                << "/disable_ipv6; [ ! -w \\$k ] || echo 1 >\\$k\"\n"
                << "    in_ns \"$ep\" ip -batch - <<'EOF'\n"
                << config << "EOF\n"
                << "fi\n";
        }
        bridgeSide << "link set dev " << veth << " mtu " << m << " master br0 up\n"
                   << "neigh replace " << e->ip << " lladdr " << e->mac
                   << " dev br0 nud permanent\n";
    }
    if (!net.local.empty()) {
        // -force: an endpoint whose namespace is missing has no veth to set; the rest go on.
        out << "in_ns \"$sb\" ip -force -batch - <<'EOF' 2>/dev/null || [ $missing = 1 ]\n"
            << bridgeSide.str() << "EOF\n";
    }
}

void downNetwork(const HostView& v, const HostView::Net& net, std::ostringstream& out) {
    const DeployedNetwork& n = *net.network;
    out << "\n# ---- network \"" << inComment(n.name) << "\"\n"
        << "sb=\"$NETNS_DIR\"/" << quote(v.names.prefix + "-net-" + n.id) << "\n";
    // A veth into a namespace that is not Loom's goes explicitly (as a pair); the others die
    // with their namespaces, as the engine's do.
    std::ostringstream foreign, dropped;
    for (const DeployedEndpoint* e : net.local) {
        bool created = false;
        const std::string ns = endpointNetns(v, *e, &created);
        if (created) {
            dropped << " \\\n    " << ns;
        } else {
            foreign << "link del dev " << v.names.hostVeth(e->id) << "\n";
        }
    }
    out << "if is_mounted \"$sb\"; then\n"
        << "    in_ns \"$sb\" ip -force -batch - 2>/dev/null <<'EOF' || :\n"
        << foreign.str() << "link del dev vx0\n"
        << "EOF\n"
        << "fi\n"
        << "ip link del dev " << v.names.device('x', n.id) << " 2>/dev/null || :\n"
        << "drop_netns" << dropped.str() << " \\\n    \"$sb\"\n";
}

}  // namespace

std::map<std::string, std::string> iproute2Files(const HostView& v) {
    std::ostringstream up, down;
    up << header(v, "builds")
       << "# Running it again changes nothing; down.sh removes what it "
          "made.\n"
       << substitute(substitute(kUpPreamble, "@NETNS_DIR@", v.names.netnsDir), "@UNDERLAY_DEV@",
                     v.host->underlayDevice);
    down << header(v, "removes what up.sh built on") << "# Every entry goes with its namespace.\n"
         << substitute(kDownPreamble, "@NETNS_DIR@", v.names.netnsDir);
    for (const auto& net : v.networks) {
        upNetwork(v, net, up);
        downNetwork(v, net, down);
    }
    up << "\nexit $missing\n";
    down << "\nexit $failed\n";
    return {{"up.sh", up.str()}, {"down.sh", down.str()}};
}

}  // namespace loom::engine::bundle
