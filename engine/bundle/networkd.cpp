// A host's part of a live overlay for systemd-networkd (keys of systemd 252). networkd manages
// one namespace and cannot make or enter others, so the overlay is flattened into the host's:
// per network a bridge and a vxlan device, per endpoint a veth pair whose bridge side it
// enslaves by name. The endpoint side is left to the user, and README.md says how.
#include <sstream>

#include "engine/bundle/deployment.h"
#include "engine/model/address.h"

namespace loom::engine::bundle {

namespace {

std::string oneLine(std::string s) {
    for (char& c : s) {
        if (c == '\n' || c == '\r') c = ' ';
    }
    return s;
}

// A fixed MAC for a vxlan device (networkd would derive one from the machine id): locally
// administered, from the VNI and the host's VTEP.
std::string vxlanMac(uint32_t vni, const std::string& vtep) {
    auto ip = model::Ipv4::parse(vtep);
    model::Mac mac{{0x02, 0x4d, static_cast<uint8_t>(vni >> 16), static_cast<uint8_t>(vni >> 8),
                    static_cast<uint8_t>(vni), static_cast<uint8_t>(ip ? ip->value : 0)}};
    return mac.toString();
}

const char* kNoAutoconf =
    "LinkLocalAddressing=no\n"
    "IPv6AcceptRA=no\n"
    "ConfigureWithoutCarrier=yes\n";

}  // namespace

std::map<std::string, std::string> networkdFiles(const HostView& v) {
    std::map<std::string, std::string> files;
    std::ostringstream left;
    const std::string host = oneLine(v.host->name);
    for (const auto& net : v.networks) {
        const DeployedNetwork& n = *net.network;
        const std::string bridge = v.names.device('b', n.id), vxlan = v.names.device('x', n.id);
        const std::string mtu = std::to_string(n.mtu), p = "/" + std::to_string(net.prefix);
        const std::string about = "# Loom: network \"" + oneLine(n.name) + "\" on host \"" + host +
                                  "\" (see README.md).\n";
        files["20-" + bridge + ".netdev"] =
            about + "[NetDev]\nName=" + bridge + "\nKind=bridge\nMACAddress=" + net.bridgeMac +
            "\nMTUBytes=" + mtu + "\n\n[Bridge]\nSTP=no\nMulticastSnooping=no\n";
        std::ostringstream br;
        br << about << "[Match]\nName=" << bridge << "\n\n[Network]\n"
           << "Address=" << n.gateway << p << "\n";
        if (!net.hostAddress.empty()) br << "Address=" << net.hostAddress << p << "\n";
        br << kNoAutoconf;
        for (const DeployedEndpoint* e : net.local) {
            br << "\n# endpoint \"" << oneLine(e->name) << "\"\n[Neighbor]\nAddress=" << e->ip
               << "\nLinkLayerAddress=" << e->mac << "\n";
        }
        files["20-" + bridge + ".network"] = br.str();
        files["20-" + vxlan + ".netdev"] =
            about + "[NetDev]\nName=" + vxlan +
            "\nKind=vxlan\nMACAddress=" + vxlanMac(n.vni, v.host->vtepIp) + "\nMTUBytes=" + mtu +
            "\n\n[VXLAN]\nVNI=" + std::to_string(n.vni) + "\nLocal=" + v.host->vtepIp +
            "\nDestinationPort=" + std::to_string(n.port) +
            "\nMacLearning=no\nReduceARPProxy=yes\nUDPChecksum=no\nIndependent=yes\n";
        std::ostringstream vx;
        vx << about << "[Match]\nName=" << vxlan << "\n\n[Network]\nBridge=" << bridge << "\n"
           << kNoAutoconf;
        for (const auto& peer : net.peers) {
            vx << "\n# " << oneLine(peer.what) << "\n[BridgeFDB]\nMACAddress=" << peer.mac
               << "\nDestination=" << peer.vtep << "\n\n[Neighbor]\nAddress=" << peer.ip
               << "\nLinkLayerAddress=" << peer.mac << "\n";
        }
        files["20-" + vxlan + ".network"] = vx.str();
        // Every endpoint's bridge side in one file (Name= takes a list): one member per
        // endpoint fewer in the bundle.
        if (!net.local.empty()) {
            std::ostringstream ports;
            ports << about << "# The bridge sides of this host's endpoints on it.\n[Match]\nName=";
            for (size_t i = 0; i < net.local.size(); ++i) {
                ports << (i ? " " : "") << v.names.hostVeth(net.local[i]->id);
            }
            ports << "\n\n[Network]\nBridge=" << bridge << "\n" << kNoAutoconf;
            files["30-" + bridge + "-ports.network"] = ports.str();
        }
        for (const DeployedEndpoint* e : net.local) {
            const std::string veth = v.names.hostVeth(e->id), peer = v.names.device('p', e->id);
            const std::string iface = e->interfaceName.empty() ? "eth0" : e->interfaceName;
            const std::string aboutEp = "# Loom: endpoint \"" + oneLine(e->name) +
                                        "\" of network \"" + oneLine(n.name) + "\" on host \"" +
                                        host + "\" (see README.md).\n";
            files["30-" + veth + ".netdev"] =
                aboutEp + "[NetDev]\nName=" + veth + "\nKind=veth\nMTUBytes=" + mtu +
                "\n\n[Peer]\nName=" + peer + "\nMACAddress=" + e->mac + "\n";
            std::string target = e->netnsMode == "NETNS_MODE_PID"
                                     ? "/proc/" + std::to_string(e->pid) + "/ns/net"
                                 : e->netnsMode == "NETNS_MODE_PATH" ? oneLine(e->netnsPath)
                                                                     : "NETNS";
            // `ip -n` takes a name under /run/netns only; a path is entered with nsenter.
            const std::string inside =
                target == "NETNS" ? "ip -n NETNS" : "nsenter --net=" + target + " ip";
            left << "- endpoint \"" << oneLine(e->name) << "\" (network \"" << oneLine(n.name)
                 << "\"): `" << peer << "` becomes `" << oneLine(iface) << "`, " << e->ip << p
                 << ", MTU " << mtu << ":\n\n"
                 << "      ip link set dev " << peer << " netns " << target << " name "
                 << oneLine(iface) << "\n"
                 << "      " << inside << " link set dev " << oneLine(iface) << " mtu " << mtu
                 << " up\n"
                 << "      " << inside << " address add " << e->ip << p << " dev " << oneLine(iface)
                 << "\n\n";
        }
    }
    std::ostringstream readme;
    readme << "# systemd-networkd files for host \"" << host << "\"\n\n"
           << "The same overlay as `../iproute2/up.sh`, for systemd-networkd (systemd 252 or "
              "later):\n"
           << "copy the `.netdev` and `.network` files to `/etc/systemd/network/` and run\n"
           << "`networkctl reload` (a device that exists already is not changed by a reload:\n"
           << "delete it first, or restart systemd-networkd).\n\n"
           << "networkd manages one network namespace and cannot make others or move devices\n"
           << "into them, so this form is flattened into the host's namespace:\n\n"
           << "- per network a bridge (`" << v.names.prefix << "b...`, holding the network's "
           << "gateway and this host's own\n"
           << "  address) and a vxlan device (`" << v.names.prefix
           << "x...`, VNI, port, local address, no learning, ARP\n"
           << "  answered from its neighbour entries) with a permanent FDB and neighbour entry "
              "for\n"
           << "  every endpoint and bridge on the other hosts. Networks stay apart at layer 2, "
              "but\n"
           << "  their subnets are routed in the host's namespace, unlike Loom's sandboxes;\n"
           << "- per endpoint a veth pair: networkd enslaves the bridge side (`" << v.names.prefix
           << "v...`) and\n"
           << "  leaves the other side (`" << v.names.prefix
           << "p...`, with the endpoint's MAC) "
              "in the host's namespace.\n\n"
           <<
        [&v] {
            std::string s;
            for (const auto& name : v.encryptedLeftOut) {
                s += "Left out: network \"" + oneLine(name) +
                     "\" is encrypted. Its keys are never in a bundle, and built\n"
                     "without them its traffic would cross the underlay in the clear.\n\n";
            }
            return s;
        }() << "## Left to you: the endpoint side of each veth\n\n"
           << "Move it into the endpoint's namespace or container (NETNS: its name or path), "
              "name it,\n"
           << "give it the endpoint's MTU and address, and bring it up:\n\n"
           << (left.str().empty() ? "(this host has no endpoints)\n\n" : left.str())
           << "Check the journal (or networkd's log) for lines naming a file and line: networkd "
              "skips\n"
           << "keys it does not know without failing.\n";
    files["README.md"] = readme.str();
    return files;
}

}  // namespace loom::engine::bundle
