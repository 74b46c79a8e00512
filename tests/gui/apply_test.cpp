// The designer against a real engine: a draft applied through the plan dialog builds real
// kernel devices (read back with a netlink dump in the network's sandbox), and a forced
// failure stops the plan and leaves the engine's reason on the item that failed.
#include <fcntl.h>
#include <grpcpp/grpcpp.h>

#include <QGraphicsItem>
#include <QPushButton>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidgetItem>

#include "engine/bundle/bundle.h"
#include "engine/common/unique_fd.h"
#include "engine/netlink/link_ops.h"
#include "engine/netlink/nl_socket.h"
#include "engine/reconcile/kernel.h"
#include "tests/support/engine_fixture.h"
#include "ui/client/bundle_file.h"
#include "ui/client/engine_client.h"
#include "ui/designer/design_document.h"
#include "ui/designer/plan_dialog.h"
#include "ui/designer/topology_scene.h"
#include "ui/models/inventory_models.h"
#include "ui/models/inventory_tree_model.h"
#include "ui/widgets/main_window.h"
#include "ui/widgets/properties_panel.h"

namespace loom::test {
namespace {

using namespace engine;

struct Device {
    reconcile::LinkFacts link;
    reconcile::VxlanFacts vxlan;
};

// One link of a namespace, read by a netlink request on a socket inside it.
std::optional<Device> readLink(const std::string& netnsPath, const std::string& name) {
    common::UniqueFd ns(::open(netnsPath.c_str(), O_RDONLY | O_CLOEXEC));
    common::UniqueFd home(::open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC));
    if (ns.get() < 0 || home.get() < 0) return std::nullopt;
    auto sk = netlink::openRouteSocket(ns.get(), home.get());
    if (!sk) return std::nullopt;
    Device d;
    auto facts = netlink::getLink(sk->get(), name, 0, &d.vxlan);
    if (!facts || !facts->exists) return std::nullopt;
    d.link = *facts;
    return d;
}

class DesignerApply : public EngineTest {
protected:
    void connectWindow() {
        m_window = std::make_unique<ui::MainWindow>(m_client);
        m_client.connectToSocket(QString::fromStdString(m_host.socket()));
        ASSERT_TRUE(
            QTest::qWaitFor([&] { return m_window->document().live().hosts.size() == 1; }, 5000));
        m_hostName = m_window->document().live().hosts.front().name;
    }
    // Runs the plan dialog's Apply and waits for it to end.
    bool apply(ui::PlanDialog& dialog) {
        if (!dialog.applyButton()->isEnabled()) return false;
        dialog.applyButton()->click();
        return QTest::qWaitFor([&] { return dialog.finished(); }, 30000);
    }
    ui::EngineClient m_client;
    std::unique_ptr<ui::MainWindow> m_window;
    QString m_hostName;
};

TEST_F(DesignerApply, DraftBecomesKernelDevicesAndTheCanvasFollowsTheEngine) {
    connectWindow();
    auto& doc = m_window->document();
    QString red = doc.addNetwork({500, 0});
    ui::DesignNetwork n = *doc.draft().network(red);
    n.name = QStringLiteral("red");
    n.subnet = QStringLiteral("10.90.0.0/24");
    n.vni = 4242;
    n.mtu = 1400;
    doc.setNetwork(n);
    QString r1 = doc.addEndpoint(m_hostName, red);
    QString r2 = doc.addEndpoint(m_hostName, red);
    ui::DesignEndpoint e2 = *doc.draft().endpoint(r2);
    e2.ip = QStringLiteral("10.90.0.20");
    doc.setEndpoint(e2);
    ASSERT_TRUE(doc.problems().isEmpty());
    EXPECT_TRUE(doc.modified());
    // Nothing happens before Apply: edits are a draft.
    EXPECT_TRUE(m_window->networks().rows().isEmpty());

    ui::PlanDialog dialog(m_client, doc);
    ASSERT_EQ(dialog.plan().operations.size(), 3);
    dialog.show();
    dialog.applyButton()->click();
    dialog.reject();  // Escape while it runs: the dialog stays until the engine has answered
    EXPECT_TRUE(dialog.isVisible());
    ASSERT_TRUE(QTest::qWaitFor([&] { return dialog.finished(); }, 30000));
    EXPECT_TRUE(dialog.succeeded());
    for (int i = 0; i < 3; ++i) EXPECT_EQ(dialog.row(i)->text(2), QStringLiteral("done"));

    // The engine's truth: the draft is rebased on it, keyed by live ids, nothing left to do.
    ASSERT_TRUE(QTest::qWaitFor(
        [&] { return !doc.modified() && doc.draft().endpoints.size() == 2; }, 5000));
    EXPECT_TRUE(doc.plan().empty());
    ASSERT_EQ(doc.draft().networks.size(), 1);
    EXPECT_FALSE(doc.draft().networks[0].liveId.isEmpty());
    EXPECT_EQ(doc.draft().networks[0].vni, 4242u);

    // Real devices, read with netlink in the network's sandbox and the endpoints' namespaces.
    v1::GetNetworkRequest get;
    get.set_network("red");
    v1::Network live;
    ASSERT_TRUE(m_engine.networks().GetNetwork(deadline().get(), get, &live).ok());
    auto vx = readLink(live.sandbox_netns(), reconcile::kVxlanName);
    ASSERT_TRUE(vx) << "no " << reconcile::kVxlanName << " in " << live.sandbox_netns();
    EXPECT_EQ(vx->vxlan.vni, 4242u);
    EXPECT_EQ(vx->link.mtu, 1400u);
    auto br = readLink(live.sandbox_netns(), reconcile::kBridgeName);
    ASSERT_TRUE(br);
    EXPECT_TRUE(br->link.up);
    auto eps = listEndpoints();
    ASSERT_EQ(eps.size(), 2u);
    for (const auto& ep : eps) {
        auto eth = readLink(ep.netns_path(), "eth0");
        ASSERT_TRUE(eth) << ep.name();
        EXPECT_TRUE(eth->link.isVeth);
        EXPECT_EQ(eth->link.mtu, 1400u);
        EXPECT_EQ(eth->link.mac.toString(), ep.mac()) << ep.name();
    }
    EXPECT_TRUE(std::any_of(eps.begin(), eps.end(),
                            [](const v1::Endpoint& e) { return addressOf(e) == "10.90.0.20"; }));
    EXPECT_TRUE(eventuallyPings(eps[0], addressOf(eps[1]), 5));
    (void)r1;

    // The MTU and labels changed on the canvas are applied in place: the same devices, at the
    // new MTU, and nothing left to do once the engine has said so.
    auto indexOf = [](const v1::Endpoint& e) {
        std::string line = linkLines(e.netns_path(), "eth0");
        return line.substr(0, line.find(':'));
    };
    const std::string eth0Index = indexOf(eps[0]);
    ui::DesignNetwork bigger = doc.draft().networks[0];
    bigger.mtu = 1300;
    bigger.labels.insert(QStringLiteral("tier"), QStringLiteral("back"));
    doc.setNetwork(bigger);
    ui::DesignEndpoint labelled = doc.draft().endpoints[0];
    labelled.labels.insert(QStringLiteral("role"), QStringLiteral("web"));
    doc.setEndpoint(labelled);
    ui::PlanDialog inPlace(m_client, doc);
    ASSERT_EQ(inPlace.plan().operations.size(), 2);
    EXPECT_EQ(inPlace.plan().operations[0].kind, ui::Operation::UpdateNetwork);
    EXPECT_EQ(inPlace.plan().operations[1].kind, ui::Operation::UpdateEndpoint);
    EXPECT_EQ(inPlace.row(0)->text(0), QStringLiteral("change network red in place"));
    ASSERT_TRUE(apply(inPlace));
    EXPECT_TRUE(inPlace.succeeded());
    EXPECT_EQ(readLink(live.sandbox_netns(), reconcile::kVxlanName)->link.mtu, 1300u);
    for (const auto& ep : eps) EXPECT_EQ(readLink(ep.netns_path(), "eth0")->link.mtu, 1300u);
    EXPECT_EQ(indexOf(eps[0]), eth0Index) << "changed, not made again";
    ASSERT_TRUE(m_engine.networks().GetNetwork(deadline().get(), get, &live).ok());
    EXPECT_EQ(live.labels().at("tier"), "back");
    ASSERT_TRUE(QTest::qWaitFor([&] { return !doc.modified() && doc.plan().empty(); }, 5000));

    // Deleted on the canvas and applied: endpoints first (several at once), then the network,
    // and the kernel's devices are gone.
    QStringList all;
    for (const auto& e : doc.draft().endpoints) all << e.key;
    for (const auto& n : doc.draft().networks) all << n.key;
    doc.remove(all);
    ui::PlanDialog removal(m_client, doc);
    ASSERT_EQ(removal.plan().operations.size(), 3);
    ASSERT_TRUE(apply(removal));
    EXPECT_TRUE(removal.succeeded());
    EXPECT_TRUE(listEndpoints().empty());
    EXPECT_FALSE(readLink(live.sandbox_netns(), reconcile::kVxlanName));
    for (const auto& ep : eps) EXPECT_FALSE(readLink(ep.netns_path(), "eth0")) << ep.name();
    ASSERT_TRUE(
        QTest::qWaitFor([&] { return doc.live().networks.isEmpty() && !doc.modified(); }, 5000));
}

TEST_F(DesignerApply, AForcedFailureStopsThePlanAndIsShownOnTheFailingItem) {
    connectWindow();
    auto& doc = m_window->document();
    QString good = doc.addNetwork({500, 0});
    QString orange = doc.addNetwork({500, 100});
    ui::DesignNetwork n = *doc.draft().network(orange);
    n.name = QStringLiteral("orange");
    n.subnet = QStringLiteral("10.91.0.0/24");
    doc.setNetwork(n);
    QString o1 = doc.addEndpoint(m_hostName, orange);
    ui::PlanDialog dialog(m_client, doc);
    ASSERT_EQ(dialog.plan().operations.size(), 3);
    // Behind the designer's back, someone takes a subnet that overlaps orange's.
    createNetwork("intruder", "10.91.0.0/16");

    ASSERT_TRUE(apply(dialog));
    EXPECT_FALSE(dialog.succeeded());
    EXPECT_EQ(dialog.row(0)->text(2), QStringLiteral("done")) << "the first network was made";
    EXPECT_TRUE(dialog.row(1)->text(2).contains(QStringLiteral("overlaps network \"intruder\"")))
        << dialog.row(1)->text(2).toStdString();
    EXPECT_EQ(dialog.row(2)->text(2), QStringLiteral("not run"));
    // The refusal is on the item that failed, on the canvas and in the properties.
    EXPECT_TRUE(doc.applyError(orange).contains(QStringLiteral("overlaps")));
    auto* item = m_window->topology().itemFor(orange);
    ASSERT_NE(item, nullptr);
    EXPECT_TRUE(
        item->toolTip().contains(QStringLiteral("apply failed: subnet: 10.91.0.0/24 overlaps")))
        << item->toolTip().toStdString();
    m_window->properties().showObject(orange);
    EXPECT_TRUE(m_window->properties().problemText().contains(QStringLiteral("overlaps")));

    // The canvas then shows the engine's truth: the network that was made is live, what failed
    // is still a draft, and nothing else was touched (orange's endpoint was not created).
    ASSERT_TRUE(QTest::qWaitFor(
        [&] { return doc.live().networks.size() == 2 && doc.draft().network(good) == nullptr; },
        5000));
    EXPECT_TRUE(listEndpoints().empty());
    EXPECT_NE(doc.draft().network(orange), nullptr);
    EXPECT_NE(doc.draft().endpoint(o1), nullptr);
    EXPECT_TRUE(doc.modified());
    bool madeIsLive = false;
    for (const auto& net : doc.draft().networks) {
        if (net.name == QStringLiteral("net1")) madeIsLive = !net.liveId.isEmpty();
    }
    EXPECT_TRUE(madeIsLive);
}

// Endpoints for one host go as one request; a refusal there is pinned on the endpoint at fault,
// and its companions are not created (the request is all or nothing).
TEST_F(DesignerApply, AFailureInsideABatchOfEndpointsIsPinnedOnItsEndpoint) {
    createNetwork("teal", "10.92.0.0/24");
    connectWindow();
    auto& doc = m_window->document();
    ASSERT_TRUE(QTest::qWaitFor([&] { return doc.draft().networks.size() == 1; }, 5000));
    QString teal = doc.draft().networks.front().key;
    QStringList keys;
    for (int i = 0; i < 3; ++i) keys << doc.addEndpoint(m_hostName, teal);
    ui::DesignEndpoint middle = *doc.draft().endpoint(keys[1]);
    middle.ip = QStringLiteral("10.92.0.50");
    doc.setEndpoint(middle);
    ui::PlanDialog dialog(m_client, doc);
    ASSERT_EQ(dialog.plan().operations.size(), 3);
    // Someone else takes the middle one's address first.
    v1::CreateEndpointRequest req;
    req.set_name("squatter");
    req.set_network("teal");
    req.set_ip("10.92.0.50");
    v1::Endpoint squatter;
    ASSERT_TRUE(m_engine.endpoints().CreateEndpoint(deadline().get(), req, &squatter).ok());

    ASSERT_TRUE(apply(dialog));
    EXPECT_FALSE(dialog.succeeded());
    EXPECT_TRUE(dialog.row(1)->text(2).contains(QStringLiteral("ip: 10.92.0.50 is already taken")))
        << dialog.row(1)->text(2).toStdString();
    EXPECT_TRUE(dialog.row(0)->text(2).startsWith(QStringLiteral("not run")));
    EXPECT_TRUE(dialog.row(2)->text(2).startsWith(QStringLiteral("not run")));
    EXPECT_TRUE(doc.applyError(keys[1]).startsWith(QStringLiteral("ip: 10.92.0.50")))
        << doc.applyError(keys[1]).toStdString();
    EXPECT_TRUE(doc.applyError(keys[0]).isEmpty());
    auto eps = listEndpoints();
    ASSERT_EQ(eps.size(), 1u) << "only the squatter: the batch was all or nothing";
    EXPECT_EQ(eps[0].name(), "squatter");
}

}  // namespace
}  // namespace loom::test

