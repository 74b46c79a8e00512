#pragma once

#include <QAbstractTableModel>
#include <QHash>
#include <QList>
#include <QSet>
#include <QStringList>

#include <functional>

namespace loom::ui {

// A table of value rows keyed by id. setRows() turns a fresh list into row changes (removals,
// changed cells, insertions) instead of a reset, so selections and scroll positions survive
// the console's refreshes.
template <typename Row>
class KeyedTableModel : public QAbstractTableModel {
public:
    using QAbstractTableModel::QAbstractTableModel;

    int rowCount(const QModelIndex& parent = {}) const override {
        return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
    }
    int columnCount(const QModelIndex& parent = {}) const override {
        return parent.isValid() ? 0 : static_cast<int>(headers().size());
    }
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override {
        if (orientation != Qt::Horizontal || role != Qt::DisplayRole || section < 0 ||
            section >= headers().size()) {
            return {};
        }
        return headers().at(section);
    }
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override {
        if (!checkIndex(index,
                        CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) {
            return {};
        }
        return cell(m_rows.at(index.row()), index.column(), role);
    }

    const QList<Row>& rows() const { return m_rows; }
    const Row* byId(const QString& id) const {
        for (const auto& r : m_rows) {
            if (r.id == id) return &r;
        }
        return nullptr;
    }

    void setRows(const QList<Row>& fresh) {
        QSet<QString> keep;
        keep.reserve(fresh.size());
        for (const auto& f : fresh) keep.insert(f.id);
        // Rows that are gone, from the bottom up.
        for (int i = static_cast<int>(m_rows.size()) - 1; i >= 0; --i) {
            if (keep.contains(m_rows.at(i).id)) continue;
            beginRemoveRows({}, i, i);
            m_rows.removeAt(i);
            endRemoveRows();
        }
        QHash<QString, int> at;
        at.reserve(m_rows.size());
        for (int i = 0; i < m_rows.size(); ++i) at.insert(m_rows.at(i).id, i);
        // Rows that changed, in place; new ones at the end.
        for (const auto& f : fresh) {
            auto it = at.constFind(f.id);
            if (it != at.constEnd()) {
                if (!(m_rows.at(*it) == f)) {
                    m_rows[*it] = f;
                    emit dataChanged(index(*it, 0), index(*it, columnCount() - 1));
                }
                continue;
            }
            int row = static_cast<int>(m_rows.size());
            beginInsertRows({}, row, row);
            m_rows.append(f);
            endInsertRows();
            at.insert(f.id, row);
        }
    }

    // The same as setRows(fresh) when only the rows of `ids` can differ from what the model
    // holds (what a burst of events changed): those are removed, changed or added (at the end),
    // and the others are not compared.
    void updateRows(const QList<Row>& fresh, const QSet<QString>& ids) {
        if (ids.isEmpty()) return;
        QHash<QString, const Row*> wanted;
        wanted.reserve(ids.size());
        for (const auto& f : fresh) {
            if (ids.contains(f.id)) wanted.insert(f.id, &f);
        }
        for (int i = static_cast<int>(m_rows.size()) - 1; i >= 0; --i) {
            if (!ids.contains(m_rows.at(i).id)) continue;
            auto it = wanted.find(m_rows.at(i).id);
            if (it == wanted.end()) {
                beginRemoveRows({}, i, i);
                m_rows.removeAt(i);
                endRemoveRows();
                continue;
            }
            if (!(m_rows.at(i) == **it)) {
                m_rows[i] = **it;
                emit dataChanged(index(i, 0), index(i, columnCount() - 1));
            }
            wanted.erase(it);
        }
        if (wanted.isEmpty()) return;
        for (const auto& f : fresh) {  // the new ones, in their order
            if (!wanted.contains(f.id)) continue;
            int row = static_cast<int>(m_rows.size());
            beginInsertRows({}, row, row);
            m_rows.append(f);
            endInsertRows();
        }
    }

protected:
    virtual QStringList headers() const = 0;
    virtual QVariant cell(const Row& row, int column, int role) const = 0;

private:
    QList<Row> m_rows;
};

}  // namespace loom::ui
