#include "ui/designer/plan_dialog.h"

#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QMap>
#include <QPushButton>
#include <QRegularExpression>
#include <QTreeWidget>
#include <QVBoxLayout>

#include "ui/client/engine_client.h"
#include "ui/designer/design_document.h"

namespace loom::ui {

namespace {
constexpr int kStatus = 2;  // the column of an operation's progress
}

Applier::Applier(EngineClient& client, DesignDocument& document, QList<Operation> operations,
                 QObject* parent)
    : QObject(parent), m_client(client), m_doc(document), m_ops(std::move(operations)) {}

void Applier::start() {
    m_next = 0;
    runNext();
}

namespace {
constexpr qsizetype kBatch = 256;  // endpoints per request
constexpr int kInFlight = 32;      // endpoint deletions at once
}  // namespace

void Applier::runNext() {
    if (m_next >= m_ops.size()) {
        m_doc.finishApply(true);
        m_client.refresh();
        emit finished(true, static_cast<int>(m_ops.size()));
        return;
    }
    int index = m_next;
    if (m_ops[index].kind == Operation::DeleteEndpoint) return runDeletions();
    // Endpoints created one after another on one host go as one request: one transaction in
    // the engine instead of one each (bench/designer.sh), with each one's progress shown.
    int end = index + 1;
    while (end < m_ops.size() && end - index < kBatch &&
           m_ops[index].kind == Operation::CreateEndpoint &&
           m_ops[end].kind == Operation::CreateEndpoint && m_ops[end].host == m_ops[index].host) {
        ++end;
    }
    for (int i = index; i < end; ++i) emit progress(i, Step::Running, {});
    auto finish = [this, index, end](const QString& error) {
        if (!error.isEmpty()) {
            // The one at fault; in a batch the engine names it, and the rest was rolled back.
            int failed = index;
            QString message = error;
            static const QRegularExpression at(QStringLiteral("^endpoints\\[(\\d+)\\]\\.?"));
            if (auto m = at.match(error); m.hasMatch() && end - index > 1) {
                failed = index + std::min(m.captured(1).toInt(), end - index - 1);
                message = error.mid(m.capturedLength());
            }
            for (int i = index; i < end; ++i) {
                if (i != failed) emit progress(i, Step::RolledBack, {});
            }
            fail(failed, message);
            return;
        }
        for (int i = index; i < end; ++i) {
            m_doc.setApplyError(m_ops[i].key, {});
            emit progress(i, Step::Done, {});
        }
        m_next = end;
        runNext();
    };
    if (end - index == 1) {
        m_client.run(m_ops[index], this, finish);
    } else {
        m_client.runCreateEndpoints(m_ops.mid(index, end - index), this, finish);
    }
}

void Applier::runDeletions() {
    m_deleteNext = m_next;
    m_deleteEnd = m_next;
    while (m_deleteEnd < m_ops.size() && m_ops[m_deleteEnd].kind == Operation::DeleteEndpoint) {
        ++m_deleteEnd;
    }
    m_inFlight = 0;
    m_deleteFailed = -1;
    pumpDeletions();
}

void Applier::pumpDeletions() {
    while (m_deleteFailed < 0 && m_deleteNext < m_deleteEnd && m_inFlight < kInFlight) {
        int i = m_deleteNext++;
        ++m_inFlight;
        emit progress(i, Step::Running, {});
        m_client.run(m_ops[i], this, [this, i](const QString& error) {
            --m_inFlight;
            if (error.isEmpty()) {
                m_doc.setApplyError(m_ops[i].key, {});
                emit progress(i, Step::Done, {});
            } else if (m_deleteFailed < 0 || i < m_deleteFailed) {
                m_deleteFailed = i;
                m_deleteError = error;
            }
            pumpDeletions();
        });
    }
    if (m_inFlight > 0) return;
    if (m_deleteFailed < 0) {
        m_next = m_deleteEnd;
        runNext();
        return;
    }
    fail(m_deleteFailed, m_deleteError);
}

void Applier::fail(int index, const QString& error) {
    m_doc.setApplyError(m_ops[index].key, error);
    m_doc.finishApply(false);
    emit progress(index, Step::Failed, error);
    m_client.refresh();
    emit finished(false, index);
}

QString PlanDialog::describe(const Operation& op) {
    switch (op.kind) {
        case Operation::CreateNetwork: {
            QString vni = op.network.vni ? tr("VNI %1").arg(op.network.vni) : tr("VNI automatic");
            return tr("create network %1 (%2, %3)").arg(op.network.name, op.network.subnet, vni);
        }
        case Operation::DeleteNetwork:
            return tr("delete network %1 (%2)").arg(op.network.name, op.network.subnet);
        case Operation::CreateEndpoint:
            return tr("create endpoint %1 on %2 (%3)")
                .arg(op.endpoint.name, op.networkName,
                     op.endpoint.ip.isEmpty() ? tr("automatic address") : op.endpoint.ip);
        case Operation::DeleteEndpoint:
            return tr("delete endpoint %1 from %2").arg(op.endpoint.name, op.networkName);
        case Operation::UpdateNetwork:
            return tr("change network %1 in place").arg(op.network.name);
        case Operation::UpdateEndpoint:
            return tr("change endpoint %1 in place").arg(op.endpoint.name);
        case Operation::CreateService:
            return tr("create service %1 on %2 (%3, %4)")
                .arg(op.service.name, op.networkName,
                     op.service.vip.isEmpty() ? tr("automatic VIP")
                                              : tr("VIP %1").arg(op.service.vip),
                     op.service.ports.isEmpty() ? tr("every port") : op.service.ports);
        case Operation::DeleteService:
            return tr("delete service %1 from %2").arg(op.service.name, op.networkName);
    }
    return {};
}

PlanDialog::PlanDialog(EngineClient& client, DesignDocument& document, QWidget* parent)
    : QDialog(parent),
      m_client(client),
      m_doc(document),
      m_plan(document.plan()),
      m_tree(new QTreeWidget(this)),
      m_summary(new QLabel(this)) {
    setWindowTitle(tr("Plan"));
    m_tree->setColumnCount(3);
    m_tree->setHeaderLabels({tr("Operation"), tr("Why"), tr("Status")});
    m_tree->header()->setSectionResizeMode(0, QHeaderView::Interactive);
    m_tree->header()->resizeSection(0, 320);
    m_tree->header()->resizeSection(1, 300);
    m_tree->header()->setStretchLastSection(true);
    // Networks span the cluster; endpoints belong to their host.
    QMap<QString, QTreeWidgetItem*> groups;
    auto groupFor = [&](const QString& host) {
        auto*& g = groups[host];
        if (!g) {
            g = new QTreeWidgetItem(
                m_tree, {host.isEmpty() ? tr("All hosts (networks)") : tr("Host %1").arg(host)});
            QFont f = g->font(0);
            f.setBold(true);
            g->setFont(0, f);
            g->setFirstColumnSpanned(true);
        }
        return g;
    };
    for (const auto& op : m_plan.operations) {
        auto* row = new QTreeWidgetItem(groupFor(op.host), {describe(op), op.why, tr("to do")});
        row->setToolTip(1, op.why);
        const bool service =
            op.kind == Operation::CreateService || op.kind == Operation::DeleteService;
        row->setIcon(
            0, QIcon(service ? QStringLiteral(":/icons/service.svg")
                     : op.kind == Operation::CreateNetwork || op.kind == Operation::DeleteNetwork ||
                             op.kind == Operation::UpdateNetwork
                         ? QStringLiteral(":/icons/network.svg")
                         : QStringLiteral(":/icons/endpoint.svg")));
        m_rows.append(row);
    }
    m_tree->expandAll();

    QStringList notes;
    if (m_plan.empty())
        notes.append(tr("Nothing to do: the cluster already matches the design."));
    else
        notes.append(tr("%n operation(s), run in this order.", nullptr,
                        static_cast<int>(m_plan.operations.size())));
    if (!m_plan.notJoined.isEmpty()) {
        notes.append(
            tr("Not joined, left out: %1").arg(m_plan.notJoined.join(QStringLiteral(", "))));
    }
    if (!m_plan.down.isEmpty()) {
        notes.append(tr("Down, left out: %1").arg(m_plan.down.join(QStringLiteral(", "))));
    }
    m_summary->setText(notes.join(QLatin1Char('\n')));
    m_summary->setWordWrap(true);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    m_close = buttons->button(QDialogButtonBox::Close);
    m_apply = buttons->addButton(tr("&Apply"), QDialogButtonBox::AcceptRole);
    m_apply->setEnabled(!m_plan.empty() && m_doc.problems().isEmpty());
    if (!m_doc.problems().isEmpty()) {
        m_apply->setToolTip(tr("The design has problems; fix them first"));
    }
    if (m_client.caller().role == Role::Viewer) {
        // The engine would refuse every operation; say so before anything is tried.
        m_apply->setEnabled(false);
        m_apply->setToolTip(tr("You are a viewer on this engine (%1): you may plan, but "
                               "applying needs an operator")
                                .arg(m_client.caller().subject));
        notes.append(tr("As a viewer you may look at this plan; an operator can apply it."));
        m_summary->setText(notes.join(QLatin1Char('\n')));
    }
    disconnect(buttons, &QDialogButtonBox::accepted, nullptr, nullptr);
    connect(m_apply, &QPushButton::clicked, this, &PlanDialog::apply);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_summary);
    layout->addWidget(m_tree);
    layout->addWidget(buttons);
    resize(720, 420);
}

