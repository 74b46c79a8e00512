// The key book of encrypted networks over a simulated pair of hosts: etcd as a map, each
// kernel as the states the last step asked for. At every moment of the exchange, of a rotation
// and of a restart, every state a sender sends with is held by its receiver (no packet lost),
// and keys, SPIs and acks follow the protocol in keybook.h.
#include "engine/crypt/keybook.h"

#include <gtest/gtest.h>

#include <random>

#include "engine/model/network.h"

namespace loom::test {
namespace {

using namespace engine;
using crypt::Direction;
using crypt::KeyBook;

struct Host {
    std::string id;
    model::Ipv4 vtep;
    std::unique_ptr<KeyBook> book;
    std::vector<netlink::XfrmState> kernel;
    std::vector<netlink::XfrmPolicy> policies;
    int failingApplies = 0;  // the kernel refuses this many passes' changes
};

class KeyBookTest : public ::testing::Test {
protected:
    KeyBookTest() {
        m_hosts.push_back({"a", *model::Ipv4::parse("192.0.2.1"), newBook(), {}, {}});
        m_hosts.push_back({"b", *model::Ipv4::parse("192.0.2.2"), newBook(), {}, {}});
        m_network = {"net1", 4096, 4800, 60};
    }
    std::unique_ptr<KeyBook> newBook() {
        return std::make_unique<KeyBook>([this](uint8_t* out, size_t n) {
            for (size_t i = 0; i < n; ++i) out[i] = static_cast<uint8_t>(m_rng());
        });
    }

    // One pass of host `i`, applied as the engine would: kernel, then etcd.
    crypt::Step pass(size_t i) {
        Host& h = m_hosts[i];
        crypt::Inputs in;
        in.selfId = h.id;
        in.selfVtep = h.vtep;
        in.networks = {m_network};
        Host& other = m_hosts[1 - i];
        if (m_partnered) in.partners[m_network.id] = {{other.id, other.vtep}};
        in.keys = m_etcd;
        in.acks = m_acks;
        in.installed = h.kernel;
        in.nowMs = m_now;
        crypt::Step s = h.book->step(in);
        if (h.failingApplies > 0) {
            --h.failingApplies;
        } else {
            h.kernel = s.states;
        }
        h.policies = s.policies;
        for (const auto& r : s.publish)
            m_etcd[{r.network_id(), r.receiver_id(), r.sender_id()}] = r;
        for (const auto& d : s.withdraw) m_etcd.erase(d);
        for (const auto& [d, g] : s.ack) m_acks[d] = g;
        for (const auto& d : s.withdrawAcks) m_acks.erase(d);
        if (m_partnered) checkNothingIsLost();  // a host that leaves stops receiving at once
        return s;
    }
    void rounds(int n) {
        for (int r = 0; r < n; ++r) {
            pass(0);
            pass(1);
        }
    }

    // Every state a host sends with (it is its source) is held by the receiver, with the same key.
    void checkNothingIsLost() {
        for (const auto& sender : m_hosts) {
            for (const auto& s : sender.kernel) {
                if (s.src != sender.vtep) continue;
                const Host& receiver = s.dst == m_hosts[0].vtep ? m_hosts[0] : m_hosts[1];
                bool held = std::find(receiver.kernel.begin(), receiver.kernel.end(), s) !=
                            receiver.kernel.end();
                EXPECT_TRUE(held) << sender.id << " sends with " << netlink::describe(s) << " that "
                                  << receiver.id << " does not hold";
            }
        }
    }
    std::vector<netlink::XfrmState> sending(size_t i) {
        std::vector<netlink::XfrmState> out;
        for (const auto& s : m_hosts[i].kernel)
            if (s.src == m_hosts[i].vtep) out.push_back(s);
        return out;
    }

