// The reconciler's logic over the in-memory kernel and a real (in-memory) SQLite store: what it
// builds, removes, repairs and retries. tests/netns proves the same against the real kernel.
#include "engine/reconcile/reconciler.h"

#include <gtest/gtest.h>

#include <future>
#include <thread>

#include "engine/netlink/fake_kernel.h"
#include "engine/store/store.h"

using namespace loom::engine;
using netlink::FakeKernel;
using reconcile::Action;

namespace {

class ReconcilerTest : public ::testing::Test {
protected:
    void SetUp() override {
        auto st = store::Store::open(":memory:");
        ASSERT_TRUE(st.isOk());
        m_store = std::move(*st);
        reconcile::Reconciler::Options options;
        options.linkEventDelay = std::chrono::milliseconds(10);
        options.resyncInterval = std::chrono::hours(1);  // passes only when asked
        m_reconciler = std::make_unique<reconcile::Reconciler>(
            m_kernel, *m_store, m_board, m_naming,
            reconcile::Underlay{"ul0", 2, *model::Ipv4::parse("192.0.2.1"), 1500}, options);
        ASSERT_TRUE(m_reconciler->start().isOk());
        ASSERT_TRUE(fullPass().isOk());
    }
    void TearDown() override { m_reconciler->stop(); }

    static common::Status wait(std::function<void(reconcile::Reconciler::Done)> start) {
        std::promise<common::Status> done;
        auto f = done.get_future();
        start([&done](const common::Status& s) { done.set_value(s); });
        if (f.wait_for(std::chrono::seconds(10)) != std::future_status::ready) {
            return common::internal("timed out");
        }
        return f.get();
    }
    common::Status fullPass() {
        return wait([&](auto done) { m_reconciler->requestFullPass(done); });
    }
    common::Status reconcileEndpoints(std::vector<std::string> ids) {
        return wait([&](auto done) { m_reconciler->markEndpoints(ids, done); });
    }
    common::Status reconcileNetwork(const std::string& id) {
        return wait([&](auto done) { m_reconciler->markNetwork(id, done); });
    }

    model::Network addNetwork(const std::string& id, uint32_t vni, const std::string& subnet) {
        model::Network n;
        n.id = id;
        n.name = "net-" + id;
        n.vni = vni;
        n.subnet = *model::Cidr::parse(subnet);
        n.gateway = {n.subnet.network().value + 1};
        n.mtu = 1450;
        EXPECT_TRUE(m_store->transaction([&] { return m_store->insertNetwork(n); }).isOk());
        return n;
    }

    model::Endpoint addEndpoint(const std::string& id, const model::Network& n, uint32_t host,
                                model::NetnsMode mode = model::NetnsMode::Created,
                                const std::string& netns = "") {
        model::Endpoint e;
        e.id = id;
        e.name = "ep-" + id;
        e.networkId = n.id;
        e.ip = {n.subnet.network().value + host};
        e.mac = model::Mac::fromIpv4(e.ip);
        e.netnsMode = mode;
        e.netnsPath = mode == model::NetnsMode::Created ? m_naming.endpointNetns(id) : netns;
        e.hostVeth = m_naming.hostVeth(id);
        EXPECT_TRUE(m_store->transaction([&] { return m_store->insertEndpoint(e); }).isOk());
        return e;
    }

    void deleteEndpoint(const model::Endpoint& e) {
        ASSERT_TRUE(m_store
                        ->transaction([&]() -> common::Status {
                            LOOM_RETURN_IF_ERROR(
                                m_store->recordOwned(reconcile::ownedBy(e, m_naming)));
                            return m_store->deleteEndpoint(e.id);
                        })
                        .isOk());
    }