void PlanDialog::reject() {
    if (m_running) return;
    QDialog::reject();
}

void PlanDialog::apply() {
    m_apply->setEnabled(false);
    m_running = true;
    m_close->setEnabled(false);
    auto* applier = new Applier(m_client, m_doc, m_plan.operations, this);
    connect(applier, &Applier::progress, this,
            [this](int index, Applier::Step step, const QString& error) {
                auto* row = m_rows.value(index);
                if (!row) return;
                switch (step) {
                    case Applier::Step::Running:
                        row->setText(kStatus, tr("running..."));
                        m_tree->scrollToItem(row);
                        break;
                    case Applier::Step::Done:
                        row->setText(kStatus, tr("done"));
                        break;
                    case Applier::Step::RolledBack:
                        row->setText(kStatus, tr("not run (its request was refused)"));
                        break;
                    case Applier::Step::Failed:
                        row->setText(kStatus, tr("failed: %1").arg(error));
                        row->setToolTip(kStatus, error);
                        row->setForeground(kStatus, QColor(200, 30, 30));
                        break;
                }
            });
    connect(applier, &Applier::finished, this, [this](bool ok, int done) {
        m_running = false;
        m_close->setEnabled(true);
        m_finished = true;
        m_succeeded = ok;
        if (ok) {
            m_summary->setText(tr("Applied: %n operation(s).", nullptr, done));
        } else {
            m_summary->setText(
                tr("Stopped at operation %1: the rest was not run. The failing item is marked on "
                   "the canvas.")
                    .arg(done + 1));
            for (int i = done + 1; i < m_rows.size(); ++i) {
                if (m_rows[i]->text(kStatus) == tr("to do"))
                    m_rows[i]->setText(kStatus, tr("not run"));
            }
        }
    });
    applier->start();
}

}  // namespace loom::ui
