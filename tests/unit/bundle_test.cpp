// Config bundles without an engine: the topology's JSON (protobuf's own form, checked against
// protobuf's parser and printer), archives written and read back, and every refusal of a crafted
// archive (built here with libarchive, as an attacker or a broken tool would make it).
#include <archive.h>
#include <archive_entry.h>
#include <google/protobuf/util/json_util.h>
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>
#include <vector>

#include "engine/bundle/bundle.h"
#include "engine/bundle/topology.h"
#include "loom/v1/loom.pb.h"
#include "tests/support/crafted_bundles.h"

namespace loom::test {
namespace {

using namespace engine::bundle;
using engine::common::Status;

Topology sample() {
    Topology t;
    t.hosts = {{"h1", "192.0.2.1", 1500}, {"h2", "192.0.2.2", 9000}};
    TopologyNetwork web{"web", "10.20.0.0/24", 4100, 1400, 0, {{"tier", "front"}}};
    TopologyNetwork db{"db", "10.30.0.0/24", 0, 0, 4790, {}};
    db.encrypted = true;
    db.keyRotationS = 3600;
    t.networks = {web, db};
    TopologyEndpoint a;
    a.name = "web1";
    a.networkName = "web";
    a.hostName = "h1";
    a.ip = "10.20.0.2/24";
    a.mac = "02:00:0a:14:00:02";
    a.netnsMode = "NETNS_MODE_CREATED";
    a.labels = {{"app", "shop"}};
    a.service = "api";
    TopologyEndpoint b;
    b.name = "db1";
    b.networkName = "db";
    b.hostName = "h2";
    b.netnsMode = "NETNS_MODE_PATH";
    b.netnsPath = "/run/netns/db1";
    b.interfaceName = "eth1";
    b.mtu = 1400;
    t.endpoints = {a, b};
    t.layout = {{"host/h1", {40, 60.5}}, {"network/web", {-20, 300}}, {"service/api", {5, 7}}};
    TopologyService api;
    api.name = "api";
    api.networkName = "web";
    api.vip = "10.20.0.250";
    api.ports = {{8080, "PROTOCOL_TCP"}, {53, "PROTOCOL_UDP"}};
    api.labels = {{"team", "a"}};
    TopologyService any;
    any.name = "cache";
    any.networkName = "db";
    t.services = {api, any};
    return t;
}

TEST(BundleTopology, JsonIsProtobufsOwnFormWithSortedKeys) {
    const Topology t = sample();
    const std::string text = toJson(t);
    auto back = topologyFromJson(text);
    ASSERT_TRUE(back.isOk()) << back.status().message();
    EXPECT_EQ(*back, t) << text;
    // Sorted keys: "endpoints" < "format" < "hosts" < "layout" < "networks".
    EXPECT_LT(text.find("\"endpoints\""), text.find("\"format\""));
    EXPECT_LT(text.find("\"layout\""), text.find("\"networks\""));
    EXPECT_EQ(text.find("\"port\": 0"), std::string::npos) << "defaults are left out";

    // Protobuf reads what we write, and what protobuf writes we read as the same topology.
    v1::Topology message;
    auto parsed = google::protobuf::util::JsonStringToMessage(text, &message);
    ASSERT_TRUE(parsed.ok()) << parsed.ToString();
    EXPECT_EQ(message.endpoints(1).netns_mode(), v1::NETNS_MODE_PATH);
    EXPECT_EQ(message.networks(0).labels().at("tier"), "front");
    EXPECT_TRUE(message.networks(1).encrypted());
    EXPECT_EQ(message.networks(1).key_rotation_s(), 3600u);
    EXPECT_FALSE(message.networks(0).encrypted());
    EXPECT_EQ(message.layout().at("host/h1").y(), 60.5);
    EXPECT_EQ(message.services(0).ports(1).protocol(), v1::PROTOCOL_UDP);
    EXPECT_EQ(message.services(0).network_name(), "web");
    EXPECT_EQ(message.endpoints(0).service(), "api");
    std::string printed;
    google::protobuf::util::JsonPrintOptions options;
    options.preserve_proto_field_names = true;
    ASSERT_TRUE(google::protobuf::util::MessageToJsonString(message, &printed, options).ok());
    auto fromProtobuf = topologyFromJson(printed);
    ASSERT_TRUE(fromProtobuf.isOk()) << fromProtobuf.status().message();
    EXPECT_EQ(*fromProtobuf, t);
    // Protobuf's other spelling of field names (lowerCamelCase) reads the same.
    auto camel = topologyFromJson(
        R"({"format": 1, "hosts": [{"name": "h1", "vtepIp": "192.0.2.1", "underlayMtu": 1500}]})");
    ASSERT_TRUE(camel.isOk()) << camel.status().message();
    EXPECT_EQ(camel->hosts.at(0), (TopologyHost{"h1", "192.0.2.1", 1500}));
}

TEST(BundleTopology, MalformedJsonIsRefusedNamingWhere) {
    struct Case {
        const char* json;
        const char* says;
    };
    const std::vector<Case> cases = {
        {"{\"format\": 1, \"hosts\": [", "not valid JSON"},
        {"[]", "not an object"},
        {R"({"format": 2})", "format 2"},
        {R"({"hosts": []})", "format 0"},
        {R"({"format": 1, "networks": [{"name": 7}]})", "networks[0].name: is not a string"},
        {R"({"format": 1, "networks": [{"vni": -1}]})", "networks[0].vni: is out of range"},
        {R"({"format": 1, "networks": {}})", "networks: is not a list"},
        {R"({"format": 1, "endpoints": [{"netns_mode": "NETNS_MODE_X"}]})",
         "endpoints[0].netns_mode"},
        {R"({"format": 1, "endpoints": [{"labels": {"a": 1}}]})", "endpoints[0].labels.a"},
        {R"({"format": 1, "layout": {"host/h1": {"x": "far"}}})", "layout.host/h1.x"},
        {R"({"format": 1, "colour": "blue"})", "colour: is not a field"},
        {R"({"format": 1, "services": [{"ports": [{"protocol": "PROTOCOL_SCTP"}]}]})",
         "services[0].ports[0].protocol"},
        {R"({"format": 1, "services": [{"ports": [{"port": "x"}]}]})",
         "services[0].ports[0].port: is not an integer"},
        {R"({"format": 1, "services": [{"vip": 1}]})", "services[0].vip: is not a string"},
    };
    for (const auto& c : cases) {
        auto t = topologyFromJson(c.json);
        ASSERT_FALSE(t.isOk()) << c.json;
        EXPECT_NE(t.status().message().find(c.says), std::string::npos)
            << c.json << " -> " << t.status().message();
    }
}

TEST(BundleTopology, TheEnginesRulesApply) {
    EXPECT_TRUE(checkTopology(sample()).isOk()) << checkTopology(sample()).message();
    struct Case {
        const char* what;
        std::function<void(Topology&)> change;
        const char* says;
    };
    const std::vector<Case> cases = {
        {"overlap", [](Topology& t) { t.networks[1].subnet = "10.20.0.0/16"; }, "networks[1]"},
        {"vni clash", [](Topology& t) { t.networks[1].vni = 4100; }, "4100"},
        {"bad subnet", [](Topology& t) { t.networks[0].subnet = "10.20.0.1/24"; }, "subnet"},
        {"bad name", [](Topology& t) { t.networks[0].name = "-web"; }, "networks[0]: name"},
        {"mtu over the underlay", [](Topology& t) { t.networks[0].mtu = 1480; }, "mtu"},
        {"outside", [](Topology& t) { t.endpoints[0].ip = "10.99.0.2"; }, "endpoints[0].ip"},
        {"taken",
         [](Topology& t) {
             t.endpoints[1] = t.endpoints[0];
             t.endpoints[1].name = "web2";
         },
         "endpoints[1].ip"},
        {"twice on a host",
         [](Topology& t) {
             t.endpoints[1].name = "web1";
             t.endpoints[1].hostName = "h1";
         },
         "endpoints[1].name"},
        {"no such network", [](Topology& t) { t.endpoints[1].networkName = "x"; },
         "endpoints[1].network_name"},
        {"no such host", [](Topology& t) { t.endpoints[1].hostName = "h9"; },
         "endpoints[1].host_name"},
        {"host twice", [](Topology& t) { t.hosts.push_back(t.hosts[0]); }, "hosts[2].name"},
        {"relative netns", [](Topology& t) { t.endpoints[1].netnsPath = "db1"; },
         "endpoints[1].netns_path"},
        {"long ifname", [](Topology& t) { t.endpoints[1].interfaceName = "a-very-long-ifname"; },
         "endpoints[1].interface_name"},
        {"service twice", [](Topology& t) { t.services[1].name = "api"; }, "services[1].name"},
        {"service on no network", [](Topology& t) { t.services[1].networkName = "x"; },
         "services[1].network_name"},
        {"vip outside", [](Topology& t) { t.services[0].vip = "10.30.0.9"; }, "services[0].vip"},
        {"vip an endpoint's", [](Topology& t) { t.services[0].vip = "10.20.0.2"; },
         "endpoints[0].ip"},
        {"port 0", [](Topology& t) { t.services[0].ports[0].port = 0; }, "services[0].ports"},
        {"port too high", [](Topology& t) { t.services[0].ports[0].port = 65536; },
         "services[0].ports"},
        {"port twice", [](Topology& t) { t.services[0].ports[1] = t.services[0].ports[0]; },
         "services[0].ports"},
        {"behind a service of another network", [](Topology& t) { t.endpoints[1].service = "api"; },
         "endpoints[1].service"},
        {"behind no service", [](Topology& t) { t.endpoints[0].service = "x"; },
         "endpoints[0].service"},
        {"named like a service", [](Topology& t) { t.endpoints[0].name = "api"; },
         "endpoints[0].name"},
    };
    for (const auto& c : cases) {
        Topology t = sample();
        c.change(t);
        Status s = checkTopology(t);
        ASSERT_FALSE(s.isOk()) << c.what;
        EXPECT_NE(s.message().find(c.says), std::string::npos) << c.what << ": " << s.message();
    }
}

Bundle sampleBundle() {
    Bundle b;
    b.manifest.loomVersion = "0.1.0";
    b.manifest.created = "2026-12-01T05:00:00Z";
    b.manifest.source = "design";
    b.manifest.origin = "shop.loom.json";
    b.members[kTopologyPath] = toJson(sample());
    b.members["hosts/h1/iproute2/up.sh"] = "#!/bin/sh\nip netns add web1\n";
    b.members["README.md"] = "# A bundle\n";
    return b;
}

TEST(Bundle, WrittenAndReadBackTheSameByteForByte) {
    auto archive = writeBundle(sampleBundle());
    ASSERT_TRUE(archive.isOk()) << archive.status().message();
    auto again = writeBundle(sampleBundle());
    ASSERT_TRUE(again.isOk());
    EXPECT_EQ(*archive, *again) << "the same bundle gives the same bytes";
    EXPECT_LT(archive->size(), 2000u) << "not padded to tar's 10 KiB blocks";
    auto read = readBundle(*archive);
    ASSERT_TRUE(read.isOk()) << read.status().message();
    EXPECT_EQ(read->members, sampleBundle().members);
    EXPECT_EQ(read->manifest.source, "design");
    EXPECT_EQ(read->manifest.origin, "shop.loom.json");
    EXPECT_EQ(read->manifest.sha256.at("README.md"), sha256Hex("# A bundle\n"));
    EXPECT_EQ(sha256Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    auto t = topologyOf(*read);
    ASSERT_TRUE(t.isOk()) << t.status().message();
    EXPECT_EQ(*t, sample()) << "design -> bundle -> import: the same topology";
}

using crafted::craft;
using crafted::Entry;
using crafted::manifestFor;
using crafted::withManifest;

std::vector<Entry> goodMembers() {
    return {{kTopologyPath, toJson(sample())}, {"README.md", "# A bundle\n"}};
}

TEST(Bundle, EveryCraftedArchiveIsRefusedNamingWhatIsWrong) {
    ASSERT_TRUE(readBundle(craft(withManifest(goodMembers()))).isOk()) << "the control";
    struct Case {
        const char* what;
        std::string archive;
        const char* says;
        Limits limits = {};
    };
    std::vector<Case> cases;
    // Those at the default limits are the ones every reader must give (the engine's too).
    for (auto& r : crafted::refusals(goodMembers())) {
        cases.push_back({r.what, std::move(r.archive), r.says});
    }
    // Precise messages for a few of them.
    {
        auto m = goodMembers();
        m.insert(m.begin(), {kManifestPath, manifestFor(m, 2)});
        cases.push_back({"newer format", craft(m), "format 2 is newer"});
    }
    {
        auto m = withManifest(goodMembers());
        m[2].data += "tampered";
        cases.push_back({"checksum", craft(m), "\"README.md\" does not match its checksum"});
    }
    {
        auto m = goodMembers();
        m.push_back({"big", std::string(5000, 'a')});
        Limits small;
        small.maxMemberBytes = 4096;
        cases.push_back({"member too big", craft(withManifest(m)), "\"big\" is 5000 bytes", small});
    }
    {
        // A bomb: 40 members of 1 MiB of zeros, a few KiB packed; stopped at the member that
        // crosses the total, not after unpacking them all.
        auto m = goodMembers();
        for (int i = 0; i < 40; ++i) {
            char name[16];
            std::snprintf(name, sizeof name, "z%02d", i);
            m.push_back({name, std::string(size_t{1} << 20, '\0')});
        }
        Limits small;
        small.maxTotalBytes = size_t{4} << 20;
        auto bomb = craft(withManifest(m));
        EXPECT_LT(bomb.size(), size_t{200} << 10) << "it packs small";
        cases.push_back({"bomb", bomb, "more than 4194304 bytes (at member \"z03\")", small});
    }
    {
        auto m = goodMembers();
        for (int i = 0; i < 20; ++i) m.push_back({"m" + std::to_string(i), "x"});
        Limits small;
        small.maxMembers = 10;
        cases.push_back({"too many", craft(withManifest(m)), "more than 10 members", small});
    }
    {
        Limits small;
        small.maxArchiveBytes = 100;
        cases.push_back(
            {"archive too big", craft(withManifest(goodMembers())), "over the 100", small});
    }
    for (const auto& c : cases) {
        auto b = readBundle(c.archive, c.limits);
        ASSERT_FALSE(b.isOk()) << c.what;
        EXPECT_NE(b.status().message().find(c.says), std::string::npos)
            << c.what << ": " << b.status().message();
    }
}

// Inputs the fuzzer (scripts/fuzz-bundle) found, refused now as any other bad archive.
TEST(Bundle, WhatTheFuzzerFoundIsRefused) {
    for (const char* name : {"bundle-open-fails-without-a-reason.tar.gz"}) {
        std::ifstream in(std::string(LOOM_TEST_DATA) + "/" + name, std::ios::binary);
        ASSERT_TRUE(in) << name;
        std::stringstream bytes;
        bytes << in.rdbuf();
        auto b = readBundle(bytes.str());
        ASSERT_FALSE(b.isOk()) << name;
        EXPECT_NE(b.status().message().find("not a"), std::string::npos) << b.status().message();
    }
}

TEST(Bundle, TheTopologyInsideIsCheckedOnImport) {
    auto bad = goodMembers();
    Topology t = sample();
    t.networks[1].subnet = "10.20.0.0/25";  // overlaps web
    bad[0].data = toJson(t);
    auto b = readBundle(craft(withManifest(bad)));
    ASSERT_TRUE(b.isOk()) << "the archive itself is sound: " << b.status().message();
    auto topology = topologyOf(*b);
    ASSERT_FALSE(topology.isOk());
    EXPECT_NE(topology.status().message().find("topology.json: networks[1]"), std::string::npos)
        << topology.status().message();

    bad[0].data = "{\"format\": 1, \"hosts\": [";
    b = readBundle(craft(withManifest(bad)));
    ASSERT_TRUE(b.isOk());
    topology = topologyOf(*b);
    ASSERT_FALSE(topology.isOk());
    EXPECT_NE(topology.status().message().find("topology.json: topology: is not valid JSON"),
              std::string::npos)
        << topology.status().message();
}

}  // namespace
}  // namespace loom::test
