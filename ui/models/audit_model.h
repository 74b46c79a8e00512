#pragma once

#include <QAbstractTableModel>
#include <QList>

#include "ui/client/types.h"

namespace loom::ui {

// The engine's audit trail, newest first: time, role, who, from where, what, and the outcome.
// A refresh that only adds newer records inserts them at the top, so a reader's place holds.
class AuditModel : public QAbstractTableModel {
    Q_OBJECT
public:
    using QAbstractTableModel::QAbstractTableModel;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;

    void setEntries(const QList<AuditEntry>& entries);
    const QList<AuditEntry>& entries() const { return m_entries; }

    static QString roleText(Role role);

private:
    QList<AuditEntry> m_entries;
};

}  // namespace loom::ui
