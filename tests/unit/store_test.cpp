#include "engine/store/store.h"

#include <gtest/gtest.h>

#include "engine/store/migrations.h"

using namespace loom::engine;

namespace {

model::Network network(const std::string& id, const std::string& name, uint32_t vni,
                       const std::string& subnet) {
    model::Network n;
    n.id = id;
    n.name = name;
    n.vni = vni;
    n.subnet = *model::Cidr::parse(subnet);
    n.gateway = {n.subnet.network().value + 1};
    n.mtu = 1450;
    n.labels = {{"team", "core"}};
    return n;
}

model::Endpoint endpoint(const std::string& id, const std::string& name, const std::string& net,
                         const std::string& ip) {
    model::Endpoint e;
    e.id = id;
    e.name = name;
    e.networkId = net;
    e.ip = *model::Ipv4::parse(ip);
    e.mac = model::Mac::fromIpv4(e.ip);
    e.netnsPath = "/run/netns/lm-ep-" + id;
    e.hostVeth = "lmv" + id;
    return e;
}

TEST(Migrations, FreshDatabaseReachesTheLatestVersion) {
    auto db = store::Db::open(":memory:");
    ASSERT_TRUE(db.isOk());
    ASSERT_TRUE(store::migrate(**db).isOk());
    EXPECT_EQ(*store::schemaVersion(**db), static_cast<int>(store::migrations().size()));
    // Running again is a no-op.
    ASSERT_TRUE(store::migrate(**db).isOk());
    EXPECT_EQ(*store::schemaVersion(**db), static_cast<int>(store::migrations().size()));
}

TEST(Migrations, RefusesANewerDatabase) {
    auto db = store::Db::open(":memory:");
    ASSERT_TRUE((*db)->exec("PRAGMA user_version = 999").isOk());
    auto s = store::migrate(**db);
    EXPECT_EQ(s.code(), common::Code::FailedPrecondition);
    EXPECT_NE(s.message().find("newer"), std::string::npos);
}

TEST(Store, RoundTripAndConstraints) {
    auto st = store::Store::open(":memory:");
    ASSERT_TRUE(st.isOk()) << st.status().message();
    auto& s = **st;
    ASSERT_TRUE(s.transaction([&] {
                     return s.insertNetwork(network("n1", "blue", 4096, "10.1.0.0/24"));
                 }).isOk());
    auto got = s.findNetwork("blue");
    ASSERT_TRUE(got.isOk() && got->has_value());
    EXPECT_EQ((*got)->id, "n1");
    EXPECT_EQ((*got)->labels.at("team"), "core");
    EXPECT_EQ((*got)->subnet.toString(), "10.1.0.0/24");

    // Duplicate name and VNI are refused by the schema too.
    auto dup =
        s.transaction([&] { return s.insertNetwork(network("n2", "blue", 4097, "10.2.0.0/24")); });
    EXPECT_EQ(dup.code(), common::Code::AlreadyExists);
    EXPECT_EQ(s.networks()->size(), 1u);

    ASSERT_TRUE(s.transaction([&] {
                     return s.insertEndpoint(endpoint("e1", "web", "n1", "10.1.0.2"));
                 }).isOk());
    auto taken = s.takenAddresses("n1");
    ASSERT_TRUE(taken.isOk());
    EXPECT_EQ(taken->size(), 2u);  // gateway + endpoint
    auto again =
        s.transaction([&] { return s.insertEndpoint(endpoint("e2", "db", "n1", "10.1.0.2")); });
    EXPECT_EQ(again.code(), common::Code::AlreadyExists);
    EXPECT_EQ(s.endpoints()->size(), 1u);  // the failed transaction left no row
}

TEST(Store, TransactionRollsBackEverything) {
    auto st = store::Store::open(":memory:");
    auto& s = **st;
    auto failed = s.transaction([&]() -> common::Status {
        LOOM_RETURN_IF_ERROR(s.insertNetwork(network("n1", "blue", 4096, "10.1.0.0/24")));
        return common::invalidArgument("x", "late failure");
    });
    EXPECT_FALSE(failed.isOk());
    EXPECT_TRUE(s.networks()->empty());
    EXPECT_TRUE(s.takenAddresses("n1")->empty());
}

TEST(Store, OwnershipRecords) {
    auto st = store::Store::open(":memory:");
    auto& s = **st;
    using O = reconcile::OwnedObject;
    std::vector<O> objects = {{O::Kind::Netns, "/a", "", "n1", ""},
                              {O::Kind::Link, "/a", "v1", "n1", "e1"}};
    ASSERT_TRUE(s.recordOwned(objects).isOk());
    ASSERT_TRUE(s.recordOwned(objects).isOk());  // recording twice is harmless
    EXPECT_EQ(*s.owned(), objects);
    EXPECT_EQ(*s.ownedBy("n1", "e1"), std::vector<O>{objects[1]});
    EXPECT_EQ(*s.ownedBy("n1", ""), std::vector<O>{objects[0]});
    EXPECT_TRUE(s.ownedBy("n2", "")->empty());
    ASSERT_TRUE(s.forgetOwned({objects[1]}).isOk());
    EXPECT_EQ(*s.owned(), std::vector<O>{objects[0]});
}

TEST(Store, HostIdPersists) {
    std::string path = ::testing::TempDir() + "/loom-store-test.db";
    std::remove(path.c_str());
    std::string first;
    {
        auto st = store::Store::open(path);
        ASSERT_TRUE(st.isOk());
        first = *(*st)->hostId();
    }
    auto st = store::Store::open(path);
    EXPECT_EQ(*(*st)->hostId(), first);
    EXPECT_EQ(first.size(), 16u);
    std::remove(path.c_str());
}

}  // namespace
