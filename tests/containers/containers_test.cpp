// Real containers on Loom networks, started by a runtime we did not write (Debian's podman,
// through loom-cni), in a lab of two hosts; and Loom on a host where a real dockerd runs with
// its defaults. Every runtime runs inside a lab host's namespace, with its own root and config
// (../shared/PODMAN-CNI.md), and is removed by the fixture whatever the test did.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>

#include "tests/support/lab.h"
#include "tests/support/shell.h"

namespace loom::test {
namespace {

constexpr const char* kImage = "loombox";

std::string ctl(Lab::Host& h, const std::string& args) {
    return std::string("LOOM_SOCKET=") + h.socket + " " + LOOM_BIN_DIR + "/loomctl " + args;
}

// One host's podman: its own storage, run directory, config and CNI config directory, and
// every command run inside the host's network namespace.
class Podman {
public:
    Podman(const std::string& dir, const std::string& netns) : m_dir(dir), m_netns(netns) {}
    ~Podman() {
        if (!m_ready) return;
        run(cmd("rm -a -f -t 0"));
        run("rm -rf " + m_dir);
    }

    ::testing::AssertionResult setUp(const std::string& imageTar) {
        run("mkdir -p " + m_dir + "/net.d");
        std::ofstream conf(m_dir + "/containers.conf");
        conf << "[containers]\n"
                "default_ulimits = [\"nofile=20000:20000\", \"nproc=32768:32768\"]\n"
                "[engine]\nruntime = \"runc\"\ncgroup_manager = \"cgroupfs\"\n"
                "events_logger = \"file\"\n"
                "[network]\nnetwork_backend = \"cni\"\nnetwork_config_dir = \""
             << m_dir << "/net.d\"\ncni_plugin_dirs = [\"" << LOOM_BIN_DIR
             << "\", \"/usr/lib/cni\"]\n";
        conf.close();
        m_ready = true;
        auto r = run(cmd("import --change 'CMD [\"/bin/sh\"]' --change 'ENV PATH=/bin' " +
                         imageTar + " " + kImage));
        if (r.exitCode != 0) return ::testing::AssertionFailure() << "podman import: " << r.output;
        return ::testing::AssertionSuccess();
    }

    std::string cmd(const std::string& args) const {
        return "CONTAINERS_CONF=" + m_dir + "/containers.conf nsenter --net=" + m_netns +
               " podman --root " + m_dir + "/root --runroot " + m_dir +
               "/runroot --storage-driver vfs " + args;
    }
    CommandResult operator()(const std::string& args) const { return run(cmd(args)); }

    // The container's address on eth0, without the prefix.
    std::string address(const std::string& container) const {
        auto r = run(cmd("exec " + container + " ip -4 -o addr show eth0") +
                     " | awk '{print $4}' | cut -d/ -f1");
        return r.output.substr(0, r.output.find('\n'));
    }
    std::string id(const std::string& container) const {
        auto r = run(cmd("inspect -f '{{.Id}}' " + container));
        return r.output.substr(0, r.output.find('\n'));
    }
    bool ping(const std::string& container, const std::string& to) const {
        return run(cmd("exec " + container + " ping -c 1 -W 2 " + to)).exitCode == 0;
    }

