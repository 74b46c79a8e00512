// Remote endpoints: the peer planner's table, the cluster view's bookkeeping of etcd events, and
// the reconciler programming peers in a clustered (on demand) mode over the in-memory kernel.
#include <gtest/gtest.h>

#include <future>

#include "engine/cluster/keys.h"
#include "engine/cluster/records.h"
#include "engine/cluster/view.h"
#include "engine/netlink/fake_kernel.h"
#include "engine/reconcile/planner.h"
#include "engine/reconcile/reconciler.h"
#include "engine/store/store.h"

using namespace loom::engine;
namespace v1 = loom::v1;
using reconcile::Action;
using A = reconcile::Action::Kind;

namespace {

model::Ipv4 ip(const char* s) {
    return *model::Ipv4::parse(s);
}
reconcile::Peer peer(const char* addr, const char* vtep) {
    return {ip(addr), model::Mac::fromIpv4(ip(addr)), ip(vtep)};
}
std::vector<A> kinds(const std::vector<Action>& plan) {
    std::vector<A> out;
    for (const auto& a : plan) out.push_back(a.kind);
    return out;
}

TEST(PlanPeers, Table) {
    auto p2 = peer("10.0.0.2", "192.0.2.2");
    auto p3 = peer("10.0.0.3", "192.0.2.3");
    reconcile::ObservedPeers synced;
    synced.vxlan = true;
    synced.fdb = {{p2.mac, p2.vtep}};
    synced.bridge = {{p2.mac, true}};
    synced.neighbours = {{p2.ip, p2.mac}};

    struct Case {
        const char* what;
        std::vector<reconcile::Peer> desired;
        std::function<void(reconcile::ObservedPeers&)> observe;
        std::vector<A> expected;
    };
    std::vector<Case> cases = {
        {"in sync", {p2}, [](auto&) {}, {}},
        {"no vx0 yet: nothing to program", {p2, p3}, [](auto& o) { o = {}; }, {}},
        {"a new peer: fdb, bridge, neighbour",
         {p2, p3},
         [](auto&) {},
         {A::SetFdb, A::SetBridgeFdb, A::SetNeighbour}},
        {"a peer gone: its entries go, neighbour first",
         {},
         [](auto&) {},
         {A::DeleteNeighbour, A::DeleteFdb, A::DeleteBridgeFdb}},
        {"moved to another VTEP: replaced",
         {peer("10.0.0.2", "192.0.2.9")},
         [](auto&) {},
         {A::SetFdb}},
        {"a wrong neighbour MAC: replaced",
         {p2},
         [&](auto& o) { o.neighbours[p2.ip] = p3.mac; },
         {A::SetNeighbour}},
        {"a learned bridge entry of a peer: made static",
         {p2},
         [&](auto& o) { o.bridge[p2.mac] = false; },
         {A::SetBridgeFdb}},
        {"a learned bridge entry of no peer: removed",
         {p2},
         [&](auto& o) { o.bridge[p3.mac] = false; },
         {A::DeleteBridgeFdb}},
        {"a missing fdb entry: rewritten", {p2}, [&](auto& o) { o.fdb.clear(); }, {A::SetFdb}},
    };
    for (const auto& c : cases) {
        auto observed = synced;
        c.observe(observed);
        auto plan = reconcile::planPeers(c.desired, observed, "/sb");
        EXPECT_EQ(kinds(plan), c.expected) << c.what;
        for (const auto& a : plan) EXPECT_EQ(a.netns, "/sb") << c.what;
    }
    auto moved = reconcile::planPeers({peer("10.0.0.2", "192.0.2.9")}, synced, "/sb");
    ASSERT_EQ(moved.size(), 1u);
    EXPECT_EQ(moved[0].local, ip("192.0.2.9"));
    EXPECT_EQ(moved[0].mac, p2.mac);
}

mvccpb::Event put(const std::string& key, const google::protobuf::Message& value,
                  int64_t revision) {
    mvccpb::Event e;
    e.set_type(mvccpb::Event::PUT);
    e.mutable_kv()->set_key(key);
    e.mutable_kv()->set_value(cluster::toJson(value));
    e.mutable_kv()->set_mod_revision(revision);
    return e;
}
mvccpb::Event del(const std::string& key, int64_t revision) {
    mvccpb::Event e;
    e.set_type(mvccpb::Event::DELETE);
    e.mutable_kv()->set_key(key);
    e.mutable_kv()->set_mod_revision(revision);
    return e;
}
v1::Endpoint remoteRecord(const std::string& id, const std::string& net, const std::string& host,
                          const char* addr, const char* vtep) {
    v1::Endpoint e;
    e.set_id(id);
    e.set_network_id(net);
    e.set_host_id(host);
    e.set_ip(std::string(addr) + "/24");
    e.set_mac(model::Mac::fromIpv4(ip(addr)).toString());
    e.set_vtep_ip(vtep);
    return e;
}

TEST(ClusterView, TracksHostsEndpointsAndClaimsFromEvents) {
    cluster::ClusterView view("self");
    EXPECT_FALSE(view.peers("n1").has_value()) << "unknown before the first read";
    v1::Host h2;
    h2.set_id("h2");
    h2.set_name("two");
    mvccpb::KeyValue member;
    member.set_key(cluster::keys::member("h2"));
    member.set_value(cluster::toJson(h2));
    view.reset({member}, 10);
    ASSERT_TRUE(view.synced());
    ASSERT_EQ(view.hosts().size(), 1u);
    EXPECT_FALSE(view.hosts()[0].alive()) << "a member without a lease key is down";

    EXPECT_TRUE(view.apply(put(cluster::keys::host("h2"), h2, 11)).peerNetworks.empty());
    EXPECT_TRUE(view.hosts()[0].alive());

    auto remote = remoteRecord("e2", "n1", "h2", "10.0.0.2", "192.0.2.2");
    auto local = remoteRecord("e1", "n1", "self", "10.0.0.3", "192.0.2.1");
    auto change = view.apply(put(cluster::keys::endpoint("n1", "e2"), remote, 12));
    EXPECT_EQ(change.peerNetworks, std::set<std::string>{"n1"});
    change = view.apply(put(cluster::keys::endpoint("n1", "e1"), local, 13));
    EXPECT_TRUE(change.peerNetworks.empty()) << "our own endpoint is no peer";
    auto peers = view.peers("n1");
    ASSERT_TRUE(peers.has_value());
    ASSERT_EQ(peers->size(), 1u);
    EXPECT_EQ((*peers)[0].vtep, ip("192.0.2.2"));
    EXPECT_EQ(view.hosts()[0].endpoint_count(), 1u);

    v1::AddressClaim claim;
    claim.set_host_id("h2");
    claim.set_endpoint_id("e2");
    view.apply(put(cluster::keys::claim("n1", ip("10.0.0.2")), claim, 14));
    EXPECT_EQ(view.claimedAddresses("n1"), std::vector<uint32_t>{ip("10.0.0.2").value});
    EXPECT_EQ(view.claimsOf("h2").size(), 1u);

    // The lease of h2 expires: its host key and its endpoints go.
    view.apply(del(cluster::keys::host("h2"), 15));
    change = view.apply(del(cluster::keys::endpoint("n1", "e2"), 15));
    EXPECT_EQ(change.peerNetworks, std::set<std::string>{"n1"});
    EXPECT_TRUE(view.peers("n1")->empty());
    EXPECT_FALSE(view.hosts()[0].alive());
    EXPECT_EQ(view.revision(), 15);

    EXPECT_TRUE(view.apply(del(cluster::keys::host("self"), 16)).ownHostDeleted);

    // Unreadable values are skipped, not fatal.
    mvccpb::Event junk = put(cluster::keys::endpoint("n1", "x"), remote, 17);
    junk.mutable_kv()->set_value("{not json");
    EXPECT_TRUE(view.apply(junk).peerNetworks.empty());
}

// Host addresses: each host's own address on a network. Another live host's is a peer (so its
// bridge is reachable for latency probes); a dead host's is not, but stays a probe target.
TEST(ClusterView, HostAddressesArePeersWhileTheirHostLives) {
    cluster::ClusterView view("self");
    v1::Host h2;
    h2.set_id("h2");
    h2.set_name("two");
    h2.set_vtep_ip("192.0.2.2");
    v1::Host self;
    self.set_id("self");
    self.set_vtep_ip("192.0.2.1");
    view.reset({}, 1);
    view.apply(put(cluster::keys::host("self"), self, 2));
    view.apply(put(cluster::keys::member("h2"), h2, 2));
    EXPECT_TRUE(view.apply(put(cluster::keys::host("h2"), h2, 3)).peerNetworks.empty());

    v1::AddressClaim theirs, mine;
    theirs.set_host_id("h2");
    theirs.set_host_address(true);
    mine.set_host_id("self");
    mine.set_host_address(true);
    auto change = view.apply(put(cluster::keys::claim("n1", ip("10.0.0.254")), theirs, 4));
    EXPECT_EQ(change.peerNetworks, std::set<std::string>{"n1"});
    view.apply(put(cluster::keys::claim("n1", ip("10.0.0.253")), mine, 5));
    EXPECT_EQ(view.ownHostAddress("n1"), ip("10.0.0.253"));
    EXPECT_FALSE(view.ownHostAddress("n2").has_value());
    auto peers = view.peers("n1");
    ASSERT_EQ(peers->size(), 1u);
    EXPECT_EQ((*peers)[0],
              (reconcile::Peer{ip("10.0.0.254"), model::Mac::fromIpv4(ip("10.0.0.254")),
                               ip("192.0.2.2")}));
    ASSERT_EQ(view.hostAddresses("n1").size(), 2u);

    // h2's lease goes: its address is no peer any more, but it is still a (dead) target.
    change = view.apply(del(cluster::keys::host("h2"), 6));
    EXPECT_EQ(change.peerNetworks, std::set<std::string>{"n1"});
    EXPECT_TRUE(view.peers("n1")->empty());
    auto targets = view.hostAddresses("n1");
    ASSERT_EQ(targets.size(), 2u);
    for (const auto& t : targets) EXPECT_EQ(t.alive, t.hostId == "self") << t.hostId;
    // Back again: a peer again.
    change = view.apply(put(cluster::keys::host("h2"), h2, 7));
    EXPECT_EQ(change.peerNetworks, std::set<std::string>{"n1"});
    EXPECT_EQ(view.peers("n1")->size(), 1u);
    // Released.
    change = view.apply(del(cluster::keys::claim("n1", ip("10.0.0.254")), 8));
    EXPECT_EQ(change.peerNetworks, std::set<std::string>{"n1"});
    EXPECT_TRUE(view.peers("n1")->empty());
}

TEST(PlanHostAddress, AddsReplacesAndKeepsTheGateway) {
    model::Network n;
    n.subnet = *model::Cidr::parse("10.0.0.0/24");
    n.gateway = ip("10.0.0.1");
    reconcile::ObservedPeers o;
    o.vxlan = true;
    o.bridgeAddresses = {{ip("10.0.0.1"), 24}};
    auto plan = reconcile::planHostAddress(ip("10.0.0.254"), n, o, "/sb");
    ASSERT_EQ(kinds(plan), std::vector<A>{A::SetHostAddress});
    EXPECT_EQ(plan[0].mac, model::Mac::fromIpv4(ip("10.0.0.254")));
    EXPECT_EQ(plan[0].prefix, 24);

    o.bridgeAddresses.push_back({ip("10.0.0.254"), 24});
    o.bridgeMac = model::Mac::fromIpv4(ip("10.0.0.254"));
    EXPECT_TRUE(reconcile::planHostAddress(ip("10.0.0.254"), n, o, "/sb").empty());
    // Wrong MAC (br0 re-created): set again.
    o.bridgeMac = model::Mac::fromIpv4(ip("10.0.0.9"));
    EXPECT_EQ(kinds(reconcile::planHostAddress(ip("10.0.0.254"), n, o, "/sb")),
              std::vector<A>{A::SetHostAddress});
    // Released: the address goes, the gateway stays.
    EXPECT_EQ(kinds(reconcile::planHostAddress(std::nullopt, n, o, "/sb")),
              std::vector<A>{A::DeleteAddress});
    // No vx0 yet: nothing.
    o.vxlan = false;
    EXPECT_TRUE(reconcile::planHostAddress(ip("10.0.0.254"), n, o, "/sb").empty());
}

// The reconciler in clustered mode: a sandbox only while a local endpoint needs it, and the
// peers of the network programmed from the peer source.
class ClusteredReconcilerTest : public ::testing::Test, public reconcile::PeerSource {
protected:
    void SetUp() override {
        auto st = store::Store::open(":memory:");
        ASSERT_TRUE(st.isOk());
        m_store = std::move(*st);
        reconcile::Reconciler::Options options;
        options.resyncInterval = std::chrono::hours(1);
        options.onDemand = true;
        m_reconciler = std::make_unique<reconcile::Reconciler>(
            m_kernel, *m_store, m_board, m_naming,
            reconcile::Underlay{"ul0", 2, ip("192.0.2.1"), 1500}, options);
        m_reconciler->setPeerSource(this);
        ASSERT_TRUE(m_reconciler->start().isOk());
        m_network.id = "n1";
        m_network.name = "web";
        m_network.vni = 4096;
        m_network.subnet = *model::Cidr::parse("10.0.0.0/24");
        m_network.gateway = ip("10.0.0.1");
        m_network.mtu = 1450;
        ASSERT_TRUE(m_store->transaction([&] { return m_store->insertNetwork(m_network); }));
    }
    void TearDown() override { m_reconciler->stop(); }

