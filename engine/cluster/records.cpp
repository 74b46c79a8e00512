#include "engine/cluster/records.h"

#include <google/protobuf/util/json_util.h>

namespace loom::engine::cluster {

std::string toJson(const google::protobuf::Message& m) {
    std::string out;
    google::protobuf::util::JsonPrintOptions options;
    options.preserve_proto_field_names = true;
    (void)google::protobuf::util::MessageToJsonString(m, &out, options);
    return out;
}

bool fromJson(const std::string& json, google::protobuf::Message* m) {
    google::protobuf::util::JsonParseOptions options;
    options.ignore_unknown_fields = true;  // records from a newer engine stay readable
    return google::protobuf::util::JsonStringToMessage(json, m, options).ok();
}

v1::Network networkRecord(const model::Network& n) {
    v1::Network r;
    r.set_id(n.id);
    r.set_name(n.name);
    r.set_vni(n.vni);
    r.set_subnet(n.subnet.toString());
    r.set_gateway(n.gateway.toString());
    r.set_mtu(n.mtu);
    r.set_port(n.port);
    for (const auto& [k, v] : n.labels) (*r.mutable_labels())[k] = v;
    r.set_internal(n.internal);
    r.set_encrypted(n.encrypted);
    if (n.encrypted) r.set_key_rotation_s(n.keyRotationS);
    r.set_created_unix_ms(n.createdUnixMs);
    return r;
}

common::Result<model::Network> networkFromRecord(const v1::Network& r) {
    model::Network n;
    auto subnet = model::Cidr::parse(r.subnet());
    auto gateway = model::Ipv4::parse(r.gateway());
    if (r.id().empty() || r.name().empty() || !subnet || !gateway || r.vni() == 0 || r.mtu() == 0) {
        return common::internal("malformed network record \"" + r.id() + "\"");
    }
    n.id = r.id();
    n.name = r.name();
    n.vni = r.vni();
    n.subnet = *subnet;
    n.gateway = *gateway;
    n.mtu = r.mtu();
    n.port = r.port() ? r.port() : model::kDefaultVxlanPort;
    n.labels = {r.labels().begin(), r.labels().end()};
    n.internal = r.internal();
    n.encrypted = r.encrypted();
    n.keyRotationS = r.key_rotation_s() ? r.key_rotation_s() : model::kDefaultKeyRotationS;
    n.createdUnixMs = r.created_unix_ms();
    return n;
}

v1::Host hostRecord(const HostIdentity& h) {
    v1::Host r;
    r.set_id(h.id);
    r.set_name(h.name);
    r.set_vtep_ip(h.vtep.toString());
    r.set_underlay_device(h.underlayDevice);
    r.set_underlay_mtu(h.underlayMtu);
    r.set_version(LOOM_VERSION);
    r.set_name_prefix(h.namePrefix);
    r.set_clustered(true);
    r.set_started_unix_ms(h.startedUnixMs);
    r.set_api_address(h.apiAddress);
    r.set_netns_dir(h.netnsDir);
    r.set_can_encrypt(h.canEncrypt);
    r.set_encryption_message(h.encryptionMessage);
    return r;
}

v1::Endpoint endpointRecord(const model::Endpoint& e, const model::Network& n,
                            const HostIdentity& h) {
    v1::Endpoint r;
    r.set_id(e.id);
    r.set_name(e.name);
    r.set_network_id(n.id);
    r.set_network_name(n.name);
    r.set_host_id(h.id);
    r.set_host_name(h.name);
    r.set_vtep_ip(h.vtep.toString());
    r.set_mac(e.mac.toString());
    r.set_ip(e.ip.toString() + "/" + std::to_string(n.subnet.prefix));
    r.set_interface_name(e.interfaceName);
    // Where it lives on its host: a live export from another engine rebuilds it there.
    r.set_netns_mode(static_cast<v1::NetnsMode>(e.netnsMode));
    r.set_netns_path(e.netnsPath);
    r.set_pid(e.pid);
    r.set_service(e.service);
    r.set_container_id(e.containerId);
    for (const auto& [k, v] : e.labels) (*r.mutable_labels())[k] = v;
    r.set_created_unix_ms(e.createdUnixMs);
    r.set_mtu(n.mtu);
    return r;
}

v1::AddressClaim claimRecord(const model::Endpoint& e, const HostIdentity& h) {
    v1::AddressClaim c;
    c.set_host_id(h.id);
    c.set_endpoint_id(e.id);
    return c;
}

v1::Service serviceRecord(const model::Service& s) {
    v1::Service r;
    r.set_id(s.id);
    r.set_name(s.name);
    r.set_network_id(s.networkId);
    r.set_vip(s.vip.toString());
    for (const auto& p : s.ports) {
        auto* out = r.add_ports();
        out->set_port(p.port);
        out->set_protocol(p.protocol == model::Protocol::Udp ? v1::PROTOCOL_UDP : v1::PROTOCOL_TCP);
    }
    for (const auto& [k, v] : s.labels) (*r.mutable_labels())[k] = v;
    r.set_created_unix_ms(s.createdUnixMs);
    return r;
}

common::Result<model::Service> serviceFromRecord(const v1::Service& r) {
    auto vip = model::Ipv4::parse(r.vip());
    if (r.id().empty() || r.name().empty() || r.network_id().empty() || !vip) {
        return common::internal("malformed service record \"" + r.id() + "\"");
    }
    model::Service s;
    s.id = r.id();
    s.name = r.name();
    s.networkId = r.network_id();
    s.vip = *vip;
    for (const auto& p : r.ports()) {
        s.ports.push_back({p.port(), p.protocol() == v1::PROTOCOL_UDP ? model::Protocol::Udp
                                                                      : model::Protocol::Tcp});
    }
    s.labels = {r.labels().begin(), r.labels().end()};
    s.createdUnixMs = r.created_unix_ms();
    return s;
}

}  // namespace loom::engine::cluster
