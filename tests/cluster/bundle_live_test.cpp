// A live cluster exported as a config bundle, and rebuilt from it without Loom: the bundle's
// iproute2 scripts on fresh host namespaces where no engine runs.
#include <sys/stat.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>

#include "engine/bundle/bundle.h"
#include "tests/cluster/cluster_fixture.h"

namespace loom::test {
namespace {

using namespace std::chrono_literals;
namespace bundle = engine::bundle;

// Hosts with nothing on them but an underlay (a switch namespace, a veth per host, ul0 with the
// exported VTEP address), and a directory per host for the namespaces the scripts mount. All of
// it goes in the destructor, whatever the test did.
class BareHosts {
public:
    explicit BareHosts(const std::vector<std::string>& vteps) {
        m_tag = "lbb" + randomSuffix(5);
        m_dir = "/tmp/" + m_tag;
        ::mkdir(m_dir.c_str(), 0755);
        m_ok = run("ip netns add " + m_tag + "-ul").exitCode == 0 &&
               run(in(m_tag + "-ul") + "ip link add ulbr type bridge").exitCode == 0 &&
               run(in(m_tag + "-ul") + "ip link set ulbr up").exitCode == 0;
        for (size_t i = 0; m_ok && i < vteps.size(); ++i) {
            const std::string h = host(static_cast<int>(i) + 1), peer = "p" + std::to_string(i + 1);
            ::mkdir(netnsDir(static_cast<int>(i) + 1).c_str(), 0755);
            m_ok =
                run("ip netns add " + h).exitCode == 0 &&
                run(in(m_tag + "-ul") + "ip link add " + peer +
                    " type veth peer name ul0 netns /run/netns/" + h)
                        .exitCode == 0 &&
                run(in(m_tag + "-ul") + "ip link set " + peer + " master ulbr up").exitCode == 0 &&
                run(in(h) + "ip addr add " + vteps[i] + "/24 dev ul0").exitCode == 0 &&
                run(in(h) + "ip link set ul0 up").exitCode == 0 &&
                run(in(h) + "ip link set lo up").exitCode == 0;
        }
        m_hosts = static_cast<int>(vteps.size());
    }
    ~BareHosts() {
        // Namespaces the scripts mounted first (a failed test may have left them), then hosts.
        run("for f in " + m_dir + "/*/*; do umount -l \"$f\" 2>/dev/null; done; rm -rf " + m_dir);
        for (int i = 1; i <= m_hosts; ++i) run("ip netns del " + host(i) + " 2>/dev/null");
        for (const auto& ns : m_extra) run("ip netns del " + ns + " 2>/dev/null");
        run("ip netns del " + m_tag + "-ul 2>/dev/null");
    }
    bool ok() const { return m_ok; }
    std::string host(int i) const { return m_tag + "-h" + std::to_string(i); }
    std::string hostPath(int i) const { return "/run/netns/" + host(i); }
    std::string netnsDir(int i) const { return m_dir + "/ns" + std::to_string(i); }
    const std::string& dir() const { return m_dir; }

    // The real systemd-networkd in host i's namespace, reading `files`, as
    // ../shared/NETWORKD-IN-NETNS.md says (a read-only /sys, the vendor files hidden, a state
    // folder it may write, a machine id of its own); it logs to log(i).
    std::unique_ptr<Background> networkd(int i, const std::string& files) const {
        const std::string n = std::to_string(i), netif = m_dir + "/netif" + n,
                          empty = m_dir + "/empty", id = m_dir + "/machine-id" + n;
        run("mkdir -p " + netif + " " + empty + " /run/systemd/netif && chown systemd-network " +
            netif + " && od -An -N16 -tx1 /dev/urandom | tr -d ' \n' > " + id);
        return std::make_unique<Background>(
            "ip netns exec " + host(i) + " sh -c 'mount -o remount,ro /sys && mount --bind " +
            files + " /etc/systemd/network && mount --bind " + empty +
            " /usr/lib/systemd/network && mount --bind " + netif +
            " /run/systemd/netif && mount --bind " + id +
            " /etc/machine-id && SYSTEMD_LOG_TARGET=console exec /lib/systemd/systemd-networkd "
            "> " +
            log(i) + " 2>&1'");
    }
    // A namespace in /run/netns of this test's, removed with the hosts.
    std::string addNamespace(const std::string& suffix) {
        const std::string name = m_tag + "-" + suffix;
        m_extra.push_back(name);
        run("ip netns add " + name + " && ip -n " + name + " link set lo up");
        return name;
    }
    std::string log(int i) const { return m_dir + "/networkd" + std::to_string(i) + ".log"; }

