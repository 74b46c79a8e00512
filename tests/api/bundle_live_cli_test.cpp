// loomctl bundle export --live against a standalone engine, and its host's part rebuilt by the
// bundle's own scripts in a bare namespace: an endpoint Loom made a namespace for, and one that
// lives in a namespace of the user's.
#include <filesystem>

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

}  // namespace
}  // namespace loom::test
