// Who may do what, above the transport: the method rules, roles from certificates, what an
// engine may claim for the client it asks for, and what the audit trail keeps of a request.
#include <gtest/gtest.h>

#include "engine/api/access.h"
#include "engine/api/audit_log.h"
#include "engine/api/caller.h"
#include "engine/api/peers.h"
#include "engine/store/store.h"

namespace loom::engine::api {
namespace {

TEST(AccessPolicy, ReadsAreAViewersEverythingElseAnOperators) {
    struct Case {
        const char* method;
        Role needs;
        const char* doing;
    };
    const Case cases[] = {
        {"/loom.v1.NetworkService/ListNetworks", Role::Viewer, ""},
        {"/loom.v1.NetworkService/WatchEvents", Role::Viewer, ""},
        {"/loom.v1.BundleService/PlanBundle", Role::Viewer, ""},
        {"/loom.v1.AuditService/ListAudit", Role::Viewer, ""},
        {"/grpc.health.v1.Health/Check", Role::Viewer, ""},
        {"/loom.v1.EndpointService/DeleteEndpoint", Role::Operator, "delete endpoints"},
        {"/loom.v1.HostService/Teardown", Role::Operator, "tear down a host's networks"},
        {"/loom.v1.BundleService/ApplyBundle", Role::Operator, "apply bundles"},
        // A method nobody listed yet is closed to viewers.
        {"/loom.v1.NetworkService/RenameNetwork", Role::Operator, "call RenameNetwork"},
    };
    for (const auto& c : cases) {
        MethodRule r = ruleFor(c.method);
        EXPECT_EQ(r.needs, c.needs) << c.method;
        EXPECT_EQ(r.doing, c.doing) << c.method;
        EXPECT_EQ(r.changes, c.needs == Role::Operator) << c.method;
    }
    EXPECT_EQ(refusal(Role::Viewer, "alice", ruleFor("/loom.v1.EndpointService/DeleteEndpoint")),
              "viewer 'alice' may not delete endpoints");
}

TEST(AccessPolicy, OnlyTheOperatorUnitMakesAnOperator) {
    EXPECT_EQ(roleFromUnits({}), Role::Viewer);
    EXPECT_EQ(roleFromUnits({"loom-viewer"}), Role::Viewer);
    EXPECT_EQ(roleFromUnits({"ops", "loom-operator"}), Role::Operator);
    EXPECT_EQ(roleFromUnits({"Loom-Operator"}), Role::Viewer);
    EXPECT_EQ(lesser(Role::Operator, Role::Viewer), Role::Viewer);
    EXPECT_EQ(lesser(Role::None, Role::Operator), Role::None);
}

using Metadata = std::multimap<grpc::string_ref, grpc::string_ref>;

// The metadata an engine's stamp() puts on a call, as the receiving side sees it.
struct Stamped {
    std::vector<std::pair<std::string, std::string>> kv;
    Metadata view() const {
        Metadata m;
        for (const auto& [k, v] : kv) m.emplace(k, v);
        return m;
    }
};

Stamped stamped(const Caller& c, bool forwarded) {
    Stamped s;
    s.kv = {{"loom-caller-role", roleName(c.role)},
            {"loom-caller-subject-bin", c.subject},
            {"loom-caller-name-bin", c.name},
            {"loom-caller-source-bin", c.source},
            {"loom-caller-uid", std::to_string(c.uid)}};
    if (forwarded) s.kv.emplace_back(kForwardedHeader, "h1");
    return s;
}

Caller certified(Role role, const std::string& cn) {
    Caller c;
    c.role = role;
    c.name = cn;
    c.subject = "CN=" + cn;
    c.source = "ipv4:198.51.100.1:40000";
    return c;
}

TEST(CallerClaims, AForwardedCallGetsItsClientsRoleNeverMore) {
    Caller alice;
    alice.role = Role::Viewer;
    alice.subject = "uid 1000 (alice)";
    alice.name = "alice";
    alice.uid = 1000;
    alice.source = "local socket, pid 7";
    Caller engine = certified(Role::Operator, "h1");

    Caller c = claimed(engine, stamped(alice, true).view());
    EXPECT_EQ(c.role, Role::Viewer);
    EXPECT_EQ(c.subject, "uid 1000 (alice)");
    EXPECT_EQ(c.uid, 1000);
    EXPECT_NE(c.via.find("CN=h1"), std::string::npos) << c.via;

    // A viewer's certificate that claims to forward an operator's call stays a viewer.
    Caller root = alice;
    root.role = Role::Operator;
    Caller forged = claimed(certified(Role::Viewer, "eve"), stamped(root, true).view());
    EXPECT_EQ(forged.role, Role::Viewer);
    EXPECT_NE(forged.via.find("CN=eve"), std::string::npos) << "the real sender stays on record";

    // Forwarded without saying for whom: a viewer's call.
    Metadata bare;
    bare.emplace(kForwardedHeader, "h1");
    EXPECT_EQ(claimed(engine, bare).role, Role::Viewer);
    // A person's own call over TLS is the certificate's.
    EXPECT_EQ(claimed(engine, Metadata{}).role, Role::Operator);
    // This engine's own calls without a client are the engine's; with one, the client's.
    EXPECT_TRUE(claimed(engineCaller(), Metadata{}).engine);
    Caller inner = claimed(engineCaller(), stamped(alice, false).view());
    EXPECT_EQ(inner.role, Role::Viewer);
    EXPECT_EQ(inner.via, "this engine");
}

TEST(AuditNames, ARequestIsRecordedByTheNamesItCarriesOnly) {
    v1::CreateEndpointRequest create;
    create.set_name("web-1");
    create.set_network("blue");
    create.set_host("h2");
    create.set_ip("10.1.0.5");
    (*create.mutable_labels())["token"] = "s3cret";
    EXPECT_EQ(namedObjects(create), "name=web-1 network=blue host=h2");

    v1::CreateEndpointsRequest batch;
    batch.add_endpoints()->set_name("a");
    batch.add_endpoints()->set_name("b");
    EXPECT_EQ(namedObjects(batch), "endpoints=a,b");

    v1::ApplyBundleRequest apply;
    apply.set_bundle(std::string(1000, 'x'));
    apply.set_digest("abc");
    EXPECT_EQ(namedObjects(apply), "");

    v1::DeleteEndpointsRequest many;
    for (int i = 0; i < 200; ++i) many.add_endpoints("endpoint-" + std::to_string(i));
    EXPECT_LE(namedObjects(many).size(), 260u);
}

TEST(AuditTrail, RecordsAreListedAtOnceKeptAndBounded) {
    auto store = store::Store::open(":memory:");
    ASSERT_TRUE(store) << store.status().message();
    auto record = [](int64_t ms, const std::string& method) {
        v1::AuditRecord r;
        r.set_unix_ms(ms);
        r.mutable_caller()->set_subject("uid 0 (root)");
        r.set_method(method);
        return r;
    };
    auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
                   std::chrono::system_clock::now().time_since_epoch())
                   .count();
    {
        AuditLog log(**store, {std::chrono::hours(24), 3});
        log.record(record(now - 3 * 86400000LL, "old"));
        for (int i = 0; i < 5; ++i) log.record(record(now, "m" + std::to_string(i)));
        auto listed = log.list(0, 0);
        ASSERT_TRUE(listed) << listed.status().message();
        ASSERT_EQ(listed->records_size(), 6) << "queued records are listed before they are written";
        EXPECT_EQ(listed->records(0).method(), "m4") << "newest first";
        auto two = log.list(0, 2);
        ASSERT_TRUE(two);
        EXPECT_EQ(two->records_size(), 2);
        EXPECT_TRUE(two->truncated());
        log.stop();
    }
    // A new trail over the same store goes on with new ids, and prunes by age and by count.
    AuditLog again(**store, {std::chrono::hours(24), 3});
    again.record(record(now, "after"));
    again.stop();
    auto rows = (*store)->auditRows(0, 100);
    ASSERT_TRUE(rows);
    ASSERT_EQ(rows->size(), 3u);
    EXPECT_EQ(rows->front().method, "after");
    EXPECT_EQ((*rows)[1].method, "m4");
    for (const auto& r : *rows) EXPECT_NE(r.method, "old");
}

}  // namespace
}  // namespace loom::engine::api
