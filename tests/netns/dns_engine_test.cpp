// The engine's name responders (issue 14): one per network, on the host's own address in the
// network's sandbox, answering its endpoints' names from the engine's live state; a resolv.conf
// for every endpoint Loom makes, read by glibc through `loomctl endpoint exec`; forwarding to
// an upstream (dnsmasq from Debian, in the engine's namespace) or refusing on an internal
// network; following the sandbox when it is made again, and the engine when it restarts.
#include <signal.h>
#include <sys/stat.h>

#include <fstream>
#include <sstream>

#include "tests/support/engine_fixture.h"

namespace loom::test {
namespace {

using namespace std::chrono_literals;

constexpr const char* kUpstream = "127.0.0.1:5353";

class EngineDns : public EngineTest {
protected:
    EngineDns() : EngineTest(1500, {"--dns-upstream", kUpstream, "--resync-interval", "1"}) {}
    // Every test has its upstream: a name nobody has is refused by it at once (a client
    // asking an upstream that does not answer waits seconds for each name it tries).
    void SetUp() override {
        EngineTest::SetUp();
        if (!IsSkipped()) m_upstream = startUpstream();
    }
    std::unique_ptr<Background> m_upstream;

    CommandResult ctl(const std::string& args) {
        return run("LOOM_SOCKET=" + m_host.socket() + " " + LOOM_BIN_DIR + "/loomctl " + args);
    }
    // drill inside an endpoint: the answers' data, then the rcode.
    static std::string drill(const v1::Endpoint& from, const std::string& args) {
        return runIn(from.netns_path(), "timeout 3 drill -Q " + args + " 2>&1").output +
               runIn(from.netns_path(), "timeout 3 drill " + args + " | grep -o 'rcode: [A-Z]*'")
                   .output;
    }
    // What glibc finds for a name inside the endpoint (its resolv.conf, its search domain).
    CommandResult getent(const std::string& endpoint, const std::string& name) {
        return ctl("endpoint exec " + endpoint + " -- getent hosts " + name);
    }
    static std::string readFile(const std::string& path) {
        std::ifstream in(path);
        std::stringstream ss;
        ss << in.rdbuf();
        return ss.str();
    }
    // An upstream server for the names a network does not own, in the engine's namespace.
    std::unique_ptr<Background> startUpstream() {
        auto up = std::make_unique<Background>(
            "(nsenter --net=" + m_host.netnsPath() +
            " dnsmasq --keep-in-foreground --no-resolv --no-hosts --port=5353 "
            "--listen-address=127.0.0.1 --bind-interfaces --pid-file= "
            "--address=/upstream.test/203.0.113.7)");
        EXPECT_TRUE(eventually(
            [&] {
                return runIn(m_host.netnsPath(),
                             "timeout 1 drill -p 5353 @127.0.0.1 www.upstream.test")
                           .output.find("203.0.113.7") != std::string::npos;
            },
            5s));
        return up;
    }
    v1::Network setInternal(const std::string& network, bool internal) {
        v1::UpdateNetworkRequest req;
        req.set_network(network);
        req.set_internal(internal);
        v1::Network n;
        auto s = m_engine.networks().UpdateNetwork(deadline().get(), req, &n);
        EXPECT_TRUE(s.ok()) << s.error_message();
        return n;
    }
};

TEST_F(EngineDns, EndpointsFindEachOtherByNameThroughTheResolvConfLoomWrites) {
    auto net = createNetwork("blue", "10.34.0.0/24");
    auto a = createEndpoint("a", "blue");
    auto b = createEndpoint("Web-B", "blue");
    EXPECT_EQ(net.dns_domain(), "blue.loom");
    EXPECT_FALSE(net.internal());

    // The API says where the resolver is, and where its file went.
    EXPECT_EQ(a.dns_server(), net.gateway());
    EXPECT_EQ(a.dns_search(), "blue.loom");
    const std::string ns = a.netns_path().substr(a.netns_path().rfind('/') + 1);
    ASSERT_EQ(a.resolv_conf(), m_host.dir() + "/etc/" + ns + "/resolv.conf");
    const std::string conf = readFile(a.resolv_conf());
    EXPECT_NE(conf.find("nameserver " + net.gateway() + "\n"), std::string::npos) << conf;
    EXPECT_NE(conf.find("search blue.loom\n"), std::string::npos) << conf;

    // glibc inside the endpoint: a bare name (through the search domain), the full name, any
    // case.
    auto r = getent("a", "web-b");
    EXPECT_EQ(r.exitCode, 0) << r.output;
    EXPECT_EQ(r.output.substr(0, r.output.find(' ')), addressOf(b)) << r.output;
    r = getent("a", "WEB-B.blue.loom");
    EXPECT_EQ(r.output.substr(0, r.output.find(' ')), addressOf(b)) << r.output;
    EXPECT_EQ(drill(a, "@" + net.gateway() + " -x " + addressOf(b)),
              "Web-B.blue.loom.\nrcode: NOERROR\n");
    EXPECT_EQ(drill(a, "@" + net.gateway() + " nobody.blue.loom"), "rcode: NXDOMAIN\n");
    // Over TCP too.
    EXPECT_EQ(drill(a, "-t @" + net.gateway() + " a.blue.loom"),
              addressOf(a) + "\nrcode: NOERROR\n");

    // Deleted: it stops resolving (the responder reads the live state), and its file goes.
    v1::DeleteEndpointRequest del;
    del.set_endpoint("Web-B");
    v1::DeleteEndpointResponse gone;
    ASSERT_TRUE(m_engine.endpoints().DeleteEndpoint(deadline().get(), del, &gone).ok());
    EXPECT_EQ(drill(a, "@" + net.gateway() + " web-b.blue.loom"), "rcode: NXDOMAIN\n");
    EXPECT_NE(getent("a", "web-b").exitCode, 0);
    const std::string bDir =
        m_host.dir() + "/etc/" + b.netns_path().substr(b.netns_path().rfind('/') + 1);
    EXPECT_TRUE(eventually([&] { return ::access(bDir.c_str(), F_OK) != 0; }, 3s)) << bDir;
    EXPECT_EQ(::access(a.resolv_conf().c_str(), F_OK), 0);
}

TEST_F(EngineDns, OtherNamesAreForwardedExceptOnAnInternalNetwork) {
    auto open = createNetwork("open", "10.35.0.0/24");
    v1::CreateNetworkRequest req;
    req.set_name("closed");
    req.set_subnet("10.36.0.0/24");
    req.set_internal(true);
    v1::Network closed;
    ASSERT_TRUE(m_engine.networks().CreateNetwork(deadline().get(), req, &closed).ok());
    EXPECT_TRUE(closed.internal());
    auto o = createEndpoint("o", "open");
    auto c = createEndpoint("c", "closed");
    auto c2 = createEndpoint("c2", "closed");

    CommandResult r = getent("o", "www.upstream.test");
    EXPECT_EQ(r.output.substr(0, r.output.find(' ')), "203.0.113.7") << r.output;
    EXPECT_EQ(drill(c, "@" + closed.gateway() + " www.upstream.test"), "rcode: REFUSED\n");
    EXPECT_EQ(drill(c, "@" + closed.gateway() + " c2"), addressOf(c2) + "\nrcode: NOERROR\n");
    // Names of another network are not this one's: not answered by its responder.
    EXPECT_NE(getent("c", "o").exitCode, 0);
    EXPECT_NE(getent("o", "c2").exitCode, 0);

    // Changed in place: the same responder address, now forwarding; and back.
    r = ctl("network update closed --internal --no-internal");
    EXPECT_EQ(r.exitCode, 2) << r.output;
    EXPECT_EQ(r.output,
              "loomctl: give --internal or --no-internal, not both (see loomctl --help)\n");
    r = ctl("network update closed --no-internal");
    EXPECT_EQ(r.exitCode, 0) << r.output;
    EXPECT_NE(r.output.find("other names forwarded upstream"), std::string::npos) << r.output;
    EXPECT_TRUE(eventually(
        [&] {
            return drill(c, "@" + closed.gateway() + " www.upstream.test") ==
                   "203.0.113.7\nrcode: NOERROR\n";
        },
        3s));
    EXPECT_TRUE(setInternal("closed", true).internal());
    EXPECT_TRUE(eventually(
        [&] {
            return drill(c, "@" + closed.gateway() + " www.upstream.test") == "rcode: REFUSED\n";
        },
        3s));
    r = ctl("network inspect closed");
    EXPECT_NE(r.output.find("dns:        closed.loom (internal"), std::string::npos) << r.output;
}

TEST_F(EngineDns, TheResponderFollowsItsSandboxAndTheEngine) {
    auto net = createNetwork("blue", "10.37.0.0/24");
    auto a = createEndpoint("a", "blue");
    auto b = createEndpoint("b", "blue");
    const std::string answer = addressOf(b) + "\nrcode: NOERROR\n";
    ASSERT_EQ(drill(a, "@" + net.gateway() + " b"), answer);

    // The sandbox removed by hand: made again by the reconciler, with its responder. The old
    // responder's sockets must not keep the old namespace alive: its vxlan device would stay,
    // and the new one could not be made.
    struct stat before {};
    ASSERT_EQ(::stat(net.sandbox_netns().c_str(), &before), 0);
    ASSERT_EQ(run("umount -l " + net.sandbox_netns() + " && rm -f " + net.sandbox_netns()).exitCode,
              0);
    EXPECT_TRUE(eventually(
        [&] {
            struct stat now {};
            v1::GetNetworkRequest get;
            get.set_network("blue");
            v1::Network n;
            return ::stat(net.sandbox_netns().c_str(), &now) == 0 && now.st_ino != before.st_ino &&
                   linkLines(net.sandbox_netns()).find(": vx0") != std::string::npos &&
                   m_engine.networks().GetNetwork(deadline().get(), get, &n).ok() &&
                   n.state() == v1::OBJECT_STATE_READY;
        },
        10s))
        << linkLines(net.sandbox_netns());
    EXPECT_TRUE(eventually([&] { return drill(a, "@" + net.gateway() + " b") == answer; }, 10s))
        << drill(a, "@" + net.gateway() + " b");
    EXPECT_TRUE(eventuallyPings(a, addressOf(b), 5));

    // A malformed burst is dropped and counted, and the responder keeps answering.
    runIn(a.netns_path(),
          "bash -c 'for i in $(seq 200); do head -c $((i % 40)) /dev/urandom > "
          "/dev/udp/" +
              net.gateway() + "/53; done'");
    EXPECT_TRUE(eventually(
        [&] {
            v1::Host h;
            m_engine.host().GetHost(deadline().get(), {}, &h);
            return h.dns().malformed() >= 100 && h.dns().responders() == 1;
        },
        5s));
    EXPECT_EQ(drill(a, "@" + net.gateway() + " b"), answer);

    // Stopped, then started again: the responder comes back from the store.
    m_engine.kill(SIGTERM);
    EXPECT_NE(drill(a, "@" + net.gateway() + " b"), answer);  // nobody answers meanwhile
    ASSERT_TRUE(m_engine.start());
    EXPECT_TRUE(eventually([&] { return drill(a, "@" + net.gateway() + " b") == answer; }, 10s));
    ::unlink(a.resolv_conf().c_str());
    EXPECT_TRUE(eventually([&] { return ::access(a.resolv_conf().c_str(), F_OK) == 0; }, 5s))
        << "a resolv.conf removed by hand is written again by the next full pass";
}

}  // namespace
}  // namespace loom::test
