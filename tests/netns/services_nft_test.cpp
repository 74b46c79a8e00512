// Virtual IPs in a client's own namespace (engine/services, issue 14): the nftables table made
// through libnftables spreads connections to VIP:port over the backends, keeps an established
// connection on its backend when the set changes, refuses at once what it cannot send on, and
// goes whole. Namespaces the test makes: a switch, a client and three backends running
// loom_tcp_probe.
#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <map>
#include <sstream>

#include "engine/services/nft.h"
#include "tests/support/shell.h"

namespace loom::test {
namespace {

using namespace engine;
using namespace std::chrono_literals;

class ServicesLab {
public:
    ServicesLab() : m_tag("lsv" + randomSuffix(5)) {
        m_ok = sh("ip netns add " + m_tag + "-sw && ip -n " + m_tag +
                  "-sw link add br0 type bridge && ip -n " + m_tag + "-sw link set br0 up");
        m_ok = m_ok && attach("cli", "10.97.0.2");
        for (int i = 1; i <= 3; ++i) {
            m_ok = m_ok && attach("b" + std::to_string(i), "10.97.0.1" + std::to_string(i));
        }
    }
    ~ServicesLab() {
        m_servers.clear();
        for (const auto& n : m_names) run("ip netns del " + m_tag + "-" + n);
        run("ip netns del " + m_tag + "-sw; rm -f /tmp/" + m_tag + "-*");
    }
    bool ok() const { return m_ok; }
    std::string ns(const std::string& name) const { return "/run/netns/" + m_tag + "-" + name; }
    std::string tag() const { return m_tag; }
    void serve(const std::string& backend, const std::string& address) {
        m_servers.push_back(std::make_unique<Background>(
            "(ip netns exec " + m_tag + "-" + backend + " " + LOOM_BIN_DIR +
            "/loom_tcp_probe serve " + address + " 8080 " + backend + ")"));
    }
    // loom_tcp_probe from the client: "count VIP PORT N" or "hold ...".
    CommandResult probe(const std::string& args) const {
        return run("ip netns exec " + m_tag + "-cli " + LOOM_BIN_DIR + "/loom_tcp_probe " + args);
    }

private:
    bool sh(const std::string& c) { return run(c).exitCode == 0; }
    bool attach(const std::string& name, const std::string& address) {
        m_names.push_back(name);
        const std::string n = m_tag + "-" + name;
        return sh("ip netns add " + n + " && ip -n " + n + " link set lo up && ip -n " + m_tag +
                  "-sw link add " + name + " type veth peer name eth0 netns " + n + " && ip -n " +
                  m_tag + "-sw link set " + name + " master br0 up && ip -n " + n + " addr add " +
                  address + "/24 dev eth0 && ip -n " + n + " link set eth0 up");
    }
    std::string m_tag;
    bool m_ok = false;
    std::vector<std::string> m_names;
    std::vector<std::unique_ptr<Background>> m_servers;
};

model::Ipv4 ip(const char* s) {
    return *model::Ipv4::parse(s);
}

std::map<std::string, int> counts(const std::string& output) {
    std::map<std::string, int> out;
    std::istringstream in(output);
    std::string name;
    int n = 0;
    while (in >> name >> n) out[name] = n;
    return out;
}

TEST(ServicesNft, ConnectionsToAVipAreSpreadKeptAndRefused) {
    if (::geteuid() != 0) GTEST_SKIP() << "needs root";
    ServicesLab lab;
    ASSERT_TRUE(lab.ok());
    for (int i = 1; i <= 3; ++i) {
        lab.serve("b" + std::to_string(i), "10.97.0.1" + std::to_string(i));
    }
    const std::string table = lab.tag() + "_svc";
    services::ServiceRule web{"web",
                              ip("10.97.0.100"),
                              {{8080, services::Protocol::Tcp}},
                              {ip("10.97.0.11"), ip("10.97.0.12"), ip("10.97.0.13")}};
    auto s = services::apply(lab.ns("cli"), table, {web});
    ASSERT_TRUE(s.isOk()) << s.message();
    auto listed = services::list(lab.ns("cli"), table);
    ASSERT_TRUE(listed);
    EXPECT_NE(listed->find("dnat to numgen inc mod 3 map"), std::string::npos) << *listed;
    ASSERT_TRUE(eventually(
        [&] { return counts(lab.probe("count 10.97.0.11 8080 1").output)["b1"] == 1; }, 5s));

    // 999 connections to the VIP: a third each (within 15%), none failed.
    auto c = counts(lab.probe("count 10.97.0.100 8080 999").output);
    EXPECT_EQ(c["failed"], 0);
    for (const char* b : {"b1", "b2", "b3"}) {
        EXPECT_GE(c[b], 283) << b;
        EXPECT_LE(c[b], 383) << b;
    }

    // An established connection stays on its backend when that backend leaves the set; new
    // ones no longer go there.
    const std::string out = "/tmp/" + lab.tag() + "-hold";
    Background held("(ip netns exec " + lab.tag() + "-cli " + LOOM_BIN_DIR +
                    "/loom_tcp_probe hold 10.97.0.100 8080 3 > " + out + ")");
    std::string who;
    ASSERT_TRUE(eventually(
        [&] {
            std::ifstream in(out);
            return static_cast<bool>(std::getline(in, who)) && !who.empty();
        },
        5s));
    services::ServiceRule without = web;
    without.backends.erase(without.backends.begin() + (who[1] - '1'));
    ASSERT_TRUE(services::apply(lab.ns("cli"), table, {without}).isOk());
    c = counts(lab.probe("count 10.97.0.100 8080 30").output);
    EXPECT_EQ(c[who], 0) << who;
    EXPECT_EQ(c["failed"], 0);
    EXPECT_TRUE(eventually(
        [&] {
            std::ifstream in(out);
            std::string first, second;
            return std::getline(in, first) && std::getline(in, second) && second == "still there";
        },
        8s))
        << run("cat " + out).output;

    // A port it does not serve, and a service with no backend: refused at once, not a timeout.
    services::ServiceRule empty{"db", ip("10.97.0.101"), {{5432, services::Protocol::Tcp}}, {}};
    ASSERT_TRUE(services::apply(lab.ns("cli"), table, {without, empty}).isOk());
    auto started = std::chrono::steady_clock::now();
    c = counts(lab.probe("count 10.97.0.100 9999 3").output);
    EXPECT_EQ(c["failed"], 3);
    c = counts(lab.probe("count 10.97.0.101 5432 3").output);
    EXPECT_EQ(c["failed"], 3);
    EXPECT_LT(std::chrono::steady_clock::now() - started, 2s) << "refused, not timed out";

    // Gone whole: nothing left in the client's namespace.
    ASSERT_TRUE(services::apply(lab.ns("cli"), table, {}).isOk());
    listed = services::list(lab.ns("cli"), table);
    ASSERT_TRUE(listed);
    EXPECT_EQ(*listed, "");
    c = counts(lab.probe("count 10.97.0.100 8080 1").output);
    EXPECT_EQ(c["failed"], 1);
}

}  // namespace
}  // namespace loom::test
