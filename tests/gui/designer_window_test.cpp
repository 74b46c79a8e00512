// The designer in the main window, with no engine at all.
#include <QAction>
#include <QFile>
#include <QGraphicsItem>
#include <QListWidget>
#include <QTemporaryDir>
#include <QTest>

#include <gtest/gtest.h>

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

// The designer in the main window, with no engine at all: an offline design opened from a
// file, edited through the properties panel and the window's actions, its problems listed and
// the Plan action held back while any remain.
TEST(DesignerWindow, OfflineDesignEditedThroughPropertiesAndActions) {
    QTemporaryDir dir;
    QString path = dir.filePath(QStringLiteral("offline.json"));
    QFile f(path);
    ASSERT_TRUE(f.open(QIODevice::WriteOnly));
    f.write(R"({"format": 1,
      "hosts": [{"name": "edge1"}, {"name": "edge2"}],
      "networks": [{"name": "front", "subnet": "10.60.0.0/24"}],
      "endpoints": [{"name": "web", "network_name": "front", "host_name": "edge1"}]})");
    f.close();
    ui::EngineClient client;  // never connected
    ui::MainWindow window(client);
    window.show();
    ASSERT_TRUE(window.openDesign(path));
    auto& doc = window.document();
    auto& scene = window.topology();
    EXPECT_EQ(scene.count(TopologyScene::HostType), 2);
    EXPECT_EQ(scene.count(TopologyScene::LinkType), 1);
    EXPECT_TRUE(
        scene.itemFor(DesignDocument::hostKey("edge1"))->toolTip().contains("has not joined"));
    EXPECT_EQ(doc.plan().notJoined, (QStringList{"edge1", "edge2"}));
    QAction* plan = window.action(QStringLiteral("plan"));
    ASSERT_NE(plan, nullptr);
    EXPECT_TRUE(plan->isEnabled());

    // Selecting the network shows it in the properties panel; a bad subnet typed there is a
    // problem: listed, on the item, and Plan is disabled until it is fixed.
    QString front = doc.draft().networks.front().key;
    scene.selectKeys({front});
    auto& props = window.properties();
    EXPECT_EQ(props.shownId(), front);
    EXPECT_EQ(props.value(QStringLiteral("Subnet")), QStringLiteral("10.60.0.0/24"));
    EXPECT_EQ(props.value(QStringLiteral("VNI")), QStringLiteral("automatic"));
    ASSERT_TRUE(props.edit(QStringLiteral("Subnet"), QStringLiteral("10.60.0.1/24")));
    EXPECT_EQ(doc.draft().network(front)->subnet, QStringLiteral("10.60.0.1/24"));
    EXPECT_TRUE(props.problemText().contains(
        QStringLiteral("has host bits set (did you mean 10.60.0.0/24?)")))
        << props.problemText().toStdString();
    ASSERT_EQ(window.problemList().count(), 1);
    EXPECT_TRUE(
        window.problemList().item(0)->text().startsWith(QStringLiteral("network front, subnet:")))
        << window.problemList().item(0)->text().toStdString();
    EXPECT_FALSE(plan->isEnabled());
    // Activating the problem goes to its item.
    scene.clearSelection();
    emit window.problemList().itemActivated(window.problemList().item(0));
    EXPECT_EQ(scene.selectedKeys(), QStringList{front});
    ASSERT_TRUE(props.edit(QStringLiteral("Subnet"), QStringLiteral("10.60.0.0/24")));
    EXPECT_EQ(window.problemList().count(), 0);
    EXPECT_TRUE(plan->isEnabled());
    ASSERT_TRUE(props.edit(QStringLiteral("VNI"), QStringLiteral("700")));
    ASSERT_TRUE(props.edit(QStringLiteral("Labels"), QStringLiteral("tier=web, team=blue")));
    EXPECT_EQ(doc.draft().network(front)->vni, 700u);
    EXPECT_EQ(doc.draft().network(front)->labels.value("team"), QStringLiteral("blue"));

    // The endpoint: a static address outside the subnet, then moved to the other host.
    QString web = doc.draft().endpoints.front().key;
    scene.selectKeys({web});
    EXPECT_EQ(props.value(QStringLiteral("Address")), QString());
    ASSERT_TRUE(props.edit(QStringLiteral("Address"), QStringLiteral("10.61.0.5")));
    EXPECT_TRUE(props.problemText().contains(QStringLiteral("outside the subnet 10.60.0.0/24")));
    ASSERT_TRUE(props.edit(QStringLiteral("Address"), QStringLiteral("10.60.0.5")));
    ASSERT_TRUE(props.edit(QStringLiteral("Host"), QStringLiteral("edge2")));
    EXPECT_EQ(doc.draft().endpoint(web)->hostName, QStringLiteral("edge2"));
    EXPECT_EQ(scene.itemFor(web)->parentItem(), scene.itemFor(DesignDocument::hostKey("edge2")));
    EXPECT_TRUE(props.problemText().isEmpty());

    // Copy, paste into a host, delete, undo: through the window's actions.
    scene.selectKeys({web});
    window.action(QStringLiteral("copy"))->trigger();
    scene.selectKeys({DesignDocument::hostKey("edge1")});
    window.action(QStringLiteral("paste"))->trigger();
    ASSERT_EQ(doc.draft().endpoints.size(), 2);
    EXPECT_EQ(doc.draft().endpoints[1].hostName, QStringLiteral("edge1"));
    EXPECT_EQ(doc.draft().endpoints[1].name, QStringLiteral("web")) << "names are per host";
    EXPECT_TRUE(doc.draft().endpoints[1].ip.isEmpty());
    window.action(QStringLiteral("delete"))->trigger();
    EXPECT_EQ(doc.draft().endpoints.size(), 1);
    window.action(QStringLiteral("undo"))->trigger();
    EXPECT_EQ(doc.draft().endpoints.size(), 2);

    // A placeholder host is renamed in the properties panel, and its endpoints follow.
    scene.selectKeys({DesignDocument::hostKey("edge1")});
    ASSERT_TRUE(props.edit(QStringLiteral("Name"), QStringLiteral("edge3")));
    EXPECT_NE(doc.draft().host(QStringLiteral("edge3")), nullptr);
    EXPECT_EQ(doc.draft().endpoints[1].hostName, QStringLiteral("edge3"));

    // Zoom: in, out, and fit (never larger than life).
    auto& view = window.designView();
    qreal before = view.zoom();
    view.zoomBy(1.25);
    EXPECT_NEAR(view.zoom(), before * 1.25, 1e-9);
    view.fit();
    EXPECT_LE(view.zoom(), 1.0);

    // Saved and opened again: the same design.
    QString again = dir.filePath(QStringLiteral("again.json"));
    ASSERT_TRUE(window.saveDesign(again));
    Design saved = doc.draft();
    ASSERT_TRUE(window.openDesign(again));
    EXPECT_EQ(ui::designToJson(doc.draft()).toStdString(), ui::designToJson(saved).toStdString());
}

}  // namespace
}  // namespace loom::test