    // A script of the bundle, run in host i's namespace with its own NETNS_DIR.
    CommandResult script(int i, const std::string& path) const {
        return run("NETNS_DIR=" + netnsDir(i) + " nsenter --net=" + hostPath(i) + " sh " + path +
                   " 2>&1");
    }

private:
    static std::string in(const std::string& ns) { return "ip netns exec " + ns + " "; }
    std::string m_tag, m_dir;
    std::vector<std::string> m_extra;
    int m_hosts = 0;
    bool m_ok = false;
};

std::string sorted(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) {
        if (!line.empty()) lines.push_back(line);
    }
    std::sort(lines.begin(), lines.end());
    std::string out;
    for (const auto& l : lines) out += l + "\n";
    return out;
}

// What Loom writes in a sandbox, in a form that does not depend on ifindexes or random MACs:
// the bridge's addresses, vx0's FDB entries, and permanent neighbour entries.
std::string sandboxEntries(const std::string& ns) {
    return sorted(runIn(ns, "sh -c \"ip -4 -o addr show dev br0 | awk '{print \\$2, \\$4}'\"")
                      .output) +
           sorted(runIn(ns, "sh -c \"bridge fdb show dev vx0 | grep -E ' dst | static'\"").output) +
           sorted(runIn(ns, "ip neigh show nud permanent").output);
}

// Everything a host's namespace and the namespaces in its directory hold that up.sh makes,
// ifindexes included (a device made again would show).
std::string stateOf(const BareHosts& bare, int i) {
    std::string out = linkLines(bare.hostPath(i));
    auto files = run("ls " + bare.netnsDir(i)).output;
    std::istringstream in(files);
    for (std::string f; std::getline(in, f);) {
        const std::string ns = bare.netnsDir(i) + "/" + f;
        out += "== " + f + "\n" + linkLines(ns) + runIn(ns, "ip -o addr show").output +
               runIn(ns, "ip neigh show nud permanent").output +
               runIn(ns, "sh -c \"bridge fdb show | grep -E 'permanent|static'\"").output;
    }
    return out;
}

class BundleLiveTest : public ClusterTest {
protected:
    // Three hosts; "web" on all of them, "db" on h1 and h3; every endpoint reached once.
    void buildLab() {
        ASSERT_TRUE(bringUp(3));
        createNetwork(1, "web", "10.61.0.0/24");
        createNetwork(1, "db", "10.62.0.0/24");
        w1 = createEndpoint(1, "w1", "web");
        w2 = createEndpoint(2, "w2", "web");
        w3 = createEndpoint(3, "w3", "web");
        d1 = createEndpoint(1, "d1", "db");
        d3 = createEndpoint(3, "d3", "db");
        ASSERT_TRUE(eventuallyPings(w1, addressOf(w2), 5));
        ASSERT_TRUE(eventuallyPings(w1, addressOf(w3), 5));
        ASSERT_TRUE(eventuallyPings(d3, addressOf(d1), 5));
        // Loom's own entries are complete before anything is compared with them.
        ASSERT_TRUE(eventually(
            [&] { return peerEntries(1, "web").find(w3.mac()) != std::string::npos; }, 5s));
    }
    // The hosts' VTEPs in the bundle, h1 first.
    static std::vector<std::string> vtepsOf(const bundle::Topology& t) {
        std::vector<std::string> out;
        for (const auto& h : t.hosts) out.push_back(h.vtepIp);
        return out;
    }
    v1::Endpoint w1, w2, w3, d1, d3;

