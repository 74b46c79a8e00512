// Smoke test under Xvfb (a real X server, not offscreen): the console's main window on a
// three-host lab, written as a PNG into the build tree for a person to look at.
#include <QDir>
#include <QImage>
#include <QSet>
#include <QTest>

#include <QDateTime>
#include <QSettings>

#include "tests/cluster/cluster_fixture.h"
#include "ui/client/engine_client.h"
#include "ui/dashboard/chart_panel.h"
#include "ui/dashboard/latency_matrix.h"
#include "ui/dashboard/monitor_page.h"
#include "ui/dashboard/panel_spec.h"
#include "ui/dashboard/weathermap.h"
#include "ui/designer/design_view.h"
#include "ui/designer/topology_scene.h"
#include "ui/models/inventory_models.h"
#include "ui/widgets/live_canvas.h"
#include "ui/widgets/main_window.h"

namespace loom::test {
namespace {

// A PNG of `widget` in build/screenshots/, checked not blank.
void saveShot(QWidget& widget, const QString& name) {
    QImage shot = widget.grab().toImage();
    QSet<QRgb> colours;
    for (int y = 0; y < shot.height(); y += 4) {
        for (int x = 0; x < shot.width(); x += 4) colours.insert(shot.pixel(x, y));
    }
    EXPECT_GT(colours.size(), 20) << name.toStdString() << " looks blank";
    QString dir = QStringLiteral(LOOM_BUILD_DIR "/screenshots");
    QDir().mkpath(dir);
    QString path = dir + QLatin1Char('/') + name;
    ASSERT_TRUE(shot.save(path));
    std::printf("screenshot: %s\n", path.toStdString().c_str());
}

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
    // The canvas follows the tables in a turn of its own.
    auto& topo = window.topology();
    ASSERT_TRUE(
        QTest::qWaitFor([&] { return topo.count(ui::TopologyScene::EndpointType) == 5; }, 5000));
    EXPECT_EQ(topo.count(ui::TopologyScene::HostType), 3);
    EXPECT_EQ(topo.count(ui::TopologyScene::NetworkType), 2);
    EXPECT_EQ(topo.count(ui::TopologyScene::EndpointType), 5);
    EXPECT_EQ(topo.count(ui::TopologyScene::LinkType), 5);
    ASSERT_TRUE(QTest::qWaitForWindowExposed(&window));
    QTest::qWait(300);  // one more paint after the last rows
    // The whole drawing is in sight (the view once scaled back to life size about the point
    // under the mouse, and h3 was cut off at the right).
    auto& view = window.designView();
    EXPECT_TRUE(
        view.mapToScene(view.viewport()->rect()).boundingRect().contains(topo.drawingRect()))
        << "drawing not all in sight";

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

// The Monitor with live data (charts, the busiest endpoints, the latency matrix) and the
// canvas with the weathermap, on a three-host lab with traffic between hosts.
TEST_F(ClusterTest, MonitorAndWeathermapScreenshots) {
    ASSERT_EQ(qgetenv("QT_QPA_PLATFORM"), QByteArray("xcb")) << "runs under xvfb-run";
    QSettings().remove(QStringLiteral("monitor"));
    ASSERT_TRUE(bringUp(3, 10, /*tls=*/true));
    createNetwork(1, "web", "10.80.0.0/24");
    createNetwork(1, "db", "10.81.0.0/24");
    std::vector<v1::Endpoint> web;
    for (int h = 1; h <= 3; ++h) {
        web.push_back(createEndpoint(h, "web" + std::to_string(h), "web"));
        if (h != 2) createEndpoint(h, "db" + std::to_string(h), "db");
    }
    ASSERT_TRUE(eventuallyPings(web[0], addressOf(web[1]), 5));
    Background server("nsenter --net=" + web[1].netns_path() + " iperf3 -s");
    ASSERT_TRUE(eventually(
        [&] {
            return runIn(web[1].netns_path(), "ss -ltn").output.find(":5201") != std::string::npos;
        },
        std::chrono::seconds(5)));
    Background load("nsenter --net=" + web[0].netns_path() + " iperf3 -c " + addressOf(web[1]) +
                    " -b 150M -t 120");
    Background light("nsenter --net=" + web[2].netns_path() + " ping -q -i 0.2 -s 1200 " +
                     addressOf(web[1]));
    ui::EngineClient client;
    ui::MainWindow window(client);
    window.resize(1400, 900);
    window.show();
    client.connectToSocket(QString::fromStdString(m_lab->host(1).socket));
    ASSERT_TRUE(QTest::qWaitFor([&] { return window.endpoints().rowCount() == 5; }, 10000));
    auto chart = [&](const v1::Endpoint& e) {
        ui::PanelSpec s;
        s.id = QString::fromStdString(e.id());
        s.name = QString::fromStdString(e.name());
        s.hostId = QString::fromStdString(e.host_id());
        s.hostName = QString::fromStdString(e.host_name());
        window.openChart(s);
    };
    chart(web[0]);
    chart(web[1]);
    ui::PanelSpec net;
    net.target = ui::TargetKind::Network;
    net.id = QString::fromStdString(web[0].network_id());
    net.name = QStringLiteral("web");
    window.openChart(net);
    ui::PanelSpec latency;
    latency.kind = ui::PanelSpec::Kind::Latency;
    latency.hostId = QString::fromStdString(web[0].host_id());
    latency.hostName = QStringLiteral("h1");
    latency.networkId = net.id;
    latency.networkName = QStringLiteral("web");
    latency.toId = QString::fromStdString(web[1].host_id());
    latency.toName = QStringLiteral("h2");
    window.openChart(latency);
    window.monitor().matrix().showNetwork(net.id);
    // Live data for a while, and a full matrix.
    const qint64 start = QDateTime::currentMSecsSinceEpoch();
    ASSERT_TRUE(QTest::qWaitFor(
        [&] {
            auto* p = qobject_cast<ui::ChartPanel*>(window.monitor().panels().front());
            return QDateTime::currentMSecsSinceEpoch() - start > 12000 && p &&
                   p->points(p->seriesIndex(QStringLiteral("out"))).size() > 10 &&
                   window.monitor().matrix().model().rowCount() == 3;
        },
        30000));
    ASSERT_TRUE(QTest::qWaitForWindowExposed(&window));
    saveShot(window, QStringLiteral("monitor_lab3.png"));

    window.showTab(0);
    auto& map = window.liveCanvas().weathermap();
    ASSERT_TRUE(QTest::qWaitFor(
        [&] { return map.linkBand(QString::fromStdString(web[0].id()), 0) >= 3; }, 8000));
    saveShot(window, QStringLiteral("weathermap_lab3.png"));
}

}  // namespace
}  // namespace loom::test
