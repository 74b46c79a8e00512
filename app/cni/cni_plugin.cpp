#include "app/cni/cni_plugin.h"

#include "engine/model/address.h"
#include "engine/model/validation.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>

namespace loom::cni {

namespace {

namespace model = loom::engine::model;

constexpr size_t kMaxName = model::kMaxNameLength;

bool isNameChar(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.';
}

std::optional<Error> configError(const std::string& msg) {
    return Error{ErrorCode::InvalidConfig, msg, ""};
}

// A string field of the config: absent is fine (empty), any other type is refused.
std::optional<Error> stringField(const Json& config, const char* key, std::string* out) {
    auto it = config.find(key);
    if (it == config.end() || it->is_null()) return std::nullopt;
    if (!it->is_string()) {
        return configError(std::string("network config: \"") + key + "\" must be a string");
    }
    *out = it->get<std::string>();
    return std::nullopt;
}

bool legacyResult(const std::string& version) {
    return version.rfind("0.", 0) == 0;  // 0.3.x and 0.4.0: ips carry "version": "4"
}

// "10.1.0.5/24" -> "10.1.0.0/24".
std::string subnetOf(const std::string& cidr) {
    auto slash = cidr.find('/');
    if (slash == std::string::npos) return "";
    auto ip = model::Ipv4::parse(cidr.substr(0, slash));
    int prefix = std::atoi(cidr.c_str() + slash + 1);
    if (!ip || prefix < 0 || prefix > 32) return "";
    model::Cidr host{*ip, prefix};
    return model::Cidr{host.network(), prefix}.toString();
}

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

}  // namespace

const std::vector<std::string>& supportedVersions() {
    static const std::vector<std::string> kVersions = {"0.3.0", "0.3.1", "0.4.0", "1.0.0"};
    return kVersions;
}

std::optional<Error> parseCniArgs(const std::string& text,
                                  std::map<std::string, std::string>* out) {
    size_t start = 0;
    while (start <= text.size()) {
        size_t end = text.find(';', start);
        if (end == std::string::npos) end = text.size();
        std::string pair = text.substr(start, end - start);
        if (!pair.empty()) {
            auto eq = pair.find('=');
            if (eq == std::string::npos || eq == 0) {
                return Error{ErrorCode::InvalidEnvironment,
                             "CNI_ARGS: \"" + pair + "\" is not KEY=VALUE", ""};
            }
            (*out)[pair.substr(0, eq)] = pair.substr(eq + 1);
        }
        start = end + 1;
    }
    return std::nullopt;
}

std::optional<Error> parseInvocation(const std::function<const char*(const char*)>& env,
                                     const std::string& stdinText, Invocation* out) {
    auto get = [&](const char* name) {
        const char* v = env(name);
        return v ? std::string(v) : std::string();
    };
    Invocation inv;
    inv.command = get("CNI_COMMAND");
    if (inv.command.empty()) {
        return Error{ErrorCode::InvalidEnvironment, "CNI_COMMAND is not set",
                     "loom-cni is a CNI plugin: a container runtime runs it with CNI_COMMAND "
                     "(ADD, DEL, CHECK or VERSION) and the network config on stdin"};
    }
    if (inv.command != "ADD" && inv.command != "DEL" && inv.command != "CHECK" &&
        inv.command != "VERSION") {
        return Error{ErrorCode::InvalidEnvironment,
                     "CNI_COMMAND \"" + inv.command + "\" is not ADD, DEL, CHECK or VERSION", ""};
    }

    Json config;
    try {
        config = Json::parse(stdinText);
    } catch (const Json::parse_error& e) {
        return Error{ErrorCode::DecodeFailure, "the network config on stdin is not JSON", e.what()};
    }
    if (!config.is_object()) {
        return Error{ErrorCode::DecodeFailure, "the network config on stdin is not a JSON object",
                     ""};
    }
    if (auto e = stringField(config, "cniVersion", &inv.cniVersion)) return e;
    if (inv.command == "VERSION") {
        // Answered whatever the runtime speaks: the answer is what it needs to choose.
        *out = std::move(inv);
        return std::nullopt;
    }
    if (inv.cniVersion.empty()) return configError("network config: \"cniVersion\" is missing");
    const auto& versions = supportedVersions();
    if (std::find(versions.begin(), versions.end(), inv.cniVersion) == versions.end()) {
        std::string list;
        for (const auto& v : versions) list += (list.empty() ? "" : ", ") + v;
        return Error{ErrorCode::IncompatibleVersion,
                     "CNI version " + inv.cniVersion + " is not supported (" + list + ")", ""};
    }

    if (auto e = stringField(config, "name", &inv.name)) return e;
    if (inv.name.empty()) return configError("network config: \"name\" is missing");
    std::string type;
    if (auto e = stringField(config, "type", &type)) return e;
    if (type != kPluginType) {
        return configError("network config: \"type\" is \"" + type + "\", not \"" + kPluginType +
                           "\"");
    }
    if (auto e = stringField(config, "network", &inv.network)) return e;
    if (inv.network.empty()) inv.network = inv.name;
    if (auto e = stringField(config, "socket", &inv.socket)) return e;
    if (inv.socket.empty()) inv.socket = get("LOOM_SOCKET");
    if (inv.socket.empty()) inv.socket = kDefaultSocket;
    if (auto it = config.find("prevResult"); it != config.end() && it->is_object()) {
        inv.prevResult = *it;
    }

    inv.containerId = get("CNI_CONTAINERID");
    inv.netns = get("CNI_NETNS");
    inv.ifname = get("CNI_IFNAME");
    if (inv.containerId.empty()) {
        return Error{ErrorCode::InvalidEnvironment, "CNI_CONTAINERID is not set", ""};
    }
    if (inv.ifname.empty())
        return Error{ErrorCode::InvalidEnvironment, "CNI_IFNAME is not set", ""};
    // DEL may come after the namespace is gone, without one.
    if (inv.netns.empty() && inv.command != "DEL") {
        return Error{ErrorCode::InvalidEnvironment, "CNI_NETNS is not set", ""};
    }
    if (auto e = parseCniArgs(get("CNI_ARGS"), &inv.args)) return e;
    *out = std::move(inv);
    return std::nullopt;
}

std::string endpointName(const Invocation& inv) {
    std::string base;
    if (auto pod = inv.args.find("K8S_POD_NAME"); pod != inv.args.end()) base = pod->second;
    if (base.empty()) base = inv.containerId.substr(0, 12);
    for (char& c : base) {
        if (!isNameChar(c)) c = '-';
    }
    if (!base.empty() && !std::isalnum(static_cast<unsigned char>(base.front()))) {
        base.insert(base.begin(), 'c');
    }
    std::string suffix = inv.ifname == "eth0" ? "" : "-" + inv.ifname;
    for (char& c : suffix) {
        if (!isNameChar(c)) c = '-';
    }
    if (base.size() + suffix.size() > kMaxName) base.resize(kMaxName - suffix.size());
    return base + suffix;
}

v1::CreateEndpointRequest addRequest(const Invocation& inv) {
    v1::CreateEndpointRequest req;
    req.set_name(endpointName(inv));
    req.set_network(inv.network);
    req.set_netns_path(inv.netns);
    req.set_interface_name(inv.ifname);
    req.set_container_id(inv.containerId);
    if (auto ip = inv.args.find("IP"); ip != inv.args.end()) req.set_ip(ip->second);
    if (auto mac = inv.args.find("MAC"); mac != inv.args.end()) req.set_mac(lower(mac->second));
    return req;
}

Json result(const v1::Endpoint& e, const std::string& cniVersion) {
    Json out = Json::object();
    out["cniVersion"] = cniVersion;
    out["interfaces"] = Json::array(
        {{{"name", e.interface_name()}, {"mac", e.mac()}, {"sandbox", e.netns_path()}}});
    Json ip = {{"address", e.ip()}, {"interface", 0}};
    if (legacyResult(cniVersion)) ip["version"] = "4";
    out["ips"] = Json::array({ip});
    std::string subnet = subnetOf(e.ip());
    out["routes"] = Json::array();
    if (!subnet.empty()) out["routes"].push_back({{"dst", subnet}});
    Json dns = Json::object();
    if (!e.dns_server().empty()) dns["nameservers"] = Json::array({e.dns_server()});
    if (!e.dns_search().empty()) {
        dns["domain"] = e.dns_search();
        dns["search"] = Json::array({e.dns_search()});
    }
    out["dns"] = dns;
    return out;
}

Json errorJson(const Error& e, const std::string& cniVersion) {
    Json out = {{"cniVersion", cniVersion.empty() ? "1.0.0" : cniVersion},
                {"code", static_cast<int>(e.code)},
                {"msg", e.msg}};
    if (!e.details.empty()) out["details"] = e.details;
    return out;
}

Json versionJson(const std::string& cniVersion) {
    return {{"cniVersion", cniVersion.empty() ? "1.0.0" : cniVersion},
            {"supportedVersions", supportedVersions()}};
}

Error fromEngine(int grpcCode, const std::string& message, const std::string& socket,
                 const std::string& what) {
    constexpr int kNotFound = 5, kAlreadyExists = 6, kUnavailable = 14, kDeadline = 4;
    std::string details = "gRPC code " + std::to_string(grpcCode) + " from the engine at " + socket;
    switch (grpcCode) {
        case kUnavailable:
        case kDeadline:
            return {ErrorCode::TryAgainLater,
                    "the Loom engine at " + socket + " is not reachable (" + message +
                        "); is loomd running?",
                    details};
        case kNotFound:
            if (message.rfind("network", 0) == 0) {
                return {ErrorCode::UnknownNetwork, "cannot " + what + ": " + message, details};
            }
            return {ErrorCode::EngineRefused, "cannot " + what + ": " + message, details};
        case kAlreadyExists:
            return {ErrorCode::AddressTaken, "cannot " + what + ": " + message, details};
        default:
            return {ErrorCode::EngineRefused, "cannot " + what + ": " + message, details};
    }
}

std::vector<std::string> checkDifferences(const v1::Endpoint& e, const Seen& seen,
                                          const Json& prevResult) {
    std::vector<std::string> out;
    if (!seen.exists) {
        out.push_back("no interface " + e.interface_name() + " in " + e.netns_path());
        return out;
    }
    if (lower(seen.mac) != lower(e.mac())) {
        out.push_back(e.interface_name() + " has MAC " + seen.mac + ", the endpoint " + e.mac());
    }
    if (seen.ip != e.ip()) {
        out.push_back(e.interface_name() + " has address " +
                      (seen.ip.empty() ? std::string("none") : seen.ip) + ", the endpoint " +
                      e.ip());
    }
    if (e.state() != v1::OBJECT_STATE_READY) {
        out.push_back("the engine has it " +
                      std::string(e.state() == v1::OBJECT_STATE_FAILED ? "failed" : "pending") +
                      (e.state_message().empty() ? "" : ": " + e.state_message()));
    }
    if (prevResult.is_object()) {
        bool addressFound = false;
        if (auto ips = prevResult.find("ips"); ips != prevResult.end() && ips->is_array()) {
            for (const auto& ip : *ips) {
                if (ip.is_object() && ip.value("address", "") == e.ip()) addressFound = true;
            }
        }
        if (!addressFound) out.push_back("the ADD's result does not hold " + e.ip());
        bool macFound = false;
        if (auto ifs = prevResult.find("interfaces"); ifs != prevResult.end() && ifs->is_array()) {
            for (const auto& i : *ifs) {
                if (i.is_object() && lower(i.value("mac", "")) == lower(e.mac()) &&
                    i.value("name", "") == e.interface_name()) {
                    macFound = true;
                }
            }
        }
        if (!macFound) {
            out.push_back("the ADD's result has no " + e.interface_name() + " with MAC " + e.mac());
        }
    }
    return out;
}

}  // namespace loom::cni
