// Plans and designs without an engine: the operations from live state to a draft, exactly;
// the cluster's changes merged into an edited draft; designs written and read back.
#include <QFile>
#include <QPushButton>
#include <QTemporaryDir>
#include <QTreeWidgetItem>

#include <gtest/gtest.h>

#include "tests/gui/designer_support.h"
#include "ui/client/design_file.h"
#include "ui/client/engine_client.h"
#include "ui/designer/design_document.h"
#include "ui/designer/plan.h"
#include "ui/designer/plan_dialog.h"

namespace loom::test {
namespace {

using ui::Design;
using ui::DesignDocument;
using ui::Operation;

// While a draft is edited, the cluster changes under it: others' changes come in where the draft
// did not touch the same items, and a plan never deletes what someone else just made.
TEST(Designer, TheClusterChangesMergeIntoAnEditedDraft) {
    ui::Inventory live = twoHosts();
    auto net = [](const char* id, const char* name, const char* subnet) {
        ui::NetworkInfo n;
        n.id = QLatin1String(id);
        n.name = QLatin1String(name);
        n.subnet = QLatin1String(subnet);
        n.vni = 4096;
        n.mtu = 1450;
        return n;
    };
    live.networks = {net("A", "a", "10.1.0.0/24"), net("B", "b", "10.2.0.0/24"),
                     net("C", "c", "10.3.0.0/24")};
    DesignDocument doc;
    doc.setLive(live);
    // The user changes c and draws x.
    ui::DesignNetwork c = *doc.draft().network("C");
    c.labels.insert("mine", "yes");
    doc.setNetwork(c);
    QString x = doc.addNetwork({});
    ui::DesignNetwork xn = *doc.draft().network(x);
    xn.name = "x";
    xn.subnet = "10.9.0.0/24";
    doc.setNetwork(xn);
    // Meanwhile: a deleted, b and c relabelled, y created, and x created under the same name
    // (by an apply whose answer raced the read, say).
    live.networks.removeFirst();
    live.networks[0].labels.insert("theirs", "1");
    live.networks[1].labels.insert("theirs", "1");
    live.networks.append(net("Y", "y", "10.5.0.0/24"));
    live.networks.append(net("X", "x", "10.9.0.0/24"));
    doc.setLive(live);
    const Design& d = doc.draft();
    EXPECT_EQ(d.network("A"), nullptr) << "deleted by someone else, untouched here";
    ASSERT_NE(d.network("B"), nullptr);
    EXPECT_EQ(d.network("B")->labels.value("theirs"), "1") << "their change to an untouched item";
    ASSERT_NE(d.network("C"), nullptr);
    EXPECT_EQ(d.network("C")->labels.value("mine"), "yes") << "the draft's change wins";
    EXPECT_FALSE(d.network("C")->labels.contains("theirs"));
    EXPECT_NE(d.network("Y"), nullptr) << "made by someone else: not planned for deletion";
    int named = 0;
    for (const auto& n : d.networks) named += n.name == "x";
    EXPECT_EQ(named, 1) << "x is the cluster's x now, not a second one";
    EXPECT_NE(d.network("X"), nullptr);
    ui::Plan plan = doc.plan();
    ASSERT_EQ(plan.operations.size(), 1) << "c's label changes in place; nothing else";
    EXPECT_EQ(plan.operations[0].kind, Operation::UpdateNetwork);
    EXPECT_EQ(plan.operations[0].network.name, "c");
    EXPECT_EQ(plan.operations[0].ref, "C");
    EXPECT_EQ(plan.operations[0].why,
              QStringLiteral("changed in place: labels theirs=1 → mine=yes"));
}

// Live state for the plan tests: networks a (kept), b (deleted), c (its subnet changes).
ui::Inventory liveForPlan() {
    ui::Inventory inv = twoHosts();
    auto net = [&](const char* id, const char* name, const char* subnet, quint32 vni) {
        ui::NetworkInfo n;
        n.id = QLatin1String(id);
        n.name = QLatin1String(name);
        n.subnet = QLatin1String(subnet);
        n.vni = vni;
        n.mtu = 1450;
        inv.networks.append(n);
    };
    net("A", "a", "10.1.0.0/24", 4096);
    net("B", "b", "10.2.0.0/24", 4097);
    net("C", "c", "10.3.0.0/24", 4098);
    auto ep = [&](const char* id, const char* name, const char* network, const char* host,
                  const char* ip) {
        ui::EndpointInfo e;
        e.id = QLatin1String(id);
        e.name = QLatin1String(name);
        e.networkId = QLatin1String(network);
        e.networkName = QString(QLatin1String(network)).toLower();
        e.hostName = QLatin1String(host);
        e.hostId = QStringLiteral("id-") + e.hostName;
        e.ip = QLatin1String(ip);
        e.netnsMode = QStringLiteral("created");
        inv.endpoints.append(e);
    };
    ep("A1", "a1", "A", "h1", "10.1.0.2/24");  // kept
    ep("A2", "a2", "A", "h2", "10.1.0.3/24");  // its address changes
    ep("B1", "b1", "B", "h1", "10.2.0.2/24");  // goes with b
    ep("C1", "c1", "C", "h2", "10.3.0.2/24");  // recreated on the new c
    ep("A3", "a3", "A", "h2", "10.1.0.4/24");  // deleted from the draft
    return inv;
}

QStringList describe(const QList<Operation>& ops) {
    QStringList out;
    for (const auto& op : ops) {
        QString kind = op.kind == Operation::CreateNetwork    ? QStringLiteral("+net ")
                       : op.kind == Operation::DeleteNetwork  ? QStringLiteral("-net ")
                       : op.kind == Operation::UpdateNetwork  ? QStringLiteral("~net ")
                       : op.kind == Operation::CreateEndpoint ? QStringLiteral("+ep ")
                       : op.kind == Operation::UpdateEndpoint ? QStringLiteral("~ep ")
                                                              : QStringLiteral("-ep ");
        bool network = op.kind == Operation::CreateNetwork || op.kind == Operation::DeleteNetwork ||
                       op.kind == Operation::UpdateNetwork;
        QString name = network ? op.network.name : op.endpoint.name;
        out.append(kind + name + (op.host.isEmpty() ? QString() : QStringLiteral("@") + op.host));
    }
    return out;
}

TEST(Plan, ListsExactlyTheOperationsFromLiveToDraft) {
    const ui::Inventory live = liveForPlan();
    DesignDocument doc;
    doc.setLive(live);
    // Untouched, the draft is what runs: nothing to do.
    EXPECT_TRUE(doc.plan().empty());
    EXPECT_TRUE(doc.problems().isEmpty()) << doc.problems().front().message.toStdString();

    doc.remove({QStringLiteral("B"), QStringLiteral("B1"), QStringLiteral("A3")});
    ui::DesignNetwork c = *doc.draft().network(QStringLiteral("C"));
    c.subnet = QStringLiteral("10.3.0.0/23");
    doc.setNetwork(c);
    ui::DesignEndpoint a2 = *doc.draft().endpoint(QStringLiteral("A2"));
    a2.ip = QStringLiteral("10.1.0.30");
    doc.setEndpoint(a2);
    // Changed in place, not re-created: a's MTU and internal, a1's labels.
    ui::DesignNetwork a = *doc.draft().network(QStringLiteral("A"));
    a.mtu = 1400;
    a.internal = true;
    doc.setNetwork(a);
    ui::DesignEndpoint a1 = *doc.draft().endpoint(QStringLiteral("A1"));
    a1.labels.insert(QStringLiteral("role"), QStringLiteral("web"));
    doc.setEndpoint(a1);
    QString d = doc.addNetwork({});
    QString d1 = doc.addEndpoint(QStringLiteral("h1"), d);
    doc.addHost(QStringLiteral("h9"), {});
    doc.addEndpoint(QStringLiteral("h9"), d);  // on a host that has not joined

    ui::Plan plan = doc.plan();
    EXPECT_EQ(describe(plan.operations),
              (QStringList{"-ep a2@h2", "-ep b1@h1", "-ep c1@h2", "-ep a3@h2", "-net b", "-net c",
                           "~net a", "+net c", "+net net1", "~ep a1@h1", "+ep a2@h2", "+ep c1@h2",
                           "+ep ep1@h1"}));
    EXPECT_EQ(plan.notJoined, QStringList{QStringLiteral("h9")});
    // Each operation carries what the engine needs.
    const Operation& updateA = plan.operations[6];
    EXPECT_EQ(updateA.ref, QStringLiteral("A"));
    EXPECT_EQ(updateA.network.mtu, 1400u);
    EXPECT_TRUE(updateA.network.internal);
    EXPECT_EQ(updateA.why,
              QStringLiteral("changed in place: MTU 1450 → 1400; internal (its names only)"));
    const Operation& updateA1 = plan.operations[9];
    EXPECT_EQ(updateA1.ref, QStringLiteral("A1"));
    EXPECT_EQ(updateA1.host, QStringLiteral("h1"));
    EXPECT_EQ(updateA1.endpoint.labels.value("role"), QStringLiteral("web"));
    const Operation& createC = plan.operations[7];
    EXPECT_EQ(createC.network.subnet, QStringLiteral("10.3.0.0/23"));
    EXPECT_EQ(createC.network.vni, 4098u) << "a replaced network keeps its VNI";
    const Operation& createA2 = plan.operations[10];
    EXPECT_EQ(createA2.endpoint.ip, QStringLiteral("10.1.0.30"));
    EXPECT_EQ(createA2.networkName, QStringLiteral("a"));
    EXPECT_EQ(plan.operations[12].key, d1);
    EXPECT_EQ(plan.operations[12].networkName, QStringLiteral("net1"));
    EXPECT_EQ(plan.operations[4].ref, QStringLiteral("B"));
    // Deletions the draft did not ask for by themselves say why.
    EXPECT_EQ(plan.operations[0].why, QStringLiteral("re-created: address 10.1.0.3 → 10.1.0.30"));
    EXPECT_EQ(plan.operations[2].why, QStringLiteral("re-created with its network"));
    EXPECT_EQ(plan.operations[5].why,
              QStringLiteral("re-created, the engine cannot change it in place: subnet "
                             "10.3.0.0/24 → 10.3.0.0/23"));
    EXPECT_TRUE(plan.operations[3].why.isEmpty()) << "a3 was deleted in the draft";
    {
        // A container's endpoint deleted in the draft: the plan says whose it is.
        ui::Inventory withContainer = live;
        withContainer.endpoints[0].containerId = QStringLiteral("0123456789abcdef");
        DesignDocument other;
        other.setLive(withContainer);
        other.remove({withContainer.endpoints[0].id});
        ui::Plan p = other.plan();
        ASSERT_EQ(p.operations.size(), 1);
        EXPECT_EQ(p.operations[0].why,
                  QStringLiteral(
                      "a container's (its runtime made it): the container loses this network"));
    }

    // The dialog groups them by host: networks span the cluster, endpoints are per host.
    ui::EngineClient client;
    ui::PlanDialog dialog(client, doc);
    ASSERT_EQ(dialog.plan().operations.size(), 13);
    EXPECT_EQ(dialog.row(0)->parent()->text(0), QStringLiteral("Host h2"));
    EXPECT_EQ(dialog.row(4)->parent()->text(0), QStringLiteral("All hosts (networks)"));
    EXPECT_EQ(dialog.row(12)->parent()->text(0), QStringLiteral("Host h1"));
    EXPECT_EQ(dialog.row(6)->text(0), QStringLiteral("change network a in place"));
    EXPECT_EQ(dialog.row(9)->text(0), QStringLiteral("change endpoint a1 in place"));
    EXPECT_EQ(dialog.row(7)->text(0), QStringLiteral("create network c (10.3.0.0/23, VNI 4098)"));
    EXPECT_TRUE(dialog.applyButton()->isEnabled());

    // A draft with a problem cannot be applied.
    ui::DesignEndpoint bad = *doc.draft().endpoint(d1);
    bad.ip = QStringLiteral("10.99.0.1");
    doc.setEndpoint(bad);
    ui::PlanDialog blocked(client, doc);
    EXPECT_FALSE(blocked.applyButton()->isEnabled());
}

TEST(DesignFile, SavesAndOpensWithoutAnEngine) {
    DesignDocument doc;
    doc.setLive(twoHosts());
    QString net = doc.addNetwork({400, 20});
    ui::DesignNetwork n = *doc.draft().network(net);
    n.vni = 5000;
    n.labels.insert(QStringLiteral("tier"), QStringLiteral("web"));
    n.internal = true;
    doc.setNetwork(n);
    QString ep = doc.addEndpoint(QStringLiteral("h2"), net);
    ui::DesignEndpoint e = *doc.draft().endpoint(ep);
    e.ip = QStringLiteral("10.10.0.44");
    e.netnsMode = QStringLiteral("path");
    e.netnsPath = QStringLiteral("/run/netns/web");
    doc.setEndpoint(e);
    QString sv = doc.addService(net, {420, 90});
    ui::DesignService service = *doc.draft().service(sv);
    service.name = QStringLiteral("api");
    service.vip = QStringLiteral("10.10.0.200");
    service.ports = QStringLiteral("8080/tcp,53/udp");
    doc.setService(service);
    doc.setBehind(ep, sv);

    QTemporaryDir dir;
    QString path = dir.filePath(QStringLiteral("design.json"));
    QString error;
    ASSERT_TRUE(ui::saveDesign(doc.draft(), path, &error)) << error.toStdString();
    // Opened offline: the hosts are placeholders, everything else as it was saved.
    DesignDocument offline;
    auto loaded = ui::loadDesign(path, &error);
    ASSERT_TRUE(loaded) << error.toStdString();
    offline.load(*loaded);
    const Design& d = offline.draft();
    ASSERT_EQ(d.networks.size(), 1);
    EXPECT_EQ(d.networks[0].name, n.name);
    EXPECT_EQ(d.networks[0].vni, 5000u);
    EXPECT_EQ(d.networks[0].labels.value("tier"), QStringLiteral("web"));
    EXPECT_EQ(d.networks[0].pos, QPointF(400, 20));
    ASSERT_EQ(d.endpoints.size(), 1);
    EXPECT_EQ(d.endpoints[0].networkKey, d.networks[0].key);
    EXPECT_EQ(d.endpoints[0].ip, QStringLiteral("10.10.0.44"));
    EXPECT_EQ(d.endpoints[0].netnsPath, QStringLiteral("/run/netns/web"));
    EXPECT_TRUE(d.networks[0].internal);
    EXPECT_EQ(d.endpoints[0].service, QStringLiteral("api"));
    ASSERT_EQ(d.services.size(), 1);
    EXPECT_EQ(d.services[0].name, QStringLiteral("api"));
    EXPECT_EQ(d.services[0].networkKey, d.networks[0].key);
    EXPECT_EQ(d.services[0].vip, QStringLiteral("10.10.0.200"));
    EXPECT_EQ(d.services[0].ports, QStringLiteral("8080/tcp,53/udp"));
    EXPECT_EQ(d.services[0].pos, QPointF(420, 90));
    EXPECT_EQ(d.hosts.size(), 2);
    EXPECT_EQ(d.host("h1")->pos, doc.draft().host("h1")->pos);
    EXPECT_TRUE(offline.problems().isEmpty());
    EXPECT_EQ(offline.plan().notJoined, (QStringList{"h1", "h2"}));
    EXPECT_TRUE(offline.plan().operations.size() == 2)
        << "the network and its service; h2's endpoint waits";

    // Bad files are refused with the reason.
    QFile junk(dir.filePath(QStringLiteral("junk.json")));
    ASSERT_TRUE(junk.open(QIODevice::WriteOnly));
    junk.write("{\"format\": 1, \"networks\": 3}");
    junk.close();
    EXPECT_FALSE(ui::loadDesign(junk.fileName(), &error));
    EXPECT_TRUE(error.startsWith(QStringLiteral("not a Loom design"))) << error.toStdString();
    EXPECT_FALSE(ui::designFromJson(
        QStringLiteral(R"({"format": 1, "endpoints": [{"name": "x", "network_name": "nope"}]})"),
        &error));
    EXPECT_TRUE(error.contains(QStringLiteral("nope"))) << error.toStdString();
    EXPECT_FALSE(ui::designFromJson(QStringLiteral(R"({"format": 7})"), &error));
    EXPECT_TRUE(error.contains(QStringLiteral("format 7"))) << error.toStdString();
    EXPECT_FALSE(ui::loadDesign(dir.filePath(QStringLiteral("missing.json")), &error));
}

}  // namespace
}  // namespace loom::test
