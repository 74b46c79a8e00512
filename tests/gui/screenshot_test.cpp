// Smoke test under Xvfb (a real X server, not offscreen): the console's main window on a
// three-host lab, written as a PNG into the build tree for a person to look at.
#include <QDir>
#include <QImage>
#include <QSet>
#include <QTest>

#include "tests/cluster/cluster_fixture.h"
#include "ui/client/engine_client.h"
#include "ui/designer/topology_scene.h"
#include "ui/models/inventory_models.h"
#include "ui/widgets/main_window.h"

namespace loom::test {
namespace {

TEST_F(ClusterTest, MainWindowOnAThreeHostLabScreenshot) {
    ASSERT_EQ(qgetenv("QT_QPA_PLATFORM"), QByteArray("xcb")) << "runs under xvfb-run";
    ASSERT_TRUE(bringUp(3));
    createNetwork(1, "web", "10.80.0.0/24");
    createNetwork(1, "db", "10.81.0.0/24");
    for (int h = 1; h <= 3; ++h) {
        createEndpoint(h, "web" + std::to_string(h), "web");
        if (h != 2) createEndpoint(h, "db" + std::to_string(h), "db");
    }
    ui::EngineClient client;
    ui::MainWindow window(client);
    window.resize(1200, 760);
    window.show();
    client.connectToSocket(QString::fromStdString(m_lab->host(1).socket));
    ASSERT_TRUE(QTest::qWaitFor(
        [&] { return window.endpoints().rowCount() == 5 && window.hosts().rowCount() == 3; },
        10000));
    auto& topo = window.topology();
    EXPECT_EQ(topo.count(ui::TopologyScene::HostType), 3);
    EXPECT_EQ(topo.count(ui::TopologyScene::NetworkType), 2);
    EXPECT_EQ(topo.count(ui::TopologyScene::EndpointType), 5);
    EXPECT_EQ(topo.count(ui::TopologyScene::LinkType), 5);
    ASSERT_TRUE(QTest::qWaitForWindowExposed(&window));
    QTest::qWait(300);  // one more paint after the last rows

    QImage shot = window.grab().toImage();
    EXPECT_EQ(shot.size(), QSize(1200, 760));
    // Not blank: a real window has many distinct colours (text, frames, selection).
    QSet<QRgb> colours;
    for (int y = 0; y < shot.height(); y += 4) {
        for (int x = 0; x < shot.width(); x += 4) colours.insert(shot.pixel(x, y));
    }
    EXPECT_GT(colours.size(), 20) << "the screenshot looks blank";
    QString dir = QStringLiteral(LOOM_BUILD_DIR "/screenshots");
    QDir().mkpath(dir);
    QString path = dir + QStringLiteral("/main_window_lab3.png");
    ASSERT_TRUE(shot.save(path));
    std::printf("screenshot: %s\n", path.toStdString().c_str());
}

}  // namespace
}  // namespace loom::test