    std::optional<std::vector<reconcile::Peer>> peers(const std::string& id) override {
        std::lock_guard lock(m_mutex);
        if (id != "n1") return std::vector<reconcile::Peer>{};
        return m_peers;
    }
    std::optional<model::Ipv4> hostAddress(const std::string& id) override {
        std::lock_guard lock(m_mutex);
        return id == "n1" ? m_host : std::nullopt;
    }
    void setHost(std::optional<model::Ipv4> host) {
        std::lock_guard lock(m_mutex);
        m_host = host;
    }
    void setPeers(std::optional<std::vector<reconcile::Peer>> p) {
        std::lock_guard lock(m_mutex);
        m_peers = std::move(p);
    }

    common::Status wait(std::function<void(reconcile::Reconciler::Done)> start) {
        std::promise<common::Status> done;
        auto f = done.get_future();
        start([&done](const common::Status& s) { done.set_value(s); });
        if (f.wait_for(std::chrono::seconds(10)) != std::future_status::ready) {
            return common::internal("timed out");
        }
        return f.get();
    }
    common::Status settle() {
        return wait([&](auto done) { m_reconciler->requestFullPass(done); });
    }
    model::Endpoint addEndpoint(const std::string& id, const char* addr) {
        model::Endpoint e;
        e.id = id;
        e.name = id;
        e.networkId = "n1";
        e.ip = ip(addr);
        e.mac = model::Mac::fromIpv4(e.ip);
        e.netnsPath = m_naming.endpointNetns(id);
        e.hostVeth = m_naming.hostVeth(id);
        EXPECT_TRUE(m_store->transaction([&] { return m_store->insertEndpoint(e); }));
        return e;
    }
    std::optional<netlink::FakeKernel::Link> vxlan() {
        return m_kernel.link(m_naming.sandboxNetns("n1"), reconcile::kVxlanName);
    }

