#include "engine/model/validation.h"

namespace loom::engine::model {

using common::invalidArgument;
using common::Result;

namespace {
bool isNameChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_' || c == '.';
}
bool isAlnum(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}
}  // namespace

Status validateName(const std::string& field, const std::string& name) {
    if (name.empty()) return invalidArgument(field, "must not be empty");
    if (name.size() > kMaxNameLength) {
        return invalidArgument(field, "\"" + name.substr(0, 20) + "...\" is longer than " +
                                          std::to_string(kMaxNameLength) + " characters");
    }
    if (!isAlnum(name.front())) {
        return invalidArgument(field, "\"" + name + "\" must start with a letter or digit");
    }
    for (char c : name) {
        if (!isNameChar(c)) {
            return invalidArgument(
                field, "\"" + name + "\" may hold only letters, digits, '-', '_' and '.'");
        }
    }
    return {};
}

Status validateVni(uint32_t vni) {
    if (vni < kVniMin || vni > kVniMax) {
        return invalidArgument("vni", std::to_string(vni) + " is outside 1..16777215");
    }
    return {};
}

Status validatePort(uint32_t port) {
    if (port < 1 || port > 65535) {
        return invalidArgument("port", std::to_string(port) + " is outside 1..65535");
    }
    return {};
}

uint32_t defaultMtu(uint32_t underlayMtu, bool encrypted) {
    if (underlayMtu <= kVxlanOverhead + kMinMtu) return kMinMtu;
    uint32_t mtu = underlayMtu - kVxlanOverhead;
    while (mtu > kMinMtu && outerSize(mtu, encrypted) > underlayMtu) --mtu;
    return mtu;
}

Status validateMtu(uint32_t mtu, uint32_t underlayMtu, bool encrypted) {
    uint32_t max = defaultMtu(underlayMtu, encrypted);
    if (mtu < kMinMtu || mtu > max) {
        std::string why = encrypted ? " (the largest whose VXLAN and ESP headers fit the underlay "
                                      "MTU " +
                                          std::to_string(underlayMtu) + ")"
                                    : " (the underlay MTU " + std::to_string(underlayMtu) +
                                          " minus 50 bytes of VXLAN overhead)";
        return invalidArgument("mtu", std::to_string(mtu) + " is outside " +
                                          std::to_string(kMinMtu) + ".." + std::to_string(max) +
                                          why);
    }
    return {};
}

Status validateKeyRotation(uint32_t seconds) {
    if (seconds < kMinKeyRotationS || seconds > kMaxKeyRotationS) {
        return invalidArgument("key_rotation",
                               std::to_string(seconds) + " s is outside 10 s .. 30 days");
    }
    return {};
}

Status validateInterfaceName(const std::string& field, const std::string& name) {
    if (name.empty()) return invalidArgument(field, "must not be empty");
    if (name.size() > kMaxInterfaceNameLength) {
        return invalidArgument(field, "\"" + name + "\" is longer than 15 bytes");
    }
    if (name == "." || name == "..") return invalidArgument(field, "\"" + name + "\" is reserved");
    for (char c : name) {
        if (c == '/' || c == ':' || c <= ' ' || c == 0x7f) {
            return invalidArgument(field, "\"" + name + "\" holds a '/', ':' or blank");
        }
    }
    return {};
}

Status validateNamePrefix(const std::string& prefix) {
    if (prefix.empty() || prefix.size() > kMaxNamePrefixLength) {
        return invalidArgument(
            "name-prefix", "must be 1.." + std::to_string(kMaxNamePrefixLength) + " characters");
    }
    for (char c : prefix) {
        if (!isAlnum(c)) return invalidArgument("name-prefix", "may hold only letters and digits");
    }
    return {};
}

Status validateLabels(const Labels& labels) {
    for (const auto& [key, value] : labels) {
        LOOM_RETURN_IF_ERROR(validateName("labels key", key));
        if (value.size() > 256) {
            return invalidArgument("labels", "value of \"" + key + "\" is longer than 256 bytes");
        }
        for (char c : value) {
            if (c == '\n' || c == '\0') {
                return invalidArgument("labels", "value of \"" + key + "\" holds a line break");
            }
        }
    }
    return {};
}