    const std::string& dir() const { return m_dir; }

private:
    std::string m_dir, m_netns;
    bool m_ready = false;
};

// A busybox-static root as an image file (no registry here).
std::string makeImage(const std::string& dir) {
    std::string root = dir + "/image";
    auto r = run("set -e; mkdir -p " + root + "/bin " + root + "/etc; cp /bin/busybox " + root +
                 "/bin/busybox; for a in $(" + root +
                 "/bin/busybox --list); do [ $a = busybox ] || ln -sf busybox " + root +
                 "/bin/$a; done; echo 'root:x:0:0:root:/:/bin/sh' > " + root +
                 "/etc/passwd; echo 'root:x:0:' > " + root + "/etc/group; tar --numeric-owner -C " +
                 root + " -cf " + dir + "/busybox.tar .");
    EXPECT_EQ(r.exitCode, 0) << r.output;
    return dir + "/busybox.tar";
}

bool haveTool(const std::string& tool) {
    return run("command -v " + tool).exitCode == 0;
}

// The engine's endpoints, as `loomctl endpoint ls --all` shows them from host `h`.
std::string endpointTable(Lab::Host& h) {
    return run(ctl(h, "endpoint ls --all")).output;
}

class Containers : public ::testing::Test {
protected:
    void SetUp() override {
        if (::geteuid() != 0) GTEST_SKIP() << "needs root (network namespaces)";
        for (const char* tool : {"podman", "runc", "busybox"}) {
            if (!haveTool(tool))
                GTEST_SKIP() << tool << " is not installed (scripts/test installs it)";
        }
        m_lab = Lab::up(2);
        ASSERT_TRUE(m_lab);
        for (int i = 1; i <= 2; ++i) {
            auto& h = m_lab->host(i);
            m_podman.push_back(
                std::make_unique<Podman>(m_lab->dir() + "/podman-" + h.name, h.netns));
        }
        std::string image = makeImage(m_lab->dir());
        for (auto& p : m_podman) ASSERT_TRUE(p->setUp(image));
        for (const char* net : {"blue 10.62.0.0/24", "red 10.63.0.0/24"}) {
            std::string n(net);
            auto r = run(ctl(m_lab->host(1), "network create " + n.substr(0, n.find(' ')) +
                                                 " --subnet " + n.substr(n.find(' ') + 1)));
            ASSERT_EQ(r.exitCode, 0) << r.output;
        }
        // Each host's runtime gets each network's config from its own engine.
        for (int i = 1; i <= 2; ++i) {
            for (const char* net : {"blue", "red"}) {
                auto r = run(ctl(m_lab->host(i), std::string("cni install ") + net + " --dir " +
                                                     podman(i).dir() + "/net.d"));
                ASSERT_EQ(r.exitCode, 0) << r.output;
            }
        }
    }
    void TearDown() override {
        if (HasFailure() && m_lab) std::fprintf(stderr, "%s\n", m_lab->logs().c_str());
        m_podman.clear();  // before the lab: their DELs need the engines
    }

    Podman& podman(int host) { return *m_podman.at(host - 1); }

