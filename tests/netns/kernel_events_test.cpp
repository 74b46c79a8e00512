// The real kernel's side of link events and namespaces, without an engine: an overrun event
// socket says so (the reconciler then checks everything), and a thread that cannot return to
// its home namespace stops the process instead of working in the wrong one.
#include <gtest/gtest.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>

#include "engine/netlink/netns.h"
#include "engine/netlink/nl_kernel.h"
#include "tests/support/shell.h"

namespace loom::test {
namespace {

namespace netlink = engine::netlink;

class KernelEvents : public ::testing::Test {
protected:
    void SetUp() override {
        if (::geteuid() != 0) GTEST_SKIP() << "needs root (network namespaces)";
        m_ns = "lke" + randomSuffix(6);
        ASSERT_EQ(run("ip netns add " + m_ns).exitCode, 0);
        m_made = true;
        auto kernel = netlink::NlKernel::open();
        ASSERT_TRUE(kernel.isOk()) << kernel.status().message();
        m_kernel = std::move(*kernel);
    }
    void TearDown() override {
        if (m_made) run("ip netns del " + m_ns);
    }
    std::string path() const { return "/run/netns/" + m_ns; }

    std::string m_ns;
    bool m_made = false;
    std::unique_ptr<netlink::NlKernel> m_kernel;
};

TEST_F(KernelEvents, AnOverrunSocketSaysSoAndGoesOn) {
    auto fd = m_kernel->watchLinks(path());
    ASSERT_TRUE(fd.isOk()) << fd.status().message();
    // The smallest receive buffer the kernel allows, then far more events than fit in it.
    int small = 0;
    ASSERT_EQ(::setsockopt(*fd, SOL_SOCKET, SO_RCVBUF, &small, sizeof small), 0);
    std::string batch;
    for (int i = 0; i < 60; ++i) {
        batch += "link add lkv" + std::to_string(i) + " type veth peer name lkp" +
                 std::to_string(i) + "\n";
    }
    ASSERT_EQ(run("printf '" + batch + "' | ip -n " + m_ns + " -batch -").exitCode, 0);
    auto events = m_kernel->readLinkEvents(*fd);
    EXPECT_TRUE(std::any_of(events.begin(), events.end(), [](const auto& e) { return e.overrun; }))
        << events.size() << " events read, none an overrun";
    // The socket still delivers what comes after.
    ASSERT_EQ(run("ip -n " + m_ns + " link del lkv0").exitCode, 0);
    bool seen = false;
    EXPECT_TRUE(eventually(
        [&] {
            for (const auto& e : m_kernel->readLinkEvents(*fd))
                seen |= e.deleted && e.name == "lkv0";
            return seen;
        },
        std::chrono::seconds(5)));
    m_kernel->unwatchLinks(*fd);
}

// Not a fixture test: the death test's child runs the test body alone and dies, so nothing it
// made would be removed; it enters the namespace it is already in.
TEST(KernelEventsDeath, AThreadThatCannotGoHomeStopsTheEngine) {
    if (::geteuid() != 0) GTEST_SKIP() << "needs root (setns)";
    auto own = netlink::openNetns("/proc/self/ns/net");
    ASSERT_TRUE(own.isOk()) << own.status().message();
    GTEST_FLAG_SET(death_test_style, "threadsafe");
    EXPECT_DEATH(
        {
            // -1 is no namespace: the way home is gone.
            auto s = netlink::inNetns(own->get(), -1, [] { return engine::common::Status{}; });
            (void)s;
            std::exit(0);
        },
        "cannot return to the engine's own network namespace");
}

}  // namespace
}  // namespace loom::test