namespace loom::test {
namespace {

// File > Export live cluster as bundle: the engine's export, with this host's files, written
// where the user chose; an answer that is not a bundle is not written.
TEST_F(DesignerApply, TheLiveClusterIsExportedAsABundle) {
    connectWindow();
    createNetwork("blue", "10.91.0.0/24");
    auto a = createEndpoint("a", "blue");
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("live.tar.gz"));
    bool finished = false, ok = false;
    QString error;
    m_window->exportLiveBundle(path, [&](bool good, const QString& why) {
        finished = true;
        ok = good;
        error = why;
    });
    ASSERT_TRUE(QTest::qWaitFor([&] { return finished; }, 10000));
    ASSERT_TRUE(ok) << error.toStdString();
    QFile f(path);
    ASSERT_TRUE(f.open(QIODevice::ReadOnly));
    const QByteArray bytes = f.readAll();
    auto b = engine::bundle::readBundle(std::string_view(bytes.constData(), bytes.size()));
    ASSERT_TRUE(b) << b.status().message();
    EXPECT_EQ(b->manifest.source, "live");
    const std::string host = m_hostName.toStdString();
    EXPECT_EQ(b->members.count("hosts/" + host + "/iproute2/up.sh"), 1u);
    EXPECT_EQ(b->members.count("hosts/" + host + "/networkd/README.md"), 1u);
    auto t = engine::bundle::topologyOf(*b);
    ASSERT_TRUE(t) << t.status().message();
    ASSERT_EQ(t->endpoints.size(), 1u);
    EXPECT_EQ(t->endpoints[0].mac, a.mac());
    EXPECT_NE(m_window->action(QStringLiteral("exportLiveBundle")), nullptr);

