// The console's client, models and main window against a real engine in a test namespace.
#include <signal.h>

#include <QAbstractItemModelTester>
#include <QDialogButtonBox>
#include <QGraphicsItem>
#include <QIcon>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>
#include <QTreeView>

#include "tests/support/engine_fixture.h"
#include "ui/client/engine_client.h"
#include "ui/designer/design_document.h"
#include "ui/designer/topology_scene.h"
#include "ui/models/inventory_models.h"
#include "ui/models/inventory_tree_model.h"
#include "ui/widgets/connection_dialog.h"
#include "ui/widgets/main_window.h"
#include "ui/widgets/properties_panel.h"

namespace loom::test {
namespace {

using ui::ConnectionState;

template <typename Model>
const auto* row(const Model& m, const QString& name) {
    for (const auto& r : m.rows()) {
        if (r.name == name) return &r;
    }
    return static_cast<decltype(&m.rows().front())>(nullptr);
}

class Console : public EngineTest {};

TEST_F(Console, ClientFollowsTheEngineAndItsModelsChangeRowByRow) {
    ui::EngineClient client;
    ui::HostTableModel hosts;
    ui::NetworkTableModel networks;
    ui::EndpointTableModel endpoints;
    // Every change the client makes is checked against the model contract as it happens.
    QAbstractItemModelTester t1(&hosts, QAbstractItemModelTester::FailureReportingMode::Fatal);
    QAbstractItemModelTester t2(&networks, QAbstractItemModelTester::FailureReportingMode::Fatal);
    QAbstractItemModelTester t3(&endpoints, QAbstractItemModelTester::FailureReportingMode::Fatal);
    // As the main window does: after a read every row is compared, after events only theirs.
    QList<ui::InventoryChange> changes;
    QObject::connect(&client, &ui::EngineClient::inventoryChanged,
                     [&](const ui::Inventory& i, const ui::InventoryChange& change) {
                         changes.append(change);
                         hosts.setRows(i.hosts);
                         networks.setRows(i.networks);
                         endpoints.update(i.endpoints, change);
                     });
    QSignalSpy states(&client, &ui::EngineClient::connectionStateChanged);
    QSignalSpy events(&client, &ui::EngineClient::eventReceived);
    client.connectToSocket(QString::fromStdString(m_host.socket()));
    ASSERT_TRUE(
        QTest::qWaitFor([&] { return client.state() == ConnectionState::Connected; }, 5000));
    ASSERT_EQ(hosts.rowCount(), 1);
    EXPECT_EQ(networks.rowCount(), 0);
    ASSERT_FALSE(changes.isEmpty());
    EXPECT_TRUE(changes.last().everything);  // the first read
    const qsizetype afterRead = changes.size();

    // Changes made by someone else arrive as events and show up as rows.
    createNetwork("blue", "10.70.0.0/24");
    createEndpoint("a", "blue");
    ASSERT_TRUE(QTest::qWaitFor(
        [&] {
            auto* a = row(endpoints, QStringLiteral("a"));
            return a && a->state == QStringLiteral("ready");
        },
        5000));
    EXPECT_EQ(row(endpoints, QStringLiteral("a"))->networkName, QStringLiteral("blue"));
    ASSERT_NE(row(networks, QStringLiteral("blue")), nullptr);
    EXPECT_EQ(row(networks, QStringLiteral("blue"))->subnet, QStringLiteral("10.70.0.0/24"));
    EXPECT_GE(events.count(), 2);
    // Those came as events: each update names what changed, never everything again.
    QSet<QString> named;
    bool networkNamed = false;
    for (qsizetype i = afterRead; i < changes.size(); ++i) {
        EXPECT_FALSE(changes[i].everything);
        named.unite(changes[i].endpoints);
        networkNamed = networkNamed || changes[i].networks;
    }
    EXPECT_EQ(named, QSet<QString>{row(endpoints, QStringLiteral("a"))->id});
    EXPECT_TRUE(networkNamed);

    // A row is removed, not the model reset.
    QSignalSpy removed(&endpoints, &QAbstractItemModel::rowsRemoved);
    QSignalSpy reset(&endpoints, &QAbstractItemModel::modelReset);
    v1::DeleteEndpointRequest del;
    del.set_endpoint("a");
    v1::DeleteEndpointResponse delResp;
    ASSERT_TRUE(m_engine.endpoints().DeleteEndpoint(deadline().get(), del, &delResp).ok());
    ASSERT_TRUE(QTest::qWaitFor([&] { return endpoints.rowCount() == 0; }, 5000));
    EXPECT_EQ(removed.count(), 1);
    EXPECT_EQ(reset.count(), 0);

    // The engine goes away: one state change, no frozen client; it comes back by itself.
    m_engine.kill(SIGTERM);
    ASSERT_TRUE(
        QTest::qWaitFor([&] { return client.state() == ConnectionState::Disconnected; }, 5000));
    ASSERT_TRUE(m_engine.start());
    createEndpoint("b", "blue");
    ASSERT_TRUE(QTest::qWaitFor(
        [&] {
            return client.state() == ConnectionState::Connected &&
                   row(endpoints, QStringLiteral("b")) != nullptr;
        },
        10000));
    std::vector<ConnectionState> seen;
    for (const auto& args : states) seen.push_back(args.at(0).value<ConnectionState>());
    EXPECT_EQ(seen, (std::vector<ConnectionState>{
                        ConnectionState::Connecting, ConnectionState::Connected,
                        ConnectionState::Disconnected, ConnectionState::Connected}));
}

TEST_F(Console, MainWindowShowsTheInventoryAndTheConnection) {
    createNetwork("green", "10.71.0.0/24");
    createEndpoint("web", "green");
    ui::EngineClient client;
    ui::MainWindow window(client);
    window.show();
    client.connectToSocket(QString::fromStdString(m_host.socket()));
    ASSERT_TRUE(QTest::qWaitFor([&] { return window.endpoints().rowCount() == 1; }, 5000));
    EXPECT_EQ(window.networks().rowCount(), 1);
    EXPECT_EQ(window.hosts().rowCount(), 1);
    // The tree: host, its network, the endpoint inside.
    QAbstractItemModelTester tester(&window.tree(),
                                    QAbstractItemModelTester::FailureReportingMode::Fatal);
    auto& tree = window.tree();
    ASSERT_EQ(tree.rowCount(), 1);
    QModelIndex host = tree.index(0, 0);
    ASSERT_EQ(tree.rowCount(host), 1);
    QModelIndex net = tree.index(0, 0, host);
    EXPECT_EQ(net.data().toString(), QStringLiteral("green"));
    ASSERT_EQ(tree.rowCount(net), 1);
    QModelIndex ep = tree.index(0, 0, net);
    EXPECT_EQ(ep.data().toString(), QStringLiteral("web"));
    EXPECT_EQ(ep.siblingAtColumn(1).data().toString().left(9), QStringLiteral("10.71.0.2"));
    EXPECT_EQ(ep.data(ui::InventoryTreeModel::KindRole).toInt(),
              static_cast<int>(ui::InventoryTreeModel::Kind::Endpoint));
    EXPECT_EQ(tree.parent(ep), net);
    // Icons from the resources, drawn from SVG.
    EXPECT_FALSE(ep.data(Qt::DecorationRole).value<QIcon>().pixmap(16).isNull());
    EXPECT_FALSE(window.windowIcon().pixmap(32).isNull());
    // A second endpoint rebuilds the tree under the tester's eye.
    createEndpoint("db", "green");
    ASSERT_TRUE(QTest::qWaitFor(
        [&] { return tree.rowCount(tree.index(0, 0, tree.index(0, 0))) == 2; }, 5000));
    // The canvas (it follows the tables in a turn of its own): the host frame holds both
    // endpoints, each linked to the network.
    auto& topo = window.topology();
    ASSERT_TRUE(
        QTest::qWaitFor([&] { return topo.count(ui::TopologyScene::EndpointType) == 2; }, 5000));
    EXPECT_EQ(topo.count(ui::TopologyScene::HostType), 1);
    EXPECT_EQ(topo.count(ui::TopologyScene::NetworkType), 1);
    EXPECT_EQ(topo.count(ui::TopologyScene::EndpointType), 2);
    EXPECT_EQ(topo.count(ui::TopologyScene::LinkType), 1)
        << "the links of a host to a network are drawn by one item";
    auto* hostItem = topo.itemFor(ui::DesignDocument::hostKey(window.hosts().rows().front().name));
    ASSERT_NE(hostItem, nullptr);
    for (const auto& e : window.endpoints().rows()) {
        auto* item = topo.itemFor(e.id);
        ASSERT_NE(item, nullptr);
        EXPECT_EQ(item->parentItem(), hostItem) << "an endpoint sits inside its host";
        EXPECT_FALSE(topo.linkLine(e.id).isNull()) << "each endpoint is linked";
    }
    // Selecting an endpoint on the canvas shows its properties; so does the tree.
    const auto& db =
        *std::find_if(window.endpoints().rows().begin(), window.endpoints().rows().end(),
                      [](const ui::EndpointInfo& e) { return e.name == "db"; });
    topo.itemFor(db.id)->setSelected(true);
    EXPECT_EQ(window.properties().shownId(), db.id);
    EXPECT_EQ(window.properties().value(QStringLiteral("Live address")), db.ip);
    EXPECT_EQ(window.properties().value(QStringLiteral("Address")), db.ip.section('/', 0, 0));
    EXPECT_EQ(window.properties().value(QStringLiteral("Network")), QStringLiteral("green"));
    topo.clearSelection();
    auto* view = window.findChild<QTreeView*>();
    ASSERT_NE(view, nullptr);
    view->setCurrentIndex(tree.index(0, 0, tree.index(0, 0)));
    EXPECT_EQ(window.properties().value(QStringLiteral("Subnet")), QStringLiteral("10.71.0.0/24"));
    EXPECT_TRUE(window.connectionText().startsWith(QStringLiteral("Connected to")))
        << window.connectionText().toStdString();

    // Told of a socket with no engine behind it, it says so instead of freezing.
    client.connectToSocket(QString::fromStdString(m_host.dir() + "/nobody.sock"));
    ASSERT_TRUE(
        QTest::qWaitFor([&] { return client.state() == ConnectionState::Disconnected; }, 8000));
    EXPECT_TRUE(window.connectionText().contains(QStringLiteral("not reachable")))
        << window.connectionText().toStdString();
}

}  // namespace
}  // namespace loom::test

