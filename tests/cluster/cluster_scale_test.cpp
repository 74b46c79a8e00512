// Twenty hosts creating endpoints at once on one network: every create succeeds and every
// address is handed out once (address blocks, ipam::blockSize). Alone on the machine: twenty
// engines take both cores, and a lab started beside them would miss its start deadline.
#include <set>
#include <thread>

#include "tests/cluster/cluster_fixture.h"

namespace loom::test {
namespace {

// etcdctl inside the lab's etcd namespace: how many keys are under `prefix`.
size_t etcdKeyCount(Lab& lab, const std::string& prefix) {
    auto r = runIn(lab.etcdNetns(),
                   "env ETCDCTL_API=3 etcdctl --endpoints http://198.51.100.254:2379 "
                   "--command-timeout=5s get --prefix --keys-only " +
                       prefix);
    size_t count = 0;
    for (size_t at = 0; (at = r.output.find(prefix, at)) != std::string::npos; ++at) ++count;
    return count;
}

TEST_F(ClusterTest, TwentyHostsCreatingAtOnceEachGetADistinctAddress) {
    constexpr int kHosts = 20, kPerHost = 35;
    ASSERT_TRUE(bringUp(kHosts));
    createNetwork(1, "big", "10.60.0.0/16");
    std::vector<std::vector<std::string>> addresses(kHosts);
    std::vector<std::vector<std::string>> failures(kHosts);
    std::vector<std::thread> hosts;
    for (int h = 1; h <= kHosts; ++h) {
        hosts.emplace_back([&, h] {
            for (int i = 0; i < kPerHost; ++i) {
                v1::Endpoint out;
                auto s = createEndpoint(h, "h" + std::to_string(h) + "e" + std::to_string(i), "big",
                                        &out);
                if (s.ok()) {
                    addresses[h - 1].push_back(addressOf(out));
                } else {
                    failures[h - 1].push_back(s.error_message());
                }
            }
        });
    }
    for (auto& t : hosts) t.join();
    std::set<std::string> distinct;
    size_t failed = 0;
    for (int h = 0; h < kHosts; ++h) {
        distinct.insert(addresses[h].begin(), addresses[h].end());
        failed += failures[h].size();
        for (const auto& f : failures[h]) ADD_FAILURE() << "h" << h + 1 << ": " << f;
    }
    EXPECT_EQ(failed, 0u);
    EXPECT_EQ(distinct.size(), static_cast<size_t>(kHosts * kPerHost));
    // etcd agrees: one claim per endpoint (plus one host address per host).
    EXPECT_EQ(etcdKeyCount(*m_lab, "/loom/v1/ipam/"),
              static_cast<size_t>(kHosts * kPerHost + kHosts));
}

}  // namespace
}  // namespace loom::test