    std::unique_ptr<Lab> m_lab;
    std::vector<std::unique_ptr<Podman>> m_podman;
};

TEST_F(Containers, PodmanContainersOnTwoHostsShareALoomNetworkAndLeaveNothingBehind) {
    auto a1 = podman(1)("run -d --name a1 --network blue " + std::string(kImage) + " sleep 600");
    ASSERT_EQ(a1.exitCode, 0) << a1.output;
    auto b1 = podman(2)("run -d --name b1 --network blue " + std::string(kImage) + " sleep 600");
    ASSERT_EQ(b1.exitCode, 0) << b1.output;
    std::string ipA = podman(1).address("a1"), ipB = podman(2).address("b1");
    ASSERT_EQ(ipA.rfind("10.62.0.", 0), 0u) << ipA;
    ASSERT_EQ(ipB.rfind("10.62.0.", 0), 0u) << ipB;

    // Endpoints like any other, named after the containers, on their hosts, in every host's view.
    EXPECT_TRUE(eventually(
        [&] {
            auto t = endpointTable(m_lab->host(2));
            return t.find("a1 ") != std::string::npos && t.find("b1 ") != std::string::npos;
        },
        std::chrono::seconds(5)))
        << endpointTable(m_lab->host(2));
    auto inspect = run(ctl(m_lab->host(1), "endpoint inspect a1"));
    EXPECT_NE(inspect.output.find("container:  " + podman(1).id("a1")), std::string::npos)
        << inspect.output;
    EXPECT_NE(inspect.output.find("ip:         " + ipA + "/24"), std::string::npos)
        << inspect.output;

    // Across hosts, both ways.
    EXPECT_TRUE(eventually([&] { return podman(1).ping("a1", ipB); }, std::chrono::seconds(5)));
    EXPECT_TRUE(podman(2).ping("b1", ipA));
    // By name: podman wrote the result's resolver (the host's responder) into resolv.conf.
    auto resolv = podman(1)("exec a1 cat /etc/resolv.conf");
    EXPECT_NE(resolv.output.find("search blue.loom"), std::string::npos) << resolv.output;
    // a1 is the network's first endpoint on h1: its answer named the resolver too.
    EXPECT_NE(resolv.output.find("nameserver 10.62.0."), std::string::npos) << resolv.output;
    EXPECT_TRUE(podman(1).ping("a1", "b1")) << resolv.output;

    // In the telemetry (what the console's charts draw) like any endpoint.
    EXPECT_TRUE(eventually(
        [&] {
            auto st = run(ctl(m_lab->host(1), "stats --once --endpoint a1"));
            return st.output.find("endpoint  a1 ") != std::string::npos;
        },
        std::chrono::seconds(5)))
        << run(ctl(m_lab->host(1), "stats --once")).output;

    // --ip is honoured (an address neither automatic one took).
    std::string fixed = "10.62.0.200";
    if (fixed == ipA || fixed == ipB) fixed = "10.62.0.201";
    if (fixed == ipA || fixed == ipB) fixed = "10.62.0.202";
    auto b2 = podman(2)("run -d --name b2 --network blue --ip " + fixed + " " +
                        std::string(kImage) + " sleep 600");
    ASSERT_EQ(b2.exitCode, 0) << b2.output;
    EXPECT_EQ(podman(2).address("b2"), fixed);
    EXPECT_TRUE(podman(1).ping("a1", fixed));

    // A container on another Loom network cannot reach them, even routed at their subnet.
    auto r1 = podman(2)("run -d --name r1 --network red " + std::string(kImage) + " sleep 600");
    ASSERT_EQ(r1.exitCode, 0) << r1.output;
    auto sandbox = podman(2)("inspect -f '{{.NetworkSettings.SandboxKey}}' r1");
    std::string key = sandbox.output.substr(0, sandbox.output.find('\n'));
    ASSERT_EQ(runIn(key, "ip route add 10.62.0.0/24 dev eth0").exitCode, 0);
    EXPECT_FALSE(podman(2).ping("r1", ipA));
    EXPECT_FALSE(podman(2).ping("r1", fixed));

    // `podman stop` removes the endpoint on every host.
    ASSERT_EQ(podman(1)("stop -t 0 a1").exitCode, 0);
    EXPECT_TRUE(eventually(
        [&] {
            return endpointTable(m_lab->host(1)).find("a1 ") == std::string::npos &&
                   endpointTable(m_lab->host(2)).find("a1 ") == std::string::npos;
        },
        std::chrono::seconds(5)))
        << endpointTable(m_lab->host(2));
    EXPECT_TRUE(podman(2).ping("b1", fixed)) << "the others are untouched";

    // `run --rm`: the endpoint exists while it runs (it reaches b1) and is gone after.
    auto once = podman(1)("run --rm --name once --network blue " + std::string(kImage) +
                          " ping -c 1 -W 2 " + ipB);
    EXPECT_EQ(once.exitCode, 0) << once.output;
    EXPECT_TRUE(
        eventually([&] { return endpointTable(m_lab->host(2)).find("once ") == std::string::npos; },
                   std::chrono::seconds(5)))
        << endpointTable(m_lab->host(2));

    // `rm -f` of the rest: nothing of them stays on any host.
    ASSERT_EQ(podman(2)("rm -f -t 0 b1 b2 r1").exitCode, 0);
    ASSERT_EQ(podman(1)("rm -f -t 0 a1").exitCode, 0);
    auto rows = [&](int host) {  // the table's lines under its header
        auto t = endpointTable(m_lab->host(host));
        return std::count(t.begin(), t.end(), '\n') - 1;
    };
    EXPECT_TRUE(eventually([&] { return rows(1) == 0 && rows(2) == 0; }, std::chrono::seconds(5)))
        << endpointTable(m_lab->host(1)) << endpointTable(m_lab->host(2));
}

// Docker's defaults on the host Loom runs on: FORWARD DROP, br_netfilter, docker0 and its NAT.
class BesideDocker : public ::testing::Test {
protected:
    void SetUp() override {
        if (::geteuid() != 0) GTEST_SKIP() << "needs root (network namespaces)";
        m_lab = Lab::up(2);
        ASSERT_TRUE(m_lab);
        m_dockerDir = m_lab->dir() + "/docker";
        auto r = run(std::string(LOOM_SOURCE_DIR) + "/tests/containers/dockerd.sh start " +
                     m_dockerDir + " " + m_lab->host(1).netns);
        if (r.exitCode == 77) GTEST_SKIP() << r.output;
        m_started = true;
        ASSERT_EQ(r.exitCode, 0) << r.output;
    }
    void TearDown() override {
        if (HasFailure() && m_lab) std::fprintf(stderr, "%s\n", m_lab->logs().c_str());
        if (m_started) {
            run(std::string(LOOM_SOURCE_DIR) + "/tests/containers/dockerd.sh stop " + m_dockerDir);
        }
    }