    bool eventually(std::function<bool()> condition) {
        for (int i = 0; i < 300; ++i) {
            if (condition()) return true;
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        return false;
    }

    model::Naming m_naming{"/ns", "lm"};
    FakeKernel m_kernel;
    reconcile::StatusBoard m_board;
    std::unique_ptr<store::Store> m_store;
    std::unique_ptr<reconcile::Reconciler> m_reconciler;
};

TEST_F(ReconcilerTest, BuildsWhatTheStoreWants) {
    auto n = addNetwork("n1", 4096, "10.1.0.0/24");
    ASSERT_TRUE(reconcileNetwork("n1").isOk());
    auto a = addEndpoint("a1", n, 2);
    auto b = addEndpoint("b1", n, 3);
    ASSERT_TRUE(reconcileEndpoints({"a1", "b1"}).isOk());

    std::string sb = m_naming.sandboxNetns("n1");
    auto vx = m_kernel.link(sb, "vx0");
    ASSERT_TRUE(vx);
    EXPECT_EQ(vx->vxlan.vni, 4096u);
    EXPECT_EQ(vx->master, "br0");
    EXPECT_TRUE(vx->up);
    ASSERT_TRUE(m_kernel.link(sb, a.hostVeth));
    auto eth0 = m_kernel.link(a.netnsPath, "eth0");
    ASSERT_TRUE(eth0);
    EXPECT_TRUE(eth0->up);
    EXPECT_EQ(eth0->mac, a.mac);
    EXPECT_EQ(eth0->addresses.count({a.ip.value, 24}), 1u);
    EXPECT_EQ(m_board.get("a1").state, model::ObjectState::Ready);
    EXPECT_EQ(m_board.get("n1").state, model::ObjectState::Ready);
    // Nothing was written as a record: the rows are the records.
    EXPECT_TRUE(m_store->owned()->empty());

    // A second pass over a healthy kernel changes nothing.
    size_t before = m_kernel.applied().size();
    ASSERT_TRUE(fullPass().isOk());
    EXPECT_EQ(m_kernel.applied().size(), before);
}

TEST_F(ReconcilerTest, RemovesWhatIsNoLongerWantedAndForgetsTheRecords) {
    auto n = addNetwork("n1", 4096, "10.1.0.0/24");
    ASSERT_TRUE(reconcileNetwork("n1").isOk());
    auto a = addEndpoint("a1", n, 2);
    ASSERT_TRUE(reconcileEndpoints({"a1"}).isOk());
    deleteEndpoint(a);
    ASSERT_EQ(m_store->owned()->size(), 2u);  // the tombstone: namespace and veth
    ASSERT_TRUE(reconcileEndpoints({"a1"}).isOk());
    EXPECT_FALSE(m_kernel.hasNetns(a.netnsPath));
    EXPECT_FALSE(m_kernel.link(m_naming.sandboxNetns("n1"), a.hostVeth));
    EXPECT_TRUE(m_store->owned()->empty());
    // The veth went with its namespace, not by a request of its own.
    for (const auto& act : m_kernel.applied()) EXPECT_NE(act.kind, Action::Kind::DeleteLinks);
}

TEST_F(ReconcilerTest, AnAttachedNamespaceLosesOnlyLoomsInterface) {
    auto n = addNetwork("n1", 4096, "10.1.0.0/24");
    ASSERT_TRUE(reconcileNetwork("n1").isOk());
    m_kernel.addForeignNetns("/run/netns/container");
    auto a = addEndpoint("a1", n, 2, model::NetnsMode::Path, "/run/netns/container");
    ASSERT_TRUE(reconcileEndpoints({"a1"}).isOk());
    ASSERT_TRUE(m_kernel.link("/run/netns/container", "eth0"));
    deleteEndpoint(a);
    ASSERT_TRUE(reconcileEndpoints({"a1"}).isOk());
    EXPECT_TRUE(m_kernel.hasNetns("/run/netns/container"));
    EXPECT_FALSE(m_kernel.link("/run/netns/container", "eth0"));
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

TEST_F(ReconcilerTest, DriftIsRepairedByAFullPass) {
    auto n = addNetwork("n1", 4096, "10.1.0.0/24");
    ASSERT_TRUE(reconcileNetwork("n1").isOk());
    auto a = addEndpoint("a1", n, 2);
    ASSERT_TRUE(reconcileEndpoints({"a1"}).isOk());
    std::string sb = m_naming.sandboxNetns("n1");
    m_kernel.removeLink(sb, "vx0", false);
    m_kernel.setLinkUp(sb, "br0", false, false);
    m_kernel.removeNetns(a.netnsPath);  // a reboot of one endpoint
    ASSERT_TRUE(fullPass().isOk());
    EXPECT_TRUE(m_kernel.link(sb, "vx0"));
    EXPECT_TRUE(m_kernel.link(sb, "br0")->up);
    EXPECT_TRUE(m_kernel.link(a.netnsPath, "eth0"));
    EXPECT_TRUE(m_kernel.link(sb, a.hostVeth));
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

}  // namespace
