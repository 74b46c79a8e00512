// The console as a viewer: the engine says so (WhoAmI), the status bar shows it, the designer
// still drafts and plans, and apply is held back with the reason. The audit dock lists the
// engine's trail. The window's connection is made by this process as uid 61234 in group
// loom-view (its effective ids while it connects: SO_PEERCRED records them), then root again.
#include <grp.h>
#include <unistd.h>

#include <QAbstractItemModelTester>
#include <QDockWidget>
#include <QLabel>
#include <QPushButton>
#include <QTest>

#include "tests/support/engine_fixture.h"
#include "ui/client/engine_client.h"
#include "ui/designer/design_document.h"
#include "ui/designer/design_view.h"
#include "ui/designer/plan_dialog.h"
#include "ui/models/audit_model.h"
#include "ui/widgets/main_window.h"

namespace loom::test {
namespace {

constexpr uid_t kUid = 61234;

// This process's effective uid and gid become a viewer's while it lives (every thread's: glibc
// changes them together); the saved ids stay root's, so the destructor can go back.
class AsViewer {
public:
    explicit AsViewer(gid_t viewGid) {
        int n = ::getgroups(0, nullptr);
        m_groups.resize(n > 0 ? n : 0);
        if (n > 0 && ::getgroups(n, m_groups.data()) != n) m_groups.clear();
        gid_t g[] = {viewGid};
        m_ok = ::setgroups(1, g) == 0 && ::setegid(kUid) == 0 && ::seteuid(kUid) == 0;
    }
    ~AsViewer() {
        (void)!::seteuid(0);
        (void)!::setegid(0);
        (void)!::setgroups(m_groups.size(), m_groups.data());
    }
    bool ok() const { return m_ok; }

private:
    std::vector<gid_t> m_groups;
    bool m_ok = false;
};

class ViewerConsole : public EngineTest {};

TEST_F(ViewerConsole, AViewersWindowDraftsAndPlansButApplyIsHeldBackWithTheReason) {
    group* view = ::getgrnam("loom-view");
    ASSERT_NE(view, nullptr) << "group loom-view is missing (scripts/test makes it)";
    createNetwork("blue", "10.76.0.0/24");  // by root: a record in the audit trail

    ui::EngineClient client;
    ui::MainWindow window(client);
    QAbstractItemModelTester tester(&window.audit(),
                                    QAbstractItemModelTester::FailureReportingMode::Fatal);
    window.show();
    {
        AsViewer viewer(view->gr_gid);
        ASSERT_TRUE(viewer.ok());
        client.connectToSocket(QString::fromStdString(m_host.socket()));
        ASSERT_TRUE(
            QTest::qWaitFor([&] { return client.caller().role != ui::Role::Unknown; }, 10000));
    }
    ASSERT_EQ(::geteuid(), 0u);
    ASSERT_EQ(client.caller().role, ui::Role::Viewer) << client.caller().subject.toStdString();
    auto* role = window.findChild<QLabel*>(QStringLiteral("role"));
    ASSERT_NE(role, nullptr);
    EXPECT_EQ(role->text(), QStringLiteral("Viewer: uid 61234 (look and plan only)"));

    // Drafting and planning stay: the plan action is enabled and says what applying needs.
    ASSERT_TRUE(
        QTest::qWaitFor([&] { return window.document().live().networks.size() == 1; }, 5000));
    auto& doc = window.document();
    QString red = doc.addNetwork({400, 0});
    ui::DesignNetwork n = *doc.draft().network(red);
    n.name = QStringLiteral("red");
    n.subnet = QStringLiteral("10.77.0.0/24");
    doc.setNetwork(n);
    ASSERT_TRUE(doc.problems().isEmpty());
    QAction* plan = window.action(QStringLiteral("plan"));
    ASSERT_NE(plan, nullptr);
    EXPECT_TRUE(plan->isEnabled());
    EXPECT_TRUE(plan->toolTip().contains(QStringLiteral("viewer")))
        << plan->toolTip().toStdString();
    auto* palette = window.findChild<ui::DesignPalette*>(QStringLiteral("palette"));
    ASSERT_NE(palette, nullptr);
    EXPECT_TRUE(palette->isEnabled());
    EXPECT_TRUE(palette->toolTip().startsWith(QStringLiteral("Drafts only")));

    ui::PlanDialog dialog(client, doc, &window);
    ASSERT_EQ(dialog.plan().operations.size(), 1) << "create network red";
    EXPECT_FALSE(dialog.applyButton()->isEnabled());
    EXPECT_TRUE(dialog.applyButton()->toolTip().contains(QStringLiteral("viewer")))
        << dialog.applyButton()->toolTip().toStdString();

    // The audit dock, once shown, lists the engine's trail, and follows it.
    auto* dock = window.findChild<QDockWidget*>(QStringLiteral("audit"));
    ASSERT_NE(dock, nullptr);
    dock->raise();
    auto shows = [&](const QString& object, const QString& who) {
        for (const auto& e : window.audit().entries()) {
            if (e.object == object && e.who == who && e.code == 0) return true;
        }
        return false;
    };
    EXPECT_TRUE(QTest::qWaitFor([&] { return shows("name=blue", "uid 0 (root)"); }, 5000));
    createNetwork("green", "10.78.0.0/24");
    EXPECT_TRUE(QTest::qWaitFor([&] { return shows("name=green", "uid 0 (root)"); }, 8000));
    EXPECT_EQ(window.audit().entries().front().object, QStringLiteral("name=green"))
        << "newest first";
}

}  // namespace
}  // namespace loom::test
