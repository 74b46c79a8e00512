#include "engine/bundle/import_plan.h"

#include <algorithm>
#include <set>

#include "engine/bundle/bundle.h"
#include "engine/model/address.h"

namespace loom::engine::bundle {

using K = ImportStep::Kind;

namespace {

std::string bare(const std::string& ip) {
    return ip.substr(0, ip.find('/'));
}

std::string modeOf(const std::string& mode) {
    return mode.empty() ? "NETNS_MODE_CREATED" : mode;
}

std::string labelsText(const std::map<std::string, std::string>& labels) {
    std::string out;
    for (const auto& [k, v] : labels) out += (out.empty() ? "" : ",") + k + "=" + v;
    return out.empty() ? "none" : out;
}

std::string arrow(const std::string& what, const std::string& from, const std::string& to) {
    return what + " " + (from.empty() ? "none" : from) + " → " + (to.empty() ? "none" : to);
}

std::string joined(const std::vector<std::string>& parts) {
    std::string out;
    for (const auto& p : parts) out += (out.empty() ? "" : "; ") + p;
    return out;
}

// What the kernel cannot change (the network is re-created), and what changes in place.
std::vector<std::string> networkChanges(const TopologyNetwork& want, const LiveNetwork& l,
                                        std::vector<std::string>* inPlace) {
    std::vector<std::string> out;
    if (want.subnet != l.subnet) out.push_back(arrow("subnet", l.subnet, want.subnet));
    if (want.vni != 0 && want.vni != l.vni) {
        out.push_back(arrow("VNI", std::to_string(l.vni), std::to_string(want.vni)));
    }
    if (want.port != 0 && want.port != l.port) {
        out.push_back(arrow("port", std::to_string(l.port), std::to_string(want.port)));
    }
    if (want.encrypted != l.encrypted) {
        out.push_back(want.encrypted ? "encrypted from now on" : "no longer encrypted");
    } else if (want.encrypted && want.keyRotationS != 0 && want.keyRotationS != l.keyRotationS) {
        out.push_back(arrow("key rotation", std::to_string(l.keyRotationS) + " s",
                            std::to_string(want.keyRotationS) + " s"));
    }
    if (want.mtu != 0 && want.mtu != l.mtu) {
        inPlace->push_back(arrow("MTU", std::to_string(l.mtu), std::to_string(want.mtu)));
    }
    if (want.labels != l.labels) {
        inPlace->push_back(arrow("labels", labelsText(l.labels), labelsText(want.labels)));
    }
    if (want.internal != l.internal) {
        inPlace->push_back(want.internal ? "internal (its names only)" : "no longer internal");
    }
    return out;
}

std::vector<std::string> endpointChanges(const TopologyEndpoint& want, const LiveEndpoint& l,
                                         std::vector<std::string>* inPlace) {
    std::vector<std::string> out;
    if (want.networkName != l.networkName) {
        out.push_back(arrow("network", l.networkName, want.networkName));
    }
    if (!want.ip.empty() && bare(want.ip) != l.ip)
        out.push_back(arrow("address", l.ip, bare(want.ip)));
    const std::string mode = modeOf(want.netnsMode);
    bool netns = mode != modeOf(l.netnsMode) ||
                 (mode == "NETNS_MODE_PATH" && want.netnsPath != l.netnsPath) ||
                 (mode == "NETNS_MODE_PID" && want.pid != l.pid);
    if (netns) out.push_back("namespace");
    const std::string ifname = want.interfaceName.empty() ? "eth0" : want.interfaceName;
    if (ifname != (l.interfaceName.empty() ? "eth0" : l.interfaceName)) {
        out.push_back(arrow("interface", l.interfaceName, ifname));
    }
    if (want.labels != l.labels) {
        inPlace->push_back(arrow("labels", labelsText(l.labels), labelsText(want.labels)));
    }
    if (want.service != l.service) inPlace->push_back(arrow("service", l.service, want.service));
    return out;
}

// In one order, so that the same ports listed otherwise are the same.
std::string portsText(const std::vector<TopologyPort>& ports) {
    if (ports.empty()) return "every port";
    auto sorted = servicePorts(ports);
    std::sort(sorted.begin(), sorted.end(),
              [](const model::ServicePort& a, const model::ServicePort& b) {
                  return std::tie(a.port, a.protocol) < std::tie(b.port, b.protocol);
              });
    return model::portsText(sorted);
}

// A service cannot change in place: what differs makes it re-created.
std::vector<std::string> serviceChanges(const TopologyService& want, const LiveService& l) {
    std::vector<std::string> out;
    if (want.networkName != l.networkName)
        out.push_back(arrow("network", l.networkName, want.networkName));
    if (!want.vip.empty() && bare(want.vip) != bare(l.vip))
        out.push_back(arrow("VIP", bare(l.vip), bare(want.vip)));
    if (portsText(want.ports) != portsText(l.ports))
        out.push_back(arrow("ports", portsText(l.ports), portsText(want.ports)));
    if (want.labels != l.labels)
        out.push_back(arrow("labels", labelsText(l.labels), labelsText(want.labels)));
    return out;
}

TopologyNetwork asTopology(const LiveNetwork& l) {
    return {l.name,   l.subnet,   l.vni,       l.mtu,         l.port,
            l.labels, l.internal, l.encrypted, l.keyRotationS};
}

TopologyEndpoint asTopology(const LiveEndpoint& l) {
    TopologyEndpoint e;
    e.name = l.name;
    e.networkName = l.networkName;
    e.hostName = l.hostName;
    e.ip = l.ip;
    e.labels = l.labels;
    e.service = l.service;
    return e;
}

}  // namespace

std::string ImportStep::describe() const {
    switch (kind) {
        case K::CreateNetwork:
            return "create network " + network.name + " (" + network.subnet + ", " +
                   (network.vni ? "VNI " + std::to_string(network.vni) : "VNI automatic") + ")";
        case K::DeleteNetwork:
            return "delete network " + network.name + " (" + network.subnet + ")";
        case K::UpdateNetwork:
            return "change network " + network.name + " in place";
        case K::CreateEndpoint:
            return "create endpoint " + endpoint.name + " on " + endpoint.networkName + " (" +
                   (endpoint.ip.empty() ? "automatic address" : bare(endpoint.ip)) + ")";
        case K::DeleteEndpoint:
            return "delete endpoint " + endpoint.name + " from " + endpoint.networkName;
        case K::UpdateEndpoint:
            return "change endpoint " + endpoint.name + " in place";
        case K::CreateService:
            return "create service " + service.name + " on " + service.networkName + " (" +
                   (service.vip.empty() ? "automatic VIP" : "VIP " + bare(service.vip)) + ", " +
                   portsText(service.ports) + ")";
        case K::DeleteService:
            return "delete service " + service.name + " from " + service.networkName;
    }
    return {};
}

common::Result<ImportPlan> planImport(const Topology& want, const LiveState& live) {
    ImportPlan plan;
    std::map<std::string, const LiveHost*> liveHosts;
    for (const auto& h : live.hosts) liveHosts[h.name] = &h;
    // The hosts the bundle speaks for, and those of them the plan cannot reach.
    std::set<std::string> listed, unreachable;
    for (const auto& h : want.hosts) listed.insert(h.name);
    for (const auto& e : want.endpoints) listed.insert(e.hostName);
    for (const auto& name : listed) {
        auto it = liveHosts.find(name);
        if (it == liveHosts.end()) {
            plan.notes.push_back("host " + name +
                                 " is not in this cluster: its endpoints are left out");
            unreachable.insert(name);
        } else if (!it->second->alive) {
            plan.notes.push_back("host " + name + " is down: its endpoints are left out");
            unreachable.insert(name);
        }
    }
    std::set<std::string> others;  // live hosts the bundle does not list: left alone
    for (const auto& e : live.endpoints) {
        if (!listed.count(e.hostName)) others.insert(e.hostName);
    }
    for (const auto& name : others) {
        plan.notes.push_back("host " + name +
                             " is not in the bundle: its endpoints are left as they are");
    }

    // Networks: kept, changed in place, replaced, created, or deleted.
    std::map<std::string, const TopologyNetwork*> wantNetworks;
    for (const auto& n : want.networks) wantNetworks[n.name] = &n;
    std::map<std::string, const LiveNetwork*> liveNetworks;
    for (const auto& n : live.networks) liveNetworks[n.name] = &n;
    std::set<std::string> stillUsed;  // by endpoints the bundle leaves alone
    for (const auto& e : live.endpoints) {
        if (!listed.count(e.hostName) || unreachable.count(e.hostName)) {
            stillUsed.insert(e.networkName);
        }
    }
    std::map<std::string, std::string> replaced;  // name -> why
    std::vector<ImportStep> networkUpdates, endpointUpdates, creates;
    int keptNetworks = 0, keptEndpoints = 0;
    for (size_t i = 0; i < want.networks.size(); ++i) {
        const TopologyNetwork& n = want.networks[i];
        auto it = liveNetworks.find(n.name);
        if (it == liveNetworks.end()) {
            // A new network must fit beside the live ones that stay.
            auto subnet = model::Cidr::parse(n.subnet);
            for (const auto& l : live.networks) {
                if (wantNetworks.count(l.name) || !stillUsed.count(l.name)) continue;
                auto other = model::Cidr::parse(l.subnet);
                const std::string at = "topology.json: networks[" + std::to_string(i) + "]";
                if (subnet && other && subnet->overlaps(*other)) {
                    return common::invalidArgument(
                        at + ".subnet", n.subnet + " overlaps network " + l.name + " (" + l.subnet +
                                            "), which stays: hosts the bundle does not list "
                                            "have endpoints on it");
                }
                if (n.vni != 0 && n.vni == l.vni) {
                    return common::invalidArgument(at + ".vni", "VNI " + std::to_string(n.vni) +
                                                                    " is network " + l.name +
                                                                    "'s, which stays");
                }
            }
            continue;
        }
        const LiveNetwork& l = *it->second;
        std::vector<std::string> inPlace;
        auto changes = networkChanges(n, l, &inPlace);
        if (!changes.empty()) {
            changes.insert(changes.end(), inPlace.begin(), inPlace.end());
            replaced[n.name] =
                "re-created, the engine cannot change it in place: " + joined(changes);
        } else if (!inPlace.empty()) {
            ImportStep s{
                K::UpdateNetwork, "", l.id, n, {}, "exists: changed in place: " + joined(inPlace)};
            if (s.network.mtu == 0) s.network.mtu = l.mtu;
            networkUpdates.push_back(s);
        } else {
            ++keptNetworks;
        }
    }

    // Services: kept, re-created (nothing of one changes in place), created, or deleted; one whose
    // network stays for hosts the bundle does not list stays with it.
    std::map<std::string, const TopologyService*> wantServices;
    for (const auto& sv : want.services) wantServices[sv.name] = &sv;
    std::set<std::string> keptServices;
    for (const auto& l : live.services) {
        auto it = wantServices.find(l.name);
        std::string why = "not in the bundle";
        if (it != wantServices.end()) {
            auto changes = serviceChanges(*it->second, l);
            if (changes.empty() && !replaced.count(l.networkName)) {
                keptServices.insert(l.name);
                continue;
            }
            why =
                changes.empty() ? "re-created with its network" : "re-created: " + joined(changes);
        } else if (!wantNetworks.count(l.networkName) && stillUsed.count(l.networkName)) {
            plan.notes.push_back("service " + l.name +
                                 " is not in the bundle but stays with network " + l.networkName);
            keptServices.insert(l.name);
            continue;
        }
        ImportStep s{K::DeleteService, "", l.name, {}, {}, why};
        s.service = l;
        plan.steps.push_back(s);
    }
    std::vector<ImportStep> serviceCreates;
    for (const auto& sv : want.services) {
        if (keptServices.count(sv.name)) continue;
        bool existed = std::any_of(live.services.begin(), live.services.end(),
                                   [&](const LiveService& l) { return l.name == sv.name; });
        ImportStep s{
            K::CreateService, "", "", {}, {}, existed ? "re-created (see its deletion)" : ""};
        s.service = sv;
        serviceCreates.push_back(s);
    }

    // Endpoints of the listed hosts, by host and name.
    std::map<std::pair<std::string, std::string>, const TopologyEndpoint*> wantEndpoints;
    for (const auto& e : want.endpoints) wantEndpoints[{e.hostName, e.name}] = &e;
    std::set<std::pair<std::string, std::string>> kept, liveKeys;
    size_t leftContainers = 0;
    for (const auto& l : live.endpoints) {
        liveKeys.insert({l.hostName, l.name});
        if (!listed.count(l.hostName) || unreachable.count(l.hostName)) continue;
        auto it = wantEndpoints.find({l.hostName, l.name});
        const TopologyEndpoint* w = it == wantEndpoints.end() ? nullptr : it->second;
        bool networkGoes = !wantNetworks.count(l.networkName);
        if (!w && !l.containerId.empty() && !networkGoes && !replaced.count(l.networkName)) {
            // Its runtime's, as its container lives (bundles leave such endpoints out).
            ++leftContainers;
            continue;
        }
        std::vector<std::string> inPlace, changes;
        if (w) changes = endpointChanges(*w, l, &inPlace);
        if (w && changes.empty() && !replaced.count(l.networkName) && !networkGoes) {
            kept.insert({l.hostName, l.name});
            if (!inPlace.empty()) {
                endpointUpdates.push_back({K::UpdateEndpoint,
                                           l.hostName,
                                           l.id,
                                           {},
                                           *w,
                                           "exists: changed in place: " + joined(inPlace)});
            } else {
                ++keptEndpoints;
            }
            continue;
        }
        std::string why = "not in the bundle";
        if (w && !changes.empty()) {
            changes.insert(changes.end(), inPlace.begin(), inPlace.end());
            why = "re-created: " + joined(changes);
        } else if (w && replaced.count(l.networkName)) {
            why = "re-created with its network";
        } else if (networkGoes) {
            why = w ? "re-created: its network is not in the bundle" : "its network is deleted";
        }
        plan.steps.push_back({K::DeleteEndpoint, l.hostName, l.id, {}, asTopology(l), why});
    }
    for (const auto& l : live.networks) {
        auto it = wantNetworks.find(l.name);
        if (it != wantNetworks.end() && !replaced.count(l.name)) continue;
        if (it == wantNetworks.end() && stillUsed.count(l.name)) {
            plan.notes.push_back("network " + l.name +
                                 " is not in the bundle but stays: hosts the bundle does not "
                                 "list have endpoints on it");
            continue;
        }
        plan.steps.push_back({K::DeleteNetwork,
                              "",
                              l.id,
                              asTopology(l),
                              {},
                              it == wantNetworks.end() ? "not in the bundle" : replaced[l.name]});
    }
    plan.steps.insert(plan.steps.end(), networkUpdates.begin(), networkUpdates.end());
    for (const auto& n : want.networks) {
        auto it = liveNetworks.find(n.name);
        if (it != liveNetworks.end() && !replaced.count(n.name)) continue;
        ImportStep s{K::CreateNetwork, "", "", n, {}, ""};
        if (it != liveNetworks.end()) {
            s.why = replaced[n.name];
            if (s.network.vni == 0) s.network.vni = it->second->vni;  // keeps its VNI
        }
        plan.steps.push_back(s);
    }
    plan.steps.insert(plan.steps.end(), serviceCreates.begin(), serviceCreates.end());
    plan.steps.insert(plan.steps.end(), endpointUpdates.begin(), endpointUpdates.end());
    for (const auto& e : want.endpoints) {
        if (kept.count({e.hostName, e.name}) || unreachable.count(e.hostName)) continue;
        const bool existed = liveKeys.count({e.hostName, e.name}) > 0;
        plan.steps.push_back({K::CreateEndpoint,
                              e.hostName,
                              "",
                              {},
                              e,
                              existed ? "re-created (see its deletion)" : ""});
    }
    const size_t keptWanted =
        std::count_if(want.services.begin(), want.services.end(),
                      [&](const auto& sv) { return keptServices.count(sv.name); });
    if (keptNetworks + keptEndpoints > 0) {
        plan.notes.push_back(std::to_string(keptNetworks) + " network(s) and " +
                             std::to_string(keptEndpoints) +
                             " endpoint(s) of the bundle exist already as they are: kept");
    }
    if (leftContainers > 0) {
        plan.notes.push_back(std::to_string(leftContainers) +
                             " endpoint(s) of containers (made by their runtime through loom-cni) "
                             "are not in the bundle: left alone");
    }
    if (keptWanted > 0) {
        plan.notes.push_back(std::to_string(keptWanted) +
                             " service(s) of the bundle exist already as they are: kept");
    }
    std::string text;
    for (const auto& s : plan.steps) {
        text += std::to_string(static_cast<int>(s.kind)) + "|" + s.host + "|" + s.ref + "|" +
                s.describe() + "|" + s.why + "|" + labelsText(s.network.labels) + "|" +
                labelsText(s.endpoint.labels) + "|" + std::to_string(s.network.mtu) + "|" +
                s.endpoint.netnsMode + "|" + s.endpoint.netnsPath + "|" +
                std::to_string(s.endpoint.pid) + "|" + s.endpoint.interfaceName + "|" +
                (s.network.internal ? "internal" : "") + "|" +
                (s.network.encrypted ? "encrypted " + std::to_string(s.network.keyRotationS) : "") +
                "|" + s.endpoint.service + "|" + labelsText(s.service.labels) + "\n";
    }
    plan.digest = sha256Hex(text);
    return plan;
}

}  // namespace loom::engine::bundle
