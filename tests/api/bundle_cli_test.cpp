// loomctl bundle as a person uses it, without an engine: a design file exported as a bundle,
// inspected, and refused once a member was changed by hand; a design that breaks a rule is
// refused before any file is written.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "tests/support/shell.h"

namespace loom::test {
namespace {

class BundleCli : public ::testing::Test {
protected:
    void SetUp() override {
        char tmpl[] = "/tmp/loom-bundle-cli-XXXXXX";
        ASSERT_NE(::mkdtemp(tmpl), nullptr);
        m_dir = tmpl;
    }
    void TearDown() override { std::filesystem::remove_all(m_dir); }
    std::string path(const std::string& name) const { return m_dir + "/" + name; }
    void write(const std::string& name, const std::string& text) const {
        std::ofstream(path(name)) << text;
    }
    CommandResult ctl(const std::string& args) const {
        return run("cd " + m_dir + " && " + LOOM_BIN_DIR + "/loomctl " + args);
    }
    static int lines(const std::string& s) {
        return static_cast<int>(std::count(s.begin(), s.end(), '\n'));
    }
    std::string m_dir;
};

constexpr const char* kDesign = R"({
  "endpoints": [
    {"host_name": "h1", "name": "web1", "netns_mode": "NETNS_MODE_CREATED", "network_name": "web"},
    {"host_name": "h2", "ip": "10.20.0.9", "name": "web2", "network_name": "web"}
  ],
  "format": 1,
  "hosts": [{"name": "h1"}, {"name": "h2"}],
  "networks": [{"labels": {"tier": "front"}, "name": "web", "subnet": "10.20.0.0/24"}]
})";

TEST_F(BundleCli, ADesignIsExportedInspectedAndATamperedCopyRefused) {
    write("shop.loom.json", kDesign);
    auto r = ctl("bundle export --design shop.loom.json -o shop.tar.gz");
    ASSERT_EQ(r.exitCode, 0) << r.output;
    EXPECT_NE(r.output.find("2 host(s), 1 network(s), 2 endpoint(s)"), std::string::npos)
        << r.output;
    EXPECT_FALSE(std::filesystem::exists(path("shop.tar.gz.partial")));

    r = ctl("bundle inspect shop.tar.gz");
    ASSERT_EQ(r.exitCode, 0) << r.output;
    EXPECT_NE(r.output.find("from the design shop.loom.json"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("topology.json"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("10.20.0.0/24"), std::string::npos) << r.output;
    r = ctl("--json bundle inspect shop.tar.gz");
    ASSERT_EQ(r.exitCode, 0) << r.output;
    EXPECT_NE(r.output.find("\"endpoints\":2"), std::string::npos) << r.output;

    // Any tar can open it; a member changed and packed again is refused, naming it.
    ASSERT_EQ(run("mkdir " + path("x") + " && tar -xzf " + path("shop.tar.gz") + " -C " + path("x"))
                  .exitCode,
              0);
    EXPECT_NE(run("cat " + path("x/README.md")).output.find("loomctl bundle inspect"),
              std::string::npos)
        << "the bundle says how to check it";
    ASSERT_EQ(run("cd " + path("x") +
                  " && sed -i 's/10.20.0.9/10.20.0.8/' topology.json && tar "
                  "-czf ../edited.tar.gz manifest.json topology.json README.md")
                  .exitCode,
              0);
    r = ctl("bundle inspect edited.tar.gz");
    EXPECT_EQ(r.exitCode, 1) << r.output;
    EXPECT_EQ(lines(r.output), 1) << r.output;
    EXPECT_NE(r.output.find("\"topology.json\" does not match its checksum"), std::string::npos)
        << r.output;
}

TEST_F(BundleCli, ADesignThatBreaksARuleIsRefusedAndNothingIsWritten) {
    std::string design = kDesign;
    design.replace(design.find("10.20.0.9"), 9, "10.99.0.9");  // outside the subnet
    write("bad.loom.json", design);
    auto r = ctl("bundle export --design bad.loom.json -o bad.tar.gz");
    EXPECT_EQ(r.exitCode, 1) << r.output;
    EXPECT_EQ(lines(r.output), 1) << r.output;
    EXPECT_NE(r.output.find("endpoints[1].ip: 10.99.0.9 is outside the subnet"), std::string::npos)
        << r.output;
    EXPECT_FALSE(std::filesystem::exists(path("bad.tar.gz")));
    r = ctl("bundle export --design bad.loom.json");
    EXPECT_EQ(r.exitCode, 2) << r.output;
    r = ctl("bundle inspect no-such.tar.gz");
    EXPECT_EQ(r.exitCode, 1) << r.output;
    EXPECT_NE(r.output.find("cannot read no-such.tar.gz"), std::string::npos) << r.output;
}

}  // namespace
}  // namespace loom::test
