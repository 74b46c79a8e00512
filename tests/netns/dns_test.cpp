// The DNS responder (engine/dns) on real sockets: listening inside a namespace the test makes,
// asked by Debian's own client (drill, from ldnsutils) from another namespace over a veth, and
// forwarding what it does not own to an upstream on loopback.
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <map>
#include <mutex>
#include <random>

#include "engine/dns/server.h"
#include "tests/support/shell.h"

namespace loom::test {
namespace {

using namespace engine;
using namespace std::chrono_literals;

// Two namespaces joined by a veth: the responder's (10.99.0.1) and a client's (10.99.0.2).
class DnsLab {
public:
    DnsLab() {
        m_tag = "ldn" + randomSuffix(5);
        m_ok =
            run("ip netns add " + m_tag + "-srv && ip netns add " + m_tag + "-cli").exitCode == 0 &&
            run("ip -n " + m_tag + "-srv link add v0 type veth peer name v1 netns " + m_tag +
                "-cli")
                    .exitCode == 0 &&
            run("ip -n " + m_tag + "-srv addr add 10.99.0.1/24 dev v0 && ip -n " + m_tag +
                "-srv link set v0 up && ip -n " + m_tag + "-srv link set lo up")
                    .exitCode == 0 &&
            run("ip -n " + m_tag + "-cli addr add 10.99.0.2/24 dev v1 && ip -n " + m_tag +
                "-cli link set v1 up")
                    .exitCode == 0;
    }
    ~DnsLab() { run("ip netns del " + m_tag + "-srv; ip netns del " + m_tag + "-cli"); }
    bool ok() const { return m_ok; }
    std::string server() const { return "/run/netns/" + m_tag + "-srv"; }
    // A shell command in the client's namespace.
    CommandResult inClient(const std::string& command) const {
        return run("ip netns exec " + m_tag + "-cli bash -c \"" + command + "\"");
    }
    // drill from the client's namespace: the answers' data, then the rcode.
    CommandResult drill(const std::string& args) const {
        return run("ip netns exec " + m_tag + "-cli drill -Q " + args + " 2>&1; ip netns exec " +
                   m_tag + "-cli drill " + args + " | grep -o 'rcode: [A-Z]*'");
    }

private:
    std::string m_tag;
    bool m_ok = false;
};

// A network's names the test changes while the responder runs.
struct Table {
    std::mutex mutex;
    std::map<std::string, model::Ipv4> names;
    dns::Names view() {
        return {[this](const std::string& n) -> std::optional<model::Ipv4> {
                    std::lock_guard lock(mutex);
                    auto it = names.find(n);
                    return it == names.end() ? std::nullopt : std::optional(it->second);
                },
                [this](model::Ipv4 a) -> std::optional<std::string> {
                    std::lock_guard lock(mutex);
                    for (const auto& [n, ip] : names) {
                        if (ip == a) return n;
                    }
                    return std::nullopt;
                }};
    }
};

model::Ipv4 ip(const char* s) {
    return *model::Ipv4::parse(s);
}

TEST(Dns, NamesResolveReverseToAndUnknownOnesGoUpstream) {
    if (::geteuid() != 0) GTEST_SKIP() << "needs root";
    DnsLab lab;
    ASSERT_TRUE(lab.ok());
    // The upstream: another responder, on loopback in this process's own namespace.
    Table outside;
    outside.names["mirror"] = ip("203.0.113.7");
    const uint16_t upstreamPort = static_cast<uint16_t>(20000 + std::random_device{}() % 20000);
    auto upstream = dns::Server::start(
        {"", "127.0.0.1", upstreamPort, {}, {"example", 30, /*internal=*/true}}, outside.view());
    ASSERT_TRUE(upstream) << upstream.status().message();

    Table blue;
    blue.names["web1"] = ip("10.99.0.10");
    blue.names["db"] = ip("10.99.0.11");
    auto server = dns::Server::start({lab.server(),
                                      "10.99.0.1",
                                      53,
                                      {"127.0.0.1:" + std::to_string(upstreamPort)},
                                      {"blue.loom", 5, false}},
                                     blue.view());
    ASSERT_TRUE(server) << server.status().message();

    // By its name under the network's domain, bare, in any case, over UDP and TCP.
    EXPECT_EQ(lab.drill("@10.99.0.1 web1.blue.loom A").output, "10.99.0.10\nrcode: NOERROR\n");
    EXPECT_EQ(lab.drill("@10.99.0.1 WEB1 A").output, "10.99.0.10\nrcode: NOERROR\n");
    EXPECT_EQ(lab.drill("-t @10.99.0.1 db.blue.loom A").output, "10.99.0.11\nrcode: NOERROR\n");
    // The TTL is short, and the answer authoritative.
    auto verbose = lab.inClient("drill @10.99.0.1 web1.blue.loom A");
    EXPECT_NE(verbose.output.find("\t5\tIN\tA\t10.99.0.10"), std::string::npos) << verbose.output;
    EXPECT_NE(verbose.output.find(" aa "), std::string::npos) << verbose.output;
    // Back from the address.
    EXPECT_EQ(lab.drill("@10.99.0.1 -x 10.99.0.10").output, "web1.blue.loom.\nrcode: NOERROR\n");
    // A name of the domain it does not have does not exist; an owned name has no AAAA.
    EXPECT_EQ(lab.drill("@10.99.0.1 nobody.blue.loom A").output, "rcode: NXDOMAIN\n");
    EXPECT_EQ(lab.drill("@10.99.0.1 web1.blue.loom AAAA").output, "rcode: NOERROR\n");
    // Not its own: asked of the upstream, over UDP and TCP.
    EXPECT_EQ(lab.drill("@10.99.0.1 mirror.example A").output, "203.0.113.7\nrcode: NOERROR\n");
    EXPECT_EQ(lab.drill("-t @10.99.0.1 mirror.example A").output, "203.0.113.7\nrcode: NOERROR\n");
    EXPECT_GE((*server)->counters().forwarded.load(), 2u);
    // Deleted: gone at once (a cache keeps it at most the TTL).
    {
        std::lock_guard lock(blue.mutex);
        blue.names.erase("db");
    }
    EXPECT_EQ(lab.drill("@10.99.0.1 db.blue.loom A").output, "rcode: NXDOMAIN\n");
}

TEST(Dns, AnInternalNetworkRefusesOthersAndMalformedQueriesAreDropped) {
    if (::geteuid() != 0) GTEST_SKIP() << "needs root";
    DnsLab lab;
    ASSERT_TRUE(lab.ok());
    Table blue;
    blue.names["web1"] = ip("10.99.0.10");
    auto server = dns::Server::start({lab.server(), "10.99.0.1", 53, {}, {"blue.loom", 5, true}},
                                     blue.view());
    ASSERT_TRUE(server) << server.status().message();
    EXPECT_EQ(lab.drill("@10.99.0.1 mirror.example A").output, "rcode: REFUSED\n");

    // A burst of garbage, truncated queries and a response posing as a query, from the
    // client's namespace: none is answered, each is counted, and a good query still is.
    std::mt19937 rng(7);
    std::string burst;
    for (int i = 0; i < 200; ++i) {
        size_t n = 1 + rng() % 40;
        std::string p;
        for (size_t k = 0; k < n; ++k) p += static_cast<char>(rng());
        if (i % 3 == 0 && p.size() > 3) p[2] = static_cast<char>(p[2] | 0x80);  // QR set
        char hex[8];
        std::string line;
        for (unsigned char c : p) {
            std::snprintf(hex, sizeof hex, "\\x%02x", c);
            line += hex;
        }
        burst += "printf '" + line + "' > /dev/udp/10.99.0.1/53; ";
    }
    auto sent = lab.inClient(burst);
    EXPECT_EQ(sent.exitCode, 0) << sent.output;
    // A TCP query that stops half way.
    lab.inClient("printf '\\x00\\x30\\x12' > /dev/tcp/10.99.0.1/53");
    EXPECT_EQ(lab.drill("@10.99.0.1 web1.blue.loom A").output, "10.99.0.10\nrcode: NOERROR\n");
    EXPECT_TRUE(eventually([&] { return (*server)->counters().malformed.load() >= 150; }, 3s))
        << (*server)->counters().malformed.load();
}

// With a version, the responder keeps the answers ldns built and sends them again (with each
// query's own id) until the version moves: a changed name is answered anew at once.
TEST(Dns, KeptAnswersFollowTheNamesVersion) {
    if (::geteuid() != 0) GTEST_SKIP() << "needs root";
    DnsLab lab;
    ASSERT_TRUE(lab.ok());
    Table blue;
    blue.names["web1"] = ip("10.99.0.10");
    std::atomic<uint64_t> version{1};
    dns::Names names = blue.view();
    names.version = [&] { return version.load(); };
    auto server =
        dns::Server::start({lab.server(), "10.99.0.1", 53, {}, {"blue.loom", 5, true}}, names);
    ASSERT_TRUE(server) << server.status().message();
    for (int i = 0; i < 3; ++i) {
        EXPECT_EQ(lab.drill("@10.99.0.1 web1 A").output, "10.99.0.10\nrcode: NOERROR\n");
    }
    EXPECT_EQ((*server)->counters().answered.load(), 6u);  // drill asks twice per check
    // Changed without a new version: the kept answer (this is what the version is for).
    {
        std::lock_guard lock(blue.mutex);
        blue.names["web1"] = ip("10.99.0.20");
    }
    EXPECT_EQ(lab.drill("@10.99.0.1 web1 A").output, "10.99.0.10\nrcode: NOERROR\n");
    ++version;
    EXPECT_EQ(lab.drill("@10.99.0.1 web1 A").output, "10.99.0.20\nrcode: NOERROR\n");
    // A kept refusal still counts as one.
    uint64_t refused = (*server)->counters().refused.load();
    lab.drill("@10.99.0.1 mirror.example A");
    lab.drill("@10.99.0.1 mirror.example A");
    EXPECT_EQ((*server)->counters().refused.load(), refused + 4);
}

}  // namespace
}  // namespace loom::test
