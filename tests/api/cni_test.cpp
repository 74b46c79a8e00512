// loom-cni called by hand, the way a runtime (or cnitool) calls it: the CNI_* variables and a
// network config on stdin, against a real engine in a lab host. Every command, every error, and
// DEL in each of the states a runtime may call it in.
#include <nlohmann/json.hpp>

#include <csignal>

#include "tests/support/engine_fixture.h"

namespace loom::test {
namespace {

using Json = nlohmann::json;

// (Not /sys/class/net: a process that only entered the namespace sees the mount's own.)
constexpr const char* kMacOfEth0 = "ip link show eth0 | awk '/link\\/ether/ {print $2}'";

struct PluginRun {
    int exitCode = -1;
    std::string out;
    Json json;  // stdout parsed, when it is JSON
};

class CniPlugin : public EngineTest {
protected:
    void SetUp() override {
        EngineTest::SetUp();
        if (IsSkipped() || HasFatalFailure()) return;
        m_blue = createNetwork("blue", "10.61.0.0/24");
    }

    std::string config(const std::string& network = "blue", const std::string& version = "1.0.0",
                       const std::string& socket = "") const {
        Json c = {{"cniVersion", version},
                  {"name", network},
                  {"type", "loom-cni"},
                  {"socket", socket.empty() ? m_host.socket() : socket}};
        return c.dump();
    }

    // loom-cni with `env` ("CNI_COMMAND=ADD CNI_NETNS=..."), `stdinJson` on its stdin.
    static PluginRun plugin(const std::string& env, const std::string& stdinJson) {
        // Its stdout only: that is what a runtime parses.
        auto r = run("{ printf '%s' '" + stdinJson + "' | env " + env + " " + LOOM_BIN_DIR +
                     "/loom-cni 2>/dev/null; }");
        PluginRun p{r.exitCode, r.output, Json()};
        try {
            if (!r.output.empty()) p.json = Json::parse(r.output);
        } catch (const Json::parse_error&) {
        }
        return p;
    }

    static std::string env(const std::string& command, const std::string& container,
                           const std::string& netns, const std::string& args = "",
                           const std::string& ifname = "eth0") {
        std::string e = "CNI_COMMAND=" + command + " CNI_CONTAINERID=" + container +
                        " CNI_IFNAME=" + ifname + " CNI_PATH=/usr/lib/cni";
        if (!netns.empty()) e += " CNI_NETNS=" + netns;
        if (!args.empty()) e += " 'CNI_ARGS=" + args + "'";
        return e;
    }

    // The engine's endpoint of a container, if it has one.
    std::optional<v1::Endpoint> endpointOf(const std::string& container) {
        for (const auto& e : listEndpoints()) {
            if (e.container_id() == container) return e;
        }
        return std::nullopt;
    }

    // No eth0 in the namespace any more (within a moment: DEL does not wait for the kernel).
    static bool gone(const std::string& netns) {
        return eventually([&] { return runIn(netns, "ip link show eth0").exitCode != 0; },
                          std::chrono::seconds(2));
    }

    static std::string ipIn(const std::string& netns) {
        return runIn(netns, "ip -o -4 addr show dev eth0 | awk '{print $4}'").output;
    }

