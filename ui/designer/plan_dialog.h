#pragma once

#include <QDialog>
#include <QList>

#include "ui/designer/plan.h"

class QLabel;
class QPushButton;
class QTreeWidget;
class QTreeWidgetItem;

namespace loom::ui {

class DesignDocument;
class EngineClient;

// Runs a plan's operations through the engine in order, and stops at the first that fails:
// that item's error goes to the document, and the document is rebased on what runs.
// Consecutive endpoint creations on one host go as one all-or-nothing request.
class Applier : public QObject {
    Q_OBJECT
public:
    // RolledBack: sent with others in one request that was refused for another operation.
    enum class Step { Running, Done, Failed, RolledBack };
    Applier(EngineClient& client, DesignDocument& document, QList<Operation> operations,
            QObject* parent = nullptr);
    void start();

signals:
    void progress(int index, loom::ui::Applier::Step step, const QString& error);
    void finished(bool succeeded, int done);

private:
    void runNext();
    // Endpoint deletions do not depend on each other, and the engine answers one only when its
    // namespace and veth are gone (mostly waiting on the kernel): several are sent at once,
    // each with its own progress. After a refusal no more are sent; those in flight finish.
    void runDeletions();
    void pumpDeletions();
    // Stops at operation `index`, refused with `error`.
    void fail(int index, const QString& error);

    EngineClient& m_client;
    DesignDocument& m_doc;
    QList<Operation> m_ops;
    int m_next = -1;
    int m_deleteNext = 0, m_deleteEnd = 0, m_inFlight = 0, m_deleteFailed = -1;
    QString m_deleteError;
};

// The plan for the current draft: its operations grouped by host, the hosts it cannot reach,
// and Apply, which shows each operation's progress and where it stopped.
class PlanDialog : public QDialog {
    Q_OBJECT
public:
    PlanDialog(EngineClient& client, DesignDocument& document, QWidget* parent = nullptr);

    const Plan& plan() const { return m_plan; }
    // The row of operation `index` (for tests): its text (column 0), why (1) and status (2).
    QTreeWidgetItem* row(int index) const { return m_rows.value(index); }
    QPushButton* applyButton() const { return m_apply; }
    bool finished() const { return m_finished; }
    bool succeeded() const { return m_succeeded; }

    // "create network blue (10.1.0.0/24)" and the like, in the user's language.
    static QString describe(const Operation& op);

    // Not closed while operations run: the document must hear how the apply ended.
    void reject() override;

private:
    void apply();

    EngineClient& m_client;
    DesignDocument& m_doc;
    Plan m_plan;
    QTreeWidget* m_tree;
    QLabel* m_summary;
    QPushButton* m_apply;
    QPushButton* m_close;
    QList<QTreeWidgetItem*> m_rows;
    bool m_running = false, m_finished = false, m_succeeded = false;
};

}  // namespace loom::ui
