#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "engine/model/address.h"

namespace loom::engine::model {

constexpr uint32_t kVniMin = 1;
constexpr uint32_t kVniMax = 16777215;
constexpr uint32_t kVniAutoFirst = 4096;  // automatic VNIs start here, leaving low ones to people
constexpr uint32_t kDefaultVxlanPort = 4789;
constexpr uint32_t kVxlanOverhead = 50;  // outer IPv4 20 + UDP 8 + VXLAN 8 + inner Ethernet 14
constexpr uint32_t kMinMtu = 68;
// Encrypted networks: ESP in transport mode with AES-GCM (RFC 4106) around the VXLAN datagram
// adds its header (SPI, sequence: 8), the IV (8), the trailer (padding to 4 bytes, pad length,
// next header: 2..5) and the ICV (16). encryptedMtu() gives the largest inner MTU that fits.
constexpr uint32_t kEspHeader = 8 + 8;
constexpr uint32_t kEspIcv = 16;
constexpr uint32_t kEncryptedPortFirst = 4800;  // automatic ports of encrypted networks
constexpr uint32_t kDefaultKeyRotationS = 12 * 3600;
constexpr uint32_t kMinKeyRotationS = 10;
constexpr uint32_t kMaxKeyRotationS = 30 * 24 * 3600;

using Labels = std::map<std::string, std::string>;

enum class ObjectState { Pending = 1, Ready = 2, Failed = 3 };

// A network as stored: everything the kernel needs to build its sandbox on this host.
struct Network {
    std::string id;
    std::string name;
    uint32_t vni = 0;
    Cidr subnet;
    Ipv4 gateway;  // this host's own address on the network
    uint32_t mtu = 0;
    uint32_t port = kDefaultVxlanPort;
    Labels labels;
    bool internal = false;   // its responder answers its own names only, forwards nothing
    bool encrypted = false;  // its VXLAN traffic between hosts travels in ESP
    uint32_t keyRotationS = kDefaultKeyRotationS;
    int64_t createdUnixMs = 0;
    ObjectState state = ObjectState::Pending;
    std::string stateMessage;
};

// The size on the underlay of an overlay frame carrying an inner packet of `mtu` bytes.
inline uint32_t outerSize(uint32_t mtu, bool encrypted) {
    uint32_t vxlan = mtu + kVxlanOverhead;  // IPv4 + UDP + VXLAN + inner Ethernet + inner packet
    if (!encrypted) return vxlan;
    uint32_t payload = vxlan - 20 + 2;  // what ESP encrypts: UDP onwards, plus its two trailer
    payload = (payload + 3) / 4 * 4;    // bytes, padded to four
    return 20 + kEspHeader + payload + kEspIcv;
}

// ESP's id of the SAs and policies of an encrypted network (the template's reqid): Loom's tag
// in the top byte, the VNI below. Everything with that tag in the host's xfrm tables is Loom's.
constexpr uint32_t kXfrmTag = 0x4c000000;
inline uint32_t xfrmReqid(uint32_t vni) {
    return kXfrmTag | (vni & 0xffffff);
}
inline bool isLoomReqid(uint32_t reqid) {
    return (reqid & 0xff000000) == kXfrmTag;
}

// The DNS domain of a network: its names resolve bare and under it ("web1.blue.loom").
inline std::string dnsDomain(const std::string& networkName) {
    std::string d;
    for (char c : networkName) d += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    return d + ".loom";
}

}  // namespace loom::engine::model
