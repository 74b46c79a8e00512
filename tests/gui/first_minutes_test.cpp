// What a newcomer meets: a first window that uses the screen, an empty canvas that says how to
// begin, a canvas that fits what it shows; and a latency matrix that stays readable at 20
// hosts (written as a screenshot for a person to look at).
#include <QDir>
#include <QGraphicsItem>
#include <QGuiApplication>
#include <QHeaderView>
#include <QScreen>
#include <QSettings>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

#include <gtest/gtest.h>

#include <random>

#include "ui/client/design_file.h"
#include "ui/client/engine_client.h"
#include "ui/dashboard/latency_matrix.h"
#include "ui/dashboard/telemetry_store.h"
#include "ui/designer/design_document.h"
#include "ui/designer/design_view.h"
#include "ui/designer/topology_scene.h"
#include "ui/widgets/main_window.h"

namespace loom::test {
namespace {

TEST(FirstMinutes, TheFirstWindowUsesTheScreenAndTheEmptyCanvasSaysHowToBegin) {
    QSettings().remove(QStringLiteral("window"));
    ui::EngineClient client;
    ui::MainWindow window(client);
    const QRect screen = QGuiApplication::primaryScreen()->availableGeometry();
    EXPECT_GE(window.width(), screen.width() * 8 / 10);
    EXPECT_GE(window.height(), screen.height() * 8 / 10);
    EXPECT_LE(window.width(), screen.width());
    EXPECT_NEAR(window.geometry().center().x(), screen.center().x(), 20) << "centred";
    window.show();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(&window));
    // Nothing designed yet: the canvas says what to do.
    EXPECT_TRUE(window.designView().hint().contains(QStringLiteral("drag a Network")))
        << window.designView().hint().toStdString();

    // A design opened: the hint goes, and the canvas fits the drawing (never larger than life).
    ui::Design d;
    d.hosts = {{QStringLiteral("h1"), {0, 0}}, {QStringLiteral("h2"), {900, 0}}};
    ui::DesignNetwork n;
    n.key = QStringLiteral("n");
    n.name = QStringLiteral("web");
    n.subnet = QStringLiteral("10.1.0.0/24");
    n.pos = {400, 400};
    d.networks = {n};
    QTemporaryDir dir;
    QString path = dir.filePath(QStringLiteral("d.json"));
    QString error;
    ASSERT_TRUE(ui::saveDesign(d, path, &error)) << error.toStdString();
    ASSERT_TRUE(window.openDesign(path));
    ASSERT_TRUE(QTest::qWaitFor([&] { return window.designView().hint().isEmpty(); }, 2000));
    ASSERT_TRUE(QTest::qWaitFor(
        [&] {
            auto& view = window.designView();
            const QRect shown = view.mapFromScene(view.scene()->itemsBoundingRect()).boundingRect();
            return view.viewport()->rect().contains(shown);
        },
        2000))
        << "zoom " << window.designView().zoom();
    EXPECT_LE(window.designView().zoom(), 1.0);
    // Once the user zooms, the view is theirs: a bigger window keeps their zoom.
    window.designView().zoomBy(0.5);
    const qreal mine = window.designView().zoom();
    window.resize(window.width() + 100, window.height());
    QApplication::processEvents();
    EXPECT_DOUBLE_EQ(window.designView().zoom(), mine);
}

// 20 hosts, 380 cells: every cell has its RTT and a band colour, and nothing is cut short.
TEST(FirstMinutes, TheLatencyMatrixStaysReadableAtTwentyHosts) {
    ui::TelemetryStore store(nullptr);
    ui::Inventory inv;
    for (int h = 1; h <= 20; ++h) {
        ui::HostInfo host;
        host.id = QStringLiteral("id%1").arg(h);
        host.name = QStringLiteral("rack%1-host").arg(h);
        host.alive = true;
        inv.hosts.append(host);
        ui::EndpointInfo e;
        e.id = QStringLiteral("e%1").arg(h);
        e.name = e.id;
        e.networkId = QStringLiteral("mesh");
        e.networkName = QStringLiteral("mesh");
        e.hostId = host.id;
        e.hostName = host.name;
        inv.endpoints.append(e);
    }
    ui::NetworkInfo net;
    net.id = QStringLiteral("mesh");
    net.name = QStringLiteral("mesh");
    inv.networks.append(net);
    store.setInventory(inv);
    std::mt19937 rng(3);
    std::uniform_real_distribution<double> rtt(0.08, 3.0);
    for (const auto& from : inv.hosts) {
        ui::StatsFrame alive;
        alive.hostId = from.id;
        alive.hostName = from.name;
        store.addStats(alive);
        ui::LatencyFrame f;
        f.hostId = from.id;
        f.hostName = from.name;
        for (const auto& to : inv.hosts) {
            if (to.id == from.id) continue;
            ui::LatencyTargetInfo t;
            t.networkId = QStringLiteral("mesh");
            t.networkName = QStringLiteral("mesh");
            t.id = to.id;
            t.name = to.name;
            t.p50Ms = rtt(rng);
            t.p90Ms = t.p50Ms * 1.3;
            t.p99Ms = t.p50Ms * 2;
            t.sent = t.received = 60;
            t.lossRecent = to.name == QStringLiteral("rack7-host") ? 0.5 : 0;
            f.targets.push_back(t);
        }
        store.addLatency(f);
    }
    ui::LatencyMatrix matrix(store);
    matrix.resize(1400, 900);
    matrix.show();
    matrix.update(QDateTime::currentMSecsSinceEpoch());
    auto& model = matrix.model();
    ASSERT_EQ(model.rowCount(), 20);
    ASSERT_EQ(model.columnCount(), 20);
    int banded = 0;
    for (int r = 0; r < 20; ++r) {
        for (int c = 0; c < 20; ++c) {
            if (r == c) continue;
            const QString text = model.index(r, c).data().toString();
            EXPECT_TRUE(text.contains(QStringLiteral("s"))) << text.toStdString();
            // Loss is written only where there is some (the red bar shows it too).
            EXPECT_EQ(text.contains(QStringLiteral("loss")),
                      model.hosts()[c].name == QStringLiteral("rack7-host"));
            banded += model.index(r, c).data(ui::LatencyMatrixModel::BandRole).toInt() >= 0;
        }
    }
    EXPECT_EQ(banded, 380);
    EXPECT_EQ(model.hosts()[1].name, QStringLiteral("rack2-host")) << "in natural order";
    // Every column is as wide as its widest text, so no value is elided, and twenty fit.
    auto* view = matrix.view();
    const QFontMetrics fm(view->font());
    int total = view->verticalHeader()->width();
    for (int c = 0; c < 20; ++c) {
        EXPECT_GE(view->columnWidth(c), fm.horizontalAdvance(QStringLiteral("3.00 ms"))) << c;
        total += view->columnWidth(c);
    }
    EXPECT_LE(total, 1400) << "the whole matrix side by side";
    QString out = QStringLiteral(LOOM_BUILD_DIR "/screenshots");
    QDir().mkpath(out);
    ASSERT_TRUE(matrix.grab().save(out + QStringLiteral("/latency_matrix_20.png")));
}

}  // namespace
}  // namespace loom::test
