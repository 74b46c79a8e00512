// The reconciler's logic over the in-memory kernel and a real (in-memory) SQLite store, where it
// needs the fake's hooks (events, overruns, failures on demand). The bodies that need none run
// on the fake and on the real kernel in tests/netns/reconciler_kernels_test.cpp.
#include "engine/reconcile/reconciler.h"

#include <gtest/gtest.h>

#include <functional>
#include <future>
#include <mutex>
#include <thread>

#include "engine/netlink/fake_kernel.h"
#include "engine/store/store.h"
#include "tests/support/reconciler_harness.h"

using namespace loom::engine;
using netlink::FakeKernel;
using reconcile::Action;

namespace {

// Waits up to 3 s for `condition`.
bool eventually(const std::function<bool()>& condition) {
    for (int i = 0; i < 300; ++i) {
        if (condition()) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return false;
}

class ReconcilerTest : public ::testing::Test, protected loom::test::ReconcilerHarness {
protected:
    void SetUp() override {
        std::string why;
        ASSERT_TRUE(startOn(
            m_kernel, reconcile::Underlay{"ul0", 2, *model::Ipv4::parse("192.0.2.1"), 1500}, &why))
            << why;
    }
    void TearDown() override { stopReconciler(); }

    FakeKernel m_kernel;
};

// Building, removal, attached namespaces and drift run on both kernels
// (tests/netns/reconciler_kernels_test.cpp); what follows needs the fake's hooks.

TEST_F(ReconcilerTest, AnEndpointsVethGoesWithItsNamespaceNotByARequestOfItsOwn) {
    auto n = addNetwork("n1", 4096, "10.1.0.0/24");
    ASSERT_TRUE(reconcileNetwork("n1").isOk());
    auto a = addEndpoint("a1", n, 2);
    ASSERT_TRUE(reconcileEndpoints({"a1"}).isOk());
    deleteEndpoint(a);
    ASSERT_EQ(m_store->owned()->size(), 2u);  // the tombstone: namespace and veth
    ASSERT_TRUE(reconcileEndpoints({"a1"}).isOk());
    for (const auto& act : m_kernel.applied()) EXPECT_NE(act.kind, Action::Kind::DeleteLinks);
}

TEST_F(ReconcilerTest, RecordsLeftByACrashAreRemovedAtStart) {
    // As if the engine died after a delete was committed but before the kernel work.
    auto n = addNetwork("n1", 4096, "10.1.0.0/24");
    ASSERT_TRUE(reconcileNetwork("n1").isOk());
    auto a = addEndpoint("a1", n, 2);
    ASSERT_TRUE(reconcileEndpoints({"a1"}).isOk());
    m_reconciler->stop();
    deleteEndpoint(a);
    m_reconciler = std::make_unique<reconcile::Reconciler>(
        m_kernel, *m_store, m_board, m_naming,
        reconcile::Underlay{"ul0", 2, *model::Ipv4::parse("192.0.2.1"), 1500},
        reconcile::Reconciler::Options{});
    ASSERT_TRUE(m_reconciler->start().isOk());
    ASSERT_TRUE(fullPass().isOk());
    EXPECT_FALSE(m_kernel.hasNetns(a.netnsPath));
    EXPECT_TRUE(m_store->owned()->empty());
}

TEST_F(ReconcilerTest, ForeignNamespacesWithOurPrefixAreLeftAlone) {
    m_kernel.addForeignNetns("/ns/lm-ep-notours");
    ASSERT_TRUE(fullPass().isOk());
    EXPECT_TRUE(m_kernel.hasNetns("/ns/lm-ep-notours"));
}

TEST_F(ReconcilerTest, LinkEventsTriggerARepairWithoutAFullPass) {
    auto n = addNetwork("n1", 4096, "10.1.0.0/24");
    ASSERT_TRUE(reconcileNetwork("n1").isOk());
    auto a = addEndpoint("a1", n, 2);
    ASSERT_TRUE(reconcileEndpoints({"a1"}).isOk());
    std::string sb = m_naming.sandboxNetns("n1");
    m_kernel.setLinkUp(sb, a.hostVeth, true, true);  // the engine learns it was up
    m_kernel.removeLink(sb, a.hostVeth, true);
    EXPECT_TRUE(eventually([&] { return m_kernel.link(a.netnsPath, "eth0").has_value(); }));
    m_kernel.setLinkUp(sb, "br0", true, true);
    m_kernel.setLinkUp(sb, "br0", false, true);
    EXPECT_TRUE(eventually([&] { return m_kernel.link(sb, "br0")->up; }));
}

// Events lost to an overrun socket may have been losses: a full pass runs at once (the periodic
// one is an hour away here), and repairs a link that went without an event.
TEST_F(ReconcilerTest, AnOverrunLinkEventSocketTriggersAFullPass) {
    auto n = addNetwork("n1", 4096, "10.1.0.0/24");
    ASSERT_TRUE(reconcileNetwork("n1").isOk());
    auto a = addEndpoint("a1", n, 2);
    ASSERT_TRUE(reconcileEndpoints({"a1"}).isOk());
    std::string sb = m_naming.sandboxNetns("n1");
    m_kernel.removeLink(sb, a.hostVeth, /*notify=*/false);
    m_kernel.overrunLinkEvents(sb);
    EXPECT_TRUE(eventually([&] { return m_kernel.link(a.netnsPath, "eth0").has_value(); }));
}

TEST_F(ReconcilerTest, AFailureIsReportedThenRetried) {
    auto n = addNetwork("n1", 4096, "10.1.0.0/24");
    ASSERT_TRUE(reconcileNetwork("n1").isOk());
    auto a = addEndpoint("a1", n, 2);
    m_kernel.failNext(Action::Kind::CreateVeth, common::unavailable("device busy"));
    auto s = reconcileEndpoints({"a1"});
    EXPECT_EQ(s.code(), common::Code::Unavailable);
    EXPECT_NE(s.message().find("device busy"), std::string::npos);
    EXPECT_NE(s.message().find("ep-a1"), std::string::npos);  // names the object
    EXPECT_EQ(m_board.get("a1").state, model::ObjectState::Failed);
    // Retried after the first backoff (0.5 s) without anyone asking.
    EXPECT_TRUE(eventually([&] { return m_board.get("a1").state == model::ObjectState::Ready; }));
    EXPECT_TRUE(m_kernel.link(a.netnsPath, "eth0"));
}

TEST_F(ReconcilerTest, AnEndpointWaitsForItsNetwork) {
    auto n = addNetwork("n1", 4096, "10.1.0.0/24");
    m_kernel.failNext(Action::Kind::CreateBridge, common::internal("no bridge today"));
    EXPECT_FALSE(reconcileNetwork("n1").isOk());
    addEndpoint("a1", n, 2);
    auto s = reconcileEndpoints({"a1"});
    EXPECT_EQ(s.code(), common::Code::Unavailable);
    EXPECT_NE(s.message().find("not ready"), std::string::npos);
    EXPECT_TRUE(eventually([&] { return m_board.get("a1").state == model::ObjectState::Ready; }));
}

// What must be in place before a network's sandbox (an encrypted network's xfrm policies) is
// asked for first, before any of its kernel objects; a refusal leaves it unbuilt, and it is
// retried like any kernel failure.
class Preparing : public reconcile::SandboxHooks {
public:
    explicit Preparing(FakeKernel& kernel) : m_kernel(kernel) {}
    void releasing(const std::string&) override {}
    void settled(const std::set<std::string>&, const reconcile::Touched&) override {}
    common::Status preparing(const model::Network& n) override {
        std::lock_guard lock(m_mutex);
        m_appliedBefore.push_back(m_kernel.applied().size());
        m_networks.push_back(n.id);
        if (m_refusals > 0) {
            --m_refusals;
            return common::unavailable("policies not in place");
        }
        return {};
    }
    std::mutex m_mutex;
    int m_refusals = 1;
    std::vector<size_t> m_appliedBefore;
    std::vector<std::string> m_networks;

private:
    FakeKernel& m_kernel;
};

class ReconcilerHookTest : public ::testing::Test, protected loom::test::ReconcilerHarness {
protected:
    void TearDown() override { stopReconciler(); }
    FakeKernel m_kernel;
    Preparing m_hook{m_kernel};
};

TEST_F(ReconcilerHookTest, ANetworkIsPreparedBeforeItsSandboxAndARefusalLeavesItUnbuilt) {
    std::string why;
    ASSERT_TRUE(startOn(m_kernel,
                        reconcile::Underlay{"ul0", 2, *model::Ipv4::parse("192.0.2.1"), 1500}, &why,
                        {&m_hook}))
        << why;
    addNetwork("n1", 4096, "10.1.0.0/24");
    auto s = reconcileNetwork("n1");
    EXPECT_EQ(s.code(), common::Code::Unavailable);
    EXPECT_NE(s.message().find("policies not in place"), std::string::npos) << s.message();
    EXPECT_TRUE(m_kernel.applied().empty()) << "nothing of the network was made";
    EXPECT_EQ(m_board.get("n1").state, model::ObjectState::Failed);
    // Retried after the backoff; asked again first, before the first kernel object.
    ASSERT_TRUE(eventually([&] { return m_board.get("n1").state == model::ObjectState::Ready; }));
    std::lock_guard lock(m_hook.m_mutex);
    ASSERT_GE(m_hook.m_networks.size(), 2u);
    EXPECT_EQ(m_hook.m_networks[1], "n1");
    EXPECT_EQ(m_hook.m_appliedBefore[1], 0u);
    EXPECT_FALSE(m_kernel.applied().empty());
}

}  // namespace
