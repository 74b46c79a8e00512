// Encrypted networks in a cluster, on hosts whose kernel cannot carry them (this machine): every
// host publishes whether it can, `host ls` shows it for each, and --encrypted is refused with
// FAILED_PRECONDITION: for etcd without TLS (the keys would travel in the clear) whatever the
// kernels can do, and over TLS for the kernel that cannot. Nothing is created in either case.
#include <google/protobuf/util/json_util.h>

#include "tests/cluster/cluster_fixture.h"

namespace loom::test {
namespace {

class EncryptionCluster : public ClusterTest {
protected:
    grpc::Status createEncrypted(int host) {
        v1::CreateNetworkRequest req;
        req.set_name("secret");
        req.set_subnet("10.91.0.0/24");
        req.set_encrypted(true);
        v1::Network n;
        return m_lab->host(host).networks->CreateNetwork(deadline().get(), req, &n);
    }
    std::string networks(int host) {
        v1::ListNetworksResponse r;
        EXPECT_TRUE(m_lab->host(host).networks->ListNetworks(deadline().get(), {}, &r).ok());
        std::string out;
        (void)google::protobuf::util::MessageToJsonString(r, &out);
        return out;
    }
};

TEST_F(EncryptionCluster, PlainEtcdIsRefusedForEncryptedNetworksAndHostsSayWhetherTheyCan) {
    ASSERT_TRUE(bringUp(2));
    const std::string before = networks(2);
    auto s = createEncrypted(1);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION) << s.error_message();
    for (const char* want : {"encrypted: ", "keys travel through etcd", "is not over TLS",
                             "https://", "nothing was created"}) {
        EXPECT_NE(s.error_message().find(want), std::string::npos) << s.error_message();
    }
    EXPECT_EQ(networks(2), before);
    EXPECT_EQ(networks(1), before);

    // Each host's answer reaches the others through its record in etcd.
    v1::ListHostsResponse hosts;
    ASSERT_TRUE(m_lab->host(2).host->ListHosts(deadline().get(), {}, &hosts).ok());
    ASSERT_EQ(hosts.hosts_size(), 2);
    v1::Host self;
    ASSERT_TRUE(m_lab->host(1).host->GetHost(deadline().get(), {}, &self).ok());
    for (const auto& h : hosts.hosts()) {
        EXPECT_EQ(h.can_encrypt(), self.can_encrypt()) << h.name();
        EXPECT_EQ(h.encryption_message(), self.encryption_message()) << h.name();
    }
}

TEST_F(EncryptionCluster, OverTlsTheKernelThatCannotIsNamed) {
    ASSERT_TRUE(bringUp(2, 10, true));
    v1::Host self;
    ASSERT_TRUE(m_lab->host(2).host->GetHost(deadline().get(), {}, &self).ok());
    if (self.can_encrypt()) GTEST_SKIP() << "this kernel can encrypt: tests/vm covers it";
    const std::string before = networks(1);
    auto s = createEncrypted(2);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION) << s.error_message();
    EXPECT_NE(s.error_message().find("cannot encrypt: the kernel has no"), std::string::npos)
        << s.error_message();
    EXPECT_EQ(s.error_message().find("TLS"), std::string::npos) << s.error_message();
    EXPECT_EQ(networks(1), before);
    EXPECT_EQ(networks(2), before);
}

}  // namespace
}  // namespace loom::test
