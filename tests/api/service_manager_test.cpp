// loomd as a service: its config file (the one shipped, and bad ones), readiness told to the
// service manager, and the capabilities its unit gives it.
#include <grp.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <grpcpp/grpcpp.h>
#include <atomic>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <thread>

#include "tests/support/engine_fixture.h"

namespace loom::test {
namespace {

const std::string kLoomd = std::string(LOOM_BIN_DIR) + "/loomd";

std::string readText(const std::string& path) {
    std::ifstream in(path);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

void writeText(const std::string& path, const std::string& text) {
    std::ofstream(path) << text;
}

// The shipped /etc/loom/loomd.conf is valid as it is, and names every flag that takes a value
// (commented, with its default): the file and --help cannot drift apart.
TEST(LoomdConfigFile, TheShippedFileIsValidAndNamesEveryFlag) {
    const std::string conf = std::string(LOOM_SOURCE_DIR) + "/resources/loomd.conf";
    auto r = run(kLoomd + " --config " + conf + " --check-config");
    EXPECT_EQ(r.exitCode, 0) << r.output;
    EXPECT_EQ(r.output, "loomd: " + conf + ": the settings are valid\n");

    std::set<std::string> flags, keys;
    std::regex flag("^  --([a-z-]+) [A-Z]");  // a flag with a value: "  --socket PATH ..."
    std::istringstream help(run(kLoomd + " --help").output);
    for (std::string line; std::getline(help, line);) {
        std::smatch m;
        if (std::regex_search(line, m, flag) && m[1] != "config") flags.insert(m[1]);
    }
    std::regex key("^#([a-z-]+) = ");
    std::istringstream file(readText(conf));
    for (std::string line; std::getline(file, line);) {
        std::smatch m;
        if (std::regex_search(line, m, key)) keys.insert(m[1]);
    }
    EXPECT_GE(flags.size(), 25u);
    EXPECT_EQ(flags, keys);
}

// A bad file is refused before anything is made: exit 1, one line naming the file and line.
TEST(LoomdConfigFile, BadFilesAreRefusedWithFileAndLineAndNothingStarts) {
    char tmpl[] = "/tmp/loom-conf-test-XXXXXX";
    const std::string dir = ::mkdtemp(tmpl);
    const std::string conf = dir + "/loomd.conf";
    const std::string state = dir + "/state";
    const std::string socket = dir + "/run/loomd.sock";
    writeText(dir + "/not.pem", "not a certificate\n");
    struct Case {
        std::string text, message;  // message: what follows "loomd: "
    };
    std::vector<Case> cases = {
        {"host-name = a\nunderlay = eth1\n",
         conf + ":2: underlay: unknown key; the keys are the flags of loomd --help without "
                "their dashes"},
        {"# cluster\netcd = http://192.0.2.10:2379\nlease-ttl = 10s\n",
         conf + ":3: lease-ttl: must be a number in 2..3600"},
        {"etcd = https://192.0.2.10:2379\netcd-ca = " + dir + "/missing.pem\n",
         conf + ":2: etcd-ca: cannot read " + dir + "/missing.pem"},
        {"etcd = https://192.0.2.10:2379\netcd-ca = " + dir + "/not.pem\n",
         conf + ":2: etcd-ca: " + dir + "/not.pem is not PEM (no -----BEGIN line)"},
        {"", dir + "/absent.conf: cannot read the config file: No such file or directory"},
    };
    for (const auto& c : cases) {
        std::string file = conf;
        if (c.text.empty()) {
            file = dir + "/absent.conf";
        } else {
            writeText(conf, c.text);
        }
        auto r = run(kLoomd + " --config " + file + " --state-dir " + state + " --socket " +
                     socket + " --netns-dir " + dir + "/ns");
        EXPECT_EQ(r.exitCode, 1) << c.text;
        EXPECT_EQ(r.output, "loomd: " + c.message + "\n") << c.text;
        // --check-config says the same.
        r = run(kLoomd + " --config " + file + " --check-config");
        EXPECT_EQ(r.exitCode, 1);
        EXPECT_EQ(r.output, "loomd: " + c.message + "\n") << c.text;
    }
    // Nothing was made: no state directory, no socket, no namespace directory.
    EXPECT_NE(::access(state.c_str(), F_OK), 0);
    EXPECT_NE(::access((dir + "/run").c_str(), F_OK), 0);
    EXPECT_NE(::access((dir + "/ns").c_str(), F_OK), 0);
    run("rm -rf " + dir);
}

// A datagram socket standing for systemd's notify socket ($NOTIFY_SOCKET).
class NotifySocket {
public:
    explicit NotifySocket(const std::string& path) : m_path(path) {
        m_fd = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        sockaddr_un a{};
        a.sun_family = AF_UNIX;
        std::snprintf(a.sun_path, sizeof a.sun_path, "%s", path.c_str());
        ::unlink(path.c_str());
        EXPECT_EQ(::bind(m_fd, reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
    }
    ~NotifySocket() {
        ::close(m_fd);
        ::unlink(m_path.c_str());
    }
    // The next message, or "" when none came within `ms`.
    std::string next(int ms) {
        pollfd p{m_fd, POLLIN, 0};
        if (::poll(&p, 1, ms) != 1) return "";
        char buf[4096];
        ssize_t n = ::recv(m_fd, buf, sizeof buf, 0);
        return n > 0 ? std::string(buf, static_cast<size_t>(n)) : "";
    }

private:
    std::string m_path;
    int m_fd = -1;
};

// Under systemd (Type=notify) the engine says READY=1 once its API answers, not before; on
// SIGTERM it says STOPPING=1, exits 0, and its networks stay in the kernel.
TEST(ServiceManager, ReadyIsToldOnceTheApiAnswersAndStoppingKeepsTheNetworks) {
    if (::geteuid() != 0) GTEST_SKIP() << "needs root (network namespaces)";
    LabHost host;
    NotifySocket notify(host.dir() + "/notify.sock");
    writeText(host.dir() + "/loomd.conf", "# from the config file\nhost-name = configured-host\n");
    EngineProcess engine(host, {"--config", host.dir() + "/loomd.conf"});

    // On READY=1, at once: does the API answer?
    std::atomic<bool> ready{false}, answered{false};
    std::thread watcher([&] {
        std::string m = notify.next(20000);
        ready = m.find("READY=1") != std::string::npos;
        if (!ready) return;
        auto channel =
            grpc::CreateChannel("unix:" + host.socket(), grpc::InsecureChannelCredentials());
        v1::Host h;
        auto ctx = deadline(2);
        answered = v1::HostService::NewStub(channel)->GetHost(ctx.get(), {}, &h).ok();
    });
    ::setenv("NOTIFY_SOCKET", (host.dir() + "/notify.sock").c_str(), 1);
    bool started = engine.start();
    ::unsetenv("NOTIFY_SOCKET");
    watcher.join();
    ASSERT_TRUE(started);
    EXPECT_TRUE(ready) << engine.log();
    EXPECT_TRUE(answered);
    v1::Host h;
    ASSERT_TRUE(engine.host().GetHost(deadline().get(), {}, &h).ok());
    EXPECT_EQ(h.name(), "configured-host");  // the config file was read

    v1::CreateNetworkRequest req;
    req.set_name("blue");
    req.set_subnet("10.61.0.0/24");
    v1::Network n;
    ASSERT_TRUE(engine.networks().CreateNetwork(deadline().get(), req, &n).ok());
    v1::CreateEndpointRequest ereq;
    ereq.set_name("e1");
    ereq.set_network("blue");
    v1::Endpoint e;
    ASSERT_TRUE(engine.endpoints().CreateEndpoint(deadline().get(), ereq, &e).ok());
    ASSERT_TRUE(eventually(
        [&] { return linkLines(e.netns_path(), "eth0").find("UP") != std::string::npos; },
        std::chrono::seconds(10)));

    engine.kill(SIGTERM);
    EXPECT_NE(notify.next(5000).find("STOPPING=1"), std::string::npos);
    EXPECT_NE(linkLines(e.netns_path(), "eth0").find("UP"), std::string::npos);
}

std::string unitCapabilities() {
    std::string unit =
        readText(std::string(LOOM_SOURCE_DIR) + "/resources/systemd/loomd.service.in");
    std::smatch m;
    std::regex line("\nCapabilityBoundingSet=([^\n]*)\n");
    EXPECT_TRUE(std::regex_search(unit, m, line));
    return m[1];
}

// "--bounding-set=-all,+net_admin,..." from the unit's list, less `drop`.
std::string boundingSet(const std::string& drop = "") {
    std::istringstream in(unitCapabilities());
    std::string out = "--bounding-set=-all", cap;
    while (in >> cap) {
        if (cap == drop) continue;
        std::string name = cap.substr(4);  // CAP_NET_ADMIN -> net_admin
        for (auto& c : name) c = static_cast<char>(std::tolower(c));
        out += ",+" + name;
    }
    return out;
}

// loomd with no more capabilities than loomd.service's CapabilityBoundingSet (and no new
// privileges) does its whole job: networks, endpoints that ping each other, names, a service,
// probes. Without CAP_SYS_ADMIN it refuses to start: the set is what limits it.
class UnitCapabilities : public EngineTest {
protected:
    UnitCapabilities() {
        m_engine.setWrapper({"/usr/bin/setpriv", "--no-new-privs", boundingSet(), "--"});
    }
};

TEST_F(UnitCapabilities, TheUnitsSetIsEnoughAndLimitsTheEngine) {
    // The engine really runs with that set.
    auto status = readText("/proc/" + std::to_string(m_engine.pid()) + "/status");
    std::smatch bound;
    ASSERT_TRUE(std::regex_search(status, bound, std::regex("CapBnd:\\s*([0-9a-f]+)"))) << status;
    EXPECT_NE(bound[1], "000001ffffffffff");
    EXPECT_NE(status.find("NoNewPrivs:\t1"), std::string::npos);

    createNetwork("blue", "10.62.0.0/24");
    auto a = createEndpoint("a", "blue");
    auto b = createEndpoint("b", "blue");
    EXPECT_TRUE(eventuallyPings(a, addressOf(b), 10)) << m_engine.log();
    // Its name responder (port 53) answers.
    EXPECT_TRUE(eventually(
        [&] {
            return runIn(a.netns_path(), "timeout 3 drill -Q b.blue.loom @10.62.0.1")
                       .output.find(addressOf(b)) != std::string::npos;
        },
        std::chrono::seconds(10)));
    // A service's VIP (nftables in the endpoints' namespaces) reaches b.
    ASSERT_EQ(run(std::string(LOOM_BIN_DIR) + "/loomctl --socket " + m_host.socket() +
                  " service create web --network blue --port 8080 && " + LOOM_BIN_DIR +
                  "/loomctl --socket " + m_host.socket() + " service add web b")
                  .exitCode,
              0);
    Background server("(nsenter --net=" + b.netns_path() + " " + LOOM_BIN_DIR +
                      "/loom_tcp_probe serve 0.0.0.0 8080 b)");
    EXPECT_TRUE(eventually(
        [&] {
            return runIn(a.netns_path(),
                         std::string(LOOM_BIN_DIR) + "/loom_tcp_probe count 10.62.0.254 8080 1")
                       .output.find("b 1") != std::string::npos;
        },
        std::chrono::seconds(10)));
    // The prober (ICMP on a raw socket) measures a: a round trip, nothing lost.
    const std::regex measured("\\sa\\s+" + addressOf(a) + "\\s+[0-9.]+ .*\\s0%");
    EXPECT_TRUE(eventually(
        [&] {
            return std::regex_search(run("timeout 5 " + std::string(LOOM_BIN_DIR) +
                                         "/loomctl --socket " + m_host.socket() + " latency --once")
                                         .output,
                                     measured);
        },
        std::chrono::seconds(10)));
    // The socket belongs to group loom (CAP_CHOWN), where the group exists.
    if (group* g = ::getgrnam("loom")) {
        struct stat st {};
        ASSERT_EQ(::stat(m_host.socket().c_str(), &st), 0);
        EXPECT_EQ(st.st_gid, g->gr_gid);
    }
    // An endpoint into another user's process (nobody's, in a namespace of its own): the engine
    // opens /proc/PID/ns/net of a process it does not own (CAP_SYS_PTRACE).
    Background other(
        "unshare --net /usr/bin/setpriv --reuid=65534 --regid=65534 "
        "--clear-groups sleep 60");
    std::string pid;
    ASSERT_TRUE(eventually(
        [&] {
            pid = run("pgrep -u 65534 -f '^sleep 60$' | head -1").output;
            return !pid.empty();
        },
        std::chrono::seconds(5)));
    pid.pop_back();
    auto c = createEndpoint("c", "blue", "", std::stoi(pid));
    EXPECT_TRUE(eventuallyPings(a, addressOf(c), 10)) << m_engine.log();
    // No refusal anywhere.
    EXPECT_EQ(m_engine.log().find("Operation not permitted"), std::string::npos) << m_engine.log();
    EXPECT_EQ(m_engine.log().find("ICMP socket"), std::string::npos) << m_engine.log();
}

TEST(UnitCapabilitiesControl, WithoutSysAdminTheEngineRefusesToStart) {
    if (::geteuid() != 0) GTEST_SKIP() << "needs root (network namespaces)";
    LabHost host;
    auto r = run("nsenter --net=" + host.netnsPath() + " /usr/bin/setpriv --no-new-privs " +
                 boundingSet("CAP_SYS_ADMIN") + " -- " + kLoomd + " --socket " + host.socket() +
                 " --state-dir " + host.dir() + "/state --netns-dir " + host.netnsDir() +
                 " --name-prefix " + host.prefix() + " --netns-etc-dir " + host.dir() +
                 "/etc --dns-upstream none");
    EXPECT_EQ(r.exitCode, 1) << r.output;
    EXPECT_EQ(r.output, "loomd: enter namespace: Operation not permitted\n");
}

}  // namespace
}  // namespace loom::test
