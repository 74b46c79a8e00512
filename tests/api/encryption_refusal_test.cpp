// Encrypted networks where the kernel cannot carry them (this machine: no ESP, no GCM): the
// engine says so in `host info`, and refuses --encrypted with FAILED_PRECONDITION naming what is
// missing, through the API, loomctl and a bundle, changing nothing. Where the kernel can, the
// same requests succeed (tests/vm runs them in a guest with Debian's stock kernel).
#include <google/protobuf/util/json_util.h>
#include <grpcpp/grpcpp.h>

#include "engine/bundle/bundle.h"
#include "engine/bundle/topology.h"
#include "tests/support/engine_fixture.h"

namespace loom::test {
namespace {

namespace bundle = engine::bundle;

// The oracle, apart from the engine: can `ip xfrm` make an ESP state with AES-GCM in a scratch
// namespace of this test?
bool kernelCanEncrypt() {
    const std::string ns = "lmxp" + randomSuffix(6);
    auto r = run("ip netns add " + ns + " && ip -n " + ns +
                 " xfrm state add src 192.0.2.1 dst 192.0.2.2 proto esp spi 0x100 reqid 1 mode "
                 "transport aead 'rfc4106(gcm(aes))' 0x0102030405060708090a0b0c0d0e0f1011121314 "
                 "128 2>/dev/null; rc=$?; ip netns del " +
                 ns + "; exit $rc");
    return r.exitCode == 0;
}

class EncryptionRefusal : public EngineTest {
protected:
    void SetUp() override {
        EngineTest::SetUp();
        if (IsSkipped() || HasFatalFailure()) return;
        m_canEncrypt = kernelCanEncrypt();
    }

    // What the engine has and what the host's xfrm tables hold.
    std::string state() {
        v1::ListNetworksResponse n;
        EXPECT_TRUE(m_engine.networks().ListNetworks(deadline().get(), {}, &n).ok());
        std::string out;
        (void)google::protobuf::util::MessageToJsonString(n, &out);
        for (const auto& ns : m_host.engineNamespaces()) out += "\n" + ns;
        out += run("ip -n " + m_host.netnsName() + " xfrm state; ip -n " + m_host.netnsName() +
                   " xfrm policy")
                   .output;
        return out;
    }

    CommandResult ctl(const std::string& args) {
        return run("LOOM_SOCKET=" + m_host.socket() + " " + LOOM_BIN_DIR + "/loomctl " + args);
    }

    bool m_canEncrypt = false;
};

TEST_F(EncryptionRefusal, HostInfoSaysWhetherThisKernelCanEncrypt) {
    v1::Host h;
    ASSERT_TRUE(m_engine.host().GetHost(deadline().get(), {}, &h).ok());
    EXPECT_EQ(h.can_encrypt(), m_canEncrypt);
    auto info = ctl("host info");
    ASSERT_EQ(info.exitCode, 0) << info.output;
    auto ls = ctl("host ls");
    ASSERT_EQ(ls.exitCode, 0) << ls.output;
    if (m_canEncrypt) {
        EXPECT_TRUE(h.encryption_message().empty()) << h.encryption_message();
        EXPECT_NE(info.output.find("encryption: yes"), std::string::npos) << info.output;
        return;
    }
    EXPECT_NE(h.encryption_message().find("cannot encrypt"), std::string::npos)
        << h.encryption_message();
    EXPECT_NE(info.output.find("encryption: no, cannot encrypt: the kernel has no"),
              std::string::npos)
        << info.output;
    // host ls: a column, and the reason under the table.
    EXPECT_NE(ls.output.find("ENCRYPT"), std::string::npos) << ls.output;
    EXPECT_NE(ls.output.find(h.encryption_message()), std::string::npos) << ls.output;
}

TEST_F(EncryptionRefusal, AnEncryptedNetworkIsRefusedNamingWhatIsMissingAndNothingChanges) {
    if (m_canEncrypt) GTEST_SKIP() << "this kernel can encrypt: tests/vm covers the working path";
    createNetwork("plain", "10.81.0.0/24");
    const std::string before = state();

    v1::CreateNetworkRequest req;
    req.set_name("secret");
    req.set_subnet("10.82.0.0/24");
    req.set_encrypted(true);
    v1::Network n;
    auto s = m_engine.networks().CreateNetwork(deadline().get(), req, &n);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION) << s.error_message();
    // The missing feature by name: this kernel's own answer decides which.
    const bool noEsp = run("zcat /proc/config.gz 2>/dev/null | grep -q '^CONFIG_INET_ESP=' || "
                           "modinfo esp4 >/dev/null 2>&1")
                           .exitCode != 0;
    for (const char* want : {"encrypted: this host", "cannot encrypt", "nothing was created"}) {
        EXPECT_NE(s.error_message().find(want), std::string::npos) << s.error_message();
    }
    if (noEsp) {
        EXPECT_NE(s.error_message().find("no ESP"), std::string::npos) << s.error_message();
    }
    EXPECT_EQ(state(), before);

