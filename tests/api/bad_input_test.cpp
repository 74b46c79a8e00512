// Every bad input over the real engine's socket: a clear error naming the field, and no change
// to the store or the kernel.
#include <sys/types.h>

#include "tests/support/engine_fixture.h"

namespace loom::test {
namespace {

using grpc::StatusCode;

class BadInput : public EngineTest {
protected:
    void SetUp() override {
        EngineTest::SetUp();
        if (IsSkipped() || HasFatalFailure()) return;
        createNetwork("blue", "10.51.0.0/24");
        v1::CreateNetworkRequest tiny;
        tiny.set_name("tiny");
        tiny.set_subnet("10.52.0.0/30");
        tiny.set_vni(77);
        v1::Network n;
        ASSERT_TRUE(m_engine.networks().CreateNetwork(deadline().get(), tiny, &n).ok());
        createEndpoint("web", "blue");
        v1::CreateEndpointRequest fixed;
        fixed.set_name("db");
        fixed.set_network("blue");
        fixed.set_ip("10.51.0.50");
        v1::Endpoint e;
        ASSERT_TRUE(m_engine.endpoints().CreateEndpoint(deadline().get(), fixed, &e).ok());
        m_before = snapshot();
    }

    // Everything observable: stored objects (less live state) and the kernel's objects.
    std::string snapshot() {
        std::string s;
        v1::ListNetworksResponse nets;
        m_engine.networks().ListNetworks(deadline().get(), {}, &nets);
        for (auto n : nets.networks()) {
            n.clear_state();
            n.clear_state_message();
            s += n.ShortDebugString() + "\n";
            s += run("nsenter --net=" + n.sandbox_netns() + " ip -o link | cut -d: -f2 | sort")
                     .output;
            s += run("nsenter --net=" + n.sandbox_netns() + " ip -o addr | awk '{print $2,$4}'")
                     .output;
        }
        for (auto e : listEndpoints()) {
            e.clear_state();
            e.clear_state_message();
            s += e.ShortDebugString() + "\n";
        }
        for (const auto& ns : m_host.engineNamespaces()) s += ns + "\n";
        return s;
    }

    void expectError(const grpc::Status& s, StatusCode code, const std::string& field,
                     const std::string& what) {
        EXPECT_EQ(s.error_code(), code) << what << ": " << s.error_message();
        EXPECT_NE(s.error_message().find(field), std::string::npos)
            << what << ": message does not name \"" << field << "\": " << s.error_message();
        EXPECT_EQ(snapshot(), m_before) << what << " changed something";
    }

    grpc::Status createNet(std::function<void(v1::CreateNetworkRequest&)> edit) {
        v1::CreateNetworkRequest req;
        req.set_name("green");
        req.set_subnet("10.60.0.0/24");
        edit(req);
        v1::Network n;
        return m_engine.networks().CreateNetwork(deadline().get(), req, &n);
    }

    grpc::Status createEp(std::function<void(v1::CreateEndpointRequest&)> edit) {
        v1::CreateEndpointRequest req;
        req.set_name("new");
        req.set_network("blue");
        edit(req);
        v1::Endpoint e;
        return m_engine.endpoints().CreateEndpoint(deadline().get(), req, &e);
    }

