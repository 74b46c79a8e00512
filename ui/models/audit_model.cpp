#include "ui/models/audit_model.h"

#include <QBrush>
#include <QDateTime>
#include <QPalette>

namespace loom::ui {

namespace {

enum Column { Time, RoleColumn, Who, From, What, Outcome, kColumns };

}  // namespace

int AuditModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(m_entries.size());
}

int AuditModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : kColumns;
}

QVariant AuditModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    switch (section) {
        case Time:
            return tr("Time");
        case RoleColumn:
            //: The caller's role on the engine (viewer or operator).
            return tr("Role");
        case Who:
            return tr("Who");
        case From:
            //: Where a call came from: the local socket or a network address.
            return tr("From");
        case What:
            return tr("What");
        case Outcome:
            return tr("Outcome");
        default:
            return {};
    }
}

QString AuditModel::roleText(Role role) {
    switch (role) {
        case Role::Operator:
            return tr("operator");
        case Role::Viewer:
            return tr("viewer");
        case Role::Unknown:
            break;
    }
    //: The role of a caller the engine did not let in.
    return tr("none");
}

QVariant AuditModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) {
        return {};
    }
    const AuditEntry& e = m_entries.at(index.row());
    if (role == Qt::ForegroundRole && e.code != 0 && index.column() == Outcome) {
        return QBrush(QColor(0xc6, 0x28, 0x28));
    }
    if (role == Qt::ToolTipRole && index.column() == Outcome) return e.message;
    if (role != Qt::DisplayRole) return {};
    switch (index.column()) {
        case Time:
            return QDateTime::fromMSecsSinceEpoch(e.unixMs).toString(
                QStringLiteral("yyyy-MM-dd HH:mm:ss"));
        case RoleColumn:
            return roleText(e.role);
        case Who:
            return e.who;
        case From:
            return e.source;
        case What:
            return e.object.isEmpty() ? e.method : e.method + QLatin1Char(' ') + e.object;
        case Outcome:
            //: An audited call that the engine carried out.
            return e.code == 0 ? tr("done") : tr("refused: %1").arg(e.message);
        default:
            return {};
    }
}

void AuditModel::setEntries(const QList<AuditEntry>& entries) {
    if (entries == m_entries) return;
    // Only newer records on top of what is shown: insert them there.
    qsizetype fresh = entries.size() - m_entries.size();
    if (fresh > 0 && !m_entries.isEmpty() &&
        std::equal(m_entries.begin(), m_entries.end(), entries.begin() + fresh)) {
        beginInsertRows({}, 0, static_cast<int>(fresh - 1));
        m_entries = entries;
        endInsertRows();
        return;
    }
    beginResetModel();
    m_entries = entries;
    endResetModel();
}

}  // namespace loom::ui