    // loomctl: an exit code and one line on stderr.
    auto r = run("{ LOOM_SOCKET=" + m_host.socket() + " " + LOOM_BIN_DIR +
                 "/loomctl network create secret --subnet 10.82.0.0/24 --encrypted "
                 "--key-rotation 1h 2>&1 >/dev/null; }");  // stderr only
    EXPECT_NE(r.exitCode, 0);
    EXPECT_EQ(std::count(r.output.begin(), r.output.end(), '\n'), 1) << r.output;
    EXPECT_NE(r.output.find("cannot encrypt"), std::string::npos) << r.output;
    EXPECT_EQ(state(), before);

    // A bundle with an encrypted network: refused at plan, before any step.
    bundle::Topology t;
    bundle::TopologyNetwork net;
    net.name = "secret";
    net.subnet = "10.82.0.0/24";
    net.encrypted = true;
    t.networks.push_back(net);
    auto b = bundle::designBundle(t, "secret.loom");
    ASSERT_TRUE(b.isOk()) << b.status().message();
    auto archive = bundle::writeBundle(*b);
    ASSERT_TRUE(archive.isOk()) << archive.status().message();
    v1::PlanBundleRequest plan;
    plan.set_bundle(*archive);
    v1::PlanBundleResponse planned;
    auto p = v1::BundleService::NewStub(m_engine.channel())
                 ->PlanBundle(deadline(60).get(), plan, &planned);
    EXPECT_EQ(p.error_code(), grpc::StatusCode::FAILED_PRECONDITION) << p.error_message();
    EXPECT_NE(p.error_message().find("networks: \"secret\" is encrypted, and this host"),
              std::string::npos)
        << p.error_message();
    EXPECT_EQ(state(), before);

    // The plain network beside it was never in question.
    auto check = ctl("network ls");
    EXPECT_NE(check.output.find("plain"), std::string::npos) << check.output;
}

TEST_F(EncryptionRefusal, KeyRotationBelongsToEncryptedNetworksAndHasBounds) {
    const std::string before = state();
    v1::CreateNetworkRequest req;
    req.set_name("plain");
    req.set_subnet("10.83.0.0/24");
    req.set_key_rotation_s(3600);
    v1::Network n;
    auto s = m_engine.networks().CreateNetwork(deadline().get(), req, &n);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    EXPECT_NE(s.error_message().find("key_rotation: only an encrypted network"), std::string::npos)
        << s.error_message();
    auto r = ctl("network create x --subnet 10.83.0.0/24 --encrypted --key-rotation 5m3");
    EXPECT_EQ(r.exitCode, 2) << r.output;
    EXPECT_NE(r.output.find("--key-rotation: \"5m3\" is not a duration"), std::string::npos)
        << r.output;
    EXPECT_EQ(state(), before);
}

}  // namespace
}  // namespace loom::test
