// Services through the engine (issue 14): a VIP from the network's IPAM, its name resolving on
// the network, connections from a client endpoint spread over the endpoints behind it by the
// client's own namespace, membership changed in place, bad input refused with nothing changed,
// a table removed by hand written again, and nothing left once the service goes.
#include <grpcpp/grpcpp.h>

#include <map>
#include <regex>

#include "engine/services/nft.h"
#include "tests/support/engine_fixture.h"
#include "tests/support/tcp_probe_client.h"

namespace loom::test {
namespace {

using namespace std::chrono_literals;

class EngineServices : public EngineTest {
protected:
    EngineServices() : EngineTest(1500, {"--resync-interval", "1"}) {}

    CommandResult ctl(const std::string& args) {
        return run("LOOM_SOCKET=" + m_host.socket() + " " + LOOM_BIN_DIR + "/loomctl " + args);
    }
    v1::Endpoint behind(const std::string& name, const std::string& service) {
        v1::CreateEndpointRequest req;
        req.set_name(name);
        req.set_network("blue");
        req.set_service(service);
        v1::Endpoint e;
        auto s = m_engine.endpoints().CreateEndpoint(deadline().get(), req, &e);
        EXPECT_TRUE(s.ok()) << s.error_message();
        m_servers.push_back(std::make_unique<Background>(probeServer(e.netns_path(), name)));
        return e;
    }
    static std::map<std::string, int> count(const v1::Endpoint& from, const std::string& target,
                                            int n) {
        return probeCount(from.netns_path(), target, n);
    }
    grpc::Status create(const std::string& name, const std::string& vip,
                        std::vector<std::pair<uint32_t, v1::Protocol>> ports, v1::Service* out) {
        v1::CreateServiceRequest req;
        req.set_name(name);
        req.set_network("blue");
        req.set_vip(vip);
        for (const auto& [port, protocol] : ports) {
            auto* p = req.add_ports();
            p->set_port(port);
            p->set_protocol(protocol);
        }
        return services().CreateService(deadline().get(), req, out);
    }
    v1::ServiceService::Stub& services() {
        if (!m_services) {
            m_services = v1::ServiceService::NewStub(m_engine.channel());
        }
        return *m_services;
    }
    std::vector<std::unique_ptr<Background>> m_servers;
    std::unique_ptr<v1::ServiceService::Stub> m_services;
};

TEST_F(EngineServices, AVipSpreadsConnectionsOverTheEndpointsBehindIt) {
    auto net = createNetwork("blue", "10.38.0.0/24");
    v1::Service web;
    auto s = create("web", "", {{8080, v1::PROTOCOL_TCP}}, &web);
    ASSERT_TRUE(s.ok()) << s.error_message();
    EXPECT_EQ(web.vip(), "10.38.0.254");  // the highest free address of the subnet
    EXPECT_EQ(web.dns_name(), "web.blue.loom");
    auto b1 = behind("b1", "web");
    auto b2 = behind("b2", "web");
    auto b3 = behind("b3", "web");
    auto client = createEndpoint("client", "blue");
    ASSERT_TRUE(
        eventually([&] { return count(client, addressOf(b3) + " 8080", 1)["b3"] == 1; }, 5s));

    // 999 connections to the VIP: a third each within 15%, none failed.
    auto c = count(client, web.vip() + " 8080", 999);
    EXPECT_EQ(c["failed"], 0);
    for (const char* b : {"b1", "b2", "b3"}) {
        EXPECT_GE(c[b], 283) << b;
        EXPECT_LE(c[b], 383) << b;
    }
    // Its name resolves to the VIP on the network.
    EXPECT_EQ(runIn(client.netns_path(), "timeout 3 drill -Q @" + net.gateway() + " web").output,
              web.vip() + "\n");
    auto r = ctl("service inspect web");
    EXPECT_EQ(r.exitCode, 0) << r.output;
    EXPECT_NE(r.output.find("backends:   3"), std::string::npos) << r.output;
    const std::string timeout =
        run("cat /proc/sys/net/netfilter/nf_conntrack_tcp_timeout_established").output;
    EXPECT_NE(r.output.find("idle up to " + timeout.substr(0, timeout.size() - 1) + " s"),
              std::string::npos)
        << r.output;

    // Out, then in again, in place.
    r = ctl("service remove web b3");
    EXPECT_EQ(r.exitCode, 0) << r.output;
    EXPECT_NE(r.output.find("backends:   2"), std::string::npos) << r.output;
    c = count(client, web.vip() + " 8080", 30);
    EXPECT_EQ(c["b3"], 0);
    EXPECT_EQ(c["failed"], 0);
    r = ctl("service remove web b3");
    EXPECT_EQ(r.exitCode, 1);
    EXPECT_EQ(r.output, "loomctl: endpoint: \"b3\" is not behind service \"web\"\n");
    ASSERT_EQ(ctl("service add web b3").exitCode, 0);
    c = count(client, web.vip() + " 8080", 30);
    EXPECT_EQ(c["b3"], 10);

    // The table removed by hand: the next full pass writes it again.
    ASSERT_EQ(
        runIn(client.netns_path(), "nft delete table ip " + m_host.prefix() + "_svc").exitCode, 0);
    EXPECT_TRUE(
        eventually([&] { return count(client, web.vip() + " 8080", 1)["failed"] == 0; }, 5s));

    // Deleted: the client's namespace holds nothing of it, and its VIP is free again.
    r = ctl("service rm web");
    EXPECT_EQ(r.exitCode, 0) << r.output;
    auto listed = engine::services::list(client.netns_path(), m_host.prefix() + "_svc");
    ASSERT_TRUE(listed);
    EXPECT_EQ(*listed, "");
    v1::Service again;
    EXPECT_TRUE(create("web2", web.vip(), {}, &again).ok());
}

TEST_F(EngineServices, BadInputIsRefusedNamingTheFieldAndChangesNothing) {
    createNetwork("blue", "10.39.0.0/24");
    auto e = createEndpoint("e1", "blue");
    v1::Service ok;
    ASSERT_TRUE(create("web", "", {{80, v1::PROTOCOL_TCP}}, &ok).ok());
    struct Case {
        std::string name, vip;
        std::vector<std::pair<uint32_t, v1::Protocol>> ports;
        grpc::StatusCode code;
        std::string message;
    };
    std::vector<Case> cases = {
        {"a",
         "10.40.0.9",
         {},
         grpc::INVALID_ARGUMENT,
         "vip: 10.40.0.9 is outside the subnet 10.39.0.0/24 of network \"blue\""},
        {"b",
         addressOf(e),
         {},
         grpc::ALREADY_EXISTS,
         "vip: " + addressOf(e) + " is already taken on \"blue\""},
        {"c",
         ok.vip(),
         {},
         grpc::ALREADY_EXISTS,
         "vip: " + ok.vip() + " is already taken on \"blue\""},
        {"web", "", {}, grpc::ALREADY_EXISTS, "name: a service \"web\" already exists"},
        {"E1", "", {}, grpc::ALREADY_EXISTS, "name: \"E1\" is an endpoint of network \"blue\""},
        {"d",
         "",
         {{0, v1::PROTOCOL_TCP}},
         grpc::INVALID_ARGUMENT,
         "ports[0].port: 0 is outside 1..65535"},
        {"d",
         "",
         {{70000, v1::PROTOCOL_TCP}},
         grpc::INVALID_ARGUMENT,
         "ports[0].port: 70000 is outside 1..65535"},
        {"d",
         "",
         {{80, static_cast<v1::Protocol>(7)}},
         grpc::INVALID_ARGUMENT,
         "ports[0].protocol: must be TCP or UDP"},
        {"d",
         "",
         {{53, v1::PROTOCOL_UDP}, {53, v1::PROTOCOL_UDP}},
         grpc::INVALID_ARGUMENT,
         "ports[1]: 53/udp is given twice"},
    };
    for (const auto& c : cases) {
        v1::Service out;
        auto s = create(c.name, c.vip, c.ports, &out);
        EXPECT_EQ(s.error_code(), c.code) << c.name << ": " << s.error_message();
        EXPECT_EQ(s.error_message(), c.message) << c.name;
    }
    auto r = ctl("service create x --network blue --port 80/sctp");
    EXPECT_EQ(r.exitCode, 2);
    EXPECT_NE(r.output.find("the protocol must be tcp or udp"), std::string::npos) << r.output;
    r = ctl("service add web nosuch");
    EXPECT_EQ(r.exitCode, 1);
    EXPECT_EQ(r.output, "loomctl: endpoint: no endpoint \"nosuch\"\n");
    r = ctl("endpoint create e2 --network blue --service nosuch");
    EXPECT_EQ(r.exitCode, 1);
    EXPECT_EQ(r.output, "loomctl: service: no service \"nosuch\" on network \"blue\"\n");
    // Nothing changed: one service, one endpoint.
    v1::ListServicesResponse all;
    ASSERT_TRUE(services().ListServices(deadline().get(), {}, &all).ok());
    EXPECT_EQ(all.services_size(), 1);
    EXPECT_EQ(listEndpoints().size(), 1u);
}

// Health checks on one engine: a backend whose server stops is taken out of the set (its
// clients no longer reach it; inspect and the event stream say why) and put back once it serves
// again; a backend of a service without ports has nothing to check and stays in.
TEST_F(EngineServices, AStoppedBackendIsTakenOutAndPutBack) {
    createNetwork("blue", "10.39.0.0/24");
    v1::Service web;
    ASSERT_TRUE(create("web", "", {{8080, v1::PROTOCOL_TCP}}, &web).ok());
    v1::Service any;
    ASSERT_TRUE(create("any", "", {}, &any).ok());
    behind("b1", "web");
    const auto b2 = behind("b2", "web");
    behind("quiet", "any");
    auto client = createEndpoint("client", "blue");
    const std::string vip = web.vip() + " 8080";
    ASSERT_TRUE(eventually([&] { return count(client, vip, 4)["b2"] > 0; }, 5s));

    const std::string b2Ip = b2.ip().substr(0, b2.ip().find('/'));
    const std::regex b2Named(std::regex_replace(b2Ip, std::regex("\\."), "\\.") + "(?![0-9])");
    const auto clientRules = [&] { return runIn(client.netns_path(), "nft list ruleset").output; };
    ASSERT_TRUE(std::regex_search(clientRules(), b2Named)) << clientRules();

    grpc::ClientContext watching;
    auto events = m_engine.networks().WatchEvents(&watching, {});
    events->WaitForInitialMetadata();
    m_servers[1].reset();  // b2's server
    m_servers[2].reset();  // quiet's: nothing checks it
    const std::string out = "unhealthy: connect " + b2Ip + ":8080: Connection refused";
    ASSERT_TRUE(eventually(
        [&] { return ctl("service inspect web").output.find(out) != std::string::npos; }, 5s))
        << ctl("service inspect web").output;
    v1::Event e;
    bool told = false;
    while (!told && events->Read(&e)) {
        told = e.has_service() && e.service().name() == "web" &&
               e.message().rfind("backend b2 out: connect ", 0) == 0;
    }
    EXPECT_TRUE(told);
    // Inspect and the event tell of the verdict; the clients' rules follow it a moment later
    // (the reconciler reprograms each namespace): wait until the client's no longer name b2.
    EXPECT_TRUE(eventually([&] { return !std::regex_search(clientRules(), b2Named); }, 5s))
        << clientRules();
    auto c = count(client, vip, 60);
    EXPECT_EQ(c["failed"], 0);
    EXPECT_EQ(c["b1"], 60);
    auto listed = ctl("service ls").output;
    EXPECT_NE(listed.find(" 1/2"), std::string::npos) << listed;
    EXPECT_NE(ctl("service inspect any").output.find("quiet"), std::string::npos);
    EXPECT_EQ(ctl("service inspect any").output.find("unhealthy"), std::string::npos);

    m_servers[1] = std::make_unique<Background>(probeServer(b2.netns_path(), "b2"));
    EXPECT_TRUE(eventually([&] { return count(client, vip, 4)["b2"] > 0; }, 5s));
    EXPECT_EQ(ctl("service inspect web").output.find("unhealthy"), std::string::npos);
    bool back = false;
    while (!back && events->Read(&e)) {
        back = e.has_service() && e.message() == "backend b2 back in";
    }
    EXPECT_TRUE(back);
    watching.TryCancel();
    while (events->Read(&e)) {
    }
}

}  // namespace
}  // namespace loom::test
