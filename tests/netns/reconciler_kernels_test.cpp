// The same reconciler test bodies on the in-memory fake kernel and on the real one (the way
// NetworkManager runs its platform tests on both): what the fake lets the unit tests assume is
// what Linux does. The process moves into network and mount namespaces of its own before any
// test, with an underlay veth (192.0.2.1) there and a tmpfs for namespace files: whatever the
// real kernel builds stays inside and goes away with the process, even if it crashes.
#include <gtest/gtest.h>
#include <net/if.h>
#include <sched.h>
#include <sys/mount.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <future>
#include <set>
#include <sstream>

#include "engine/netlink/fake_kernel.h"
#include "engine/netlink/netns.h"
#include "engine/netlink/nl_kernel.h"
#include "engine/reconcile/reconciler.h"
#include "engine/store/store.h"
#include "tests/support/reconciler_harness.h"
#include "tests/support/shell.h"

namespace loom::test {
namespace {

using namespace engine;
using common::Result;
using reconcile::Action;

bool g_isolated = false;  // main() made the namespaces and the underlay

enum class KernelKind { Fake, Real };

// Counts what the reconciler asks of a kernel, whichever it is.
class CountingKernel : public reconcile::Kernel {
public:
    explicit CountingKernel(reconcile::Kernel& inner) : m_inner(inner) {}
    size_t applied() const { return m_applied; }

    Result<reconcile::ObservedNetwork> observeNetwork(const std::string& s, model::Ipv4 g,
                                                      int p) override {
        return m_inner.observeNetwork(s, g, p);
    }
    Result<reconcile::ObservedEndpoint> observeEndpoint(const std::string& s, const std::string& h,
                                                        const std::string& n, const std::string& i,
                                                        model::Ipv4 a, int p) override {
        return m_inner.observeEndpoint(s, h, n, i, a, p);
    }
    Result<reconcile::ObservedPeers> observePeers(const std::string& s) override {
        return m_inner.observePeers(s);
    }
    common::Status apply(const Action& a) override {
        ++m_applied;
        return m_inner.apply(a);
    }
    std::vector<std::string> listNetns(const std::string& d, const std::string& p) override {
        return m_inner.listNetns(d, p);
    }
    Result<int> watchLinks(const std::string& n) override { return m_inner.watchLinks(n); }
    std::vector<reconcile::LinkEvent> readLinkEvents(int fd) override {
        return m_inner.readLinkEvents(fd);
    }
    void unwatchLinks(int fd) override { m_inner.unwatchLinks(fd); }
    void forgetNetns(const std::string& n) override { m_inner.forgetNetns(n); }

private:
    reconcile::Kernel& m_inner;
    std::atomic<size_t> m_applied{0};
};

// What a test looks at, and the drift it makes, on either kernel.
struct LinkView {
    bool up = false;
    std::string mac, master;
    std::set<std::string> addresses;                // "10.1.0.2/24"
    std::map<std::string, std::string> neighbours;  // permanent only: ip -> mac
};

class ReconcilerKernels : public ::testing::TestWithParam<KernelKind>, protected ReconcilerHarness {
protected:
    void SetUp() override {
        if (GetParam() == KernelKind::Real) {
            if (!g_isolated) GTEST_SKIP() << "needs root (its own network namespace)";
            auto k = netlink::NlKernel::open();
            ASSERT_TRUE(k.isOk()) << k.status().message();
            m_real = std::move(*k);
            m_dir = "/mnt/rk-" + randomSuffix(8);  // on main()'s private tmpfs
            std::filesystem::create_directories(m_dir);
        } else {
            m_dir = "/fake/ns";
        }
        m_naming = model::Naming{m_dir, "lt"};
        // Each test its own VNI: Linux tears a namespace down a moment after it is deleted, and
        // the vxlan device of the test before can hold its VNI on the shared underlay meanwhile.
        static std::atomic<uint32_t> tests{0};
        m_vniOffset = tests++;
        m_kernel = std::make_unique<CountingKernel>(
            real() ? static_cast<reconcile::Kernel&>(*m_real) : m_fake);
        int ifindex = real() ? static_cast<int>(if_nametoindex("ul0")) : 2;
        std::string why;
        ASSERT_TRUE(startOn(
            *m_kernel, reconcile::Underlay{"ul0", ifindex, *model::Ipv4::parse("192.0.2.1"), 1500},
            &why))
            << why;
    }
    void TearDown() override {
        stopReconciler();
        if (real() && !m_dir.empty()) {
            for (const auto& f : std::filesystem::directory_iterator(m_dir)) {
                (void)netlink::deleteNetns(f.path().string());
            }
            std::filesystem::remove_all(m_dir);
        }
    }
    bool real() const { return GetParam() == KernelKind::Real; }

