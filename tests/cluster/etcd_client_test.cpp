// Loom's etcd client against a real etcd (a one-host lab's): the transaction compares the
// cluster code relies on, watches that fall behind a compaction, and lease expiry. The whole
// process runs in the lab's etcd namespace (entered before gRPC starts any thread).
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sched.h>
#include <unistd.h>

#include <csignal>
#include <fstream>
#include <thread>

#include "engine/cluster/etcd_client.h"
#include "engine/cluster/records.h"
#include "tests/support/lab.h"
#include "tests/support/shell.h"

using namespace loom::engine::cluster;

namespace {

std::unique_ptr<loom::test::Lab> g_lab;
std::unique_ptr<EtcdClient> g_etcd;

class EtcdClientTest : public ::testing::Test {
protected:
    void SetUp() override {
        if (!g_etcd) GTEST_SKIP() << "needs root and a lab";
        m_prefix = "/test/" + std::to_string(::getpid()) + "/" +
                   ::testing::UnitTest::GetInstance()->current_test_info()->name() + "/";
    }
    std::string m_prefix;
};

TEST_F(EtcdClientTest, PrefixEndCoversExactlyThePrefix) {
    EXPECT_EQ(prefixEnd("/a/"), "/a0");
    EXPECT_EQ(prefixEnd(std::string("a\xff", 2)), "b");
    ASSERT_TRUE(g_etcd->put(m_prefix + "x", "1").isOk());
    ASSERT_TRUE(g_etcd->put(m_prefix + "y/z", "2").isOk());
    ASSERT_TRUE(g_etcd->put(m_prefix.substr(0, m_prefix.size() - 1) + "0", "out").isOk());
    auto r = g_etcd->range(m_prefix, prefixEnd(m_prefix));
    ASSERT_TRUE(r.isOk()) << r.status().message();
    EXPECT_EQ(r->kvs_size(), 2);
}

TEST_F(EtcdClientTest, CompareAbsentLetsExactlyOneCreatorWin) {
    std::string key = m_prefix + "claim";
    auto attempt = [&](const std::string& who) {
        etcdserverpb::TxnRequest t;
        *t.add_compare() = compareAbsent(key);
        *t.add_success() = opPut(key, who);
        *t.add_failure() = opRange(key);
        return g_etcd->txn(t);
    };
    auto first = attempt("a");
    auto second = attempt("b");
    ASSERT_TRUE(first.isOk() && second.isOk());
    EXPECT_TRUE(first->succeeded());
    EXPECT_FALSE(second->succeeded());
    EXPECT_EQ(second->responses(0).response_range().kvs(0).value(), "a");
}

TEST_F(EtcdClientTest, RangeComparesSeeEveryKeyOfThePrefix) {
    std::string dir = m_prefix + "nets/";
    auto read = g_etcd->range(dir, prefixEnd(dir));
    ASSERT_TRUE(read.isOk());
    int64_t rev = read->header().revision();
    // Empty range: "no key" and "unchanged since" both hold.
    etcdserverpb::TxnRequest probe;
    *probe.add_compare() = compareEmpty(dir, prefixEnd(dir));
    *probe.add_compare() = compareUnchangedSince(dir, prefixEnd(dir), rev);
    auto r = g_etcd->txn(probe);
    ASSERT_TRUE(r.isOk());
    EXPECT_TRUE(r->succeeded());
    // Someone writes into the range after our read: both compares now fail.
    ASSERT_TRUE(g_etcd->put(dir + "n1", "x").isOk());
    etcdserverpb::TxnRequest stale;
    *stale.add_compare() = compareUnchangedSince(dir, prefixEnd(dir), rev);
    EXPECT_FALSE(g_etcd->txn(stale)->succeeded());
    etcdserverpb::TxnRequest empty;
    *empty.add_compare() = compareEmpty(dir, prefixEnd(dir));
    EXPECT_FALSE(g_etcd->txn(empty)->succeeded());
    // A fresh read makes "unchanged since" hold again.
    int64_t now = g_etcd->range(dir, prefixEnd(dir))->header().revision();
    etcdserverpb::TxnRequest fresh;
    *fresh.add_compare() = compareUnchangedSince(dir, prefixEnd(dir), now);
    EXPECT_TRUE(g_etcd->txn(fresh)->succeeded());
}

TEST_F(EtcdClientTest, AWatchFromACompactedRevisionSaysSo) {
    auto first = g_etcd->put(m_prefix + "k", "1");
    ASSERT_TRUE(first.isOk());
    int64_t old = first->header().revision();
    auto later = g_etcd->put(m_prefix + "k", "2");
    ASSERT_TRUE(later.isOk());
    ASSERT_TRUE(g_etcd->compact(later->header().revision()).isOk());
    auto w = g_etcd->watch(m_prefix, prefixEnd(m_prefix), old);
    ASSERT_TRUE(w.isOk()) << w.status().message();
    auto batch = (*w)->next();
    ASSERT_TRUE(batch.isOk()) << batch.status().message();
    EXPECT_TRUE(batch->compacted);
    EXPECT_GE(batch->compactRevision, later->header().revision());

    // From a live revision, events arrive in order.
    auto live = g_etcd->watch(m_prefix, prefixEnd(m_prefix), later->header().revision() + 1);
    ASSERT_TRUE(live.isOk());
    ASSERT_TRUE(g_etcd->put(m_prefix + "k", "3").isOk());
    auto events = (*live)->next();
    ASSERT_TRUE(events.isOk());
    ASSERT_EQ(events->events.size(), 1u);
    EXPECT_EQ(events->events[0].kv().value(), "3");
}

TEST_F(EtcdClientTest, KeysOnALeaseGoWhenItIsNotKeptAlive) {
    auto lease = g_etcd->grantLease(2);
    ASSERT_TRUE(lease.isOk()) << lease.status().message();
    ASSERT_TRUE(g_etcd->put(m_prefix + "alive", "1", *lease).isOk());
    auto ttl = g_etcd->keepAlive(*lease);
    ASSERT_TRUE(ttl.isOk());
    EXPECT_GT(*ttl, 0);
    // Not kept alive, the key goes within the TTL (2 s) plus etcd's expiry check.
    EXPECT_TRUE(
        loom::test::eventually([&] { return g_etcd->range(m_prefix + "alive")->kvs_size() == 0; },
                               std::chrono::seconds(8)));
    ttl = g_etcd->keepAlive(*lease);
    ASSERT_TRUE(ttl.isOk());
    EXPECT_EQ(*ttl, 0) << "an expired lease reports TTL 0";
}

// The engine of the lab's host falls behind a compaction (stopped while etcd moves on and
// compacts): its watch is cancelled with a compact revision, and it reads everything again,
// so what happened meanwhile still arrives.
TEST_F(EtcdClientTest, AnEngineBehindACompactionReadsEverythingAgain) {
    const auto& host = g_lab->host(1);
    std::ifstream pidFile(g_lab->dir() + "/h1/pid");
    pid_t pid = 0;
    ASSERT_TRUE(pidFile >> pid);
    auto channel = grpc::CreateChannel("unix:" + host.socket, grpc::InsecureChannelCredentials());
    auto networks = loom::v1::NetworkService::NewStub(channel);

    ASSERT_EQ(::kill(pid, SIGSTOP), 0);
    // Far more events than a stopped client can buffer, then a network, then a compaction.
    std::string big(16384, 'x');
    for (int i = 0; i < 600; ++i) {
        ASSERT_TRUE(g_etcd->put("/loom/v1/zz-flood/" + std::to_string(i % 10), big).isOk());
    }
    loom::v1::Network n;
    n.set_id("behind0000000001");
    n.set_name("behind");
    n.set_vni(7777);
    n.set_subnet("10.99.0.0/24");
    n.set_gateway("10.99.0.1");
    n.set_mtu(1450);
    n.set_port(4789);
    auto put = g_etcd->put("/loom/v1/networks/" + n.id(), toJson(n));
    ASSERT_TRUE(put.isOk());
    ASSERT_TRUE(g_etcd->compact(put->header().revision()).isOk());
    ASSERT_EQ(::kill(pid, SIGCONT), 0);

    bool seen = false;
    for (int i = 0; i < 100 && !seen; ++i) {
        grpc::ClientContext ctx;
        ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(2));
        loom::v1::GetNetworkRequest req;
        req.set_network("behind");
        loom::v1::Network got;
        seen = networks->GetNetwork(&ctx, req, &got).ok();
        if (!seen) std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    EXPECT_TRUE(seen) << "the network written while the engine was behind never arrived";
    std::ifstream log(host.log);
    std::string text((std::istreambuf_iterator<char>(log)), std::istreambuf_iterator<char>());
    EXPECT_NE(text.find("fell behind a compaction"), std::string::npos) << text;
    (void)g_etcd->deleteRange("/loom/v1/zz-flood/", prefixEnd("/loom/v1/zz-flood/"));
    (void)g_etcd->deleteRange("/loom/v1/networks/" + n.id());
}

TEST(EtcdUrls, AreCheckedWithAClearMessage) {
    EXPECT_TRUE(parseEtcdUrls("http://192.0.2.1:2379,https://h:1").isOk());
    auto bad = parseEtcdUrls("192.0.2.1:2379");
    ASSERT_FALSE(bad.isOk());
    EXPECT_NE(bad.status().message().find("--etcd"), std::string::npos);
    EXPECT_FALSE(parseEtcdUrls("http://192.0.2.1").isOk());
    EXPECT_FALSE(parseEtcdUrls("").isOk());
}

TEST(EtcdUnreachable, FailsFastAsUnavailable) {
    if (!g_etcd) GTEST_SKIP() << "needs root and a lab";
    EtcdOptions options;
    options.urls = {"http://198.51.100.253:2379"};  // nobody there, inside the lab namespace
    options.timeout = std::chrono::milliseconds(500);
    auto client = EtcdClient::connect(options);
    ASSERT_TRUE(client.isOk());
    auto r = (*client)->range("/x");
    ASSERT_FALSE(r.isOk());
    EXPECT_EQ(r.status().code(), loom::engine::common::Code::Unavailable);
    EXPECT_NE(r.status().message().find("unreachable"), std::string::npos);
}

}  // namespace

int main(int argc, char** argv) {
    ::testing::InitGoogleTest(&argc, argv);
    if (::testing::GTEST_FLAG(list_tests) || ::geteuid() != 0) return RUN_ALL_TESTS();
    g_lab = loom::test::Lab::up(1);
    if (g_lab) {
        int fd = ::open(g_lab->etcdNetns().c_str(), O_RDONLY | O_CLOEXEC);
        if (fd < 0 || ::setns(fd, CLONE_NEWNET) != 0) {
            std::fprintf(stderr, "cannot enter %s\n", g_lab->etcdNetns().c_str());
            return 1;
        }
        ::close(fd);
        EtcdOptions options;
        options.urls = {"http://198.51.100.254:2379"};
        auto client = EtcdClient::connect(options);
        if (client) g_etcd = std::move(*client);
    }
    int rc = RUN_ALL_TESTS();
    g_etcd.reset();
    g_lab.reset();
    return rc;
}
