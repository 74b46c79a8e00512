// The weathermap layer of the canvas, fed by hand: colours per direction, silent hosts, charts
// opened from links, and links forgotten with their endpoints.
#include <QApplication>
#include <QDateTime>
#include <QGraphicsLineItem>
#include <QSettings>
#include <QTest>

#include <gtest/gtest.h>

#include "tests/gui/dashboard_support.h"
#include "ui/dashboard/telemetry_store.h"
#include "ui/dashboard/units.h"
#include "ui/dashboard/weathermap.h"
#include "ui/designer/design_document.h"
#include "ui/designer/design_view.h"
#include "ui/designer/topology_scene.h"
#include "ui/widgets/live_canvas.h"

namespace loom::test {
namespace {

using namespace loom::ui;

// A shown canvas over an inventory, with its live layer placed.
struct Canvas {
    explicit Canvas(const Inventory& inv) {
        doc.setLive(inv);
        store.setInventory(inv);
        view.resize(1000, 700);
        view.show();
        exposed = QTest::qWaitForWindowExposed(&view);
        live.updateGeometry();
    }
    DesignDocument doc;
    TopologyScene scene{doc};
    DesignView view{&scene};
    TelemetryStore store{nullptr};
    LiveCanvas live{store, doc, scene, view};
    bool exposed = false;
};

// The weathermap on a canvas fed by hand: each half of a link by its own direction's rate, a
// host that sends nothing marked, a network's chip per host, and a double click on a link
// opens that endpoint's chart.
TEST(Weathermap, ColoursEachDirectionMarksSilentHostsAndOpensCharts) {
    QSettings().remove(QStringLiteral("weathermap"));
    const Inventory inv = webOnTwoHosts();
    Canvas canvas(inv);
    ASSERT_TRUE(canvas.exposed);
    auto& store = canvas.store;
    auto& view = canvas.view;
    auto& live = canvas.live;
    store.setLive(true);
    StatsFrame f;
    f.hostId = QStringLiteral("hid1");
    f.hostName = QStringLiteral("h1");
    f.unixMs = QDateTime::currentMSecsSinceEpoch();
    // web1 receives 50 Mbit/s and sends 200 kbit/s; h1's vxlan carries it.
    f.targets = {{TargetKind::Endpoint,
                  QStringLiteral("eid1"),
                  QStringLiteral("web1"),
                  QStringLiteral("web"),
                  {50e6 / 8, 200e3 / 8, 4000, 300, 0, 0, 0, 0}},
                 {TargetKind::Network,
                  QStringLiteral("nid"),
                  QStringLiteral("web"),
                  QStringLiteral("web"),
                  {200e3 / 8, 50e6 / 8, 300, 4000, 0, 0, 0, 0}}};
    store.addStats(f);
    auto& map = live.weathermap();
    map.update(QDateTime::currentMSecsSinceEpoch());
    EXPECT_EQ(map.linkBand(QStringLiteral("eid1"), 1), loadBand(50e6))
        << "in: the half at the network";
    EXPECT_EQ(map.linkBand(QStringLiteral("eid1"), 0), loadBand(200e3))
        << "out: the half at the endpoint";
    EXPECT_EQ(map.linkBand(QStringLiteral("eid2"), 0), -1) << "h2 sent nothing: no live colour";
    EXPECT_TRUE(map.hostMarked(QStringLiteral("hid2")));
    EXPECT_FALSE(map.hostMarked(QStringLiteral("hid1")));
    EXPECT_EQ(map.busBand(QStringLiteral("nid"), QStringLiteral("hid1")), loadBand(50e6 + 200e3));
    // A capacity for the network: shares instead of the fixed bands.
    map.setCapacity(QStringLiteral("web"), 100e6);
    map.update(QDateTime::currentMSecsSinceEpoch());
    EXPECT_EQ(map.linkBand(QStringLiteral("eid1"), 1), loadBand(50e6, 100e6));
    EXPECT_TRUE(
        map.linkItem(QStringLiteral("eid1"), 1)->toolTip().contains(QStringLiteral("50.0 Mbit/s")))
        << map.linkItem(QStringLiteral("eid1"), 1)->toolTip().toStdString();
    // Double click on web1's link.
    PanelSpec opened;
    QObject::connect(&live, &LiveCanvas::chartRequested, [&](const PanelSpec& s) { opened = s; });
    auto* half = static_cast<QGraphicsLineItem*>(map.linkItem(QStringLiteral("eid1"), 1));
    const QPointF mid = half->line().pointAt(0.5);
    view.centerOn(mid);
    QTest::mouseDClick(view.viewport(), Qt::LeftButton, {}, view.mapFromScene(mid));
    EXPECT_EQ(opened.id, QStringLiteral("eid1"));
    EXPECT_EQ(opened.target, TargetKind::Endpoint);
}

// Links come and go with their endpoints: the weathermap keeps a state for the links drawn and
// no other (at a thousand endpoints coming and going, nothing piles up).
TEST(Weathermap, ForgetsTheLinksOfEndpointsThatWent) {
    QSettings().remove(QStringLiteral("weathermap"));
    Inventory inv = webOnTwoHosts();
    for (int i = 3; i <= 40; ++i) {
        EndpointInfo e = inv.endpoints[i % 2];
        e.id = QStringLiteral("eid%1").arg(i);
        e.name = QStringLiteral("web%1").arg(i);
        e.ip = QStringLiteral("10.1.0.%1/24").arg(i + 1);
        inv.endpoints.append(e);
    }
    Canvas canvas(inv);
    ASSERT_TRUE(canvas.exposed);
    auto& live = canvas.live;
    auto& map = live.weathermap();
    EXPECT_EQ(map.linkCount(), 40);
    ASSERT_NE(map.linkItem(QStringLiteral("eid7"), 0), nullptr);
    // Every endpoint after the first ten goes, and two new ones come.
    inv.endpoints.remove(10, 30);
    for (int i : {41, 42}) {
        EndpointInfo e = inv.endpoints[i % 2];
        e.id = QStringLiteral("eid%1").arg(i);
        e.name = QStringLiteral("web%1").arg(i);
        e.ip = QStringLiteral("10.1.0.%1/24").arg(i + 1);
        inv.endpoints.append(e);
    }
    canvas.doc.setLive(inv);
    canvas.store.setInventory(inv);
    live.updateGeometry();
    EXPECT_EQ(map.linkCount(), 12);
    EXPECT_NE(map.linkItem(QStringLiteral("eid41"), 0), nullptr);
    EXPECT_NE(map.linkItem(QStringLiteral("eid7"), 0), nullptr);
    EXPECT_EQ(map.linkBand(QStringLiteral("eid30"), 0), -1);
}

}  // namespace
}  // namespace loom::test