    // ---- looking, on either kernel
    bool hasNetns(const std::string& path) {
        return real() ? netlink::isNetns(path) : m_fake.hasNetns(path);
    }
    std::optional<LinkView> link(const std::string& netns, const std::string& name) {
        LinkView v;
        if (!real()) {
            auto l = m_fake.link(netns, name);
            if (!l) return std::nullopt;
            v.up = l->up;
            v.mac = l->mac.toString();
            v.master = l->master;
            for (const auto& [ip, prefix] : l->addresses) {
                v.addresses.insert(model::Ipv4{ip}.toString() + "/" + std::to_string(prefix));
            }
            for (const auto& [ip, mac] : l->neighbours)
                v.neighbours[ip.toString()] = mac.toString();
            return v;
        }
        auto in = [&](const std::string& cmd) { return runIn(netns, cmd); };
        auto shown = in("ip -o link show dev " + name);
        if (shown.exitCode != 0) return std::nullopt;
        const std::string& o = shown.output;
        auto flags = o.substr(o.find('<'), o.find('>') - o.find('<'));
        v.up = flags.find(",UP") != std::string::npos || flags.find("<UP") != std::string::npos;
        if (auto at = o.find("link/ether "); at != std::string::npos) v.mac = o.substr(at + 11, 17);
        if (auto at = o.find(" master "); at != std::string::npos) {
            v.master = o.substr(at + 8, o.find(' ', at + 8) - at - 8);
        }
        std::istringstream addrs(in("ip -o -4 addr show dev " + name).output);
        for (std::string line; std::getline(addrs, line);) {
            auto at = line.find("inet ");
            if (at != std::string::npos) {
                v.addresses.insert(line.substr(at + 5, line.find(' ', at + 5) - at - 5));
            }
        }
        std::istringstream neigh(in("ip -4 neigh show dev " + name + " nud permanent").output);
        for (std::string line; std::getline(neigh, line);) {
            std::istringstream words(line);
            std::string ip, word, mac;
            words >> ip;
            while (words >> word) {
                if (word == "lladdr") words >> mac;
            }
            if (!ip.empty()) v.neighbours[ip] = mac;
        }
        return v;
    }
    // ---- drift, on either kernel
    void deleteLink(const std::string& netns, const std::string& name) {
        if (!real()) return m_fake.removeLink(netns, name, false);
        ASSERT_EQ(runIn(netns, "ip link del " + name).exitCode, 0);
    }
    void setDown(const std::string& netns, const std::string& name) {
        if (!real()) return m_fake.setLinkUp(netns, name, false, false);
        ASSERT_EQ(runIn(netns, "ip link set " + name + " down").exitCode, 0);
    }
    void removeNetns(const std::string& path) {
        if (!real()) return m_fake.removeNetns(path);
        m_kernel->forgetNetns(path);
        ASSERT_TRUE(netlink::deleteNetns(path).isOk());
    }
    void addForeignNetns(const std::string& path) {
        if (!real()) return m_fake.addForeignNetns(path);
        auto home = netlink::openNetns("/proc/self/ns/net");
        ASSERT_TRUE(home.isOk());
        ASSERT_TRUE(netlink::createNetns(path, home->get()).isOk());
    }

