// The console's inventory follows engine events without a read, and the tree model updates
// row by row (never a reset), under QAbstractItemModelTester and a real QTreeView; after a burst
// of events the tree and the endpoint table touch only the rows the events named.
#include <gtest/gtest.h>

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTreeView>

#include <random>
#include <tuple>

#include "ui/client/inventory_events.h"
#include "ui/models/inventory_models.h"
#include "ui/models/inventory_tree_model.h"
#include "ui/widgets/inventory_tree_view.h"

namespace loom::test {
namespace {

using ui::EndpointInfo;
using ui::EventInfo;
using ui::HostInfo;
using ui::Inventory;
using ui::NetworkInfo;

EndpointInfo ep(const QString& id, const QString& name, const QString& net, const QString& host) {
    EndpointInfo e;
    e.id = id;
    e.name = name;
    e.networkId = net;
    e.hostId = host;
    e.hostName = host;
    e.ip = QStringLiteral("10.0.0.%1").arg(qHash(id) % 250 + 2);
    e.state = QStringLiteral("ready");
    return e;
}

EventInfo endpointEvent(const QString& kind, const EndpointInfo& e) {
    EventInfo ev;
    ev.kind = kind;
    ev.hasObject = true;
    ev.endpoint = e;
    ev.id = e.id;
    ev.name = e.name;
    return ev;
}

Inventory base() {
    Inventory inv;
    for (const char* h : {"h1", "h2"}) {
        HostInfo host;
        host.id = h;
        host.name = h;
        host.alive = true;
        inv.hosts.append(host);
    }
    NetworkInfo n;
    n.id = QStringLiteral("n1");
    n.name = QStringLiteral("web");
    inv.networks.append(n);
    return inv;
}

TEST(InventoryEvents, AreAppliedByIdAndAgainGiveTheSameInventory) {
    Inventory inv = base();
    auto a = ep("a", "alpha", "n1", "h1");
    auto b = ep("b", "beta", "n1", "h2");
    EXPECT_TRUE(ui::applyEvent(inv, endpointEvent("created", a)));
    EXPECT_TRUE(ui::applyEvent(inv, endpointEvent("created", b)));
    EXPECT_FALSE(ui::applyEvent(inv, endpointEvent("created", b)));  // again: no change
    ASSERT_EQ(inv.endpoints.size(), 2);
    EXPECT_EQ(inv.networks[0].endpointCount, 2);
    EXPECT_EQ(inv.hosts[1].endpointCount, 1);
    b.state = QStringLiteral("failed");
    EXPECT_TRUE(ui::applyEvent(inv, endpointEvent("failed", b)));
    EXPECT_EQ(inv.endpoints[1].state, QStringLiteral("failed"));
    EXPECT_TRUE(ui::applyEvent(inv, endpointEvent("deleted", a)));
    EXPECT_FALSE(ui::applyEvent(inv, endpointEvent("deleted", a)));
    EXPECT_EQ(inv.endpoints.size(), 1);
    EXPECT_EQ(inv.networks[0].endpointCount, 1);
    // A deleted network takes its endpoints along; a host goes down.
    EventInfo gone;
    gone.kind = QStringLiteral("deleted");
    gone.network = true;
    gone.hasObject = true;
    gone.networkObject = inv.networks[0];
    EXPECT_TRUE(ui::applyEvent(inv, gone));
    EXPECT_TRUE(inv.networks.isEmpty());
    EXPECT_TRUE(inv.endpoints.isEmpty());
    EventInfo down;
    down.kind = QStringLiteral("changed");
    down.host = true;
    down.hasObject = true;
    down.hostObject = inv.hosts[1];
    down.hostObject.alive = false;
    EXPECT_TRUE(ui::applyEvent(inv, down));
    EXPECT_FALSE(inv.hosts[1].alive);
    // Without an object, nothing: the client reads everything instead.
    EXPECT_FALSE(ui::applyEvent(inv, EventInfo{}));
}

TEST(InventoryTree, AContainersEndpointNamesItsContainer) {
    ui::InventoryTreeModel model;
    Inventory inv = base();
    EndpointInfo web = ep(QStringLiteral("e1"), QStringLiteral("web"), "n1", "h1");
    web.containerId = QStringLiteral("0123456789abcdef0123");
    inv.endpoints.append(web);
    inv.endpoints.append(ep(QStringLiteral("e2"), QStringLiteral("plain"), "n1", "h1"));
    model.setInventory(inv);
    QHash<QString, QString> tips;  // name -> tooltip, over the whole tree
    std::function<void(const QModelIndex&)> walk = [&](const QModelIndex& parent) {
        for (int r = 0; r < model.rowCount(parent); ++r) {
            QModelIndex i = model.index(r, 0, parent);
            tips.insert(i.data().toString(), i.data(Qt::ToolTipRole).toString());
            walk(i);
        }
    };
    walk({});
    ASSERT_TRUE(tips.contains(QStringLiteral("web")));
    EXPECT_EQ(tips.value(QStringLiteral("web")),
              QStringLiteral("container 0123456789ab, made by its runtime"));
    EXPECT_TRUE(tips.value(QStringLiteral("plain")).isEmpty());
}

TEST(InventoryTree, ChangesRowByRowWithoutAReset) {
    ui::InventoryTreeModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    QTreeView view;
    view.setModel(&model);
    view.expandAll();
    QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);

