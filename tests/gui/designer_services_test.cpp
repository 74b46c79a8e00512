// The designer's services without an engine: one dropped on a network, endpoints drawn
// behind it, its lines following it, the engine's rules, and undo (the same against a real
// engine: apply_test.cpp).
#include <QTest>

#include <gtest/gtest.h>

#include "tests/gui/canvas_support.h"
#include "tests/gui/designer_support.h"
#include "ui/designer/design_document.h"
#include "ui/designer/topology_scene.h"

namespace loom::test {
namespace {

using ui::Design;
using ui::DesignDocument;
using ui::TopologyScene;

// A service dropped onto a network sits beneath it; endpoints go behind it by a line drawn
// from them onto it; its rules are the engine's; it goes with its network, and it undoes.
TEST_F(Canvas, AServiceIsDrawnOnItsNetworkAndEndpointsAreDrawnBehindIt) {
    const QString net = doc.addNetwork({600, 300});
    const QString ep1 = doc.addEndpoint(QStringLiteral("h1"), net);
    const QString ep2 = doc.addEndpoint(QStringLiteral("h2"), net);
    const Design before = doc.draft();
    view.centerOn(scene.itemFor(net));
    dropFromPalette(view, "service", viewPointOf(view, scene.itemFor(net)));
    ASSERT_EQ(doc.draft().services.size(), 1);
    const QString sv = doc.draft().services.front().key;
    EXPECT_EQ(doc.draft().services.front().networkKey, net);
    EXPECT_EQ(doc.draft().services.front().name, QStringLiteral("service"));
    EXPECT_EQ(scene.count(TopologyScene::ServiceType), 1);
    const QRectF bar = scene.itemFor(net)->sceneBoundingRect();
    const QRectF node = scene.itemFor(sv)->sceneBoundingRect();
    EXPECT_GT(node.top(), bar.bottom()) << "beneath its network";
    EXPECT_LT(node.top() - bar.bottom(), 20);
    EXPECT_TRUE(doc.problems().isEmpty()) << fieldsOf(doc, sv).join('\n').toStdString();

    // Both endpoints behind it, by a line drawn from each onto the service.
    for (const auto& ep : {ep1, ep2}) {
        QTest::mousePress(view.viewport(), Qt::LeftButton, {},
                          viewPointOf(view, scene.itemFor(ep)));
        QTest::mouseMove(view.viewport(), viewPointOf(view, scene.itemFor(sv)));
        QTest::mouseRelease(view.viewport(), Qt::LeftButton, {},
                            viewPointOf(view, scene.itemFor(sv)));
        EXPECT_EQ(doc.draft().endpoint(ep)->service, QStringLiteral("service"));
    }
    auto lines = scene.serviceLines(sv);
    ASSERT_EQ(lines.size(), 2);
    EXPECT_EQ(lines.value(ep1).p2(), scene.itemFor(ep1)->sceneBoundingRect().center());
    // Its lines follow it when it moves.
    scene.itemFor(sv)->moveBy(40, 30);
    EXPECT_EQ(scene.serviceLines(sv).value(ep2).p1(),
              scene.itemFor(sv)->sceneBoundingRect().center());

    // The engine's rules, before anything is applied.
    auto set = [&](auto change) {
        ui::DesignService s = *doc.draft().service(sv);
        change(s);
        doc.setService(s);
    };
    set([](auto& s) { s.ports = QStringLiteral("8080/sctp"); });
    EXPECT_TRUE(mentions(fieldsOf(doc, sv), QStringLiteral("8080/sctp is not a port")))
        << fieldsOf(doc, sv).join('\n').toStdString();
    set([](auto& s) { s.ports = QStringLiteral("70000"); });
    EXPECT_TRUE(mentions(fieldsOf(doc, sv), QStringLiteral("70000 is outside 1..65535")))
        << fieldsOf(doc, sv).join('\n').toStdString();
    set([](auto& s) {
        s.ports = QStringLiteral("8080,53/udp");
        s.vip = QStringLiteral("10.99.0.1");
    });
    EXPECT_TRUE(mentions(fieldsOf(doc, sv), QStringLiteral("vip:")))
        << fieldsOf(doc, sv).join('\n').toStdString();
    set([](auto& s) {
        s.vip.clear();
        s.name = QStringLiteral("api");
    });
    EXPECT_TRUE(doc.problems().isEmpty()) << fieldsOf(doc, sv).join('\n').toStdString();
    EXPECT_EQ(doc.draft().endpoint(ep1)->service, QStringLiteral("api")) << "renamed with it";

    // Deleting the network takes its service; its endpoints are behind nothing.
    doc.remove({net});
    EXPECT_TRUE(doc.draft().services.isEmpty());
    EXPECT_TRUE(doc.draft().endpoint(ep1)->service.isEmpty());
    EXPECT_EQ(scene.count(TopologyScene::ServiceType), 0);
    auto& undo = doc.undoStack();
    undo.undo();
    EXPECT_EQ(scene.count(TopologyScene::ServiceType), 1);
    while (doc.draft() != before && undo.canUndo()) undo.undo();
    EXPECT_EQ(doc.draft(), before);
    EXPECT_EQ(scene.count(TopologyScene::ServiceType), 0);
}

}  // namespace
}  // namespace loom::test
