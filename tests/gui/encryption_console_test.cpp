// Encrypted networks in the console, against a real engine on this machine (whose kernel has no
// ESP): a network made encrypted in the properties carries a lock on the canvas, the designer
// flags an endpoint on it on a host that cannot encrypt, with the engine's own reason, the host
// says why in the tree and its properties, and the engine's refusal of the create is shown on
// the item, with nothing made.
#include <QAbstractItemModel>
#include <QCheckBox>
#include <QGraphicsItem>
#include <QPushButton>
#include <QTest>
#include <QTreeWidgetItem>

#include "tests/support/engine_fixture.h"
#include "ui/client/engine_client.h"
#include "ui/designer/design_document.h"
#include "ui/designer/plan_dialog.h"
#include "ui/designer/topology_scene.h"
#include "ui/models/inventory_tree_model.h"
#include "ui/widgets/main_window.h"
#include "ui/widgets/properties_panel.h"

namespace loom::test {
namespace {

class ConsoleEncryption : public EngineTest {
protected:
    void SetUp() override {
        EngineTest::SetUp();
        if (IsSkipped() || HasFatalFailure()) return;
        m_window = std::make_unique<ui::MainWindow>(m_client);
        m_client.connectToSocket(QString::fromStdString(m_host.socket()));
        ASSERT_TRUE(
            QTest::qWaitFor([&] { return m_window->document().live().hosts.size() == 1; }, 5000));
        m_live = m_window->document().live().hosts.front();
        if (m_live.canEncrypt) GTEST_SKIP() << "this kernel can encrypt: tests/vm covers it";
    }
    ui::EngineClient m_client;
    std::unique_ptr<ui::MainWindow> m_window;
    ui::HostInfo m_live;
};

TEST_F(ConsoleEncryption, TheLockTheHostsReasonAndTheEnginesRefusalAreShown) {
    auto& doc = m_window->document();
    const QString reason = m_live.encryptionMessage;
    ASSERT_TRUE(reason.startsWith(QStringLiteral("cannot encrypt: the kernel has no")))
        << reason.toStdString();

    // The host says why, in the tree and in its properties.
    auto& tree = m_window->tree();
    ASSERT_EQ(tree.rowCount(), 1);
    EXPECT_EQ(tree.index(0, 0).data(Qt::ToolTipRole).toString(),
              QStringLiteral("joins no encrypted network: ") + reason);
    auto& props = m_window->properties();
    props.showObject(ui::DesignDocument::hostKey(m_live.name));
    EXPECT_EQ(props.value(QStringLiteral("Encryption")), QStringLiteral("no: ") + reason);

    // Made encrypted in the properties, as a person would: the canvas shows a lock.
    QString vault = doc.addNetwork({500, 0});
    props.showObject(vault);
    ASSERT_TRUE(props.edit(QStringLiteral("Name"), QStringLiteral("vault")));
    ASSERT_TRUE(props.edit(QStringLiteral("Subnet"), QStringLiteral("10.95.0.0/24")));
    auto lockOf = [&]() -> QGraphicsItem* {
        auto* item = m_window->topology().itemFor(vault);
        if (!item) return nullptr;
        for (auto* child : item->childItems()) {
            if (child->data(ui::TopologyScene::Badge).toString() == QStringLiteral("encrypted"))
                return child;
        }
        return nullptr;
    };
    EXPECT_EQ(lockOf(), nullptr);
    ASSERT_TRUE(props.edit(QStringLiteral("Encrypted"), QStringLiteral("yes")));
    ASSERT_TRUE(doc.draft().network(vault)->encrypted);
    ASSERT_TRUE(QTest::qWaitFor([&] { return lockOf() != nullptr; }, 2000));
    EXPECT_TRUE(m_window->topology().itemFor(vault)->toolTip().contains(
        QStringLiteral("encrypted: its traffic between hosts in ESP")));
    // Encrypted networks get room for ESP: the default MTU the engine's rules give.
    EXPECT_TRUE(doc.problemsOf(vault).isEmpty());

    // An endpoint on it on this host: flagged before any apply, with the engine's reason.
    QString v1 = doc.addEndpoint(m_live.name, vault);
    ASSERT_TRUE(QTest::qWaitFor([&] { return !doc.problemsOf(v1).isEmpty(); }, 2000));
    const auto problems = doc.problemsOf(v1);
    ASSERT_EQ(problems.size(), 1);
    EXPECT_EQ(problems[0].field, QStringLiteral("host"));
    EXPECT_EQ(
        problems[0].message,
        QStringLiteral("%1 cannot join the encrypted network vault: %2").arg(m_live.name, reason));

    // Without it, the plan is clean, and the engine refuses the network: its reason is on the
    // item, and nothing was made.
    doc.remove({v1});
    ASSERT_TRUE(doc.problemsOf(vault).isEmpty());
    ui::PlanDialog dialog(m_client, doc);
    ASSERT_EQ(dialog.plan().operations.size(), 1);
    ASSERT_TRUE(dialog.applyButton()->isEnabled());
    dialog.applyButton()->click();
    ASSERT_TRUE(QTest::qWaitFor([&] { return dialog.finished(); }, 30000));
    EXPECT_FALSE(dialog.succeeded());
    EXPECT_TRUE(dialog.row(0)->text(2).contains(QStringLiteral("cannot encrypt")))
        << dialog.row(0)->text(2).toStdString();
    EXPECT_TRUE(doc.applyError(vault).contains(reason)) << doc.applyError(vault).toStdString();
    props.showObject(vault);
    EXPECT_TRUE(props.problemText().contains(QStringLiteral("apply failed: encrypted: this host")))
        << props.problemText().toStdString();
    v1::ListNetworksResponse nets;
    ASSERT_TRUE(m_engine.networks().ListNetworks(deadline().get(), {}, &nets).ok());
    EXPECT_EQ(nets.networks_size(), 0);
}

}  // namespace
}  // namespace loom::test
