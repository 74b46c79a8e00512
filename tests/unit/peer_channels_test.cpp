#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include "engine/api/peers.h"

namespace loom::engine::api {
namespace {

v1::Host hostAt(const std::string& address) {
    v1::Host h;
    h.set_id("h2id");
    h.set_name("h2");
    h.set_api_address(address);
    return h;
}

// A host that moves gets a new channel; the old one is let go once nothing uses it (it was
// kept for ever, one per move).
TEST(PeerChannels, AReplacedChannelIsLetGoOnceNothingUsesIt) {
    Peers peers(grpc::InsecureChannelCredentials(), nullptr, "selfid");
    auto first = peers.channel(hostAt("198.51.100.2:7443"));
    ASSERT_TRUE(first.isOk());
    auto again = peers.channel(hostAt("198.51.100.2:7443"));
    ASSERT_TRUE(again.isOk());
    EXPECT_EQ(first->get(), again->get()) << "the same address keeps its channel";
    auto moved = peers.channel(hostAt("198.51.100.9:7443"));
    ASSERT_TRUE(moved.isOk());
    EXPECT_NE(moved->get(), first->get());
    EXPECT_EQ(peers.releaseRetired(), 0u) << "a call still holds the old channel";
    first = common::Result<std::shared_ptr<grpc::Channel>>(std::shared_ptr<grpc::Channel>());
    again = common::Result<std::shared_ptr<grpc::Channel>>(std::shared_ptr<grpc::Channel>());
    EXPECT_EQ(peers.releaseRetired(), 1u);
    EXPECT_EQ(peers.releaseRetired(), 0u);
    EXPECT_EQ(moved->use_count(), 2) << "the current channel is kept";
}

}  // namespace
}  // namespace loom::engine::api