namespace loom::test {
namespace {

// The connection dialog: OK only once the choice is complete, with the reason shown.
TEST(ConnectionDialog, AcceptsOnlyACompleteChoice) {
    ui::ConnectionDialog::Target t;
    t.socket = QStringLiteral("/run/loom/loomd.sock");
    ui::ConnectionDialog dialog(t);
    EXPECT_TRUE(dialog.problem().isEmpty());
    t.remote = true;
    t.server = QStringLiteral("198.51.100.1:7443");
    ui::ConnectionDialog remote(t);
    EXPECT_TRUE(remote.problem().contains(QStringLiteral("CA certificate")))
        << remote.problem().toStdString();
    auto okButton = [](ui::ConnectionDialog& d) {
        return d.findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok)->isEnabled();
    };
    EXPECT_TRUE(okButton(dialog));
    EXPECT_FALSE(okButton(remote));
    t.ca = t.cert = t.key = QStringLiteral("/nonexistent.pem");
    ui::ConnectionDialog unreadable(t);
    EXPECT_TRUE(unreadable.problem().contains(QStringLiteral("Cannot read")))
        << unreadable.problem().toStdString();
    t.ca = t.cert = t.key = QStringLiteral("/etc/hostname");
    ui::ConnectionDialog ok(t);
    EXPECT_TRUE(ok.problem().isEmpty()) << ok.problem().toStdString();
    EXPECT_EQ(ok.target().server, QStringLiteral("198.51.100.1:7443"));
    EXPECT_TRUE(okButton(ok));
}

}  // namespace
}  // namespace loom::test