Result<Cidr> parseSubnet(const std::string& field, const std::string& text) {
    if (text.empty())
        return invalidArgument(field, "is required (an IPv4 CIDR, e.g. 10.20.0.0/24)");
    Cidr::ParseError error = Cidr::ParseError::None;
    auto cidr = Cidr::parse(text, &error);
    if (!cidr) {
        if (error == Cidr::ParseError::HostBitsSet) {
            auto slash = text.find('/');
            Cidr loose{*Ipv4::parse(text.substr(0, slash)), std::stoi(text.substr(slash + 1))};
            return invalidArgument(field, "\"" + text + "\" has host bits set (did you mean " +
                                              Cidr{loose.network(), loose.prefix}.toString() +
                                              "?)");
        }
        return invalidArgument(field, "\"" + text + "\" is not an IPv4 CIDR like 10.20.0.0/24");
    }
    if (cidr->prefix > kMaxPrefixLength) {
        return invalidArgument(field, "\"" + text + "\" is too small: a prefix longer than /" +
                                          std::to_string(kMaxPrefixLength) +
                                          " leaves no address for endpoints");
    }
    if (cidr->prefix < 8) {
        return invalidArgument(field, "\"" + text + "\" is too large: use /8 or longer");
    }
    return *cidr;
}

Status checkNoOverlap(const Cidr& subnet, const std::vector<Network>& existing) {
    for (const auto& n : existing) {
        if (subnet.overlaps(n.subnet)) {
            return {common::Code::AlreadyExists, "subnet: " + subnet.toString() +
                                                     " overlaps network \"" + n.name + "\" (" +
                                                     n.subnet.toString() + ")"};
        }
    }
    return {};
}

Result<Ipv4> parseEndpointAddress(const std::string& field, const std::string& text,
                                  const Network& network) {
    auto ip = Ipv4::parse(text);
    if (!ip) return invalidArgument(field, "\"" + text + "\" is not an IPv4 address");
    const Cidr& s = network.subnet;
    if (!s.contains(*ip)) {
        return invalidArgument(field, text + " is outside the subnet " + s.toString() +
                                          " of network \"" + network.name + "\"");
    }
    if (*ip == s.network()) return invalidArgument(field, text + " is the network address");
    if (*ip == s.broadcast()) return invalidArgument(field, text + " is the broadcast address");
    if (*ip == network.gateway) {
        return invalidArgument(
            field, text + " is reserved for the host's own address on \"" + network.name + "\"");
    }
    return *ip;
}

Result<Network> checkNetwork(const NetworkSpec& spec, const std::vector<Network>& existing,
                             uint32_t underlayMtu) {
    Network n;
    LOOM_RETURN_IF_ERROR(validateName("name", spec.name));
    n.name = spec.name;
    auto subnet = parseSubnet("subnet", spec.subnet);
    if (!subnet) return subnet.status();
    n.subnet = *subnet;
    n.encrypted = spec.encrypted;
    if (spec.port) {
        n.port = *spec.port;
    } else if (n.encrypted) {
        n.port = kEncryptedPortFirst;
        for (bool clash = true; clash && n.port < 65535;) {
            clash = false;
            for (const auto& other : existing) clash = clash || other.port == n.port;
            if (clash) ++n.port;
        }
    } else {
        n.port = kDefaultVxlanPort;
    }
    LOOM_RETURN_IF_ERROR(validatePort(n.port));
    n.mtu = spec.mtu.value_or(defaultMtu(underlayMtu, n.encrypted));
    LOOM_RETURN_IF_ERROR(validateMtu(n.mtu, underlayMtu, n.encrypted));
    n.labels = spec.labels;
    LOOM_RETURN_IF_ERROR(validateLabels(n.labels));
    n.internal = spec.internal;
    if (spec.keyRotationS) {
        if (!n.encrypted) {
            return invalidArgument("key_rotation", "only an encrypted network has keys to rotate");
        }
        LOOM_RETURN_IF_ERROR(validateKeyRotation(*spec.keyRotationS));
    }
    n.keyRotationS = spec.keyRotationS.value_or(kDefaultKeyRotationS);
    for (const auto& other : existing) {
        if (other.name == spec.name) {
            return common::alreadyExists("name: a network \"" + spec.name + "\" already exists");
        }
    }
    LOOM_RETURN_IF_ERROR(checkNoOverlap(n.subnet, existing));
    if (spec.vni) {
        LOOM_RETURN_IF_ERROR(validateVni(*spec.vni));
        for (const auto& other : existing) {
            if (other.vni == *spec.vni) {
                return common::alreadyExists("vni: " + std::to_string(*spec.vni) +
                                             " is already used by network \"" + other.name + "\"");
            }
        }
        n.vni = *spec.vni;
    }
    for (const auto& other : existing) {
        if (other.port != n.port || (!n.encrypted && !other.encrypted)) continue;
        const Network& enc = n.encrypted ? n : other;
        return common::alreadyExists(
            "port: " + std::to_string(n.port) + " is used by network \"" + other.name +
            "\", and the encrypted network \"" + enc.name +
            "\" needs a VXLAN port of its own (its ESP policies select its traffic by port)");
    }
    return n;
}

