// The designer without an engine: items made, linked, validated (by the engine's own rules),
// undone and redone on a real scene and view; engine events during a drag; the canvas
// following the system palette (the designer in the main window: designer_window_test.cpp).
#include <QAction>
#include <QApplication>
#include <QDragEnterEvent>
#include <QElapsedTimer>
#include <QGraphicsItem>
#include <QGraphicsRectItem>
#include <QListWidget>
#include <QMimeData>
#include <QPalette>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <gtest/gtest.h>

#include "tests/gui/canvas_support.h"
#include "tests/gui/designer_support.h"
#include "ui/client/design_file.h"
#include "ui/client/engine_client.h"
#include "ui/designer/design_document.h"
#include "ui/designer/design_view.h"
#include "ui/designer/plan.h"
#include "ui/designer/topology_scene.h"
#include "ui/widgets/main_window.h"
#include "ui/widgets/properties_panel.h"

namespace loom::test {
namespace {

using ui::Design;
using ui::DesignDocument;
using ui::TopologyScene;

TEST_F(Canvas, ItemsAreDroppedLinkedValidatedUndoneAndRedone) {
    const Design start = doc.draft();
    EXPECT_EQ(scene.count(TopologyScene::HostType), 2);
    EXPECT_FALSE(doc.modified());

    // A network dropped from the palette onto empty canvas, an endpoint into host h1.
    // (The scene is redrawn after every edit: items are looked up afresh each time.)
    ASSERT_NE(scene.itemFor(DesignDocument::hostKey(QStringLiteral("h1"))), nullptr);
    dropFromPalette(view, "network", view.mapFromScene(QPointF(600, 300)));
    ASSERT_EQ(doc.draft().networks.size(), 1);
    const QString net = doc.draft().networks.front().key;
    EXPECT_EQ(doc.draft().networks.front().name, QStringLiteral("net1"));
    EXPECT_EQ(doc.draft().networks.front().subnet, QStringLiteral("10.10.0.0/24"));
    EXPECT_TRUE(doc.problemsOf(net).isEmpty());
    dropFromPalette(
        view, "endpoint",
        viewPointOf(view, scene.itemFor(DesignDocument::hostKey(QStringLiteral("h1")))));
    ASSERT_EQ(doc.draft().endpoints.size(), 1);
    const QString ep = doc.draft().endpoints.front().key;
    EXPECT_EQ(doc.draft().endpoints.front().hostName, QStringLiteral("h1"));
    EXPECT_EQ(scene.itemFor(ep)->parentItem(), scene.itemFor(DesignDocument::hostKey("h1")))
        << "an endpoint sits inside its host";
    // Not linked yet: a problem, drawn red with the reason as tooltip.
    EXPECT_TRUE(mentions(fieldsOf(doc, ep), QStringLiteral("network: is not linked")))
        << fieldsOf(doc, ep).join('\n').toStdString();
    EXPECT_TRUE(scene.itemFor(ep)->toolTip().contains(QStringLiteral("not linked")));
    auto redPen = [&](const QString& key) {
        auto* box = dynamic_cast<QGraphicsRectItem*>(scene.itemFor(key));
        return box && box->pen().color().red() > 150 && box->pen().color().green() < 120;
    };
    EXPECT_TRUE(redPen(ep));
    // An endpoint dropped outside any host is refused.
    dropFromPalette(view, "endpoint", view.mapFromScene(QPointF(-150, 500)));
    EXPECT_EQ(doc.draft().endpoints.size(), 1);

    // A link drawn with the mouse, from the endpoint to the network.
    QTest::mousePress(view.viewport(), Qt::LeftButton, {}, viewPointOf(view, scene.itemFor(ep)));
    QTest::mouseMove(view.viewport(), viewPointOf(view, scene.itemFor(net)));
    QTest::mouseRelease(view.viewport(), Qt::LeftButton, {}, viewPointOf(view, scene.itemFor(net)));
    EXPECT_EQ(doc.draft().endpoint(ep)->networkKey, net);
    EXPECT_EQ(scene.count(TopologyScene::LinkType), 1);
    EXPECT_TRUE(doc.problems().isEmpty());
    EXPECT_FALSE(redPen(ep));

    // The engine's rules, as the engine words them.
    QString net2 = doc.addNetwork({600, 400});
    auto set = [&](const QString& key, auto change) {
        ui::DesignNetwork n = *doc.draft().network(key);
        change(n);
        doc.setNetwork(n);
    };
    set(net2, [](auto& n) { n.subnet = QStringLiteral("10.10.0.128/25"); });
    EXPECT_TRUE(mentions(fieldsOf(doc, net2),
                         QStringLiteral("subnet: 10.10.0.128/25 overlaps network \"net1\"")))
        << fieldsOf(doc, net2).join('\n').toStdString();
    EXPECT_TRUE(mentions(fieldsOf(doc, net), QStringLiteral("overlaps network \"net2\"")));
    set(net2, [](auto& n) { n.subnet = QStringLiteral("10.1.2.3/33"); });
    EXPECT_TRUE(mentions(fieldsOf(doc, net2), QStringLiteral("is not an IPv4 CIDR")));
    set(net2, [](auto& n) { n.subnet = QStringLiteral("10.11.0.0/24"); });
    EXPECT_TRUE(doc.problems().isEmpty());
    set(net, [](auto& n) { n.vni = 300; });
    set(net2, [](auto& n) { n.vni = 300; });
    EXPECT_TRUE(mentions(fieldsOf(doc, net2),
                         QStringLiteral("vni: 300 is already used by network \"net1\"")));
    set(net2, [](auto& n) {
        n.vni = 301;
        n.name = QStringLiteral("net1");
    });
    EXPECT_TRUE(mentions(fieldsOf(doc, net2), QStringLiteral("a network \"net1\" already exists")));
    set(net2, [](auto& n) {
        n.name = QStringLiteral("net2");
        n.mtu = 1490;
    });
    EXPECT_TRUE(mentions(fieldsOf(doc, net2), QStringLiteral("mtu: 1490 is outside 68..1450")));
    set(net2, [](auto& n) { n.mtu = 0; });
    ui::DesignEndpoint e = *doc.draft().endpoint(ep);
    e.ip = QStringLiteral("10.99.0.5");
    doc.setEndpoint(e);
    EXPECT_TRUE(mentions(fieldsOf(doc, ep), QStringLiteral("outside the subnet 10.10.0.0/24")));
    e.ip = QStringLiteral("10.10.0.1");
    doc.setEndpoint(e);
    EXPECT_TRUE(mentions(fieldsOf(doc, ep), QStringLiteral("reserved for the host's own address")));
    e.ip = QStringLiteral("10.10.0.7");
    // A name and a label the engine would refuse are flagged before apply.
    e.name = QStringLiteral("has space");
    doc.setEndpoint(e);
    EXPECT_TRUE(mentions(fieldsOf(doc, ep), QStringLiteral("may hold only letters, digits")))
        << fieldsOf(doc, ep).join('\n').toStdString();
    e.name = QStringLiteral("ep1");
    e.labels[QStringLiteral("tier")] = QStringLiteral("front\nend");
    doc.setEndpoint(e);
    EXPECT_TRUE(mentions(fieldsOf(doc, ep), QStringLiteral("holds a line break")))
        << fieldsOf(doc, ep).join('\n').toStdString();
    e.labels.clear();
    doc.setEndpoint(e);
    EXPECT_TRUE(doc.problems().isEmpty()) << fieldsOf(doc, ep).join('\n').toStdString();
    QString ep2 = doc.addEndpoint(QStringLiteral("h1"), net);
    ui::DesignEndpoint e2 = *doc.draft().endpoint(ep2);
    e2.name = e.name;
    e2.ip = e.ip;
    doc.setEndpoint(e2);
    EXPECT_TRUE(mentions(fieldsOf(doc, ep2), QStringLiteral("an endpoint \"ep1\" already exists")));
    EXPECT_TRUE(
        mentions(fieldsOf(doc, ep2), QStringLiteral("10.10.0.7 is already taken on \"net1\"")));
    // The same name on another host is fine (names are per host); the address still clashes.
    e2.hostName = QStringLiteral("h2");
    doc.setEndpoint(e2);
    EXPECT_FALSE(mentions(fieldsOf(doc, ep2), QStringLiteral("already exists")));
    EXPECT_EQ(scene.itemFor(ep2)->parentItem(), scene.itemFor(DesignDocument::hostKey("h2")));
    e2.ip.clear();
    doc.setEndpoint(e2);
    EXPECT_TRUE(doc.problems().isEmpty()) << fieldsOf(doc, ep2).join('\n').toStdString();
    const Design end = doc.draft();

    // Every edit undoes back to the start and redoes to the end.
    auto& undo = doc.undoStack();
    EXPECT_GE(undo.count(), 15);
    while (undo.canUndo()) undo.undo();
    EXPECT_EQ(doc.draft(), start);
    EXPECT_EQ(scene.count(TopologyScene::NetworkType), 0);
    EXPECT_FALSE(doc.modified());
    while (undo.canRedo()) undo.redo();
    EXPECT_EQ(doc.draft(), end);
    EXPECT_EQ(scene.count(TopologyScene::EndpointType), 2);
    EXPECT_EQ(scene.count(TopologyScene::LinkType), 2);
}

// While an item is dragged, its own links follow it, and only its own.
TEST_F(Canvas, LinksFollowTheItemThatMovesAndNoOther) {
    const QString n1 = doc.addNetwork({600, 300});
    const QString n2 = doc.addNetwork({600, 500});
    const QString e1 = doc.addEndpoint(QStringLiteral("h1"), n1);
    const QString e2 = doc.addEndpoint(QStringLiteral("h2"), n2);
    const QLineF before1 = scene.linkLine(e1), before2 = scene.linkLine(e2);
    ASSERT_FALSE(before1.isNull());
    ASSERT_FALSE(before2.isNull());
    scene.itemFor(n1)->moveBy(80, 40);
    EXPECT_NE(scene.linkLine(e1).p2(), before1.p2()) << "the moved network's link follows";
    EXPECT_EQ(scene.linkLine(e2), before2) << "another network's link stays";
    const QLineF moved1 = scene.linkLine(e1);
    scene.itemFor(DesignDocument::hostKey(QStringLiteral("h2")))->moveBy(0, -30);
    EXPECT_NE(scene.linkLine(e2).p1(), before2.p1()) << "the moved host's endpoint's link follows";
    EXPECT_EQ(scene.linkLine(e1), moved1);
}

// A cluster of 600 endpoints, changed one endpoint at a time as engine events do: the host
// frame and every other endpoint's item are kept (only what changed is drawn again), each host
// draws its links to a network as one line, and the network stays beneath the hosts as they grow.
TEST_F(Canvas, ManyLiveEndpointsChangeOneAtATimeAndOnlyWhatChangedIsDrawnAgain) {
    const ui::NetworkInfo net = liveNetwork(QStringLiteral("ev"), QStringLiteral("10.99.0.0/16"));
    live.networks.append(net);
    auto endpoint = [&](int i, int host) { return liveEndpoint(i, net, live.hosts[host]); };
    for (int j = 0; j < 600; ++j) live.endpoints.append(endpoint(2 * j, j % 2));
    doc.setLive(live);
    auto* h1 = scene.itemFor(DesignDocument::hostKey(QStringLiteral("h1")));
    auto* h2 = scene.itemFor(DesignDocument::hostKey(QStringLiteral("h2")));
    ASSERT_TRUE(h1 && h2);
    ASSERT_EQ(scene.count(TopologyScene::EndpointType), 600);
    EXPECT_EQ(scene.count(TopologyScene::LinkType), 2) << "one line per host and network";
    const QLineF h1Line = scene.linkLine(QStringLiteral("id0"));
    ASSERT_FALSE(h1Line.isNull());
    for (int j = 0; j < 600; j += 2) {
        EXPECT_EQ(scene.linkLine(QStringLiteral("id%1").arg(2 * j)), h1Line)
            << "h1's links leave its frame at one point";
    }
    auto beneath = [&] {
        const QRectF bar = scene.itemFor(net.id)->sceneBoundingRect();
        return bar.top() >= h1->sceneBoundingRect().bottom() &&
               bar.top() >= h2->sceneBoundingRect().bottom();
    };
    EXPECT_TRUE(beneath());
    QHash<QString, QGraphicsItem*> before;
    for (const auto& e : live.endpoints) before.insert(e.id, scene.itemFor(e.id));

    // Endpoints come on h1 one at a time, each between two others (by name).
    for (int j : {0, 100, 300, 302}) {
        live.endpoints.append(endpoint(2 * j + 1, 0));
        doc.setLive(live);
    }
    EXPECT_EQ(scene.itemFor(DesignDocument::hostKey(QStringLiteral("h1"))), h1)
        << "the frame is kept: it grows";
    int redrawn = 0;
    for (auto it = before.begin(); it != before.end(); ++it) {
        if (scene.itemFor(it.key()) != it.value()) ++redrawn;
    }
    EXPECT_EQ(redrawn, 0) << "endpoints that did not change are not drawn again";
    EXPECT_EQ(scene.count(TopologyScene::EndpointType), 604);
    // In order of name: e00201 between e00200 and e00202 (which moved down, the same items).
    EXPECT_GT(scene.itemFor(QStringLiteral("id201"))->y(),
              scene.itemFor(QStringLiteral("id200"))->y());
    EXPECT_LT(scene.itemFor(QStringLiteral("id201"))->y(),
              scene.itemFor(QStringLiteral("id204"))->y());
    EXPECT_TRUE(beneath()) << "the network moved down as h1 grew past it";
    EXPECT_EQ(scene.count(TopologyScene::LinkType), 2);
    EXPECT_EQ(scene.linkLine(QStringLiteral("id201")), scene.linkLine(QStringLiteral("id0")));

    // One goes: its item only.
    live.endpoints.removeIf(
        [](const ui::EndpointInfo& e) { return e.id == QStringLiteral("id400"); });
    doc.setLive(live);
    EXPECT_EQ(scene.itemFor(QStringLiteral("id400")), nullptr);
    EXPECT_EQ(scene.itemFor(QStringLiteral("id0")), before.value(QStringLiteral("id0")));
    EXPECT_EQ(scene.count(TopologyScene::EndpointType), 603);
}

// The console's way of following the cluster: states handed over faster than they are worked
// out are coalesced and the newest one always lands (none is starved); once the draft is
// edited, the state is merged at once, as setLive does.
TEST_F(Canvas, LiveStatesWorkedOutInTheBackgroundLandNewestLast) {
    const ui::NetworkInfo net = liveNetwork(QStringLiteral("ev"), QStringLiteral("10.98.0.0/16"));
    live.networks.append(net);
    int changes = 0;
    QObject::connect(&doc, &DesignDocument::changed, [&] { ++changes; });
    for (int i = 0; i < 300; ++i) {
        live.endpoints.append(liveEndpoint(i, net, live.hosts[i % 2]));
        doc.setLiveInBackground(live);  // one per engine event, none waited for
    }
    ASSERT_TRUE(QTest::qWaitFor([&] { return !doc.liveInBackground(); }, 10000));
    EXPECT_EQ(doc.draft().endpoints.size(), 300) << "the newest state landed";
    EXPECT_EQ(doc.live().endpoints.size(), 300);
    EXPECT_EQ(scene.count(TopologyScene::EndpointType), 300);
    EXPECT_LT(changes, 300) << "states that came while one was worked out were coalesced";
    EXPECT_TRUE(doc.problems().isEmpty());
    EXPECT_FALSE(doc.modified());

    // An edit: the next state is merged at once, and the edit stays.
    const QString added = doc.addNetwork({900, 900});
    live.endpoints.removeLast();
    doc.setLiveInBackground(live);
    EXPECT_FALSE(doc.liveInBackground());
    EXPECT_EQ(doc.draft().endpoints.size(), 299);
    EXPECT_NE(doc.draft().network(added), nullptr);
}

// Each endpoint's item shows its own live state, however the state came (worked out in the
// background, or read at once once the draft is edited), also after endpoints before it in the
// inventory went (their places in it changed).
TEST_F(Canvas, EachEndpointShowsItsOwnLiveStateAfterOthersGo) {
    const ui::NetworkInfo net = liveNetwork(QStringLiteral("ev"), QStringLiteral("10.95.0.0/16"));
    live.networks.append(net);
    for (int i = 0; i < 50; ++i) live.endpoints.append(liveEndpoint(i, net, live.hosts[i % 2]));
    doc.setLiveInBackground(live);
    ASSERT_TRUE(QTest::qWaitFor(
        [&] { return !doc.liveInBackground() && scene.count(TopologyScene::EndpointType) == 50; },
        10000));
    auto fail = [&](const QString& id, const QString& why) {
        for (auto& e : live.endpoints) {
            if (e.id != id) continue;
            e.state = QStringLiteral("failed");
            e.stateMessage = why;
        }
    };
    auto shows = [&](const char* id, const char* text) {
        auto* item = scene.itemFor(QLatin1String(id));
        return item && item->toolTip().contains(QLatin1String(text));
    };

    // The first ten go and the last one fails.
    live.endpoints.remove(0, 10);
    fail(QStringLiteral("id49"), QStringLiteral("veth refused"));
    doc.setLiveInBackground(live);
    ASSERT_TRUE(QTest::qWaitFor(
        [&] { return !doc.liveInBackground() && shows("id49", "veth refused"); }, 10000));
    ASSERT_NE(doc.liveEndpoint(QStringLiteral("id49")), nullptr);
    EXPECT_EQ(doc.liveEndpoint(QStringLiteral("id49"))->state, QStringLiteral("failed"));
    EXPECT_EQ(doc.liveEndpoint(QStringLiteral("id0")), nullptr);
    EXPECT_EQ(scene.itemFor(QStringLiteral("id0")), nullptr);
    EXPECT_FALSE(shows("id48", "veth refused"));

    // Edited: the next state is merged at once.
    doc.addNetwork({900, 900});
    live.endpoints.remove(0, 10);  // id10 to id19
    fail(QStringLiteral("id30"), QStringLiteral("address taken"));
    doc.setLive(live);
    EXPECT_TRUE(shows("id30", "address taken"));
    EXPECT_TRUE(shows("id49", "veth refused"));
    EXPECT_FALSE(shows("id31", "address taken"));
    EXPECT_EQ(doc.liveEndpoint(QStringLiteral("id10")), nullptr);
    ASSERT_NE(doc.liveEndpoint(QStringLiteral("id30")), nullptr);
    EXPECT_EQ(doc.liveEndpoint(QStringLiteral("id30"))->stateMessage,
              QStringLiteral("address taken"));
}

// In a burst of changes the canvas follows a few times a second, not once per change: one
// state at once, then the newest at most every kFollowEveryMs; the last always lands.
TEST_F(Canvas, ABurstOfLiveStatesIsFollowedAFewTimesASecond) {
    const ui::NetworkInfo net = liveNetwork(QStringLiteral("ev"), QStringLiteral("10.96.0.0/16"));
    live.networks.append(net);
    int changes = 0;
    QObject::connect(&doc, &DesignDocument::changed, [&] { ++changes; });
    QElapsedTimer clock;
    clock.start();
    // One state every 5 ms for about 400 ms, each a small one (worked out in well under 5 ms).
    int sent = 0;
    QTimer feed;
    QObject::connect(&feed, &QTimer::timeout, [&] {
        live.endpoints.append(liveEndpoint(sent, net, live.hosts[sent % 2]));
        doc.setLiveInBackground(live);
        if (++sent == 80) feed.stop();
    });
    feed.start(5);
    ASSERT_TRUE(QTest::qWaitFor([&] { return sent == 80 && !doc.liveInBackground(); }, 10000));
    const qint64 spent = clock.elapsed();
    EXPECT_EQ(doc.draft().endpoints.size(), 80) << "the newest state landed";
    EXPECT_EQ(scene.count(TopologyScene::EndpointType), 80);
    EXPECT_LE(changes, spent / DesignDocument::kFollowEveryMs + 2)
        << changes << " updates of the canvas in " << spent << " ms";
    EXPECT_GE(changes, 2);
}

// A large followed drawing is not fitted again for a few endpoints more (a new zoom repaints
// the whole canvas), but is once it has grown out of sight.
TEST_F(Canvas, AFittedLargeDrawingKeepsItsZoomUntilItOutgrowsTheView) {
    const ui::NetworkInfo net = liveNetwork(QStringLiteral("ev"), QStringLiteral("10.97.0.0/16"));
    live.networks.append(net);
    for (int i = 0; i < 400; ++i)
        live.endpoints.append(liveEndpoint(2 * i, net, live.hosts[i % 2]));
    doc.setLive(live);
    view.fit();
    const qreal zoom = view.zoom();
    ASSERT_LT(zoom, 1.0);
    auto inSight = [&] {
        return view.mapToScene(view.viewport()->rect())
            .boundingRect()
            .contains(scene.drawingRect());
    };
    for (int i : {1, 3, 5}) live.endpoints.append(liveEndpoint(i, net, live.hosts[0]));
    doc.setLive(live);
    view.fitUnlessMoved();
    EXPECT_EQ(view.zoom(), zoom) << "three endpoints more: the same zoom";
    EXPECT_TRUE(inSight());
    for (int i = 0; i < 100; ++i)
        live.endpoints.append(liveEndpoint(2 * i + 7, net, live.hosts[0]));
    doc.setLive(live);
    view.fitUnlessMoved();
    EXPECT_LT(view.zoom(), zoom) << "grown out of sight: fitted again";
    EXPECT_TRUE(inSight());
}

TEST_F(Canvas, SelectMoveCopyPasteAlignLayOutAndDelete) {
    QString a = doc.addNetwork({500, 0});
    QString b = doc.addNetwork({560, 200});
    QString ep = doc.addEndpoint(QStringLiteral("h1"), a);

    // Dragging a network moves it, as one undoable step; its link follows.
    QPoint from = viewPointOf(view, scene.itemFor(b));
    QTest::mousePress(view.viewport(), Qt::LeftButton, {}, from);
    QTest::mouseMove(view.viewport(), from + QPoint(40, 30));
    QTest::mouseRelease(view.viewport(), Qt::LeftButton, {}, from + QPoint(40, 30));
    QPointF moved = doc.draft().network(b)->pos;
    EXPECT_NE(moved, QPointF(560, 200));
    int steps = doc.undoStack().index();
    doc.undoStack().undo();
    EXPECT_EQ(doc.draft().network(b)->pos, QPointF(560, 200));
    doc.undoStack().redo();
    EXPECT_EQ(doc.undoStack().index(), steps);

    // Multi-select, align left and top.
    scene.selectKeys({a, b});
    EXPECT_EQ(scene.selectedKeys().size(), 2);
    doc.align(scene.selectedKeys(), DesignDocument::Edge::Left);
    EXPECT_EQ(doc.draft().network(a)->pos.x(), doc.draft().network(b)->pos.x());
    EXPECT_EQ(scene.selectedKeys().size(), 2) << "the selection survives a redraw";
    doc.align({a, b}, DesignDocument::Edge::Top);
    EXPECT_EQ(doc.draft().network(a)->pos.y(), doc.draft().network(b)->pos.y());

    // Copies get unique names, a free subnet of the same size and automatic addresses.
    ui::DesignEndpoint e = *doc.draft().endpoint(ep);
    e.ip = QStringLiteral("10.10.0.9");
    doc.setEndpoint(e);
    QStringList copies = doc.duplicate({a, ep}, QStringLiteral("h2"));
    ASSERT_EQ(copies.size(), 2);
    const auto* na = doc.draft().network(copies[0]);
    const auto* ne = doc.draft().endpoint(copies[1]);
    ASSERT_TRUE(na && ne);
    EXPECT_EQ(na->name, QStringLiteral("net1-copy"));
    EXPECT_EQ(na->subnet, QStringLiteral("10.10.2.0/24"));  // net1 has .0, net2 .1
    EXPECT_EQ(ne->hostName, QStringLiteral("h2"));
    EXPECT_EQ(ne->networkKey, copies[0]) << "the copy links to the copied network";
    EXPECT_TRUE(ne->ip.isEmpty());
    EXPECT_TRUE(doc.problems().isEmpty());

    // Lay out: hosts in a row, networks in a column beside them, no overlaps.
    doc.layOut();
    QList<QRectF> boxes;
    for (auto* i : scene.items()) {
        if (i->type() == TopologyScene::HostType || i->type() == TopologyScene::NetworkType) {
            boxes.append(i->sceneBoundingRect().adjusted(1, 1, -1, -1));
        }
    }
    for (int i = 0; i < boxes.size(); ++i) {
        for (int j = i + 1; j < boxes.size(); ++j) EXPECT_FALSE(boxes[i].intersects(boxes[j]));
    }

    // Deleting a network leaves its endpoints unlinked (and says so); a host goes with its own.
    doc.remove({a});
    EXPECT_EQ(doc.draft().network(a), nullptr);
    EXPECT_TRUE(doc.draft().endpoint(ep)->networkKey.isEmpty());
    EXPECT_TRUE(mentions(fieldsOf(doc, ep), QStringLiteral("not linked")));
    QString placeholder = doc.addHost(QStringLiteral("h9"), {0, 400});
    doc.addEndpoint(QStringLiteral("h9"), b);
    EXPECT_EQ(doc.draft().endpoints.size(), 3);
    doc.remove({placeholder});
    EXPECT_EQ(doc.draft().endpoints.size(), 2);
    EXPECT_EQ(doc.draft().host(QStringLiteral("h9")), nullptr);
    // A cluster host cannot be designed away: deleting it empties it.
    doc.remove({DesignDocument::hostKey(QStringLiteral("h1"))});
    EXPECT_NE(doc.draft().host(QStringLiteral("h1")), nullptr);
    for (const auto& e : doc.draft().endpoints) EXPECT_NE(e.hostName, QStringLiteral("h1"));
}

// The engine's events redraw the canvas; one that arrives while a network is being dragged
// waits for the mouse, and the drag still lands as a move.
TEST_F(Canvas, AnEngineEventDoesNotPullAnItemFromUnderTheMouse) {
    QString net = doc.addNetwork({500, 100});
    QGraphicsItem* item = scene.itemFor(net);
    QPoint from = viewPointOf(view, item);
    QTest::mousePress(view.viewport(), Qt::LeftButton, {}, from);
    QTest::mouseMove(view.viewport(), from + QPoint(20, 20));
    live.hosts[1].alive = false;  // h2 goes down meanwhile
    doc.setLive(live);
    EXPECT_EQ(scene.itemFor(net), item) << "not redrawn during the drag";
    QTest::mouseMove(view.viewport(), from + QPoint(50, 40));
    QTest::mouseRelease(view.viewport(), Qt::LeftButton, {}, from + QPoint(50, 40));
    EXPECT_NE(doc.draft().network(net)->pos, QPointF(500, 100));
    // Redrawn after the release: h2 is shown down.
    EXPECT_TRUE(scene.itemFor(DesignDocument::hostKey("h2"))->toolTip().contains("is down"));
    // An event that changes nothing shown does not redraw at all.
    item = scene.itemFor(net);
    doc.setLive(live);
    EXPECT_EQ(scene.itemFor(net), item);
}

TEST(Designer, FollowsTheSystemPalette) {
    const QPalette original = QApplication::palette();
    DesignDocument doc;
    doc.setLive(twoHosts());
    TopologyScene scene(doc);
    auto textColour = [&] {
        for (auto* i : scene.items()) {
            if (auto* t = dynamic_cast<QGraphicsSimpleTextItem*>(i)) return t->brush().color();
        }
        return QColor();
    };
    QPalette light;
    light.setColor(QPalette::Base, Qt::white);
    light.setColor(QPalette::Text, Qt::black);
    QApplication::setPalette(light);
    scene.rebuild();
    EXPECT_EQ(scene.backgroundBrush().color(), QColor(Qt::white));
    EXPECT_EQ(textColour(), QColor(Qt::black));
    QPalette dark;
    dark.setColor(QPalette::Base, QColor(30, 30, 30));
    dark.setColor(QPalette::AlternateBase, QColor(45, 45, 45));
    dark.setColor(QPalette::Text, QColor(230, 230, 230));
    QApplication::setPalette(dark);
    scene.rebuild();
    EXPECT_EQ(scene.backgroundBrush().color(), QColor(30, 30, 30));
    EXPECT_EQ(textColour(), QColor(230, 230, 230)) << "light text on a dark canvas";
    QApplication::setPalette(original);
}

}  // namespace
}  // namespace loom::test
