// The plan of a bundle's import over what runs (engine/bundle/import_plan): plain values in,
// the steps, their order and their reasons out.
#include <gtest/gtest.h>

#include <algorithm>

#include "engine/bundle/deployment.h"
#include "engine/bundle/import_plan.h"
#include "engine/bundle/topology.h"

namespace loom::engine::bundle {
namespace {

using K = ImportStep::Kind;

// Live: networks web (h1, h2) and db (h1); a third host h3 with an endpoint on web.
LiveState live() {
    LiveState l;
    l.hosts = {{"h1", true}, {"h2", true}, {"h3", true}};
    l.networks = {{"N1", "web", "10.1.0.0/24", 4096, 1450, 4789, {{"tier", "front"}}},
                  {"N2", "db", "10.2.0.0/24", 4097, 1450, 4789, {}}};
    auto ep = [](const char* id, const char* name, const char* net, const char* host,
                 const char* ip) {
        LiveEndpoint e;
        e.id = id;
        e.name = name;
        e.networkName = net;
        e.hostName = host;
        e.ip = ip;
        e.netnsMode = "NETNS_MODE_CREATED";
        e.interfaceName = "eth0";
        return e;
    };
    l.endpoints = {ep("E1", "w1", "web", "h1", "10.1.0.2"), ep("E2", "w2", "web", "h2", "10.1.0.3"),
                   ep("E3", "d1", "db", "h1", "10.2.0.2"), ep("E4", "w3", "web", "h3", "10.1.0.4")};
    return l;
}

// The bundle that says exactly what runs on every host.
Topology same() {
    Topology t;
    t.hosts = {{"h1", "", 0}, {"h2", "", 0}, {"h3", "", 0}};
    t.networks = {{"web", "10.1.0.0/24", 4096, 1450, 4789, {{"tier", "front"}}},
                  {"db", "10.2.0.0/24", 4097, 1450, 4789, {}}};
    auto ep = [](const char* name, const char* net, const char* host, const char* ip) {
        TopologyEndpoint e;
        e.name = name;
        e.networkName = net;
        e.hostName = host;
        e.ip = ip;
        e.netnsMode = "NETNS_MODE_CREATED";
        return e;
    };
    t.endpoints = {ep("w1", "web", "h1", "10.1.0.2"), ep("w2", "web", "h2", "10.1.0.3/24"),
                   ep("d1", "db", "h1", "10.2.0.2"), ep("w3", "web", "h3", "10.1.0.4")};
    return t;
}

std::vector<std::string> lines(const ImportPlan& p) {
    std::vector<std::string> out;
    for (const auto& s : p.steps)
        out.push_back(s.describe() + (s.host.empty() ? "" : "@" + s.host));
    return out;
}

TEST(ImportPlan, WhatRunsAlreadyIsKeptAndSaidSo) {
    auto p = planImport(same(), live());
    ASSERT_TRUE(p) << p.status().message();
    EXPECT_TRUE(p->steps.empty());
    ASSERT_EQ(p->notes.size(), 1u);
    EXPECT_EQ(p->notes[0],
              "2 network(s) and 4 endpoint(s) of the bundle exist already as they "
              "are: kept");
}

TEST(ImportPlan, LabelsAndMtuChangeInPlace) {
    Topology t = same();
    t.networks[0].mtu = 1400;
    t.networks[0].labels["tier"] = "back";
    t.endpoints[1].labels["role"] = "api";
    auto p = planImport(t, live());
    ASSERT_TRUE(p) << p.status().message();
    EXPECT_EQ(lines(*p), (std::vector<std::string>{"change network web in place",
                                                   "change endpoint w2 in place@h2"}));
    EXPECT_EQ(p->steps[0].ref, "N1");
    EXPECT_EQ(p->steps[0].network.mtu, 1400u);
    EXPECT_EQ(p->steps[0].why,
              "exists: changed in place: MTU 1450 → 1400; labels tier=front → tier=back");
    EXPECT_EQ(p->steps[1].ref, "E2");
    EXPECT_EQ(p->steps[1].why, "exists: changed in place: labels none → role=api");
}

TEST(ImportPlan, BecomingInternalIsAChangeInPlace) {
    Topology t = same();
    t.networks[1].internal = true;
    auto p = planImport(t, live());
    ASSERT_TRUE(p) << p.status().message();
    EXPECT_EQ(lines(*p), (std::vector<std::string>{"change network db in place"}));
    EXPECT_TRUE(p->steps[0].network.internal);
    EXPECT_EQ(p->steps[0].why, "exists: changed in place: internal (its names only)");
    auto again = planImport(same(), live());
    ASSERT_TRUE(again);
    EXPECT_NE(p->digest, again->digest);
    // And it survives topology.json.
    auto text = toJson(t);
    auto back = topologyFromJson(text);
    ASSERT_TRUE(back) << back.status().message();
    EXPECT_TRUE(back->networks[1].internal);
    EXPECT_FALSE(back->networks[0].internal);
    EXPECT_NE(text.find("\"internal\": true"), std::string::npos) << text;
}

// Encryption cannot be switched on a live network: the plan re-creates it, says why, and the
// request it runs asks for an encrypted network (with the bundle's key rotation).
TEST(ImportPlan, BecomingEncryptedRecreatesTheNetwork) {
    Topology t = same();
    t.networks[1].encrypted = true;
    t.networks[1].keyRotationS = 3600;
    auto p = planImport(t, live());
    ASSERT_TRUE(p) << p.status().message();
    EXPECT_EQ(lines(*p), (std::vector<std::string>{"delete endpoint d1 from db@h1",
                                                   "delete network db (10.2.0.0/24)",
                                                   "create network db (10.2.0.0/24, VNI 4097)",
                                                   "create endpoint d1 on db (10.2.0.2)@h1"}));
    EXPECT_NE(p->steps[1].why.find("encrypted from now on"), std::string::npos) << p->steps[1].why;
    bool created = false;
    for (const auto& s : p->steps) {
        if (s.kind != ImportStep::Kind::CreateNetwork) continue;
        created = true;
        EXPECT_TRUE(s.network.encrypted);
        EXPECT_EQ(s.network.keyRotationS, 3600u);
    }
    EXPECT_TRUE(created);
    auto again = planImport(same(), live());
    ASSERT_TRUE(again);
    EXPECT_NE(p->digest, again->digest);
    auto back = topologyFromJson(toJson(t));
    ASSERT_TRUE(back) << back.status().message();
    EXPECT_TRUE(back->networks[1].encrypted);
    EXPECT_EQ(back->networks[1].keyRotationS, 3600u);
}

// Services: kept when the same, created, re-created when anything differs (nothing of one
// changes in place), deleted when not in the bundle; an endpoint's service changes in place; the
// steps run in an order that works (a service before the endpoints behind it).
TEST(ImportPlan, ServicesAreKeptCreatedRecreatedOrDeleted) {
    LiveState l = live();
    l.services = {{"api", "web", "10.1.0.254", {{8080, "PROTOCOL_TCP"}}, {}},
                  {"old", "db", "10.2.0.254", {}, {}}};
    l.endpoints[0].service = "api";
    Topology t = same();
    t.endpoints[0].service = "api";
    t.services = {{"api", "web", "", {{8080, ""}}, {}}};  // automatic VIP, TCP by default: same
    auto p = planImport(t, l);
    ASSERT_TRUE(p) << p.status().message();
    EXPECT_EQ(lines(*p), (std::vector<std::string>{"delete service old from db"}));
    EXPECT_EQ(p->steps[0].why, "not in the bundle");
    EXPECT_EQ(p->notes.back(), "1 service(s) of the bundle exist already as they are: kept");

    // Another port: re-created; a new one with a fixed VIP; w2 joins it in place.
    t.services[0].ports.push_back({53, "PROTOCOL_UDP"});
    t.services.push_back({"db", "db", "10.2.0.200", {}, {{"tier", "data"}}});
    t.endpoints[1].service = "api";
    p = planImport(t, l);
    ASSERT_TRUE(p) << p.status().message();
    EXPECT_EQ(lines(*p), (std::vector<std::string>{
                             "delete service api from web",
                             "delete service old from db",
                             "create service api on web (automatic VIP, 53/udp,8080/tcp)",
                             "create service db on db (VIP 10.2.0.200, every port)",
                             "change endpoint w2 in place@h2",
                         }));
    EXPECT_EQ(p->steps[0].why, "re-created: ports 8080/tcp → 53/udp,8080/tcp");
    EXPECT_EQ(p->steps[2].why, "re-created (see its deletion)");
    EXPECT_EQ(p->steps[4].why, "exists: changed in place: service none → api");
    EXPECT_EQ(p->steps[4].endpoint.service, "api");
    // A network re-created takes its services along.
    t = same();
    t.services = {{"api", "web", "", {{8080, ""}}, {}}};
    t.networks[0].subnet = "10.9.0.0/24";
    for (auto& e : t.endpoints) {
        if (e.networkName == "web") e.ip.clear();
    }
    p = planImport(t, l);
    ASSERT_TRUE(p) << p.status().message();
    ASSERT_FALSE(p->steps.empty());
    EXPECT_EQ(p->steps[0].describe(), "delete service api from web");
    EXPECT_EQ(p->steps[0].why, "re-created with its network");
    // A service whose network stays for other hosts stays too.
    t = same();
    t.hosts = {{"h2", "", 0}};
    t.endpoints = {t.endpoints[1]};
    t.networks = {t.networks[0]};  // db is h1's only
    t.services = {{"api", "web", "", {{8080, ""}}, {}}};
    p = planImport(t, l);
    ASSERT_TRUE(p) << p.status().message();
    for (const auto& s : p->steps) EXPECT_NE(s.kind, K::DeleteService) << s.describe();
    EXPECT_NE(std::find(p->notes.begin(), p->notes.end(),
                        "service old is not in the bundle but stays with network db"),
              p->notes.end());
}

TEST(ImportPlan, WhatTheKernelCannotChangeIsRecreatedAndTheExtraDeleted) {
    Topology t = same();
    t.networks[1].subnet = "10.2.0.0/23";  // db: re-created, with d1
    t.endpoints[1].ip = "10.1.0.30";       // w2: a new address
    t.endpoints.pop_back();                // w3 on h3: gone from the bundle
    TopologyEndpoint fresh;
    fresh.name = "w9";
    fresh.networkName = "web";
    fresh.hostName = "h9";  // not in the cluster
    t.endpoints.push_back(fresh);
    auto p = planImport(t, live());
    ASSERT_TRUE(p) << p.status().message();
    EXPECT_EQ(lines(*p), (std::vector<std::string>{
                             "delete endpoint w2 from web@h2", "delete endpoint d1 from db@h1",
                             "delete endpoint w3 from web@h3", "delete network db (10.2.0.0/24)",
                             "create network db (10.2.0.0/23, VNI 4097)",
                             "create endpoint w2 on web (10.1.0.30)@h2",
                             "create endpoint d1 on db (10.2.0.2)@h1"}));
    EXPECT_EQ(p->steps[0].why, "re-created: address 10.1.0.3 → 10.1.0.30");
    EXPECT_EQ(p->steps[1].why, "re-created with its network");
    EXPECT_EQ(p->steps[2].why, "not in the bundle");
    EXPECT_EQ(p->steps[3].why,
              "re-created, the engine cannot change it in place: subnet 10.2.0.0/24 → "
              "10.2.0.0/23");
    EXPECT_EQ(p->notes[0], "host h9 is not in this cluster: its endpoints are left out");
}

TEST(ImportPlan, ContainersEndpointsAreTheirRuntimesUnlessTheirNetworkGoes) {
    LiveState l = live();
    auto container = [&](const char* id, const char* name, const char* net) {
        LiveEndpoint e = l.endpoints[0];
        e.id = id;
        e.name = name;
        e.networkName = net;
        e.netnsMode = "NETNS_MODE_PATH";
        e.netnsPath = std::string("/run/netns/netns-") + id;
        e.containerId = std::string("c0ffee") + id;
        return e;
    };
    l.endpoints.push_back(container("C1", "app", "web"));
    l.endpoints.push_back(container("C2", "cache", "db"));
    Topology t = same();
    t.networks.pop_back();  // db goes, and with it what is on it
    t.endpoints.erase(t.endpoints.begin() + 2);
    auto p = planImport(t, l);
    ASSERT_TRUE(p) << p.status().message();
    EXPECT_EQ(lines(*p), (std::vector<std::string>{"delete endpoint d1 from db@h1",
                                                   "delete endpoint cache from db@h1",
                                                   "delete network db (10.2.0.0/24)"}));
    EXPECT_EQ(p->steps[1].why, "its network is deleted");
    EXPECT_NE(std::find(p->notes.begin(), p->notes.end(),
                        "1 endpoint(s) of containers (made by their runtime through loom-cni) "
                        "are not in the bundle: left alone"),
              p->notes.end());
}

TEST(ImportPlan, HostsTheBundleDoesNotListAreLeftAlone) {
    // A bundle of h1 only (bundle export --hosts h1): web and db there, nothing of h2 or h3.
    Topology t = same();
    t.hosts = {{"h1", "", 0}};
    t.endpoints = {t.endpoints[0]};  // w1; d1 is dropped from h1
    t.networks = {t.networks[0]};    // db is not in it
    auto p = planImport(t, live());
    ASSERT_TRUE(p) << p.status().message();
    EXPECT_EQ(lines(*p), (std::vector<std::string>{"delete endpoint d1 from db@h1",
                                                   "delete network db (10.2.0.0/24)"}));
    EXPECT_EQ(p->steps[0].why, "its network is deleted");
    std::vector<std::string> expectNotes = {
        "host h2 is not in the bundle: its endpoints are left as they are",
        "host h3 is not in the bundle: its endpoints are left as they are",
        "1 network(s) and 1 endpoint(s) of the bundle exist already as they are: kept"};
    EXPECT_EQ(p->notes, expectNotes);

    // A network the bundle leaves out stays while an unlisted host uses it, and a new one may
    // not overlap it.
    t.networks = {{"web2", "10.1.0.0/16", 0, 0, 0, {}}};
    t.endpoints.clear();
    auto refused = planImport(t, live());
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.status().message().rfind("topology.json: networks[0].subnet", 0), 0u)
        << refused.status().message();
    EXPECT_NE(refused.status().message().find("overlaps network web"), std::string::npos);
}

TEST(ImportPlan, TheDigestFollowsThePlan) {
    Topology t = same();
    t.networks[0].mtu = 1400;
    auto a = planImport(t, live());
    auto b = planImport(t, live());
    ASSERT_TRUE(a && b);
    EXPECT_EQ(a->digest, b->digest);
    EXPECT_EQ(a->digest.size(), 64u);
    LiveState moved = live();
    moved.networks[0].mtu = 1300;  // someone changed it meanwhile
    auto c = planImport(t, moved);
    ASSERT_TRUE(c);
    EXPECT_NE(c->digest, a->digest);
}

}  // namespace
}  // namespace loom::engine::bundle

