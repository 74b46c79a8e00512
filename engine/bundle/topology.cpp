#include "engine/bundle/topology.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <set>

#include "engine/ipam/ipam.h"
#include "engine/model/validation.h"

namespace loom::engine::bundle {

using common::Result;
using common::Status;
using nlohmann::json;

namespace {

std::string bareAddress(const std::string& ip) {
    return ip.substr(0, ip.find('/'));
}

}  // namespace

std::vector<model::ServicePort> servicePorts(const std::vector<TopologyPort>& ports) {
    std::vector<model::ServicePort> out;
    for (const auto& p : ports) {
        out.push_back(
            {p.port, p.protocol == "PROTOCOL_UDP" ? model::Protocol::Udp : model::Protocol::Tcp});
    }
    return out;
}

namespace {

// Protobuf's JSON mapping leaves out fields at their default value.
void put(json& o, const char* key, const std::string& v) {
    if (!v.empty()) o[key] = v;
}
void put(json& o, const char* key, uint32_t v) {
    if (v != 0) o[key] = v;
}
void put(json& o, const char* key, int32_t v) {
    if (v != 0) o[key] = v;
}
void put(json& o, const char* key, bool v) {
    if (v) o[key] = v;
}
void put(json& o, const char* key, const std::map<std::string, std::string>& v) {
    if (!v.empty()) o[key] = v;
}
// A repeated message: left out when empty, like any default.
template <typename T, typename F>
void putList(json& top, const char* key, const std::vector<T>& items, F fields) {
    if (items.empty()) return;
    json list = json::array();
    for (const auto& item : items) {
        json o = json::object();
        fields(o, item);
        list.push_back(std::move(o));
    }
    top[key] = std::move(list);
}
// A double as protobuf prints it: a whole number without a fraction.
json number(double v) {
    if (std::isfinite(v) && v == std::trunc(v) && std::fabs(v) < 9e15)
        return static_cast<int64_t>(v);
    return v;
}

// Reading: every key must be a field of the message, of its type; a problem names where it is
// ("endpoints[2].mtu").
class Reader {
public:
    explicit Reader(std::string where) : m_where(std::move(where)) {}

