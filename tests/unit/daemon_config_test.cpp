// loomd's config file and its flags over it: the form of the file, where a refusal points, and
// which source wins.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include "engine/daemon/config_file.h"
#include "engine/daemon/flags.h"

namespace loom::engine::daemon {
namespace {

class TempConfig {
public:
    explicit TempConfig(const std::string& text) {
        char name[] = "/tmp/loom-conf-XXXXXX";
        int fd = ::mkstemp(name);
        ::close(fd);
        m_path = name;
        std::ofstream(m_path) << text;
    }
    ~TempConfig() { ::unlink(m_path.c_str()); }
    const std::string& path() const { return m_path; }

private:
    std::string m_path;
};

common::Status parse(std::vector<std::string> args, Flags* f) {
    std::vector<char*> argv{const_cast<char*>("loomd")};
    for (auto& a : args) argv.push_back(a.data());
    bool exitNow = false;
    return parseFlags(static_cast<int>(argv.size()), argv.data(), f, &exitNow);
}

TEST(ConfigFile, KeysValuesCommentsAndQuotes) {
    auto r = parseConfigText(
        "# a comment\n\n  etcd = http://192.0.2.1:2379  \nhost-name=\"node 1\"\n\t# indented\n",
        "f.conf");
    ASSERT_TRUE(r) << r.status().message();
    ASSERT_EQ(r->size(), 2u);
    EXPECT_EQ((*r)[0].key, "etcd");
    EXPECT_EQ((*r)[0].value, "http://192.0.2.1:2379");
    EXPECT_EQ((*r)[0].line, 3);
    EXPECT_EQ((*r)[1].value, "node 1");
    EXPECT_EQ((*r)[1].line, 4);
}

TEST(ConfigFile, MalformedLinesAreRefusedWithFileAndLine) {
    struct Case {
        std::string text, message;
    };
    std::vector<Case> cases = {
        {"# ok\netcd http://x:1\n", "f.conf:2: \"etcd http://x:1\" is not KEY = VALUE"},
        {"= 3\n", "f.conf:1: a value without a key"},
        {"Etcd = x\n",
         "f.conf:1: \"Etcd\" is not a key (lowercase letters, digits and '-', as the flags "
         "without their dashes)"},
        {"--etcd = x\n", ""},  // a key may not start with dashes either: checked below
        {"host-name = \"a\n", "f.conf:1: host-name: the value's quotes do not match"},
        {"\n\nhost-name =\n",
         "f.conf:3: host-name: has no value (to take the default, leave the line out or make it "
         "a comment)"},
        {"host-name = a\nhost-name = b\n", "f.conf:2: host-name: given twice (first on line 1)"},
    };
    for (const auto& c : cases) {
        auto r = parseConfigText(c.text, "f.conf");
        if (c.message.empty()) continue;
        ASSERT_FALSE(r) << c.text;
        EXPECT_EQ(r.status().message(), c.message);
    }
    // "--etcd" is accepted by the form; the flags refuse it as an unknown key.
    TempConfig dashes("--etcd = http://192.0.2.1:2379\n");
    Flags f;
    auto s = parse({"--config", dashes.path()}, &f);
    ASSERT_FALSE(s.isOk());
    EXPECT_EQ(s.message(), dashes.path() +
                               ":1: --etcd: unknown key (did you mean etcd?); the keys are the "
                               "flags of loomd --help without their dashes");
}

TEST(ConfigFlags, TheFileSetsTheCommandLineWins) {
    TempConfig conf(
        "host-name = node1\nresync-interval = 12\netcd = http://192.0.2.1:2379\n"
        "dns-upstream = 192.0.2.53:5353\nlog-level = debug\n");
    ::unsetenv("LOOM_ETCD");
    ::unsetenv("LOOM_SOCKET");
    Flags f;
    ASSERT_TRUE(parse({"--config", conf.path(), "--host-name", "node2"}, &f).isOk());
    EXPECT_EQ(f.hostName, "node2");
    EXPECT_EQ(f.resyncSeconds, 12);
    EXPECT_EQ(f.etcd, "http://192.0.2.1:2379");
    EXPECT_EQ(f.dnsUpstreams, std::vector<std::string>{"192.0.2.53:5353"});
    EXPECT_EQ(f.logLevel, common::LogLevel::Debug);
    EXPECT_EQ(f.configFile, conf.path());
    // The environment is between the two.
    ::setenv("LOOM_ETCD", "http://192.0.2.9:2379", 1);
    Flags g;
    ASSERT_TRUE(parse({"--config=" + conf.path()}, &g).isOk());
    EXPECT_EQ(g.etcd, "http://192.0.2.9:2379");
    ::unsetenv("LOOM_ETCD");
}

TEST(ConfigFlags, BadKeysAndValuesNameTheFileAndLine) {
    ::unsetenv("LOOM_ETCD");
    ::unsetenv("LOOM_SOCKET");
    struct Case {
        std::string text, message;  // message after "FILE:"
    };
    std::vector<Case> cases = {
        {"# x\netcd-cafile = /x\n",
         "2: etcd-cafile: unknown key; the keys are the flags of loomd --help without their "
         "dashes"},
        {"etcdca = /x\n",
         "1: etcdca: unknown key (did you mean etcd-ca?); the keys are the flags of loomd "
         "--help without their dashes"},
        {"\nlease-ttl = 1\n", "2: lease-ttl: must be a number in 2..3600"},
        {"log-level = loud\n", "1: log-level: must be debug, info, warning or error"},
        {"dns-upstream = ns1\n",
         "1: dns-upstream: \"ns1\" is not ADDR or ADDR:PORT (IPv4), or none"},
        {"name-prefix = a-b\n", "1: name-prefix: may hold only letters and digits"},
        {"etcd = 192.0.2.1:2379\n",
         "1: etcd: \"192.0.2.1:2379\" is not an http:// or https:// URL"},
        {"etcd = https://192.0.2.1:2379\n\netcd-ca = /nonexistent/ca.pem\n",
         "3: etcd-ca: cannot read /nonexistent/ca.pem"},
        {"etcd-key = /etc/hostname\n", "1: etcd-key: etcd TLS options need etcd URLs (--etcd)"},
        {"listen = 192.0.2.1:7443\ntls-cert = @PEM@\ntls-key = @PEM@\n"
         "tls-ca = /nonexistent/ca.pem\n",
         "4: tls-ca: cannot read /nonexistent/ca.pem"},
        {"listen = 192.0.2.1:7443\ntls-cert = @PEM@\n",
         "1: listen: mutual TLS only: --tls-key is missing"},
        {"etcd = https://192.0.2.1:2379\netcd-ca = /etc/hostname\n",
         "2: etcd-ca: /etc/hostname is not PEM (no -----BEGIN line)"},
        {"etcd = https://192.0.2.1:2379\netcd-ca = /tmp\n", "2: etcd-ca: /tmp is not a file"},
        {"netns-dir = run/netns\n", "1: netns-dir: must be an absolute path"},
        {"config = /etc/loom/other.conf\n", "1: config: only on the command line"},
    };
    TempConfig pem("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n");
    for (auto c : cases) {
        for (size_t at = c.text.find("@PEM@"); at != std::string::npos; at = c.text.find("@PEM@")) {
            c.text.replace(at, 5, pem.path());
        }
        TempConfig conf(c.text);
        Flags f;
        auto s = parse({"--config", conf.path()}, &f);
        ASSERT_FALSE(s.isOk()) << c.text;
        EXPECT_EQ(s.message(), conf.path() + ":" + c.message) << c.text;
    }
    // With every file in place, the same settings pass.
    TempConfig whole("listen = 192.0.2.1:7443\ntls-cert = " + pem.path() +
                     "\ntls-key = " + pem.path() + "\ntls-ca = " + pem.path() + "\n");
    Flags all;
    EXPECT_TRUE(parse({"--config", whole.path()}, &all).isOk());
    EXPECT_EQ(all.tlsCa, pem.path());
    // The command line's own values are named as flags, as before.
    TempConfig ok("host-name = a\n");
    Flags f;
    auto s = parse({"--config", ok.path(), "--lease-ttl", "0"}, &f);
    EXPECT_EQ(s.message(), "--lease-ttl: must be a number in 2..3600");
}

TEST(ConfigFlags, AMissingOrUnreadableFileIsRefused) {
    Flags f;
    auto s = parse({"--config", "/nonexistent/loomd.conf"}, &f);
    EXPECT_EQ(s.message(),
              "/nonexistent/loomd.conf: cannot read the config file: No such file or directory");
    s = parse({"--config", "/tmp"}, &f);
    EXPECT_EQ(s.message(), "/tmp: cannot read the config file: it is a directory");
    Flags fresh;
    s = parse({"--check-config"}, &fresh);
    EXPECT_EQ(s.message(), "--check-config: needs --config FILE");
}

}  // namespace
}  // namespace loom::engine::daemon