    v1::Network m_blue;
};

TEST_F(CniPlugin, VersionAnswersTheVersionsItSpeaks) {
    auto v = plugin("CNI_COMMAND=VERSION", R"({"cniVersion":"1.0.0"})");
    ASSERT_EQ(v.exitCode, 0) << v.out;
    EXPECT_EQ(v.json["supportedVersions"], Json({"0.3.0", "0.3.1", "0.4.0", "1.0.0"})) << v.out;
}

TEST_F(CniPlugin, AddPutsTheContainerOnTheNetworkAndARepeatedAddGetsTheSameAnswer) {
    std::string ns = m_host.addNamespace("c1");
    const std::string id = "c1" + randomSuffix(30);
    auto add = plugin(env("ADD", id, ns, "IgnoreUnknown=1;K8S_POD_NAME=web"), config());
    ASSERT_EQ(add.exitCode, 0) << add.out << m_engine.log();
    auto e = endpointOf(id);
    ASSERT_TRUE(e) << "the engine has no endpoint of container " << id;
    EXPECT_EQ(e->name(), "web");
    EXPECT_EQ(e->network_name(), "blue");
    EXPECT_EQ(e->netns_path(), ns);
    // The result says what is in the namespace.
    const Json& r = add.json;
    EXPECT_EQ(r["cniVersion"], "1.0.0");
    EXPECT_EQ(r["interfaces"][0]["name"], "eth0");
    EXPECT_EQ(r["interfaces"][0]["sandbox"], ns);
    EXPECT_EQ(r["interfaces"][0]["mac"], e->mac());
    EXPECT_EQ(r["ips"][0]["address"], e->ip());
    EXPECT_EQ(r["ips"][0]["interface"], 0);
    EXPECT_EQ(r["routes"][0]["dst"], "10.61.0.0/24");
    EXPECT_EQ(r["dns"]["search"][0], "blue.loom");
    EXPECT_EQ(r["dns"]["nameservers"][0], e->dns_server());
    EXPECT_EQ(ipIn(ns), e->ip() + "\n");
    auto mac = runIn(ns, kMacOfEth0).output;
    EXPECT_EQ(mac, e->mac() + "\n");
    // It is an endpoint like any other: another one reaches it.
    auto other = createEndpoint("other", "blue");
    EXPECT_TRUE(eventuallyPings(other, addressOf(*e), 5));

    auto again = plugin(env("ADD", id, ns, "IgnoreUnknown=1;K8S_POD_NAME=web"), config());
    ASSERT_EQ(again.exitCode, 0) << again.out;
    EXPECT_EQ(again.json, add.json);
    EXPECT_EQ(listEndpoints().size(), 2u);

    // The 0.4.0 form, for runtimes that ask for it.
    std::string ns2 = m_host.addNamespace("c2");
    auto old = plugin(env("ADD", "c2" + randomSuffix(30), ns2), config("blue", "0.4.0"));
    ASSERT_EQ(old.exitCode, 0) << old.out;
    EXPECT_EQ(old.json["cniVersion"], "0.4.0");
    EXPECT_EQ(old.json["ips"][0]["version"], "4");
}

TEST_F(CniPlugin, TheAddressAndMacTheRuntimeAsksForAreHonoured) {
    std::string ns = m_host.addNamespace("c1");
    const std::string id = "c1" + randomSuffix(30);
    auto add =
        plugin(env("ADD", id, ns, "IgnoreUnknown=1;IP=10.61.0.77;MAC=02:AB:00:00:00:77"), config());
    ASSERT_EQ(add.exitCode, 0) << add.out << m_engine.log();
    EXPECT_EQ(add.json["ips"][0]["address"], "10.61.0.77/24");
    EXPECT_EQ(add.json["interfaces"][0]["mac"], "02:ab:00:00:00:77");
    EXPECT_EQ(ipIn(ns), "10.61.0.77/24\n");
    EXPECT_EQ(runIn(ns, kMacOfEth0).output, "02:ab:00:00:00:77\n");
    // No name given: the container id's first 12 characters.
    EXPECT_EQ(endpointOf(id)->name(), id.substr(0, 12));
    // The derived MAC is used across hosts too; another endpoint reaches this one by it.
    auto other = createEndpoint("other", "blue");
    EXPECT_TRUE(eventuallyPings(other, "10.61.0.77", 5));
}

TEST_F(CniPlugin, CheckComparesTheNamespaceWithTheEngine) {
    std::string ns = m_host.addNamespace("c1");
    const std::string id = "c1" + randomSuffix(30);
    auto add = plugin(env("ADD", id, ns), config());
    ASSERT_EQ(add.exitCode, 0) << add.out;
    Json withPrev = Json::parse(config());
    withPrev["prevResult"] = add.json;
    auto check = plugin(env("CHECK", id, ns), withPrev.dump());
    EXPECT_EQ(check.exitCode, 0) << check.out;
    EXPECT_EQ(check.out, "");

    // Someone changed the MAC behind the engine's back.
    ASSERT_EQ(runIn(ns, "ip link set eth0 address 02:00:00:00:00:99").exitCode, 0);
    check = plugin(env("CHECK", id, ns), withPrev.dump());
    EXPECT_NE(check.exitCode, 0);
    EXPECT_EQ(check.json["code"], 103) << check.out;
    EXPECT_NE(check.json["msg"].get<std::string>().find("02:00:00:00:00:99"), std::string::npos)
        << check.out;
    // A container the engine does not know.
    check = plugin(env("CHECK", "nobody", ns), config());
    EXPECT_EQ(check.json["code"], 3) << check.out;
}

TEST_F(CniPlugin, DelIsIdempotentAndWorksWhenTheNamespaceIsGone) {
    std::string ns = m_host.addNamespace("c1");
    const std::string id = "c1" + randomSuffix(30);
    ASSERT_EQ(plugin(env("ADD", id, ns), config()).exitCode, 0);
    auto del = plugin(env("DEL", id, ns), config());
    EXPECT_EQ(del.exitCode, 0) << del.out;
    EXPECT_EQ(del.out, "");
    EXPECT_FALSE(endpointOf(id));
    // DEL answers once the endpoint is gone from the engine; its devices follow at once.
    EXPECT_TRUE(gone(ns)) << "eth0 is still in the namespace";
    EXPECT_EQ(plugin(env("DEL", id, ns), config()).exitCode, 0) << "a second DEL";

    // The runtime removed the namespace first (conmon's cleanup after `run --rm`).
    std::string ns2 = m_host.addNamespace("c2");
    const std::string id2 = "c2" + randomSuffix(30);
    ASSERT_EQ(plugin(env("ADD", id2, ns2), config()).exitCode, 0);
    ASSERT_EQ(run("ip netns del " + ns2.substr(ns2.rfind('/') + 1)).exitCode, 0);
    del = plugin(env("DEL", id2, ""), config());
    EXPECT_EQ(del.exitCode, 0) << del.out;
    EXPECT_FALSE(endpointOf(id2));
    // Nothing of it stays on the sandbox's bridge.
    auto sandbox = m_host.netnsDir() + "/" + m_host.prefix() + "-net-" + m_blue.id();
    EXPECT_TRUE(eventually(
        [&] {
            return runIn(sandbox, "ip -o link show master br0 | grep -c veth || true").output ==
                   "0\n";
        },
        std::chrono::seconds(2)));
    // DEL after a failed ADD: nothing was made, and DEL says so by succeeding.
    EXPECT_EQ(plugin(env("DEL", "never" + randomSuffix(8), ""), config()).exitCode, 0);
}

TEST_F(CniPlugin, DelWithTheEngineDownFailsToBeRetriedAndSucceedsOnceItIsBack) {
    std::string ns = m_host.addNamespace("c1");
    const std::string id = "c1" + randomSuffix(30);
    ASSERT_EQ(plugin(env("ADD", id, ns), config()).exitCode, 0);
    m_engine.kill(SIGTERM);
    auto del = plugin(env("DEL", id, ns), config());
    EXPECT_NE(del.exitCode, 0);
    EXPECT_EQ(del.json["code"], 11) << del.out;  // try again later
    EXPECT_NE(del.json["msg"].get<std::string>().find("not reachable"), std::string::npos)
        << del.out;
    ASSERT_TRUE(m_engine.start());
    del = plugin(env("DEL", id, ns), config());
    EXPECT_EQ(del.exitCode, 0) << del.out;
    EXPECT_FALSE(endpointOf(id));
    EXPECT_TRUE(gone(ns));
}

TEST_F(CniPlugin, AContainerThatEndedWithoutADelLosesItsEndpoint) {
    // The runtime's DEL never came (the engine was down when the container ended): the engine
    // finds the namespace gone and removes the endpoint, freeing its name and address.
    std::string ns = m_host.addNamespace("c1");
    const std::string id = "c1" + randomSuffix(30);
    auto add = plugin(env("ADD", id, ns, "K8S_POD_NAME=gone"), config());
    ASSERT_EQ(add.exitCode, 0) << add.out;
    std::string kept = m_host.addNamespace("c2");
    const std::string keptId = "c2" + randomSuffix(30);
    ASSERT_EQ(plugin(env("ADD", keptId, kept), config()).exitCode, 0);
    m_engine.kill(SIGTERM);
    ASSERT_EQ(run("ip netns del " + ns.substr(ns.rfind('/') + 1)).exitCode, 0);
    ASSERT_TRUE(m_engine.start());
    EXPECT_TRUE(eventually([&] { return !endpointOf(id); }, std::chrono::seconds(10)))
        << m_engine.log();
    EXPECT_TRUE(endpointOf(keptId)) << "a container that still runs keeps its endpoint";
    // Its name and address are free again.
    std::string ns3 = m_host.addNamespace("c3");
    auto again = plugin(env("ADD", "c3" + randomSuffix(30), ns3,
                            "K8S_POD_NAME=gone;IP=" +
                                add.json["ips"][0]["address"].get<std::string>().substr(
                                    0, add.json["ips"][0]["address"].get<std::string>().find('/'))),
                        config());
    EXPECT_EQ(again.exitCode, 0) << again.out;
}

TEST_F(CniPlugin, ErrorsNameTheCauseAndChangeNothing) {
    std::string ns = m_host.addNamespace("c1");
    auto taken = createEndpoint("taken", "blue");
    auto before = listEndpoints().size();
    auto links = runIn(ns, "ip -o link | wc -l").output;

    auto unknown = plugin(env("ADD", "x1", ns), config("green"));
    EXPECT_NE(unknown.exitCode, 0);
    EXPECT_EQ(unknown.json["code"], 101) << unknown.out;
    EXPECT_NE(unknown.json["msg"].get<std::string>().find("no network \"green\""),
              std::string::npos)
        << unknown.out;

    auto clash = plugin(env("ADD", "x2", ns, "IP=" + addressOf(taken)), config());
    EXPECT_EQ(clash.json["code"], 102) << clash.out;
    EXPECT_NE(clash.json["msg"].get<std::string>().find(addressOf(taken)), std::string::npos)
        << clash.out;

    auto badMac = plugin(env("ADD", "x3", ns, "MAC=01:00:5e:00:00:01"), config());
    EXPECT_EQ(badMac.json["code"], 100) << badMac.out;
    EXPECT_NE(badMac.json["msg"].get<std::string>().find("multicast"), std::string::npos)
        << badMac.out;

    Json badField = Json::parse(config());
    badField["socket"] = 5;
    auto bad = plugin(env("ADD", "x4", ns), badField.dump());
    EXPECT_EQ(bad.json["code"], 7) << bad.out;
    EXPECT_NE(bad.json["msg"].get<std::string>().find("\"socket\" must be a string"),
              std::string::npos);

    auto down = plugin(env("ADD", "x5", ns), config("blue", "1.0.0", m_host.dir() + "/no.sock"));
    EXPECT_EQ(down.json["code"], 11) << down.out;
    EXPECT_NE(down.json["msg"].get<std::string>().find(m_host.dir() + "/no.sock"),
              std::string::npos);

    auto noNs = plugin(env("ADD", "x6", ""), config());
    EXPECT_EQ(noNs.json["code"], 4) << noNs.out;

    EXPECT_EQ(listEndpoints().size(), before);
    EXPECT_EQ(runIn(ns, "ip -o link | wc -l").output, links) << "a device was left behind";
}

TEST_F(CniPlugin, LoomctlPrintsAndInstallsTheConfigARuntimeLoads) {
    auto ctl = [&](const std::string& args) {
        return run("LOOM_SOCKET=" + m_host.socket() + " " + LOOM_BIN_DIR + "/loomctl " + args);
    };
    auto printed = ctl("cni config blue");
    ASSERT_EQ(printed.exitCode, 0) << printed.output;
    Json c = Json::parse(printed.output);
    EXPECT_EQ(c["name"], "blue");
    EXPECT_EQ(c["cniVersion"], "1.0.0");
    EXPECT_EQ(c["plugins"][0]["type"], "loom-cni");
    EXPECT_EQ(c["plugins"][0]["network"], "blue");
    EXPECT_EQ(c["plugins"][0]["socket"], m_host.socket());

    std::string dir = m_host.dir() + "/net.d";
    ASSERT_EQ(run("mkdir -p " + dir).exitCode, 0);
    auto installed = ctl("cni install blue --dir " + dir);
    ASSERT_EQ(installed.exitCode, 0) << installed.output;
    EXPECT_EQ(installed.output, dir + "/loom-blue.conflist\n");
    EXPECT_EQ(Json::parse(run("cat " + dir + "/loom-blue.conflist").output), c);

    // The plugin's part of it works as it is.
    std::string ns = m_host.addNamespace("c1");
    auto add = plugin(env("ADD", "c1" + randomSuffix(20), ns), [&] {
        Json p = c["plugins"][0];
        p["cniVersion"] = c["cniVersion"];
        p["name"] = c["name"];
        return p.dump();
    }());
    EXPECT_EQ(add.exitCode, 0) << add.out;

    auto unknown = ctl("cni config green");
    EXPECT_EQ(unknown.exitCode, 1);
    EXPECT_NE(unknown.output.find("no network \"green\""), std::string::npos) << unknown.output;
    auto noDir = ctl("cni install blue --dir " + m_host.dir() + "/none");
    EXPECT_EQ(noDir.exitCode, 1);
    EXPECT_NE(noDir.output.find("is not a directory"), std::string::npos) << noDir.output;
}

}  // namespace
}  // namespace loom::test