    std::mt19937 m_rng{42};
    std::vector<Host> m_hosts;
    crypt::CryptNetwork m_network;
    std::map<Direction, v1::EspKeys> m_etcd;
    std::map<Direction, uint32_t> m_acks;
    int64_t m_now = 1'000'000;
    bool m_partnered = true;
};

TEST_F(KeyBookTest, TwoHostsExchangeKeysPerDirectionAndTheReceiverInstallsFirst) {
    rounds(4);
    for (size_t i = 0; i < 2; ++i) {
        auto out = sending(i);
        ASSERT_EQ(out.size(), 1u) << m_hosts[i].id;
        EXPECT_EQ(out[0].reqid, model::xfrmReqid(4096));
        EXPECT_GE(out[0].spi, 256u);
        EXPECT_EQ(m_hosts[i].kernel.size(), 2u) << "one in, one out";
        // One policy out and one in, over every peer, selecting the network's port.
        ASSERT_EQ(m_hosts[i].policies.size(), 2u);
        EXPECT_EQ(m_hosts[i].policies[0].dport, 4800);
    }
    EXPECT_NE(sending(0)[0].key, sending(1)[0].key) << "a key per direction";
    EXPECT_NE(sending(0)[0].spi, sending(1)[0].spi);
    // The records: each receiver's, with the key current and nothing else; the senders' acks.
    ASSERT_EQ(m_etcd.size(), 2u);
    for (const auto& [d, r] : m_etcd) {
        EXPECT_EQ(r.current().generation(), 1u);
        EXPECT_EQ(r.current().key().size(), 20u);
        EXPECT_FALSE(r.has_next());
        EXPECT_FALSE(r.has_previous());
        EXPECT_EQ(m_acks.at(d), 1u);
    }
}

TEST_F(KeyBookTest, ARotationLosesNothingAndTheOldKeyGoesAfterTheSendersAck) {
    rounds(4);
    const auto first = sending(0).at(0);
    m_now += 61'000;   // past the rotation
    auto s = pass(1);  // b receives from a: its key for a is renewed
    EXPECT_EQ(s.rotated, (std::vector<Direction>{{"net1", "b", "a"}}));
    pass(0);
    pass(1);  // next installed at b: promoted, the old one kept as previous
    const auto& r = m_etcd.at({"net1", "b", "a"});
    EXPECT_EQ(r.current().generation(), 2u);
    EXPECT_EQ(r.previous().generation(), 1u);
    pass(0);  // a sends with the new key
    ASSERT_EQ(sending(0).size(), 1u);
    EXPECT_NE(sending(0)[0].spi, first.spi);
    pass(0);  // and says so
    EXPECT_EQ(m_acks.at({"net1", "b", "a"}), 2u);
    pass(1);
    EXPECT_TRUE(m_etcd.at({"net1", "b", "a"}).has_previous()) << "kept through the grace";
    m_now += KeyBook::kGraceMs;
    pass(1);
    EXPECT_FALSE(m_etcd.at({"net1", "b", "a"}).has_previous());
    EXPECT_EQ(m_hosts[1].kernel.size(), 2u) << "b: the new key in from a, and its own out to a";
    rounds(2);
    for (const auto& st : m_hosts[1].kernel) EXPECT_NE(st.spi, first.spi) << "the old key is gone";
}

// A receiver whose kernel refuses the new state never offers its key: nothing is sent with a
// key that is not installed where it is received.
TEST_F(KeyBookTest, AKeyIsOfferedOnlyOnceItsReceiverHoldsIt) {
    m_hosts[1].failingApplies = 3;
    rounds(3);
    EXPECT_TRUE(sending(0).empty()) << "a has nothing from b to send with yet";
    EXPECT_FALSE(m_etcd.at({"net1", "b", "a"}).has_current());
    rounds(3);
    EXPECT_EQ(sending(0).size(), 1u);
    m_now += 61'000;
    m_hosts[1].failingApplies = 2;
    rounds(4);
    EXPECT_EQ(m_etcd.at({"net1", "b", "a"}).current().generation(), 2u);
}

TEST_F(KeyBookTest, APartnerThatLeavesTakesItsStatesAndRecords) {
    rounds(4);
    m_partnered = false;
    auto s = pass(0);
    EXPECT_TRUE(m_hosts[0].kernel.empty());
    EXPECT_TRUE(m_hosts[0].policies.empty()) << "a network not carried here has nothing here";
    ASSERT_EQ(s.withdraw.size(), 1u);
    EXPECT_EQ(s.withdraw[0], (Direction{"net1", "a", "b"}));
    ASSERT_EQ(s.withdrawAcks.size(), 1u);
    EXPECT_EQ(s.withdrawAcks[0], (Direction{"net1", "b", "a"}));
    pass(1);
    EXPECT_TRUE(m_etcd.empty());
    EXPECT_TRUE(m_acks.empty());
}

TEST_F(KeyBookTest, ARestartedEngineKeepsItsKeys) {
    rounds(4);
    const auto before = m_hosts[0].kernel;
    const std::string record = m_etcd.at({"net1", "a", "b"}).SerializeAsString();
    m_hosts[0].book = newBook();
    auto s = pass(0);
    EXPECT_EQ(m_hosts[0].kernel, before);
    // The same records, written again (onto the new engine's lease), not new keys.
    ASSERT_EQ(s.publish.size(), 1u);
    EXPECT_EQ(s.publish[0].SerializeAsString(), record);
    EXPECT_TRUE(s.rotated.empty());
    EXPECT_TRUE(pass(0).publish.empty()) << "once is enough";
}

}  // namespace
}  // namespace loom::test
