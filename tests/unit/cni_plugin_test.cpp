// loom-cni's logic without a runtime or an engine: what it reads from the CNI_* variables and
// the config, the request it makes, and the result and error objects it prints.
#include <gtest/gtest.h>

#include <map>

#include "app/cni/cni_plugin.h"

namespace loom::cni {
namespace {

struct Env {
    std::map<std::string, std::string> vars;
    std::function<const char*(const char*)> fn() const {
        return [this](const char* name) -> const char* {
            auto it = vars.find(name);
            return it == vars.end() ? nullptr : it->second.c_str();
        };
    }
};

Env addEnv() {
    return {{{"CNI_COMMAND", "ADD"},
             {"CNI_CONTAINERID", "0123456789abcdef0123456789abcdef"},
             {"CNI_NETNS", "/run/netns/netns-1"},
             {"CNI_IFNAME", "eth0"},
             {"CNI_ARGS", "IgnoreUnknown=1;K8S_POD_NAME=web"}}};
}

const char* kConfig = R"({"cniVersion":"1.0.0","name":"blue","type":"loom-cni"})";

TEST(CniInvocation, AConfigAndTheVariablesMakeOneRequest) {
    Env env = addEnv();
    env.vars["CNI_ARGS"] = "IgnoreUnknown=1;K8S_POD_NAME=web;IP=10.1.0.9;MAC=02:AA:00:00:00:09";
    Invocation inv;
    ASSERT_FALSE(parseInvocation(env.fn(), kConfig, &inv));
    EXPECT_EQ(inv.network, "blue");  // no "network": the CNI network's name
    EXPECT_EQ(inv.socket, kDefaultSocket);
    auto req = addRequest(inv);
    EXPECT_EQ(req.name(), "web");
    EXPECT_EQ(req.network(), "blue");
    EXPECT_EQ(req.netns_path(), "/run/netns/netns-1");
    EXPECT_EQ(req.interface_name(), "eth0");
    EXPECT_EQ(req.container_id(), "0123456789abcdef0123456789abcdef");
    EXPECT_EQ(req.ip(), "10.1.0.9");
    EXPECT_EQ(req.mac(), "02:aa:00:00:00:09");
}

TEST(CniInvocation, TheConfigNamesTheLoomNetworkAndSocket) {
    Env env = addEnv();
    env.vars["LOOM_SOCKET"] = "/env/sock";
    Invocation inv;
    ASSERT_FALSE(parseInvocation(
        env.fn(),
        R"({"cniVersion":"0.4.0","name":"b","type":"loom-cni","network":"blue","socket":"/x/s"})",
        &inv));
    EXPECT_EQ(inv.network, "blue");
    EXPECT_EQ(inv.socket, "/x/s");
    ASSERT_FALSE(parseInvocation(env.fn(), kConfig, &inv));
    EXPECT_EQ(inv.socket, "/env/sock");  // the runtime passes its environment on
}

TEST(CniInvocation, EachMistakeIsRefusedWithTheSpecsCode) {
    struct Case {
        const char* name;
        std::function<void(Env&)> env;
        std::string config;
        ErrorCode code;
        const char* words;
    };
    const std::vector<Case> cases = {
        {"no command", [](Env& e) { e.vars.erase("CNI_COMMAND"); }, kConfig,
         ErrorCode::InvalidEnvironment, "CNI_COMMAND is not set"},
        {"unknown command", [](Env& e) { e.vars["CNI_COMMAND"] = "GC"; }, kConfig,
         ErrorCode::InvalidEnvironment, "is not ADD, DEL, CHECK or VERSION"},
        {"no container", [](Env& e) { e.vars.erase("CNI_CONTAINERID"); }, kConfig,
         ErrorCode::InvalidEnvironment, "CNI_CONTAINERID"},
        {"no namespace", [](Env& e) { e.vars.erase("CNI_NETNS"); }, kConfig,
         ErrorCode::InvalidEnvironment, "CNI_NETNS"},
        {"no interface", [](Env& e) { e.vars.erase("CNI_IFNAME"); }, kConfig,
         ErrorCode::InvalidEnvironment, "CNI_IFNAME"},
        {"bad args", [](Env& e) { e.vars["CNI_ARGS"] = "K8S_POD_NAME"; }, kConfig,
         ErrorCode::InvalidEnvironment, "is not KEY=VALUE"},
        {"not json", [](Env&) {}, "{cniVersion", ErrorCode::DecodeFailure, "not JSON"},
        {"not an object", [](Env&) {}, "[1]", ErrorCode::DecodeFailure, "not a JSON object"},
        {"no version", [](Env&) {}, R"({"name":"b","type":"loom-cni"})", ErrorCode::InvalidConfig,
         "\"cniVersion\" is missing"},
        {"old version", [](Env&) {}, R"({"cniVersion":"0.2.0","name":"b","type":"loom-cni"})",
         ErrorCode::IncompatibleVersion, "0.2.0 is not supported"},
        {"no name", [](Env&) {}, R"({"cniVersion":"1.0.0","type":"loom-cni"})",
         ErrorCode::InvalidConfig, "\"name\" is missing"},
        {"other type", [](Env&) {}, R"({"cniVersion":"1.0.0","name":"b","type":"bridge"})",
         ErrorCode::InvalidConfig, "not \"loom-cni\""},
        {"network not a string", [](Env&) {},
         R"({"cniVersion":"1.0.0","name":"b","type":"loom-cni","network":7})",
         ErrorCode::InvalidConfig, "\"network\" must be a string"},
    };
    for (const auto& c : cases) {
        Env env = addEnv();
        c.env(env);
        Invocation inv;
        auto err = parseInvocation(env.fn(), c.config, &inv);
        ASSERT_TRUE(err) << c.name;
        EXPECT_EQ(err->code, c.code) << c.name;
        EXPECT_NE(err->msg.find(c.words), std::string::npos) << c.name << ": " << err->msg;
    }
}

TEST(CniInvocation, DelNeedsNoNamespaceAndVersionNeedsNothing) {
    Env env = addEnv();
    env.vars["CNI_COMMAND"] = "DEL";
    env.vars.erase("CNI_NETNS");
    Invocation inv;
    EXPECT_FALSE(parseInvocation(env.fn(), kConfig, &inv));
    Env version{{{"CNI_COMMAND", "VERSION"}}};
    EXPECT_FALSE(parseInvocation(version.fn(), R"({"cniVersion":"0.2.0"})", &inv));
    auto v = versionJson(inv.cniVersion);
    EXPECT_EQ(v["supportedVersions"], Json({"0.3.0", "0.3.1", "0.4.0", "1.0.0"}));
}

TEST(CniNames, ThePodsNameElseTheShortIdAndTheInterfaceWhenNotTheFirst) {
    Invocation inv;
    inv.containerId = "0123456789abcdef0123456789abcdef";
    inv.ifname = "eth0";
    EXPECT_EQ(endpointName(inv), "0123456789ab");
    inv.args["K8S_POD_NAME"] = "web_1";
    EXPECT_EQ(endpointName(inv), "web_1");
    inv.ifname = "eth1";
    EXPECT_EQ(endpointName(inv), "web_1-eth1");
    inv.args["K8S_POD_NAME"] = "ns/pod:x";  // characters a Loom name cannot hold
    EXPECT_EQ(endpointName(inv), "ns-pod-x-eth1");
    inv.args["K8S_POD_NAME"] = std::string(80, 'a');
    EXPECT_EQ(endpointName(inv).size(), 63u);
    EXPECT_EQ(endpointName(inv).substr(58), "-eth1");
}

v1::Endpoint endpoint() {
    v1::Endpoint e;
    e.set_interface_name("eth0");
    e.set_mac("02:4c:0a:01:00:05");
    e.set_netns_path("/run/netns/netns-1");
    e.set_ip("10.1.0.5/24");
    e.set_mtu(1450);
    e.set_dns_server("10.1.0.1");
    e.set_dns_search("blue.loom");
    e.set_state(v1::OBJECT_STATE_READY);
    return e;
}

TEST(CniResult, OneInterfaceInTheSandboxItsAddressItsRouteAndItsResolver) {
    Json r = result(endpoint(), "1.0.0");
    EXPECT_EQ(r["cniVersion"], "1.0.0");
    ASSERT_EQ(r["interfaces"].size(), 1u);
    EXPECT_EQ(r["interfaces"][0]["name"], "eth0");
    EXPECT_EQ(r["interfaces"][0]["mac"], "02:4c:0a:01:00:05");
    EXPECT_EQ(r["interfaces"][0]["sandbox"], "/run/netns/netns-1");
    EXPECT_FALSE(r["interfaces"][0].contains("mtu"));  // a 1.1 field; 1.0.0 has none
    ASSERT_EQ(r["ips"].size(), 1u);
    EXPECT_EQ(r["ips"][0]["address"], "10.1.0.5/24");
    EXPECT_EQ(r["ips"][0]["interface"], 0);
    EXPECT_FALSE(r["ips"][0].contains("version"));  // 1.0.0 dropped it
    EXPECT_FALSE(r["ips"][0].contains("gateway"));  // no default route: Loom adds none
    EXPECT_EQ(r["routes"], Json::parse(R"([{"dst":"10.1.0.0/24"}])"));
    EXPECT_EQ(r["dns"]["nameservers"], Json({"10.1.0.1"}));
    EXPECT_EQ(r["dns"]["search"], Json({"blue.loom"}));
    Json old = result(endpoint(), "0.4.0");
    EXPECT_EQ(old["ips"][0]["version"], "4");
}

TEST(CniErrors, TheEnginesRefusalsBecomeTheSpecsCodes) {
    auto down = fromEngine(14, "failed to connect", "/run/loom/loomd.sock", "x");
    EXPECT_EQ(down.code, ErrorCode::TryAgainLater);
    EXPECT_NE(down.msg.find("not reachable"), std::string::npos) << down.msg;
    EXPECT_NE(down.msg.find("/run/loom/loomd.sock"), std::string::npos) << down.msg;
    EXPECT_EQ(fromEngine(5, "network: no network \"x\"", "s", "x").code, ErrorCode::UnknownNetwork);
    EXPECT_EQ(fromEngine(6, "ip: 10.1.0.5 is taken", "s", "x").code, ErrorCode::AddressTaken);
    EXPECT_EQ(fromEngine(3, "name: bad", "s", "x").code, ErrorCode::EngineRefused);
    Json j = errorJson({ErrorCode::AddressTaken, "taken", "why"}, "0.4.0");
    EXPECT_EQ(j, Json::parse(R"({"cniVersion":"0.4.0","code":102,"msg":"taken","details":"why"})"));
}

TEST(CniCheck, TheNamespaceTheEngineAndTheAddsResultMustAgree) {
    v1::Endpoint e = endpoint();
    Seen good{true, "02:4C:0A:01:00:05", "10.1.0.5/24"};
    Json prev = result(e, "1.0.0");
    EXPECT_TRUE(checkDifferences(e, good, prev).empty());
    EXPECT_TRUE(checkDifferences(e, good, Json()).empty());  // no prevResult: nothing to compare
    EXPECT_EQ(checkDifferences(e, Seen{}, prev).size(), 1u);
    Seen otherMac = good;
    otherMac.mac = "02:00:00:00:00:01";
    EXPECT_NE(checkDifferences(e, otherMac, prev).at(0).find("has MAC 02:00:00:00:00:01"),
              std::string::npos);
    Seen noAddress = good;
    noAddress.ip.clear();
    EXPECT_NE(checkDifferences(e, noAddress, prev).at(0).find("has address none"),
              std::string::npos);
    Json otherPrev = prev;
    otherPrev["ips"][0]["address"] = "10.1.0.6/24";
    EXPECT_EQ(checkDifferences(e, good, otherPrev).size(), 1u);
    v1::Endpoint failed = e;
    failed.set_state(v1::OBJECT_STATE_FAILED);
    EXPECT_EQ(checkDifferences(failed, good, prev).size(), 1u);
}

}  // namespace
}  // namespace loom::cni