    std::string m_before;
};

TEST_F(BadInput, Networks) {
    using R = v1::CreateNetworkRequest;
    expectError(createNet([](R& r) { r.set_vni(0); }), StatusCode::INVALID_ARGUMENT, "vni",
                "vni 0");
    expectError(createNet([](R& r) { r.set_vni(16777216); }), StatusCode::INVALID_ARGUMENT, "vni",
                "vni too big");
    expectError(createNet([](R& r) { r.set_vni(77); }), StatusCode::ALREADY_EXISTS, "vni",
                "vni in use");
    expectError(createNet([](R& r) { r.set_subnet("10.60.0/24"); }), StatusCode::INVALID_ARGUMENT,
                "subnet", "malformed cidr");
    expectError(createNet([](R& r) { r.set_subnet("10.60.0.7/24"); }), StatusCode::INVALID_ARGUMENT,
                "subnet", "host bits");
    expectError(createNet([](R& r) { r.set_subnet("10.60.0.0/31"); }), StatusCode::INVALID_ARGUMENT,
                "subnet", "prefix too long");
    expectError(createNet([](R& r) { r.set_subnet("10.51.0.128/25"); }), StatusCode::ALREADY_EXISTS,
                "subnet", "overlap");
    expectError(createNet([](R& r) { r.set_subnet("10.0.0.0/8"); }), StatusCode::ALREADY_EXISTS,
                "subnet", "overlap from above");
    expectError(createNet([](R& r) { r.set_name(""); }), StatusCode::INVALID_ARGUMENT, "name",
                "empty name");
    expectError(createNet([](R& r) { r.set_name(std::string(64, 'n')); }),
                StatusCode::INVALID_ARGUMENT, "name", "long name");
    expectError(createNet([](R& r) { r.set_name("no spaces"); }), StatusCode::INVALID_ARGUMENT,
                "name", "bad name");
    expectError(createNet([](R& r) { r.set_name("blue"); }), StatusCode::ALREADY_EXISTS, "name",
                "duplicate name");
    expectError(createNet([](R& r) { r.set_mtu(67); }), StatusCode::INVALID_ARGUMENT, "mtu",
                "mtu small");
    expectError(createNet([](R& r) { r.set_mtu(1451); }), StatusCode::INVALID_ARGUMENT, "mtu",
                "mtu above the underlay");
    expectError(createNet([](R& r) { r.set_port(0); }), StatusCode::INVALID_ARGUMENT, "port",
                "port 0");
    expectError(createNet([](R& r) { r.set_port(70000); }), StatusCode::INVALID_ARGUMENT, "port",
                "port big");

    v1::GetNetworkRequest get;
    get.set_network("nope");
    v1::Network n;
    expectError(m_engine.networks().GetNetwork(deadline().get(), get, &n), StatusCode::NOT_FOUND,
                "nope", "unknown network");
    v1::DeleteNetworkRequest del;
    del.set_network("blue");
    v1::DeleteNetworkResponse resp;
    expectError(m_engine.networks().DeleteNetwork(deadline().get(), del, &resp),
                StatusCode::FAILED_PRECONDITION, "endpoint", "delete with endpoints");
    del.set_network("nope");
    expectError(m_engine.networks().DeleteNetwork(deadline().get(), del, &resp),
                StatusCode::NOT_FOUND, "nope", "delete unknown network");
}

TEST_F(BadInput, Endpoints) {
    using R = v1::CreateEndpointRequest;
    expectError(createEp([](R& r) { r.set_ip("10.99.0.5"); }), StatusCode::INVALID_ARGUMENT, "ip",
                "address outside the subnet");
    expectError(createEp([](R& r) { r.set_ip("10.51.0.50"); }), StatusCode::ALREADY_EXISTS, "ip",
                "address taken");
    expectError(createEp([](R& r) { r.set_ip("10.51.0.1"); }), StatusCode::INVALID_ARGUMENT, "ip",
                "host's own address");
    expectError(createEp([](R& r) { r.set_ip("10.51.0.255"); }), StatusCode::INVALID_ARGUMENT, "ip",
                "broadcast");
    expectError(createEp([](R& r) { r.set_ip("10.51.0.0"); }), StatusCode::INVALID_ARGUMENT, "ip",
                "network address");
    expectError(createEp([](R& r) { r.set_ip("ten"); }), StatusCode::INVALID_ARGUMENT, "ip",
                "not an ip");
    expectError(createEp([](R& r) { r.set_network("nope"); }), StatusCode::NOT_FOUND, "network",
                "unknown network");
    expectError(createEp([](R& r) { r.set_network(""); }), StatusCode::INVALID_ARGUMENT, "network",
                "no network");
    expectError(createEp([](R& r) { r.set_netns_path("/run/netns/does-not-exist"); }),
                StatusCode::INVALID_ARGUMENT, "netns_path", "missing namespace");
    expectError(createEp([](R& r) { r.set_netns_path("/etc/hostname"); }),
                StatusCode::INVALID_ARGUMENT, "netns_path", "not a namespace");
    expectError(createEp([](R& r) { r.set_pid(4194304); }), StatusCode::INVALID_ARGUMENT, "pid",
                "missing pid");
    expectError(createEp([](R& r) { r.set_name("web"); }), StatusCode::ALREADY_EXISTS, "name",
                "duplicate name");
    expectError(createEp([](R& r) { r.set_name(""); }), StatusCode::INVALID_ARGUMENT, "name",
                "empty name");
    expectError(createEp([](R& r) { r.set_name("a/b"); }), StatusCode::INVALID_ARGUMENT, "name",
                "bad name");
    expectError(createEp([](R& r) { r.set_interface_name("an-interface-name"); }),
                StatusCode::INVALID_ARGUMENT, "interface_name", "long interface name");

    // A /30 holds the host and one endpoint.
    createEndpoint("only", "tiny");
    m_before = snapshot();
    expectError(createEp([](R& r) { r.set_network("tiny"); }), StatusCode::RESOURCE_EXHAUSTED, "ip",
                "subnet full");

    v1::GetEndpointRequest get;
    get.set_endpoint("nope");
    v1::Endpoint e;
    expectError(m_engine.endpoints().GetEndpoint(deadline().get(), get, &e), StatusCode::NOT_FOUND,
                "nope", "unknown endpoint");
    v1::DeleteEndpointRequest del;
    del.set_endpoint("nope");
    v1::DeleteEndpointResponse resp;
    expectError(m_engine.endpoints().DeleteEndpoint(deadline().get(), del, &resp),
                StatusCode::NOT_FOUND, "nope", "delete unknown endpoint");
}

TEST_F(BadInput, ABulkRequestIsAllOrNothing) {
    v1::CreateEndpointsRequest req;
    auto* a = req.add_endpoints();
    a->set_name("bulk-a");
    a->set_network("blue");
    auto* b = req.add_endpoints();
    b->set_name("bulk-b");
    b->set_network("blue");
    b->set_ip("10.77.0.1");
    v1::CreateEndpointsResponse resp;
    expectError(m_engine.endpoints().CreateEndpoints(deadline().get(), req, &resp),
                StatusCode::INVALID_ARGUMENT, "endpoints[1].ip", "bulk with one bad address");
}

TEST_F(BadInput, AKernelRefusalIsRolledBack) {
    // The namespace already has an eth0 that is not Loom's: the kernel step fails, and the
    // request must leave neither a row nor a half-built veth behind.
    std::string ns = m_host.addNamespace("busy");
    ASSERT_EQ(runIn(ns, "ip link add eth0 type veth peer name other").exitCode, 0);
    m_before = snapshot();
    expectError(createEp([&](v1::CreateEndpointRequest& r) { r.set_netns_path(ns); }),
                StatusCode::ALREADY_EXISTS, "eth0", "foreign eth0 in the namespace");
    // The foreign eth0 and its peer are untouched.
    auto links = runIn(ns, "ip -o link").output;
    EXPECT_NE(links.find("eth0"), std::string::npos);
    EXPECT_NE(links.find("other"), std::string::npos);
}

}  // namespace
}  // namespace loom::test
