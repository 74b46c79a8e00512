// Every crafted archive a reader must refuse, sent to a running engine's PlanBundle and
// ApplyBundle: refused with the reader's reason, and nothing the engine has changes.
#include <google/protobuf/util/json_util.h>
#include <grpcpp/grpcpp.h>

#include "engine/bundle/topology.h"
#include "tests/support/crafted_bundles.h"
#include "tests/support/engine_fixture.h"

namespace loom::test {
namespace {

namespace bundle = engine::bundle;
using crafted::Entry;

class BundleRefusals : public EngineTest {
protected:
    std::string state() {
        v1::ListNetworksResponse n;
        v1::ListEndpointsResponse e;
        EXPECT_TRUE(m_engine.networks().ListNetworks(deadline().get(), {}, &n).ok());
        EXPECT_TRUE(m_engine.endpoints().ListEndpoints(deadline().get(), {}, &e).ok());
        std::string a, b;
        (void)google::protobuf::util::MessageToJsonString(n, &a);
        (void)google::protobuf::util::MessageToJsonString(e, &b);
        return a + b;
    }
    // PlanBundle's and ApplyBundle's answers to one archive.
    std::pair<grpc::Status, grpc::Status> send(const std::string& archive) {
        auto stub = v1::BundleService::NewStub(m_engine.channel());
        v1::PlanBundleRequest plan;
        plan.set_bundle(archive);
        v1::PlanBundleResponse planned;
        auto p = stub->PlanBundle(deadline(60).get(), plan, &planned);
        v1::ApplyBundleRequest apply;
        apply.set_bundle(archive);
        apply.set_digest(planned.digest().empty() ? "0000" : planned.digest());
        v1::ApplyBundleResponse done;
        auto a = stub->ApplyBundle(deadline(60).get(), apply, &done);
        return {p, a};
    }
};

TEST_F(BundleRefusals, EveryCraftedArchiveIsRefusedAndNothingChanges) {
    createNetwork("blue", "10.74.0.0/24");
    createEndpoint("a", "blue");
    const std::string before = state();

    bundle::Topology t;
    t.networks.push_back({"green", "10.75.0.0/24", 0, 0, 0, {}});
    const std::vector<Entry> good = {{bundle::kTopologyPath, bundle::toJson(t)},
                                     {"README.md", "# A bundle\n"}};
    {
        // The control, planned only: the sound archive is read.
        v1::PlanBundleRequest plan;
        plan.set_bundle(crafted::craft(crafted::withManifest(good)));
        v1::PlanBundleResponse planned;
        auto s = v1::BundleService::NewStub(m_engine.channel())
                     ->PlanBundle(deadline().get(), plan, &planned);
        ASSERT_TRUE(s.ok()) << s.error_message();
        ASSERT_EQ(planned.steps_size(), 1) << "green would be created";
    }

    auto cases = crafted::refusals(good);
    // The engine's own rules over the topology inside, and the size limits at their defaults.
    bundle::Topology clash = t;
    clash.networks.push_back({"green2", "10.75.0.128/25", 0, 0, 0, {}});
    cases.push_back({"overlap",
                     crafted::craft(crafted::withManifest(
                         {{bundle::kTopologyPath, bundle::toJson(clash)}, good[1]})),
                     "topology.json: networks[1]"});
    {
        auto m = good;
        m.push_back({"big", std::string(size_t{9} << 20, '\0')});
        cases.push_back({"member over 8 MiB", crafted::craft(crafted::withManifest(m)),
                         "\"big\" is 9437184 bytes"});
    }
    {
        // 130 MiB of zeros in 1 MiB members, about 130 KiB packed: stopped where it crosses
        // the 128 MiB total, while unpacking.
        auto m = good;
        for (int i = 0; i < 130; ++i)
            m.push_back({"z" + std::to_string(i), std::string(1 << 20, 0)});
        auto bomb = crafted::craft(crafted::withManifest(m));
        EXPECT_LT(bomb.size(), size_t{1} << 20);
        cases.push_back({"bomb", bomb, "more than 134217728 bytes"});
    }
    for (const auto& c : cases) {
        auto [plan, apply] = send(c.archive);
        EXPECT_FALSE(plan.ok()) << c.what;
        EXPECT_NE(plan.error_message().find(c.says), std::string::npos)
            << c.what << ": " << plan.error_message();
        EXPECT_FALSE(apply.ok()) << c.what;
        EXPECT_NE(apply.error_message().find(c.says), std::string::npos)
            << c.what << ": " << apply.error_message();
    }
    EXPECT_EQ(state(), before);
}

}  // namespace
}  // namespace loom::test