Status validateServicePorts(const std::string& field, const std::vector<ServicePort>& ports) {
    for (size_t i = 0; i < ports.size(); ++i) {
        const std::string at = field + "[" + std::to_string(i) + "]";
        if (ports[i].port == 0 || ports[i].port > 65535) {
            return invalidArgument(at + ".port",
                                   std::to_string(ports[i].port) + " is outside 1..65535");
        }
        if (ports[i].protocol != Protocol::Tcp && ports[i].protocol != Protocol::Udp) {
            return invalidArgument(at + ".protocol", "must be TCP or UDP");
        }
        for (size_t k = 0; k < i; ++k) {
            if (ports[k] == ports[i]) {
                return invalidArgument(at, portsText({ports[i]}) + " is given twice");
            }
        }
    }
    return {};
}

std::string portsText(const std::vector<ServicePort>& ports) {
    std::string out;
    for (const auto& p : ports) {
        out += (out.empty() ? "" : ",") + std::to_string(p.port) +
               (p.protocol == Protocol::Udp ? "/udp" : "/tcp");
    }
    return out;
}

std::optional<std::vector<ServicePort>> parsePorts(const std::string& text) {
    std::vector<ServicePort> out;
    size_t start = 0;
    while (start < text.size()) {
        size_t comma = text.find(',', start);
        std::string item = text.substr(start, comma == std::string::npos ? comma : comma - start);
        ServicePort p;
        auto slash = item.find('/');
        std::string number = item.substr(0, slash);
        if (slash != std::string::npos) {
            std::string proto = item.substr(slash + 1);
            if (proto == "udp") {
                p.protocol = Protocol::Udp;
            } else if (proto != "tcp") {
                return std::nullopt;
            }
        }
        if (number.empty() || number.size() > 5 ||
            number.find_first_not_of("0123456789") != std::string::npos) {
            return std::nullopt;
        }
        p.port = static_cast<uint32_t>(std::stoul(number));
        out.push_back(p);
        if (comma == std::string::npos) break;
        start = comma + 1;
    }
    return out;
}

Status endpointNameTaken(const std::string& field, const std::string& name) {
    return common::alreadyExists(field + ": an endpoint \"" + name + "\" already exists");
}

Status addressTaken(const std::string& field, const std::string& address,
                    const std::string& networkName) {
    return common::alreadyExists(field + ": " + address + " is already taken on \"" + networkName +
                                 "\"");
}

common::Result<Mac> parseEndpointMac(const std::string& field, const std::string& text, Ipv4 ip) {
    auto mac = Mac::parse(text);
    if (!mac) {
        return invalidArgument(field, "\"" + text + "\" is not a MAC address (02:aa:bb:cc:dd:ee)");
    }
    if (mac->bytes[0] & 0x01) {
        return invalidArgument(field,
                               text + " is a multicast address; an endpoint needs a unicast one");
    }
    if (*mac == Mac{}) return invalidArgument(field, "the all-zero address is not an interface's");
    Mac derived = Mac::fromIpv4(ip);
    if (mac->bytes[0] == derived.bytes[0] && mac->bytes[1] == derived.bytes[1] && *mac != derived) {
        return invalidArgument(field, text +
                                          " is in Loom's own range (02:4c:..., each derived from "
                                          "an address); choose one outside it");
    }
    return *mac;
}

Status validateContainerId(const std::string& field, const std::string& id) {
    if (id.empty()) return invalidArgument(field, "must not be empty");
    if (id.size() > 255) return invalidArgument(field, "is longer than 255 characters");
    if (!isAlnum(id.front())) {
        return invalidArgument(field,
                               "\"" + id.substr(0, 40) + "\" must start with a letter or digit");
    }
    for (char c : id) {
        if (!isNameChar(c)) {
            return invalidArgument(field, "\"" + id.substr(0, 40) +
                                              "\" may hold only letters, digits, '_', '.' and '-'");
        }
    }
    return {};
}

}  // namespace loom::engine::model
