#include "engine/bundle/deployment.h"

#include <algorithm>
#include <ctime>
#include <set>
#include <tuple>

#include "engine/model/address.h"

namespace loom::engine::bundle {

using common::Result;

std::string HostNames::sandboxNetns(const std::string& networkId) const {
    return netnsDir + "/" + prefix + "-net-" + networkId;
}
std::string HostNames::endpointNetns(const std::string& endpointId) const {
    return netnsDir + "/" + prefix + "-ep-" + endpointId;
}
std::string HostNames::hostVeth(const std::string& endpointId) const {
    return prefix + "v" + endpointId.substr(0, 14 - prefix.size());
}
std::string HostNames::device(char kind, const std::string& id) const {
    return prefix + kind + id.substr(0, 14 - prefix.size());
}

namespace {

const DeployedHost* findHost(const Deployment& d, const std::string& name) {
    for (const auto& h : d.hosts) {
        if (h.name == name) return &h;
    }
    return nullptr;
}

std::string macOf(const std::string& ip) {
    auto a = model::Ipv4::parse(ip);
    return a ? model::Mac::fromIpv4(*a).toString() : "";
}

}  // namespace

Result<HostView> hostView(const Deployment& d, const std::string& hostName) {
    HostView v;
    v.host = findHost(d, hostName);
    if (!v.host) return common::notFound("host \"" + hostName + "\" is not in the cluster");
    v.names = {v.host->prefix, v.host->netnsDir};
    for (const auto& n : d.networks) {
        HostView::Net net;
        net.network = &n;
        auto cidr = model::Cidr::parse(n.subnet);
        if (!cidr) return common::internal("network \"" + n.name + "\": subnet " + n.subnet);
        net.prefix = cidr->prefix;
        auto own = n.hostAddresses.find(hostName);
        if (own != n.hostAddresses.end()) net.hostAddress = own->second;
        net.bridgeMac = macOf(net.hostAddress.empty() ? n.gateway : net.hostAddress);
        for (const auto& e : d.endpoints) {
            if (e.networkName != n.name) continue;
            if (e.hostName == hostName) {
                net.local.push_back(&e);
                continue;
            }
            const DeployedHost* remote = findHost(d, e.hostName);
            if (!remote || remote->vtepIp.empty()) continue;
            net.peers.push_back(
                {e.ip, e.mac, remote->vtepIp, "endpoint \"" + e.name + "\" on " + e.hostName});
        }
        for (const auto& [other, ip] : n.hostAddresses) {
            const DeployedHost* remote = findHost(d, other);
            if (other == hostName || !remote || !remote->alive || remote->vtepIp.empty()) continue;
            net.peers.push_back({ip, macOf(ip), remote->vtepIp, "host " + other});
        }
        std::sort(net.peers.begin(), net.peers.end(), [](const auto& a, const auto& b) {
            auto x = model::Ipv4::parse(a.ip), y = model::Ipv4::parse(b.ip);
            return x && y ? *x < *y : a.ip < b.ip;
        });
        if (d.clustered && net.local.empty()) continue;
        if (n.encrypted) {
            v.encryptedLeftOut.push_back(n.name);
            continue;
        }
        v.networks.push_back(std::move(net));
    }
    return v;
}

Topology topologyOfDeployment(const Deployment& d) {
    Topology t;
    for (const auto& h : d.hosts) t.hosts.push_back({h.name, h.vtepIp, h.underlayMtu});
    for (const auto& n : d.networks) {
        t.networks.push_back({n.name, n.subnet, n.vni, n.mtu, n.port, n.labels, n.internal,
                              n.encrypted, n.encrypted ? n.keyRotationS : 0});
    }
    for (const auto& e : d.endpoints) {
        TopologyEndpoint te;
        te.name = e.name;
        te.networkName = e.networkName;
        te.hostName = e.hostName;
        te.ip = e.ip;
        te.mac = e.mac;
        te.netnsMode = e.netnsMode;
        // A namespace Loom made is named after the endpoint's id, which an import gives anew.
        if (e.netnsMode != "NETNS_MODE_CREATED") te.netnsPath = e.netnsPath;
        te.pid = e.pid;
        te.interfaceName = e.interfaceName;
        te.labels = e.labels;
        te.service = e.service;
        t.endpoints.push_back(std::move(te));
    }
    t.services = d.services;
    return t;
}

Result<Bundle> liveBundle(const Deployment& d, const std::vector<std::string>& hosts,
                          const std::string& origin) {
    std::set<std::string> chosen(hosts.begin(), hosts.end());
    for (const auto& name : chosen) {
        if (!findHost(d, name)) {
            return common::notFound("host \"" + name + "\" is not in the cluster");
        }
    }
    // In a stable order (hosts and networks by name, endpoints by network, host and name): the
    // same state gives the same files, whichever engine exports it.
    Deployment part = d;
    std::sort(part.hosts.begin(), part.hosts.end(),
              [](const auto& a, const auto& b) { return a.name < b.name; });
    std::sort(part.networks.begin(), part.networks.end(),
              [](const auto& a, const auto& b) { return a.name < b.name; });
    std::sort(part.endpoints.begin(), part.endpoints.end(), [](const auto& a, const auto& b) {
        return std::tie(a.networkName, a.hostName, a.name) <
               std::tie(b.networkName, b.hostName, b.name);
    });
    const Deployment whole = part;
    if (!chosen.empty()) {
        std::erase_if(part.hosts, [&](const auto& h) { return !chosen.count(h.name); });
        std::erase_if(part.endpoints, [&](const auto& e) { return !chosen.count(e.hostName); });
        std::set<std::string> used;
        for (const auto& e : part.endpoints) used.insert(e.networkName);
        // Clustered, a host carries only the networks it has endpoints on.
        if (d.clustered) {
            std::erase_if(part.networks, [&](const auto& n) { return !used.count(n.name); });
        }
    }
    std::set<std::string> networks;
    for (const auto& n : part.networks) networks.insert(n.name);
    std::erase_if(part.services, [&](const auto& s) { return !networks.count(s.networkName); });
    std::sort(part.services.begin(), part.services.end(),
              [](const auto& a, const auto& b) { return a.name < b.name; });
    Topology t = topologyOfDeployment(part);
    LOOM_RETURN_IF_ERROR(checkTopology(t).withContext("the live state"));
    Bundle b;
    b.manifest = newManifest("live", origin);
    b.members[kTopologyPath] = toJson(t);
    for (const auto& h : part.hosts) {
        // Scripts from the whole deployment: the other hosts' endpoints are live peers.
        auto view = hostView(whole, h.name);
        if (!view) return view.status();
        const std::string dir = "hosts/" + h.name + "/";
        for (auto& [name, text] : iproute2Files(*view)) {
            b.members[dir + "iproute2/" + name] = std::move(text);
        }
        for (auto& [name, text] : networkdFiles(*view)) {
            b.members[dir + "networkd/" + name] = std::move(text);
        }
    }
    b.members["README.md"] = readmeOf(b.manifest, t);
    // A bundle that its reader would refuse is not written.
    const Limits limits;
    size_t total = 0;
    if (b.members.size() + 1 > limits.maxMembers) {
        return common::Status(common::Code::ResourceExhausted,
                              "the bundle would have " + std::to_string(b.members.size() + 1) +
                                  " members, over the " + std::to_string(limits.maxMembers) +
                                  " a bundle may have: export fewer hosts (--hosts)");
    }
    for (const auto& [path, text] : b.members) {
        LOOM_RETURN_IF_ERROR(checkMemberPath(path).withContext("host file " + path));
        total += text.size();
        if (text.size() > limits.maxMemberBytes || total > limits.maxTotalBytes) {
            return common::Status(common::Code::ResourceExhausted,
                                  path + " would make the bundle larger than a bundle may be (" +
                                      std::to_string(limits.maxMemberBytes >> 20) +
                                      " MiB a member, " +
                                      std::to_string(limits.maxTotalBytes >> 20) +
                                      " MiB in all): export fewer hosts (--hosts)");
        }
    }
    return b;
}

}  // namespace loom::engine::bundle
