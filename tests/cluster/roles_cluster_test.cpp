// Roles over mutual TLS: the client certificate's OU names the role. A viewer's change for
// another host is refused by the engine it asked, and never forwarded; an operator's is
// forwarded with the operator's identity and role, and both engines' audit trails say who.
#include <nlohmann/json.hpp>

#include "tests/cluster/cluster_fixture.h"

namespace loom::test {
namespace {

class RolesOverTls : public ClusterTest {
protected:
    // loomctl inside host 2's namespace, to host 1's TLS listener, with ROLE.pem.
    CommandResult ctlAs(const std::string& role, const std::string& args) {
        std::string pki = m_lab->dir() + "/pki/";
        return runIn(m_lab->host(2).netns, std::string(LOOM_BIN_DIR) + "/loomctl --server " +
                                               m_lab->host(1).vtep + ":7443 --ca " + pki +
                                               "ca.pem --cert " + pki + role + ".pem --key " + pki +
                                               role + "-key.pem " + args + " 2>&1");
    }
    nlohmann::json auditOf(int host) {
        auto r = run(std::string(LOOM_BIN_DIR) + "/loomctl --json --socket " +
                     m_lab->host(host).socket + " audit");
        EXPECT_EQ(r.exitCode, 0) << r.output;
        auto j = nlohmann::json::parse(r.output, nullptr, false);
        return j.is_discarded() || !j.contains("records") ? nlohmann::json::array() : j["records"];
    }
    static int count(const nlohmann::json& records, const std::string& method,
                     const std::string& subjectPart, int code) {
        int n = 0;
        for (const auto& r : records) {
            if (r.value("method", "") == method &&
                r["caller"].value("subject", "").find(subjectPart) != std::string::npos &&
                r.value("code", 0) == code) {
                ++n;
            }
        }
        return n;
    }
};

TEST_F(RolesOverTls, AViewersChangeIsRefusedWhereItArrivesAndAnOperatorsIsForwardedAsTheirs) {
    ASSERT_TRUE(bringUp(2, 10, /*tls=*/true));
    createNetwork(1, "web", "10.36.0.0/24");
    ASSERT_TRUE(knowsNetwork(2, "web"));

    auto who = ctlAs("viewer", "whoami");
    EXPECT_EQ(who.exitCode, 0) << who.output;
    EXPECT_NE(who.output.find("role:    viewer"), std::string::npos) << who.output;
    EXPECT_NE(who.output.find("CN=viewer"), std::string::npos) << who.output;
    EXPECT_NE(ctlAs("operator", "whoami").output.find("role:    operator"), std::string::npos);
    auto look = ctlAs("viewer", "endpoint ls --all");
    EXPECT_EQ(look.exitCode, 0) << look.output;

    auto refused = ctlAs("viewer", "endpoint create v1 --network web --host h2");
    EXPECT_EQ(refused.exitCode, 1) << refused.output;
    EXPECT_NE(refused.output.find("viewer 'viewer' may not create endpoints"), std::string::npos)
        << refused.output;
    auto made = ctlAs("operator", "endpoint create o1 --network web --host h2");
    EXPECT_EQ(made.exitCode, 0) << made.output;
    bool onHost2 = false;
    for (const auto& e : allEndpoints(2)) onHost2 |= e.name() == "o1" && e.host_name() == "h2";
    EXPECT_TRUE(onHost2);
    for (const auto& e : allEndpoints(2)) EXPECT_NE(e.name(), "v1");

    const std::string create = "loom.v1.EndpointService/CreateEndpoint";
    auto h1 = auditOf(1);
    EXPECT_EQ(count(h1, create, "CN=viewer", 7), 1) << h1;
    EXPECT_EQ(count(h1, create, "CN=operator", 0), 1) << h1;
    auto h2 = auditOf(2);
    EXPECT_EQ(count(h2, create, "CN=viewer", 7) + count(h2, create, "CN=viewer", 0), 0)
        << "the viewer's create was not forwarded: " << h2;
    ASSERT_EQ(count(h2, create, "CN=operator", 0), 1) << h2;
    for (const auto& r : h2) {
        if (r.value("method", "") != create) continue;
        EXPECT_EQ(r["caller"].value("role", ""), "ROLE_OPERATOR");
        EXPECT_NE(r["caller"].value("via", "").find("CN=h1"), std::string::npos)
            << "the forwarding engine is on record: " << r;
        EXPECT_EQ(r.value("object", ""), "name=o1 network=web");
    }
}

}  // namespace
}  // namespace loom::test