    std::unique_ptr<Lab> m_lab;
    std::string m_dockerDir;
    bool m_started = false;
};

TEST_F(BesideDocker, EndpointsPingAcrossHostsWithFullSizeFramesWhileDockerdRuns) {
    const std::string h1 = m_lab->host(1).netns;
    // Docker's defaults took hold in h1.
    auto forward = runIn(h1, "iptables -S FORWARD");
    ASSERT_NE(forward.output.find("-P FORWARD DROP"), std::string::npos) << forward.output;
    ASSERT_EQ(runIn(h1, "ip link show docker0").exitCode, 0);

    auto& c1 = m_lab->host(1);
    auto& c2 = m_lab->host(2);
    ASSERT_EQ(run(ctl(c1, "network create blue --subnet 10.64.0.0/24")).exitCode, 0);
    for (auto [host, name] : {std::pair{&c1, "a1"}, {&c1, "a2"}, {&c2, "b1"}}) {
        auto r = run(ctl(*host, std::string("endpoint create ") + name + " --network blue"));
        ASSERT_EQ(r.exitCode, 0) << r.output;
    }
    auto exec = [&](Lab::Host& h, const std::string& ep, const std::string& command) {
        return run(ctl(h, "endpoint exec " + ep + " -- " + command));
    };
    auto addressOf = [&](Lab::Host& h, const std::string& ep) {
        auto r = exec(h, ep, "ip -4 -o addr show eth0");
        auto start = r.output.find("inet ") + 5;
        return r.output.substr(start, r.output.find('/', start) - start);
    };
    std::string b1 = addressOf(c2, "b1"), a2 = addressOf(c1, "a2");
    EXPECT_TRUE(eventually([&] { return exec(c1, "a1", "ping -c 1 -W 1 " + b1).exitCode == 0; },
                           std::chrono::seconds(5)));
    EXPECT_EQ(exec(c2, "b1", "ping -c 1 -W 1 " + a2).exitCode, 0);
    EXPECT_EQ(exec(c1, "a1", "ping -c 1 -W 1 " + a2).exitCode, 0) << "on one host, bridged";
    // Full-size frames with DF, across hosts: 1450 - 28 bytes of IP and ICMP headers.
    auto df = exec(c1, "a1", "ping -c 3 -W 1 -M do -s 1422 " + b1);
    EXPECT_EQ(df.exitCode, 0) << df.output;
    EXPECT_NE(exec(c1, "a1", "ping -c 1 -W 1 -M do -s 1423 " + b1).exitCode, 0);

    // br_netfilter is on in every namespace by default; Loom's sandboxes take their bridges out.
    auto sandboxes = run("ls -d " + m_lab->dir() + "/h1/ns/h1-net-*");
    std::string sandbox = sandboxes.output.substr(0, sandboxes.output.find('\n'));
    ASSERT_FALSE(sandbox.empty());
    EXPECT_EQ(runIn(h1, "cat /proc/sys/net/bridge/bridge-nf-call-iptables").output, "1\n");
    EXPECT_EQ(runIn(sandbox,
                    "cat /proc/sys/net/bridge/bridge-nf-call-iptables "
                    "/proc/sys/net/bridge/bridge-nf-call-ip6tables "
                    "/proc/sys/net/bridge/bridge-nf-call-arptables")
                  .output,
              "0\n0\n0\n");
}

}  // namespace
}  // namespace loom::test