    netlink::FakeKernel m_kernel;
    std::unique_ptr<store::Store> m_store;
    reconcile::StatusBoard m_board;
    model::Naming m_naming{"/fake/netns", "lm"};
    std::unique_ptr<reconcile::Reconciler> m_reconciler;
    model::Network m_network;
    std::mutex m_mutex;
    std::optional<std::vector<reconcile::Peer>> m_peers = std::vector<reconcile::Peer>{};
    std::optional<model::Ipv4> m_host;
};

TEST_F(ClusteredReconcilerTest, HostAddressOnTheBridgeWithItsDerivedMac) {
    auto e = addEndpoint("e1", "10.0.0.2");
    setHost(ip("10.0.0.254"));
    ASSERT_TRUE(wait([&](auto done) { m_reconciler->markEndpoints({e.id}, done); }).isOk());
    std::string sandbox = m_naming.sandboxNetns("n1");
    auto br = m_kernel.link(sandbox, reconcile::kBridgeName);
    ASSERT_TRUE(br.has_value());
    EXPECT_EQ(br->mac, model::Mac::fromIpv4(ip("10.0.0.254")));
    EXPECT_TRUE(br->addresses.count({ip("10.0.0.254").value, 24}));
    EXPECT_TRUE(br->addresses.count({ip("10.0.0.1").value, 24})) << "the gateway stays";

    // The cluster gives another address (the old one was released): the old one goes.
    setHost(ip("10.0.0.253"));
    m_reconciler->markPeers({"n1"});
    ASSERT_TRUE(settle().isOk());
    br = m_kernel.link(sandbox, reconcile::kBridgeName);
    EXPECT_FALSE(br->addresses.count({ip("10.0.0.254").value, 24}));
    EXPECT_TRUE(br->addresses.count({ip("10.0.0.253").value, 24}));
    EXPECT_TRUE(br->addresses.count({ip("10.0.0.1").value, 24}));
    EXPECT_EQ(br->mac, model::Mac::fromIpv4(ip("10.0.0.253")));
}

TEST_F(ClusteredReconcilerTest, BuildsOnDemandProgramsPeersAndLeavesWithTheLastEndpoint) {
    setPeers(std::vector<reconcile::Peer>{peer("10.0.0.9", "192.0.2.9")});
    ASSERT_TRUE(settle().isOk());
    EXPECT_FALSE(m_kernel.hasNetns(m_naming.sandboxNetns("n1"))) << "no local endpoint yet";
    EXPECT_EQ(m_board.get("n1").state, model::ObjectState::Ready);

    auto e = addEndpoint("e1", "10.0.0.2");
    ASSERT_TRUE(wait([&](auto done) { m_reconciler->markEndpoints({e.id}, done); }).isOk());
    ASSERT_TRUE(vxlan().has_value());
    EXPECT_EQ(vxlan()->fdb.size(), 1u);
    EXPECT_EQ(vxlan()->neighbours.at(ip("10.0.0.9")), model::Mac::fromIpv4(ip("10.0.0.9")));

    // A new peer arrives; one goes; the source is marked, and the kernel follows.
    setPeers(std::vector<reconcile::Peer>{peer("10.0.0.7", "192.0.2.7")});
    m_reconciler->markPeers({"n1"});
    ASSERT_TRUE(settle().isOk());
    ASSERT_EQ(vxlan()->fdb.size(), 1u);
    EXPECT_EQ(vxlan()->fdb.begin()->second, ip("192.0.2.7"));
    EXPECT_FALSE(vxlan()->neighbours.count(ip("10.0.0.9")));

    // While the cluster is unknown, entries are left as they are.
    setPeers(std::nullopt);
    ASSERT_TRUE(settle().isOk());
    EXPECT_EQ(vxlan()->fdb.size(), 1u);

    // The last local endpoint leaves: the sandbox goes, the network stays.
    ASSERT_TRUE(m_store->transaction([&]() -> common::Status {
        LOOM_RETURN_IF_ERROR(m_store->recordOwned(reconcile::ownedBy(e, m_naming)));
        return m_store->deleteEndpoint(e.id);
    }));
    ASSERT_TRUE(wait([&](auto done) { m_reconciler->markEndpoints({e.id}, done); }).isOk());
    EXPECT_FALSE(m_kernel.hasNetns(m_naming.sandboxNetns("n1")));
    EXPECT_FALSE(m_kernel.hasNetns(e.netnsPath));
    EXPECT_TRUE(m_store->network("n1")->has_value());
}

}  // namespace
