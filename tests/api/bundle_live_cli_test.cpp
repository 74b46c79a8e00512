// loomctl bundle export --live against a standalone engine, and its host's part rebuilt by the
// bundle's own scripts in a bare namespace: an endpoint Loom made a namespace for, and one that
// lives in a namespace of the user's.
#include <filesystem>
#include <fstream>

#include "engine/bundle/topology.h"

#include "tests/support/engine_fixture.h"

namespace loom::test {
namespace {

class BundleLiveCli : public EngineTest {
protected:
    void SetUp() override {
        EngineTest::SetUp();
        char tmpl[] = "/tmp/loom-live-cli-XXXXXX";
        ASSERT_NE(::mkdtemp(tmpl), nullptr);
        m_dir = tmpl;
    }
    void TearDown() override {
        EngineTest::TearDown();
        // Namespaces a failed script left mounted, then the files.
        run("for f in " + m_dir + "/ns/*; do umount -l \"$f\" 2>/dev/null; done");
        std::filesystem::remove_all(m_dir);
    }
    CommandResult ctl(const std::string& args) {
        return run("(cd " + m_dir + " && LOOM_SOCKET=" + m_host.socket() + " " + LOOM_BIN_DIR +
                   "/loomctl " + args + ")");
    }
    std::string m_dir;
};

TEST_F(BundleLiveCli, ExportedByLoomctlAndRebuiltByItsScripts) {
    createNetwork("blue", "10.71.0.0/24");
    auto a = createEndpoint("a", "blue");
    const std::string theirs = m_host.addNamespace("theirs");
    auto b = createEndpoint("b", "blue", theirs);
    ASSERT_TRUE(eventuallyPings(a, addressOf(b), 5));
    v1::Host self;
    ASSERT_TRUE(m_engine.host().GetHost(deadline().get(), {}, &self).ok());

    auto r = ctl("bundle export --live -o live.tar.gz");
    ASSERT_EQ(r.exitCode, 0) << r.output;
    EXPECT_NE(r.output.find("1 host(s), 1 network(s), 2 endpoint(s)"), std::string::npos)
        << r.output;
    r = ctl("bundle inspect live.tar.gz");
    ASSERT_EQ(r.exitCode, 0) << r.output;
    EXPECT_NE(r.output.find("from the live cluster at " + self.name()), std::string::npos)
        << r.output;
    EXPECT_NE(r.output.find("hosts/" + self.name() + "/iproute2/up.sh"), std::string::npos)
        << r.output;
    EXPECT_NE(r.output.find("hosts/" + self.name() + "/networkd/README.md"), std::string::npos)
        << r.output;

    // Refused with one line and an exit code, and no file written.
    r = ctl("bundle export --live --hosts nobody -o none.tar.gz 2>&1 >/dev/null");
    EXPECT_EQ(r.exitCode, 1);
    EXPECT_EQ(std::count(r.output.begin(), r.output.end(), '\n'), 1) << r.output;
    EXPECT_NE(r.output.find("\"nobody\""), std::string::npos) << r.output;
    EXPECT_FALSE(std::filesystem::exists(m_dir + "/none.tar.gz"));
    EXPECT_EQ(ctl("bundle export --live --design x.json -o none.tar.gz").exitCode, 2);
    EXPECT_EQ(ctl("bundle export --hosts a -o none.tar.gz").exitCode, 2);

    // The user's namespace is free again once Loom lets go of b; the scripts then rebuild
    // both endpoints in a bare namespace (no underlay: one host has no peers).
    v1::DeleteEndpointRequest del;
    del.set_endpoint("b");
    v1::DeleteEndpointResponse gone;
    ASSERT_TRUE(m_engine.endpoints().DeleteEndpoint(deadline().get(), del, &gone).ok());
    ASSERT_EQ(run("tar -xzf " + m_dir + "/live.tar.gz -C " + m_dir).exitCode, 0);
    const std::string bare = m_host.addNamespace("bare");
    const std::string scripts = m_dir + "/hosts/" + self.name() + "/iproute2/";
    auto script = [&](const std::string& name) {
        return run("NETNS_DIR=" + m_dir + "/ns UNDERLAY_DEV= nsenter --net=" + bare + " sh " +
                   scripts + name + " 2>&1");
    };
    r = script("up.sh");
    ASSERT_EQ(r.exitCode, 0) << r.output;
    const std::string aNs = m_dir + "/ns/" + m_host.prefix() + "-ep-" + a.id();
    EXPECT_EQ(runIn(aNs, "ping -c 1 -W 1 " + addressOf(b)).exitCode, 0);
    EXPECT_NE(runIn(theirs, "ip link show eth0").output.find(b.mac()), std::string::npos);

    // down.sh takes its interface out of the user's namespace, and leaves the namespace.
    r = script("down.sh");
    EXPECT_EQ(r.exitCode, 0) << r.output;
    EXPECT_NE(runIn(theirs, "ip link show eth0").exitCode, 0);
    EXPECT_TRUE(std::filesystem::exists(theirs));
    EXPECT_EQ(run("ls -A " + m_dir + "/ns").output, "");
    EXPECT_EQ(runIn(bare, "ip -o link show").output.find("vx"), std::string::npos);

    // Without the user's namespace, up.sh builds the rest and says what it could not.
    run("ip netns del " + theirs.substr(theirs.rfind('/') + 1));
    r = script("up.sh");
    EXPECT_EQ(r.exitCode, 1) << r.output;
    EXPECT_NE(r.output.find("endpoint b: its namespace " + theirs + " is not there"),
              std::string::npos)
        << r.output;
    EXPECT_EQ(script("down.sh").exitCode, 0);
}

TEST_F(BundleLiveCli, ADesignIsImportedAndExportedBackTheSameAndABadBundleChangesNothing) {
    v1::Host self;
    ASSERT_TRUE(m_engine.host().GetHost(deadline().get(), {}, &self).ok());
    {
        std::ofstream f(m_dir + "/shop.loom.json");
        f << R"({"format": 1, "hosts": [{"name": ")" << self.name() << R"("}],
  "networks": [{"name": "web", "subnet": "10.72.0.0/24", "vni": 5000, "mtu": 1400,
                "labels": {"tier": "front"}}],
  "endpoints": [
    {"name": "a", "network_name": "web", "host_name": ")"
          << self.name() << R"(",
     "ip": "10.72.0.10", "labels": {"role": "api"}, "service": "api"},
    {"name": "b", "network_name": "web", "host_name": ")"
          << self.name() << R"("}],
  "services": [{"name": "api", "network_name": "web", "vip": "10.72.0.200",
                "ports": [{"port": 8080}, {"port": 53, "protocol": "PROTOCOL_UDP"}]}]})";
    }
    auto r = ctl("bundle export --design shop.loom.json -o shop.tar.gz");
    ASSERT_EQ(r.exitCode, 0) << r.output;
    r = ctl("bundle inspect shop.tar.gz");
    ASSERT_EQ(r.exitCode, 0) << r.output;
    EXPECT_NE(r.output.find("api                  web              10.72.0.200      "
                            "8080/tcp,53/udp             1"),
              std::string::npos)
        << r.output;
    r = ctl("bundle plan shop.tar.gz");
    ASSERT_EQ(r.exitCode, 0) << r.output;
    EXPECT_NE(r.output.find("create network web (10.72.0.0/24, VNI 5000)"), std::string::npos)
        << r.output;
    EXPECT_NE(r.output.find("create endpoint a on web (10.72.0.10)"), std::string::npos)
        << r.output;
    EXPECT_NE(r.output.find("create service api on web (VIP 10.72.0.200, 53/udp,8080/tcp)"),
              std::string::npos)
        << r.output;
    EXPECT_TRUE(listEndpoints().empty()) << "a plan changes nothing";
    r = ctl("bundle apply shop.tar.gz --yes");
    ASSERT_EQ(r.exitCode, 0) << r.output;
    EXPECT_NE(r.output.find("applied 4 step(s)"), std::string::npos) << r.output;
    r = ctl("service inspect api");
    EXPECT_NE(r.output.find("10.72.0.200"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("  a "), std::string::npos) << r.output;
    auto eps = listEndpoints();
    ASSERT_EQ(eps.size(), 2u);
    EXPECT_TRUE(eventuallyPings(eps[0], addressOf(eps[1]), 5));

    // Exported back: what the design said, field for field.
    ASSERT_EQ(ctl("bundle export --live -o back.tar.gz").exitCode, 0);
    ASSERT_EQ(run("mkdir -p " + m_dir + "/back && tar -xzf " + m_dir + "/back.tar.gz -C " + m_dir +
                  "/back")
                  .exitCode,
              0);
    auto design = engine::bundle::topologyFromJson(run("cat " + m_dir + "/shop.loom.json").output);
    auto back =
        engine::bundle::topologyFromJson(run("cat " + m_dir + "/back/topology.json").output);
    ASSERT_TRUE(design && back);
    ASSERT_EQ(back->networks.size(), 1u);
    auto want = design->networks[0];
    want.port = 4789;  // the design left it to the default, which the live state names
    EXPECT_EQ(back->networks[0], want);
    ASSERT_EQ(back->endpoints.size(), 2u);
    EXPECT_EQ(back->endpoints[0].name, "a");
    EXPECT_EQ(back->endpoints[0].ip, "10.72.0.10");
    EXPECT_EQ(back->endpoints[0].labels, design->endpoints[0].labels);
    EXPECT_EQ(back->endpoints[0].hostName, self.name());
    EXPECT_EQ(back->endpoints[0].netnsMode, "NETNS_MODE_CREATED");
    EXPECT_EQ(back->endpoints[1].name, "b");
    EXPECT_EQ(back->endpoints[0].service, "api");
    ASSERT_EQ(back->services.size(), 1u);
    auto service = design->services[0];
    service.ports[0].protocol = "PROTOCOL_TCP";  // the design left it to the default
    EXPECT_EQ(back->services[0], service);
    // Applied again, the same bundle changes nothing.
    r = ctl("bundle plan back.tar.gz");
    EXPECT_EQ(r.output.find("service api"), std::string::npos) << r.output;

    // Edited by hand (a checksum that no longer matches), or from a newer Loom: refused with
    // one line naming the member, and nothing changes.
    const std::string before = ctl("--json endpoint ls").output + ctl("--json network ls").output;
    ASSERT_EQ(run("cd " + m_dir +
                  "/back && sed -i 's/\"mtu\": 1400/\"mtu\": 1300/' topology.json"
                  " && tar -czf ../tampered.tar.gz manifest.json topology.json README.md hosts")
                  .exitCode,
              0);
    r = ctl("bundle apply tampered.tar.gz --yes 2>&1 >/dev/null");
    EXPECT_EQ(r.exitCode, 1);
    EXPECT_EQ(std::count(r.output.begin(), r.output.end(), '\n'), 1) << r.output;
    EXPECT_NE(r.output.find("topology.json"), std::string::npos) << r.output;
    ASSERT_EQ(run("cd " + m_dir +
                  "/back && sed -i 's/\"mtu\": 1300/\"mtu\": 1400/' topology.json"
                  " && sed -i 's/\"format\": 1/\"format\": 2/' manifest.json"
                  " && tar -czf ../newer.tar.gz manifest.json topology.json README.md hosts")
                  .exitCode,
              0);
    r = ctl("bundle plan newer.tar.gz");
    EXPECT_EQ(r.exitCode, 1);
    EXPECT_NE(r.output.find("format"), std::string::npos) << r.output;
    EXPECT_EQ(ctl("--json endpoint ls").output + ctl("--json network ls").output, before);
}

TEST_F(BundleLiveCli, AnApplyStopsAtTheStepTheEngineRefusesAndNamesIt) {
    v1::Host self;
    ASSERT_TRUE(m_engine.host().GetHost(deadline().get(), {}, &self).ok());
    {
        std::ofstream f(m_dir + "/bad.loom.json");
        f << R"({"format": 1, "hosts": [{"name": ")" << self.name() << R"("}],
  "networks": [{"name": "web", "subnet": "10.73.0.0/24"}],
  "endpoints": [
    {"name": "a", "network_name": "web", "host_name": ")"
          << self.name() << R"("},
    {"name": "b", "network_name": "web", "host_name": ")"
          << self.name() << R"(",
     "netns_mode": "NETNS_MODE_PATH", "netns_path": "/run/netns/loom-no-such-namespace"}]})";
    }
    ASSERT_EQ(ctl("bundle export --design bad.loom.json -o bad.tar.gz").exitCode, 0);
    auto r = ctl("bundle apply bad.tar.gz --yes 2>&1 >/dev/null");
    EXPECT_EQ(r.exitCode, 1);
    EXPECT_EQ(std::count(r.output.begin(), r.output.end(), '\n'), 1) << r.output;
    // a and b go in one request: b is named, and a was rolled back with it.
    EXPECT_NE(r.output.find("step 3 of 3 (create endpoint b on web"), std::string::npos)
        << r.output;
    EXPECT_NE(r.output.find("1 step(s) before it done"), std::string::npos) << r.output;
    EXPECT_TRUE(listEndpoints().empty());
}

}  // namespace
}  // namespace loom::test