    std::mt19937 rng(7);
    Inventory inv = base();
    NetworkInfo n2;
    n2.id = QStringLiteral("n2");
    n2.name = QStringLiteral("db");
    inv.networks.append(n2);
    model.setInventory(inv);
    int made = 0;
    for (int step = 0; step < 400; ++step) {
        int what = static_cast<int>(rng() % 10);
        if (what < 6 || inv.endpoints.isEmpty()) {
            QString id = QStringLiteral("e%1").arg(made++);
            inv.endpoints.append(ep(id, QStringLiteral("ep%1").arg(rng() % 1000),
                                    rng() % 2 ? "n1" : "n2", rng() % 2 ? "h1" : "h2"));
        } else if (what < 9) {
            inv.endpoints.removeAt(static_cast<qsizetype>(rng() % inv.endpoints.size()));
        } else {
            // A rename moves the row; a state change only its cells.
            auto& e = inv.endpoints[static_cast<qsizetype>(rng() % inv.endpoints.size())];
            if (rng() % 2) {
                e.name = QStringLiteral("r%1").arg(rng() % 1000);
            } else {
                e.state = QStringLiteral("failed");
            }
        }
        if (step % 50 == 0) inv.hosts[1].alive = !inv.hosts[1].alive;
        model.setInventory(inv);
        view.expandAll();
    }
    EXPECT_EQ(resets.count(), 0);
    EXPECT_GT(inserted.count(), 200);
    // What the model shows is what a fresh model built from the same inventory shows.
    ui::InventoryTreeModel fresh;
    fresh.setInventory(inv);
    std::function<void(const QModelIndex&, const QModelIndex&)> same = [&](const QModelIndex& a,
                                                                           const QModelIndex& b) {
        ASSERT_EQ(model.rowCount(a), fresh.rowCount(b));
        for (int r = 0; r < model.rowCount(a); ++r) {
            for (int c = 0; c < 2; ++c) {
                EXPECT_EQ(model.index(r, c, a).data(), fresh.index(r, c, b).data());
            }
            same(model.index(r, 0, a), fresh.index(r, 0, b));
        }
    };
    same({}, {});
}

// The two trees show the same rows and cells, all the way down.
void expectSameTree(const QAbstractItemModel& model, const QAbstractItemModel& fresh,
                    const QModelIndex& a = {}, const QModelIndex& b = {}) {
    ASSERT_EQ(model.rowCount(a), fresh.rowCount(b));
    for (int r = 0; r < model.rowCount(a); ++r) {
        for (int c = 0; c < 2; ++c) {
            ASSERT_EQ(model.index(r, c, a).data().toString(),
                      fresh.index(r, c, b).data().toString())
                << "row " << r << " column " << c << " under " << a.data().toString().toStdString();
        }
        expectSameTree(model, fresh, model.index(r, 0, a), fresh.index(r, 0, b));
    }
}

TEST(InventoryTree, FollowsBurstsOfEventsByWhatTheyChanged) {
    ui::InventoryTreeModel tree;
    ui::EndpointTableModel table;
    QAbstractItemModelTester t1(&tree, QAbstractItemModelTester::FailureReportingMode::Fatal);
    QAbstractItemModelTester t2(&table, QAbstractItemModelTester::FailureReportingMode::Fatal);
    QTreeView view;
    view.setModel(&tree);
    view.expandAll();
    QSignalSpy resets(&tree, &QAbstractItemModel::modelReset);

    Inventory inv = base();
    tree.setInventory(inv);
    table.setRows(inv.endpoints);
    std::mt19937 rng(11);
    int made = 0, partial = 0;
    for (int burst = 0; burst < 300; ++burst) {
        ui::InventoryChange change = ui::InventoryChange::none();
        QSet<QString> touched;
        const int events = 1 + static_cast<int>(rng() % 4);
        for (int k = 0; k < events; ++k) {
            const int what = static_cast<int>(rng() % 20);
            EventInfo ev;
            if (what < 10 || inv.endpoints.isEmpty()) {
                const QString id = QStringLiteral("e%1").arg(made++);
                ev = endpointEvent(QStringLiteral("created"),
                                   ep(id, QStringLiteral("ep%1").arg(rng() % 500),
                                      rng() % 2 ? "n1" : "n2", rng() % 2 ? "h1" : "h2"));
            } else if (what < 15) {
                ev = endpointEvent(
                    QStringLiteral("deleted"),
                    inv.endpoints[static_cast<qsizetype>(rng() % inv.endpoints.size())]);
            } else if (what < 19) {
                // Its state (the cells) or its name (its place among its siblings).
                EndpointInfo e =
                    inv.endpoints[static_cast<qsizetype>(rng() % inv.endpoints.size())];
                if (rng() % 2) {
                    e.state = e.state == QStringLiteral("failed") ? QStringLiteral("ready")
                                                                  : QStringLiteral("failed");
                    e.stateMessage = QStringLiteral("veth gone");
                } else {
                    e.name = QStringLiteral("r%1").arg(rng() % 500);
                }
                ev = endpointEvent(QStringLiteral("changed"), e);
            } else {
                // Now and then a network comes or goes (its endpoints with it).
                ev.hasObject = true;
                ev.network = true;
                ev.networkObject.id = QStringLiteral("n2");
                ev.networkObject.name = QStringLiteral("db");
                const bool there = std::any_of(inv.networks.begin(), inv.networks.end(),
                                               [](const NetworkInfo& n) { return n.id == "n2"; });
                ev.kind = there ? QStringLiteral("deleted") : QStringLiteral("created");
            }
            if (!ev.network) touched.insert(ev.endpoint.id);
            ui::applyEvent(inv, ev, &change);
        }
        // What the events named, no more (a network's deletion names its endpoints too).
        if (!change.networks) {
            for (const auto& id : change.endpoints)
                EXPECT_TRUE(touched.contains(id)) << id.toStdString();
            ++partial;
        }
        // As the main window applies them.
        tree.update(inv, change);
        table.update(inv.endpoints, change);
        view.expandAll();

        ui::InventoryTreeModel freshTree;
        freshTree.setInventory(inv);
        expectSameTree(tree, freshTree);
        ui::EndpointTableModel freshTable;
        freshTable.setRows(inv.endpoints);
        ASSERT_EQ(table.rows(), freshTable.rows()) << "after burst " << burst;
        if (HasFatalFailure()) return;
    }
    EXPECT_EQ(resets.count(), 0);
    EXPECT_GT(partial, 250);
}

// The dock's tree: a context menu is asked for with the object under the mouse and the host
// it sits under; the current row names its object.
TEST(InventoryTree, ItsViewNamesTheObjectUnderTheMouseAndItsHost) {
    ui::InventoryTreeModel model;
    Inventory inv = base();
    inv.endpoints.append(ep(QStringLiteral("e1"), QStringLiteral("web1"), "n1", "h2"));
    model.setInventory(inv);
    ui::InventoryTreeView view(&model);
    view.resize(400, 300);
    view.show();
    view.expandAll();
    QSignalSpy menus(&view, &ui::InventoryTreeView::menuRequested);
    QSignalSpy selected(&view, &ui::InventoryTreeView::objectSelected);
    const QModelIndex h2 = model.index(1, 0);
    ASSERT_EQ(h2.data(ui::InventoryTreeModel::IdRole).toString(), QStringLiteral("h2"));
    const QModelIndex network = model.index(0, 0, h2);
    const QModelIndex endpoint = model.index(0, 0, network);
    for (const auto& [index, kind, id] :
         {std::tuple{network, ui::TargetKind::Network, QStringLiteral("n1")},
          std::tuple{endpoint, ui::TargetKind::Endpoint, QStringLiteral("e1")}}) {
        emit view.customContextMenuRequested(view.visualRect(index).center());
        ASSERT_FALSE(menus.isEmpty());
        const auto ref = menus.takeLast().at(0).value<ui::ObjectRef>();
        EXPECT_EQ(ref.kind, kind);
        EXPECT_EQ(ref.id, id);
        EXPECT_EQ(ref.hostId, QStringLiteral("h2"));
    }
    emit view.customContextMenuRequested(QPoint(5, view.viewport()->height() - 5));  // nothing
    EXPECT_TRUE(menus.isEmpty());
    view.setCurrentIndex(endpoint);
    ASSERT_FALSE(selected.isEmpty());
    EXPECT_EQ(selected.last().at(0).toString(), QStringLiteral("e1"));
}

}  // namespace
}  // namespace loom::test