    const QString junk = dir.filePath(QStringLiteral("junk.tar.gz"));
    EXPECT_FALSE(ui::saveBundle(QByteArray("not a bundle"), junk, &error));
    EXPECT_TRUE(error.startsWith(QStringLiteral("the engine's bundle is not readable")))
        << error.toStdString();
    EXPECT_FALSE(QFile::exists(junk));
}

// A service drawn in the designer is created by the plan's apply, behind it the endpoints drawn
// behind it; the console then shows the engine's service (inventory tree, canvas node and its
// links) and follows its health: with no server on its port, the engine's health checks take
// both backends out, and the console says so. Taken out of the design, the apply deletes it.
TEST_F(DesignerApply, AServiceIsDrawnAppliedAndShownWithTheHealthOfItsBackends) {
    connectWindow();
    auto& doc = m_window->document();
    const QString net = doc.addNetwork({500, 0});
    ui::DesignNetwork n = *doc.draft().network(net);
    n.name = QStringLiteral("shop");
    n.subnet = QStringLiteral("10.92.0.0/24");
    doc.setNetwork(n);
    const QString e1 = doc.addEndpoint(m_hostName, net);
    const QString e2 = doc.addEndpoint(m_hostName, net);
    const QString sv = doc.addService(net);
    ui::DesignService service = *doc.draft().service(sv);
    service.name = QStringLiteral("api");
    service.ports = QStringLiteral("8080");
    doc.setService(service);
    doc.setBehind(e1, sv);
    doc.setBehind(e2, sv);
    ASSERT_TRUE(doc.problems().isEmpty());

    {
        ui::PlanDialog dialog(m_client, doc);
        const auto& ops = dialog.plan().operations;
        ASSERT_EQ(ops.size(), 4);
        EXPECT_EQ(ops[0].kind, ui::Operation::CreateNetwork);
        EXPECT_EQ(ops[1].kind, ui::Operation::CreateService);
        EXPECT_EQ(ui::PlanDialog::describe(ops[1]),
                  QStringLiteral("create service api on shop (automatic VIP, 8080)"));
        ASSERT_TRUE(apply(dialog));
        EXPECT_TRUE(dialog.succeeded());
    }
    // The engine's service, with both endpoints behind it.
    auto stub = v1::ServiceService::NewStub(m_engine.channel());
    v1::GetServiceRequest get;
    get.set_service("api");
    v1::Service live;
    ASSERT_TRUE(stub->GetService(deadline().get(), get, &live).ok());
    EXPECT_EQ(live.backends_size(), 2);
    EXPECT_EQ(live.ports(0).port(), 8080u);

    // The console shows it: rebased on the engine's ids, a node with a line to each backend,
    // a row of the inventory tree with its backends.
    ASSERT_TRUE(QTest::qWaitFor(
        [&] {
            return !doc.modified() && doc.draft().services.size() == 1 &&
                   doc.draft().services[0].liveId == QString::fromStdString(live.id());
        },
        5000));
    EXPECT_TRUE(doc.plan().empty());
    auto& scene = m_window->topology();
    const QString key = doc.draft().services[0].key;
    ASSERT_TRUE(QTest::qWaitFor([&] { return scene.serviceLines(key).size() == 2; }, 5000));
    EXPECT_EQ(scene.count(ui::TopologyScene::ServiceType), 1);
    auto& tree = m_window->tree();
    auto serviceRow = [&]() -> QModelIndex {
        for (int r = 0; r < tree.rowCount(); ++r) {
            QModelIndex i = tree.index(r, 0);
            if (i.data(ui::InventoryTreeModel::KindRole).toInt() ==
                static_cast<int>(ui::InventoryTreeModel::Kind::Service))
                return i;
        }
        return {};
    };
    ASSERT_TRUE(QTest::qWaitFor([&] { return serviceRow().isValid(); }, 5000));
    EXPECT_EQ(serviceRow().data().toString(), QStringLiteral("api"));
    EXPECT_EQ(tree.rowCount(serviceRow()), 2);

    // Nothing serves 8080 in the endpoints: the engine's health checks take both out, and the
    // console follows from the events alone.
    ASSERT_TRUE(QTest::qWaitFor(
        [&] {
            const auto& services = doc.live().services;
            return services.size() == 1 && services[0].backends.size() == 2 &&
                   services[0].healthyCount() == 0;
        },
        10000));
    EXPECT_TRUE(serviceRow().siblingAtColumn(1).data().toString().contains(QStringLiteral("0/2")))
        << serviceRow().siblingAtColumn(1).data().toString().toStdString();
    const QString why = tree.index(0, 1, serviceRow()).data(Qt::ToolTipRole).toString();
    EXPECT_TRUE(why.contains(QStringLiteral("Connection refused"))) << why.toStdString();
    ASSERT_TRUE(QTest::qWaitFor(
        [&] {
            auto* node = scene.itemFor(doc.draft().services[0].key);
            return node && node->toolTip().contains(QStringLiteral("0 of 2 backend(s) healthy"));
        },
        5000));

    // Taken out of the design: deleted, and its endpoints changed in place.
    doc.remove({doc.draft().services[0].key});
    {
        ui::PlanDialog dialog(m_client, doc);
        const auto& ops = dialog.plan().operations;
        ASSERT_EQ(ops.size(), 3);
        EXPECT_EQ(ops[0].kind, ui::Operation::DeleteService);
        EXPECT_EQ(ops[1].kind, ui::Operation::UpdateEndpoint);
        ASSERT_TRUE(apply(dialog));
        EXPECT_TRUE(dialog.succeeded());
    }
    v1::ListServicesResponse none;
    ASSERT_TRUE(stub->ListServices(deadline().get(), {}, &none).ok());
    EXPECT_EQ(none.services_size(), 0);
    ASSERT_TRUE(QTest::qWaitFor([&] { return !serviceRow().isValid(); }, 5000));
    EXPECT_EQ(scene.count(ui::TopologyScene::ServiceType), 0);
}

}  // namespace
}  // namespace loom::test