    v1::ExportBundleResponse exportFrom(int host, grpc::Status* status,
                                        const std::vector<std::string>& hosts = {}) {
        auto stub = v1::BundleService::NewStub(grpc::CreateChannel(
            "unix:" + m_lab->host(host).socket, grpc::InsecureChannelCredentials()));
        v1::ExportBundleRequest req;
        for (const auto& h : hosts) req.add_hosts(h);
        v1::ExportBundleResponse resp;
        *status = stub->ExportBundle(deadline().get(), req, &resp);
        return resp;
    }

    // Writes the bundle's members under `dir`; the paths written.
    static bool unpack(const bundle::Bundle& b, const std::string& dir) {
        for (const auto& [path, text] : b.members) {
            std::string full = dir + "/" + path;
            run("mkdir -p " + full.substr(0, full.rfind('/')));
            std::ofstream f(full, std::ios::binary);
            f << text;
            if (!f) return false;
        }
        return true;
    }
};

TEST_F(BundleLiveTest, ExportedFromAnyEngineRebuildsWithIproute2WhereNoLoomRuns) {
    ASSERT_NO_FATAL_FAILURE(buildLab());

    // Exported from h2, which has no endpoint on "db": the cluster's state, not its own.
    grpc::Status s;
    auto resp = exportFrom(2, &s);
    ASSERT_TRUE(s.ok()) << s.error_message();
    EXPECT_EQ(resp.hosts(), 3u);
    EXPECT_EQ(resp.networks(), 2u);
    EXPECT_EQ(resp.endpoints(), 5u);
    auto b = bundle::readBundle(resp.bundle());
    ASSERT_TRUE(b) << b.status().message();
    EXPECT_EQ(b->manifest.source, "live");
    EXPECT_EQ(b->manifest.origin, "h2");
    for (const char* h : {"h1", "h2", "h3"}) {
        for (const char* f : {"iproute2/up.sh", "iproute2/down.sh", "networkd/README.md"}) {
            EXPECT_TRUE(b->members.count("hosts/" + std::string(h) + "/" + f)) << h << "/" << f;
        }
    }
    auto t = bundle::topologyOf(*b);
    ASSERT_TRUE(t) << t.status().message();
    ASSERT_EQ(t->hosts.size(), 3u);
    for (const auto& e : t->endpoints) {
        if (e.name == "w3") {
            EXPECT_EQ(e.ip, addressOf(w3));
            EXPECT_EQ(e.mac, w3.mac());
            EXPECT_EQ(e.hostName, "h3");
        }
    }
    std::vector<std::string> vteps = vtepsOf(*t);
    ASSERT_EQ(vteps[0], m_lab->host(1).vtep);

    // Fresh hosts with the same underlay addresses, no etcd and no engine.
    BareHosts bare(vteps);
    ASSERT_TRUE(bare.ok());
    ASSERT_TRUE(unpack(*b, bare.dir()));
    std::string before[4];
    for (int i = 1; i <= 3; ++i) before[i] = linkLines(bare.hostPath(i));
    for (int i = 1; i <= 3; ++i) {
        auto r = bare.script(i, bare.dir() + "/hosts/h" + std::to_string(i) + "/iproute2/up.sh");
        ASSERT_EQ(r.exitCode, 0) << "h" << i << ": " << r.output;
    }

    // Where the endpoints are now: the namespaces the scripts made, named as Loom names them.
    auto endpointNs = [&](int host, const v1::Endpoint& e) {
        return bare.netnsDir(host) + "/h" + std::to_string(host) + "-ep-" + e.id();
    };
    auto pings = [&](const std::string& ns, const v1::Endpoint& to, const std::string& extra) {
        return runIn(ns, "ping -c 1 -W 1 " + extra + " " + addressOf(to)).exitCode == 0;
    };
    const std::string w1ns = endpointNs(1, w1), d3ns = endpointNs(3, d3);
    EXPECT_TRUE(eventually([&] { return pings(w1ns, w2, ""); }, 5s));
    EXPECT_TRUE(pings(w1ns, w3, ""));
    EXPECT_TRUE(pings(endpointNs(2, w2), w3, ""));
    EXPECT_TRUE(pings(d3ns, d1, ""));
    // Full-size frames with DF at exactly the network's MTU (1450), and not one byte more.
    EXPECT_TRUE(pings(w1ns, w3, "-M do -s 1422"));
    EXPECT_FALSE(pings(w1ns, w3, "-M do -s 1423"));

    // The same entries in h1's sandbox as Loom's engine keeps in its own.
    v1::GetNetworkRequest getWeb;
    getWeb.set_network("web");
    v1::Network web;
    ASSERT_TRUE(m_lab->host(1).networks->GetNetwork(deadline().get(), getWeb, &web).ok());
    const std::string loomSandbox = sandbox(1, "web");
    const std::string rebuilt = bare.netnsDir(1) + "/h1-net-" + web.id();
    EXPECT_EQ(sandboxEntries(rebuilt), sandboxEntries(loomSandbox));
    EXPECT_NE(sandboxEntries(rebuilt).find(w2.mac()), std::string::npos);

    // up.sh again: nothing changes, not even an ifindex.
    for (int i = 1; i <= 3; ++i) {
        const std::string state = stateOf(bare, i);
        auto r = bare.script(i, bare.dir() + "/hosts/h" + std::to_string(i) + "/iproute2/up.sh");
        ASSERT_EQ(r.exitCode, 0) << "h" << i << ": " << r.output;
        EXPECT_EQ(stateOf(bare, i), state) << "h" << i;
    }
    EXPECT_TRUE(pings(w1ns, w3, ""));

    // down.sh: no device, namespace or entry left.
    for (int i = 1; i <= 3; ++i) {
        auto r = bare.script(i, bare.dir() + "/hosts/h" + std::to_string(i) + "/iproute2/down.sh");
        EXPECT_EQ(r.exitCode, 0) << "h" << i << ": " << r.output;
        EXPECT_EQ(linkLines(bare.hostPath(i)), before[i]) << "h" << i;
        EXPECT_EQ(run("ls -A " + bare.netnsDir(i)).output, "") << "h" << i;
    }
    EXPECT_EQ(run("grep -c " + bare.dir() + " /proc/self/mountinfo").output, "0\n");
    // Loom's own cluster never noticed.
    EXPECT_TRUE(ping(w1, addressOf(w3)));
}

TEST_F(BundleLiveTest, NetworkdFilesBuildTheSameOverlayWithTheRealNetworkd) {
    ASSERT_NO_FATAL_FAILURE(buildLab());
    grpc::Status s;
    auto resp = exportFrom(3, &s);
    ASSERT_TRUE(s.ok()) << s.error_message();
    auto b = bundle::readBundle(resp.bundle());
    ASSERT_TRUE(b) << b.status().message();
    auto t = bundle::topologyOf(*b);
    ASSERT_TRUE(t) << t.status().message();
    BareHosts bare(vtepsOf(*t));
    ASSERT_TRUE(bare.ok());
    ASSERT_TRUE(unpack(*b, bare.dir()));

    std::vector<std::unique_ptr<Background>> daemons;
    for (int i = 1; i <= 3; ++i) {
        daemons.push_back(
            bare.networkd(i, bare.dir() + "/hosts/h" + std::to_string(i) + "/networkd"));
    }
    // What the networkd README leaves to the user, done as it says: each endpoint side of a
    // veth moved into a namespace of the endpoint's, named, sized, addressed and up.
    std::map<std::string, std::string> endpointNs;
    for (int i = 1; i <= 3; ++i) {
        const std::string readme =
            b->members.at("hosts/h" + std::to_string(i) + "/networkd/README.md");
        std::istringstream in(readme);
        std::string endpoint;
        for (std::string line; std::getline(in, line);) {
            if (line.rfind("- endpoint \"", 0) == 0) {
                endpoint = line.substr(12, line.find('"', 12) - 12);
                endpointNs[endpoint] = bare.addNamespace(endpoint);
                continue;
            }
            if (line.rfind("      ip ", 0) != 0) continue;
            ASSERT_FALSE(endpoint.empty()) << readme;
            std::string command = line.substr(6);
            for (auto at = command.find("NETNS"); at != std::string::npos;
                 at = command.find("NETNS")) {
                command.replace(at, 5, endpointNs[endpoint]);
            }
            // networkd makes the veth when it has read the files: wait for it, then do it.
            ASSERT_TRUE(
                eventually([&] { return runIn(bare.hostPath(i), command).exitCode == 0; }, 20s))
                << "h" << i << ": " << command << "\n"
                << run("cat " + bare.log(i)).output;
        }
    }
    ASSERT_EQ(endpointNs.size(), 5u);
    auto pings = [&](const std::string& from, const v1::Endpoint& to, const std::string& extra) {
        return run("ip netns exec " + endpointNs[from] + " ping -c 1 -W 1 " + extra + " " +
                   addressOf(to))
                   .exitCode == 0;
    };
    EXPECT_TRUE(eventually([&] { return pings("w1", w2, ""); }, 10s))
        << run("cat " + bare.log(1)).output;
    EXPECT_TRUE(eventually([&] { return pings("w1", w3, ""); }, 5s));
    EXPECT_TRUE(eventually([&] { return pings("d3", d1, ""); }, 5s));
    EXPECT_TRUE(pings("w1", w3, "-M do -s 1422"));
    EXPECT_FALSE(pings("w1", w3, "-M do -s 1423"));

    // networkd skips what it does not understand, saying so only in its log: a line naming
    // one of the files is a mistake in them.
    for (int i = 1; i <= 3; ++i) {
        const std::string log = run("cat " + bare.log(i)).output;
        EXPECT_NE(log.find("h" + std::to_string(i) + "b"), std::string::npos)
            << "networkd ran and made the bridges:\n"
            << log;
        auto bad = run("grep -E '/etc/systemd/network/[^: ]+:[0-9]+' " + bare.log(i));
        EXPECT_NE(bad.exitCode, 0) << "h" << i << ":\n" << bad.output;
    }
}

TEST_F(BundleLiveTest, ExportOfChosenHostsAndRefusals) {
    ASSERT_TRUE(bringUp(2));
    createNetwork(1, "web", "10.63.0.0/24");
    createNetwork(1, "idle", "10.64.0.0/24");
    auto w1 = createEndpoint(1, "w1", "web");
    auto w2 = createEndpoint(2, "w2", "web");
    ASSERT_TRUE(eventuallyPings(w1, addressOf(w2), 5));

    grpc::Status s;
    auto resp = exportFrom(1, &s, {"h2"});
    ASSERT_TRUE(s.ok()) << s.error_message();
    auto b = bundle::readBundle(resp.bundle());
    ASSERT_TRUE(b) << b.status().message();
    EXPECT_TRUE(b->members.count("hosts/h2/iproute2/up.sh"));
    EXPECT_FALSE(b->members.count("hosts/h1/iproute2/up.sh"));
    auto t = bundle::topologyOf(*b);
    ASSERT_TRUE(t) << t.status().message();
    ASSERT_EQ(t->endpoints.size(), 1u);
    EXPECT_EQ(t->endpoints[0].name, "w2");
    // "idle" has no endpoint on h2, so h2 does not carry it.
    ASSERT_EQ(t->networks.size(), 1u);
    // h2's script still knows where w1 is: it is live on h1.
    const std::string up = b->members.at("hosts/h2/iproute2/up.sh");
    EXPECT_NE(up.find("fdb replace " + w1.mac() + " dev vx0 dst " + m_lab->host(1).vtep),
              std::string::npos)
        << up;

    exportFrom(1, &s, {"h9"});
    EXPECT_EQ(s.error_code(), grpc::StatusCode::NOT_FOUND);
    EXPECT_NE(s.error_message().find("\"h9\""), std::string::npos) << s.error_message();
}

}  // namespace
}  // namespace loom::test