    // Every key a field of the message, in either of protobuf's spellings (the .proto's, or
    // lowerCamelCase); the second is renamed to the first.
    Status object(json& o, const std::set<std::string>& fields) const {
        if (!o.is_object()) return bad("", "is not an object");
        std::vector<std::pair<std::string, std::string>> renames;
        for (const auto& [key, value] : o.items()) {
            if (fields.count(key)) continue;
            std::string snake;
            for (char c : key) {
                if (c >= 'A' && c <= 'Z') {
                    snake += '_';
                    snake += static_cast<char>(c - 'A' + 'a');
                } else {
                    snake += c;
                }
            }
            if (!fields.count(snake) || o.contains(snake))
                return bad(key, "is not a field of this object");
            renames.emplace_back(key, snake);
        }
        for (const auto& [from, to] : renames) {
            o[to] = std::move(o[from]);
            o.erase(from);
        }
        return {};
    }
    Status flag(const json& o, const char* key, bool* out) const {
        auto it = o.find(key);
        if (it == o.end() || it->is_null()) return {};
        if (!it->is_boolean()) return bad(key, "is not true or false");
        *out = it->get<bool>();
        return {};
    }
    Status text(const json& o, const char* key, std::string* out) const {
        auto it = o.find(key);
        if (it == o.end() || it->is_null()) return {};
        if (!it->is_string()) return bad(key, "is not a string");
        *out = it->get<std::string>();
        return {};
    }
    // Protobuf accepts a number or a numeric string for integers.
    template <typename T>
    Status integer(const json& o, const char* key, T* out) const {
        auto it = o.find(key);
        if (it == o.end() || it->is_null()) return {};
        long long v = 0;
        if (it->is_number_integer()) {
            v = it->get<long long>();
        } else if (it->is_string()) {
            try {
                size_t used = 0;
                v = std::stoll(it->get<std::string>(), &used);
                if (used != it->get<std::string>().size()) return bad(key, "is not an integer");
            } catch (const std::exception&) {
                return bad(key, "is not an integer");
            }
        } else {
            return bad(key, "is not an integer");
        }
        if (v < static_cast<long long>(std::numeric_limits<T>::min()) ||
            v > static_cast<long long>(std::numeric_limits<T>::max()))
            return bad(key, "is out of range");
        *out = static_cast<T>(v);
        return {};
    }
    Status real(const json& o, const char* key, double* out) const {
        auto it = o.find(key);
        if (it == o.end() || it->is_null()) return {};
        if (!it->is_number()) return bad(key, "is not a number");
        *out = it->get<double>();
        return {};
    }
    Status labels(const json& o, const char* key, std::map<std::string, std::string>* out) const {
        auto it = o.find(key);
        if (it == o.end() || it->is_null()) return {};
        if (!it->is_object()) return bad(key, "is not an object");
        for (const auto& [k, v] : it->items()) {
            if (!v.is_string()) return bad(std::string(key) + "." + k, "is not a string");
            (*out)[k] = v.get<std::string>();
        }
        return {};
    }
    const std::string& where() const { return m_where; }
    Status bad(const std::string& key, const std::string& what) const {
        std::string field = m_where;
        if (!key.empty()) field += (field.empty() ? "" : ".") + key;
        return common::invalidArgument(field.empty() ? "topology" : field, what);
    }

private:
    std::string m_where;
};

const std::set<std::string> kNetnsModes = {"NETNS_MODE_UNSPECIFIED", "NETNS_MODE_CREATED",
                                           "NETNS_MODE_PATH", "NETNS_MODE_PID"};

Result<TopologyHost> readHost(json& o, const Reader& r) {
    TopologyHost h;
    LOOM_RETURN_IF_ERROR(r.object(o, {"name", "vtep_ip", "underlay_mtu"}));
    LOOM_RETURN_IF_ERROR(r.text(o, "name", &h.name));
    LOOM_RETURN_IF_ERROR(r.text(o, "vtep_ip", &h.vtepIp));
    LOOM_RETURN_IF_ERROR(r.integer(o, "underlay_mtu", &h.underlayMtu));
    return h;
}

Result<TopologyNetwork> readNetwork(json& o, const Reader& r) {
    TopologyNetwork n;
    LOOM_RETURN_IF_ERROR(r.object(o, {"name", "subnet", "vni", "mtu", "port", "labels", "internal",
                                      "encrypted", "key_rotation_s"}));
    LOOM_RETURN_IF_ERROR(r.text(o, "name", &n.name));
    LOOM_RETURN_IF_ERROR(r.text(o, "subnet", &n.subnet));
    LOOM_RETURN_IF_ERROR(r.integer(o, "vni", &n.vni));
    LOOM_RETURN_IF_ERROR(r.integer(o, "mtu", &n.mtu));
    LOOM_RETURN_IF_ERROR(r.integer(o, "port", &n.port));
    LOOM_RETURN_IF_ERROR(r.labels(o, "labels", &n.labels));
    LOOM_RETURN_IF_ERROR(r.flag(o, "internal", &n.internal));
    LOOM_RETURN_IF_ERROR(r.flag(o, "encrypted", &n.encrypted));
    LOOM_RETURN_IF_ERROR(r.integer(o, "key_rotation_s", &n.keyRotationS));
    return n;
}

Result<TopologyEndpoint> readEndpoint(json& o, const Reader& r) {
    TopologyEndpoint e;
    LOOM_RETURN_IF_ERROR(
        r.object(o, {"name", "network_name", "host_name", "ip", "mac", "mtu", "netns_mode",
                     "netns_path", "pid", "interface_name", "labels", "service"}));
    LOOM_RETURN_IF_ERROR(r.text(o, "name", &e.name));
    LOOM_RETURN_IF_ERROR(r.text(o, "network_name", &e.networkName));
    LOOM_RETURN_IF_ERROR(r.text(o, "host_name", &e.hostName));
    LOOM_RETURN_IF_ERROR(r.text(o, "ip", &e.ip));
    LOOM_RETURN_IF_ERROR(r.text(o, "mac", &e.mac));
    LOOM_RETURN_IF_ERROR(r.integer(o, "mtu", &e.mtu));
    LOOM_RETURN_IF_ERROR(r.text(o, "netns_mode", &e.netnsMode));
    if (!e.netnsMode.empty() && !kNetnsModes.count(e.netnsMode))
        return r.bad("netns_mode", "\"" + e.netnsMode + "\" is not a namespace mode");
    if (e.netnsMode == "NETNS_MODE_UNSPECIFIED") e.netnsMode.clear();
    LOOM_RETURN_IF_ERROR(r.text(o, "netns_path", &e.netnsPath));
    LOOM_RETURN_IF_ERROR(r.integer(o, "pid", &e.pid));
    LOOM_RETURN_IF_ERROR(r.text(o, "interface_name", &e.interfaceName));
    LOOM_RETURN_IF_ERROR(r.labels(o, "labels", &e.labels));
    LOOM_RETURN_IF_ERROR(r.text(o, "service", &e.service));
    return e;
}

const std::set<std::string> kProtocols = {"PROTOCOL_UNSPECIFIED", "PROTOCOL_TCP", "PROTOCOL_UDP"};

Result<TopologyService> readService(json& o, const Reader& r) {
    TopologyService s;
    LOOM_RETURN_IF_ERROR(r.object(o, {"name", "network_name", "vip", "ports", "labels"}));
    LOOM_RETURN_IF_ERROR(r.text(o, "name", &s.name));
    LOOM_RETURN_IF_ERROR(r.text(o, "network_name", &s.networkName));
    LOOM_RETURN_IF_ERROR(r.text(o, "vip", &s.vip));
    LOOM_RETURN_IF_ERROR(r.labels(o, "labels", &s.labels));
    auto it = o.find("ports");
    if (it == o.end() || it->is_null()) return s;
    if (!it->is_array()) return r.bad("ports", "is not a list");
    for (size_t i = 0; i < it->size(); ++i) {
        Reader at(r.where() + ".ports[" + std::to_string(i) + "]");
        json& p = (*it)[i];
        LOOM_RETURN_IF_ERROR(at.object(p, {"port", "protocol"}));
        TopologyPort port;
        LOOM_RETURN_IF_ERROR(at.integer(p, "port", &port.port));
        LOOM_RETURN_IF_ERROR(at.text(p, "protocol", &port.protocol));
        if (!port.protocol.empty() && !kProtocols.count(port.protocol))
            return at.bad("protocol", "\"" + port.protocol + "\" is not a protocol");
        if (port.protocol == "PROTOCOL_UNSPECIFIED") port.protocol.clear();
        s.ports.push_back(port);
    }
    return s;
}

template <typename T, typename F>
Status readList(json& top, const char* key, std::vector<T>* out, F readOne) {
    auto it = top.find(key);
    if (it == top.end() || it->is_null()) return {};
    if (!it->is_array()) return Reader("").bad(key, "is not a list");
    for (size_t i = 0; i < it->size(); ++i) {
        auto one = readOne((*it)[i], Reader(std::string(key) + "[" + std::to_string(i) + "]"));
        if (!one) return one.status();
        out->push_back(std::move(*one));
    }
    return {};
}

}  // namespace

std::string toJson(const Topology& t) {
    json top = json::object();
    put(top, "format", t.format);
    putList(top, "hosts", t.hosts, [](json& o, const TopologyHost& h) {
        put(o, "name", h.name);
        put(o, "vtep_ip", h.vtepIp);
        put(o, "underlay_mtu", h.underlayMtu);
    });
    putList(top, "networks", t.networks, [](json& o, const TopologyNetwork& n) {
        put(o, "name", n.name);
        put(o, "subnet", n.subnet);
        put(o, "vni", n.vni);
        put(o, "mtu", n.mtu);
        put(o, "port", n.port);
        put(o, "labels", n.labels);
        put(o, "internal", n.internal);
        put(o, "encrypted", n.encrypted);
        if (n.encrypted) put(o, "key_rotation_s", n.keyRotationS);
    });
    putList(top, "endpoints", t.endpoints, [](json& o, const TopologyEndpoint& e) {
        put(o, "name", e.name);
        put(o, "network_name", e.networkName);
        put(o, "host_name", e.hostName);
        put(o, "ip", e.ip);
        put(o, "mac", e.mac);
        put(o, "mtu", e.mtu);
        put(o, "netns_mode", e.netnsMode);
        put(o, "netns_path", e.netnsPath);
        put(o, "pid", e.pid);
        put(o, "interface_name", e.interfaceName);
        put(o, "labels", e.labels);
        put(o, "service", e.service);
    });
    putList(top, "services", t.services, [](json& o, const TopologyService& s) {
        put(o, "name", s.name);
        put(o, "network_name", s.networkName);
        put(o, "vip", s.vip);
        put(o, "labels", s.labels);
        if (s.ports.empty()) return;
        json ports = json::array();
        for (const auto& p : s.ports) {
            json one = json::object();
            put(one, "port", p.port);
            put(one, "protocol", p.protocol);
            ports.push_back(std::move(one));
        }
        o["ports"] = std::move(ports);
    });
    if (!t.layout.empty()) {
        json layout = json::object();
        for (const auto& [key, p] : t.layout) {
            json o = json::object();
            if (p.x != 0) o["x"] = number(p.x);
            if (p.y != 0) o["y"] = number(p.y);
            layout[key] = o;
        }
        top["layout"] = layout;
    }
    // nlohmann's objects keep their keys sorted.
    return top.dump(2) + "\n";
}

Result<Topology> topologyFromJson(const std::string& text) {
    json top = json::parse(text, nullptr, false);
    if (top.is_discarded()) return common::invalidArgument("topology", "is not valid JSON");
    Reader r("");
    LOOM_RETURN_IF_ERROR(
        r.object(top, {"format", "hosts", "networks", "endpoints", "layout", "services"}));
    Topology t;
    t.format = 0;
    LOOM_RETURN_IF_ERROR(r.integer(top, "format", &t.format));
    if (t.format != kTopologyFormat) {
        return common::invalidArgument("format",
                                       "topology format " + std::to_string(t.format) +
                                           " is not one this Loom reads (it reads format " +
                                           std::to_string(kTopologyFormat) + ")");
    }
    LOOM_RETURN_IF_ERROR(readList(top, "hosts", &t.hosts, readHost));
    LOOM_RETURN_IF_ERROR(readList(top, "networks", &t.networks, readNetwork));
    LOOM_RETURN_IF_ERROR(readList(top, "endpoints", &t.endpoints, readEndpoint));
    LOOM_RETURN_IF_ERROR(readList(top, "services", &t.services, readService));
    if (auto it = top.find("layout"); it != top.end() && !it->is_null()) {
        if (!it->is_object()) return r.bad("layout", "is not an object");
        for (auto& [key, value] : it->items()) {
            Reader at("layout." + key);
            LOOM_RETURN_IF_ERROR(at.object(value, {"x", "y"}));
            Position p;
            LOOM_RETURN_IF_ERROR(at.real(value, "x", &p.x));
            LOOM_RETURN_IF_ERROR(at.real(value, "y", &p.y));
            t.layout[key] = p;
        }
    }
    return t;
}

Status checkTopology(const Topology& t) {
    // The smallest underlay the topology names (a design names none: the usual 1500).
    uint32_t underlayMtu = 0;
    std::set<std::string> hosts;
    for (size_t i = 0; i < t.hosts.size(); ++i) {
        const auto& h = t.hosts[i];
        const std::string at = "hosts[" + std::to_string(i) + "]";
        LOOM_RETURN_IF_ERROR(model::validateName(at + ".name", h.name));
        if (!hosts.insert(h.name).second)
            return common::invalidArgument(at + ".name", "host \"" + h.name + "\" is listed twice");
        if (!h.vtepIp.empty() && !model::Ipv4::parse(h.vtepIp))
            return common::invalidArgument(at + ".vtep_ip",
                                           "\"" + h.vtepIp + "\" is not an IPv4 address");
        if (h.underlayMtu != 0 && (underlayMtu == 0 || h.underlayMtu < underlayMtu))
            underlayMtu = h.underlayMtu;
    }
    if (underlayMtu == 0) underlayMtu = 1500;

    std::vector<model::Network> networks;
    std::map<std::string, size_t> networkIndex;
    for (size_t i = 0; i < t.networks.size(); ++i) {
        const auto& n = t.networks[i];
        model::NetworkSpec spec;
        spec.name = n.name;
        spec.subnet = n.subnet;
        if (n.vni) spec.vni = n.vni;
        if (n.mtu) spec.mtu = n.mtu;
        if (n.port) spec.port = n.port;
        spec.labels = n.labels;
        spec.encrypted = n.encrypted;
        if (n.keyRotationS) spec.keyRotationS = n.keyRotationS;
        auto checked = model::checkNetwork(spec, networks, underlayMtu);
        if (!checked) return checked.status().withContext("networks[" + std::to_string(i) + "]");
        checked->gateway = ipam::gatewayOf(checked->subnet);
        networkIndex[n.name] = networks.size();
        networks.push_back(*checked);
    }

    // Services first: an endpoint behind one must find it on its network.
    std::map<std::string, std::string> services;  // name -> its network
    std::set<std::string> vips;                   // network "\n" address
    for (size_t i = 0; i < t.services.size(); ++i) {
        const auto& s = t.services[i];
        const std::string at = "services[" + std::to_string(i) + "]";
        LOOM_RETURN_IF_ERROR(model::validateName(at + ".name", s.name));
        if (services.count(s.name))
            return common::invalidArgument(at + ".name",
                                           "a service \"" + s.name + "\" is listed twice");
        auto net = networkIndex.find(s.networkName);
        if (net == networkIndex.end()) {
            return common::invalidArgument(
                at + ".network_name", "network \"" + s.networkName + "\" is not in the topology");
        }
        services[s.name] = s.networkName;
        LOOM_RETURN_IF_ERROR(model::validateServicePorts(at + ".ports", servicePorts(s.ports)));
        LOOM_RETURN_IF_ERROR(model::validateLabels(s.labels).withContext(at));
        if (s.vip.empty()) continue;
        auto vip =
            model::parseEndpointAddress(at + ".vip", bareAddress(s.vip), networks[net->second]);
        if (!vip) return vip.status();
        if (!vips.insert(s.networkName + "\n" + bareAddress(s.vip)).second)
            return model::addressTaken(at + ".vip", bareAddress(s.vip), s.networkName);
    }

    std::set<std::string> namesOnHost, addresses, namesOnNetwork;
    for (size_t i = 0; i < t.endpoints.size(); ++i) {
        const auto& e = t.endpoints[i];
        const std::string at = "endpoints[" + std::to_string(i) + "]";
        LOOM_RETURN_IF_ERROR(model::validateName(at + ".name", e.name));
        if (!hosts.count(e.hostName)) {
            return common::invalidArgument(
                at + ".host_name", e.hostName.empty()
                                       ? "endpoint \"" + e.name + "\" is on no host"
                                       : "host \"" + e.hostName + "\" is not in the topology");
        }
        if (!namesOnHost.insert(e.hostName + "\n" + e.name).second)
            return model::endpointNameTaken(at + ".name", e.name);
        auto net = networkIndex.find(e.networkName);
        if (net == networkIndex.end()) {
            return common::invalidArgument(
                at + ".network_name", "network \"" + e.networkName + "\" is not in the topology");
        }
        LOOM_RETURN_IF_ERROR(model::validateLabels(e.labels).withContext(at));
        if (!e.service.empty()) {
            auto s = services.find(e.service);
            if (s == services.end() || s->second != e.networkName) {
                return common::invalidArgument(
                    at + ".service",
                    "network \"" + e.networkName + "\" has no service \"" + e.service + "\"");
            }
        }
        if (auto same = services.find(e.name);
            same != services.end() && same->second == e.networkName) {
            return common::invalidArgument(
                at + ".name",
                "\"" + e.name + "\" is a service of network \"" + e.networkName + "\"");
        }
        if (!e.interfaceName.empty())
            LOOM_RETURN_IF_ERROR(
                model::validateInterfaceName(at + ".interface_name", e.interfaceName));
        if (e.netnsMode == "NETNS_MODE_PATH" && (e.netnsPath.empty() || e.netnsPath[0] != '/'))
            return common::invalidArgument(at + ".netns_path", "must be an absolute path");
        if (e.netnsMode == "NETNS_MODE_PID" && e.pid <= 0)
            return common::invalidArgument(at + ".pid", "must be the PID of a process");
        if (e.ip.empty()) continue;
        const model::Network& n = networks[net->second];
        const std::string address = e.ip.substr(0, e.ip.find('/'));
        auto ip = model::parseEndpointAddress(at + ".ip", address, n);
        if (!ip) return ip.status();
        if (!addresses.insert(e.networkName + "\n" + address).second ||
            vips.count(e.networkName + "\n" + address))
            return model::addressTaken(at + ".ip", address, n.name);
    }
    return {};
}

}  // namespace loom::engine::bundle