    netlink::FakeKernel m_fake;
    std::unique_ptr<netlink::NlKernel> m_real;
    std::unique_ptr<CountingKernel> m_kernel;
    std::string m_dir;
};

TEST_P(ReconcilerKernels, BuildsWhatTheStoreWantsAndASecondPassChangesNothing) {
    auto n = addNetwork("n1", 4096, "10.1.0.0/24");
    ASSERT_TRUE(reconcileNetwork("n1").isOk()) << m_board.get("n1").message;
    auto a = addEndpoint("a1", n, 2);
    auto b = addEndpoint("b1", n, 3);
    ASSERT_TRUE(reconcileEndpoints({"a1", "b1"}).isOk());

    std::string sb = m_naming.sandboxNetns("n1");
    auto vx = link(sb, "vx0");
    ASSERT_TRUE(vx);
    EXPECT_EQ(vx->master, "br0");
    EXPECT_TRUE(vx->up);
    auto br = link(sb, "br0");
    ASSERT_TRUE(br);
    EXPECT_EQ(br->mac, model::Mac::fromIpv4(n.gateway).toString());
    EXPECT_EQ(br->addresses.count("10.1.0.1/24"), 1u);
    EXPECT_EQ(br->neighbours["10.1.0.2"], a.mac.toString());
    EXPECT_EQ(br->neighbours["10.1.0.3"], b.mac.toString());
    auto veth = link(sb, a.hostVeth);
    ASSERT_TRUE(veth);
    EXPECT_EQ(veth->master, "br0");
    auto eth0 = link(a.netnsPath, "eth0");
    ASSERT_TRUE(eth0);
    EXPECT_TRUE(eth0->up);
    EXPECT_EQ(eth0->mac, a.mac.toString());
    EXPECT_EQ(eth0->addresses.count("10.1.0.2/24"), 1u);
    EXPECT_EQ(eth0->neighbours["10.1.0.1"], br->mac);
    EXPECT_EQ(m_board.get("a1").state, model::ObjectState::Ready);
    EXPECT_TRUE(m_store->owned()->empty());

    size_t before = m_kernel->applied();
    ASSERT_TRUE(fullPass().isOk());
    EXPECT_EQ(m_kernel->applied(), before) << "a pass over a healthy kernel changed something";
}

TEST_P(ReconcilerKernels, RemovesWhatIsNoLongerWantedAndForgetsTheRecords) {
    auto n = addNetwork("n1", 4096, "10.1.0.0/24");
    ASSERT_TRUE(reconcileNetwork("n1").isOk()) << m_board.get("n1").message;
    auto a = addEndpoint("a1", n, 2);
    ASSERT_TRUE(reconcileEndpoints({"a1"}).isOk());
    deleteEndpoint(a);
    ASSERT_TRUE(reconcileEndpoints({"a1"}).isOk());
    EXPECT_FALSE(hasNetns(a.netnsPath));
    // The veth goes with its namespace, which Linux tears down a moment later (the fake at once).
    EXPECT_TRUE(eventually([&] { return !link(m_naming.sandboxNetns("n1"), a.hostVeth); },
                           std::chrono::seconds(2)));
    EXPECT_TRUE(m_store->owned()->empty());
    EXPECT_TRUE(link(m_naming.sandboxNetns("n1"), "br0")->neighbours.empty());
}

TEST_P(ReconcilerKernels, AnAttachedNamespaceLosesOnlyLoomsInterface) {
    auto n = addNetwork("n1", 4096, "10.1.0.0/24");
    ASSERT_TRUE(reconcileNetwork("n1").isOk()) << m_board.get("n1").message;
    std::string foreign = m_dir + "/container";
    addForeignNetns(foreign);
    auto a = addEndpoint("a1", n, 2, model::NetnsMode::Path, foreign);
    ASSERT_TRUE(reconcileEndpoints({"a1"}).isOk());
    ASSERT_TRUE(link(foreign, "eth0"));
    deleteEndpoint(a);
    ASSERT_TRUE(reconcileEndpoints({"a1"}).isOk());
    EXPECT_TRUE(hasNetns(foreign));
    EXPECT_FALSE(link(foreign, "eth0"));
}

TEST_P(ReconcilerKernels, DriftIsRepairedByAFullPass) {
    auto n = addNetwork("n1", 4096, "10.1.0.0/24");
    ASSERT_TRUE(reconcileNetwork("n1").isOk()) << m_board.get("n1").message;
    auto a = addEndpoint("a1", n, 2);
    ASSERT_TRUE(reconcileEndpoints({"a1"}).isOk());
    std::string sb = m_naming.sandboxNetns("n1");
    deleteLink(sb, "vx0");
    setDown(sb, "br0");
    removeNetns(a.netnsPath);  // a reboot of one endpoint
    ASSERT_TRUE(fullPass().isOk());
    EXPECT_TRUE(link(sb, "vx0"));
    EXPECT_TRUE(link(sb, "br0")->up);
    auto eth0 = link(a.netnsPath, "eth0");
    ASSERT_TRUE(eth0);
    EXPECT_EQ(eth0->addresses.count("10.1.0.2/24"), 1u);
    EXPECT_TRUE(link(sb, a.hostVeth));
}

INSTANTIATE_TEST_SUITE_P(, ReconcilerKernels, ::testing::Values(KernelKind::Fake, KernelKind::Real),
                         [](const auto& info) {
                             return info.param == KernelKind::Fake ? "Fake" : "Real";
                         });

}  // namespace
}  // namespace loom::test

int main(int argc, char** argv) {
    // Before any thread: the whole process into namespaces of its own, so that the real
    // kernel's half builds nothing outside it, and its mounts vanish with it.
    // Namespace files go on a tmpfs over /mnt that only this process sees.
    if (::geteuid() == 0 && ::unshare(CLONE_NEWNET | CLONE_NEWNS) == 0 &&
        ::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) == 0 &&
        ::mount("loom-rk", "/mnt", "tmpfs", 0, "size=1m") == 0) {
        loom::test::g_isolated = loom::test::run(
                                     "ip link add ul0 type veth peer name ul0p && "
                                     "ip addr add 192.0.2.1/24 dev ul0 && ip link set ul0 up && "
                                     "ip link set ul0p up && ip link set lo up")
                                     .exitCode == 0;
    }
    ::testing::InitGoogleTest(&argc, argv);
    return RUN_ALL_TESTS();
}