namespace loom::engine::bundle {
namespace {

// A host's rebuild files for endpoints in namespaces that are not Loom's: entered by path, and
// a path with a quote in it stays one word for sh.
TEST(HostFiles, EndpointsInTheUsersNamespacesAreEnteredByPath) {
    Deployment d;
    d.hosts = {{"h1", "198.51.100.1", "ul0", 1500, "lm", "/run/netns", true}};
    d.networks = {{"0123456789abcdef", "web", "10.1.0.0/24", "10.1.0.1", 4096, 4789, 1450, {}, {}}};
    DeployedEndpoint a;
    a.id = "aaaaaaaaaaaaaaaa";
    a.name = "a";
    a.networkName = "web";
    a.hostName = "h1";
    a.ip = "10.1.0.2";
    a.mac = "02:4c:0a:01:00:02";
    a.netnsMode = "NETNS_MODE_PATH";
    a.netnsPath = "/var/run/it's here";
    a.interfaceName = "eth1";
    DeployedEndpoint b = a;
    b.id = "bbbbbbbbbbbbbbbb";
    b.name = "b";
    b.ip = "10.1.0.3";
    b.mac = "02:4c:0a:01:00:03";
    b.netnsMode = "NETNS_MODE_PID";
    b.netnsPath.clear();
    b.pid = 4242;
    d.endpoints = {a, b};
    auto v = hostView(d, "h1");
    ASSERT_TRUE(v) << v.status().message();
    auto scripts = iproute2Files(*v);
    const std::string& up = scripts.at("up.sh");
    EXPECT_NE(up.find("ep='/var/run/it'\\''s here'"), std::string::npos) << up;
    EXPECT_NE(up.find("ep=/proc/4242/ns/net"), std::string::npos) << up;
    EXPECT_NE(up.find("peer name eth1 address 02:4c:0a:01:00:02"), std::string::npos) << up;
    EXPECT_EQ(up.find("drop_netns '/var/run"), std::string::npos) << "never Loom's to remove";
    const std::string& down = scripts.at("down.sh");
    EXPECT_NE(down.find("link del dev lmvaaaaaaaaaaaa"), std::string::npos) << down;
    EXPECT_EQ(down.find("/proc/4242"), std::string::npos) << down;
    auto files = networkdFiles(*v);
    const std::string& readme = files.at("README.md");
    EXPECT_NE(readme.find("nsenter --net=/proc/4242/ns/net ip link set dev eth1 mtu 1450 up"),
              std::string::npos)
        << readme;
    EXPECT_NE(files.at("30-lmb0123456789ab-ports.network")
                  .find("Name=lmvaaaaaaaaaaaa "
                        "lmvbbbbbbbbbbbb"),
              std::string::npos);
    EXPECT_FALSE(hostView(d, "h9"));
}

// An encrypted network is left out of the rebuild files, and they say so: without its keys
// the same overlay would carry its traffic in the clear.
TEST(HostFiles, EncryptedNetworksAreLeftOutAndSaidSo) {
    Deployment d;
    d.hosts = {{"h1", "198.51.100.1", "ul0", 1500, "lm", "/run/netns", true}};
    d.networks = {
        {"0123456789abcdef", "web", "10.1.0.0/24", "10.1.0.1", 4096, 4789, 1450, {}, {}},
        {"fedcba9876543210", "vault", "10.2.0.0/24", "10.2.0.1", 4097, 4800, 1416, {}, {}}};
    d.networks[1].encrypted = true;
    auto v = hostView(d, "h1");
    ASSERT_TRUE(v) << v.status().message();
    ASSERT_EQ(v->networks.size(), 1u);
    EXPECT_EQ(v->networks[0].network->name, "web");
    auto up = iproute2Files(*v).at("up.sh");
    EXPECT_NE(up.find("# Left out: network \"vault\" is encrypted"), std::string::npos) << up;
    EXPECT_EQ(up.find("4097"), std::string::npos) << up;
    auto files = networkdFiles(*v);
    EXPECT_NE(files.at("README.md").find("Left out: network \"vault\" is encrypted"),
              std::string::npos);
    for (const auto& [name, text] : files) EXPECT_EQ(name.find("lmbfedcba"), std::string::npos);
}

}  // namespace
}  // namespace loom::engine::bundle
