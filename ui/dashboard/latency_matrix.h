#pragma once

#include <QAbstractTableModel>
#include <QStyledItemDelegate>
#include <QWidget>

#include "ui/dashboard/panel_spec.h"
#include "ui/dashboard/telemetry_store.h"

class QComboBox;
class QTableView;

namespace loom::ui {

// One network's latency, hosts by hosts (row: from, column: to): the median RTT of the last
// minute on a fixed colour scale, loss in the cell, and a host whose engine stopped answering
// (or that is down) greyed with the reason. A host stays in the matrix once it took part in the
// network this session, so a dead one shows as dead rather than disappearing.
class LatencyMatrixModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Role { BandRole = Qt::UserRole + 1, LossRole, DeadRole, HostIdRole };
    // Up to this many hosts, columns carry names; beyond, numbers (the rows say which).
    static constexpr int kNamedColumns = 8;
    struct HostRef {
        QString id, name;
        bool operator==(const HostRef&) const = default;
    };

    explicit LatencyMatrixModel(TelemetryStore& store, QObject* parent = nullptr);
    void setNetwork(const QString& networkId);
    QString network() const { return m_network; }
    // Re-reads the hosts and the newest probes; `nowMs` decides who still answers.
    void update(qint64 nowMs);
    const QVector<HostRef>& hosts() const { return m_hosts; }
    // Why a host is greyed ("" when it is fine).
    QString deadReason(int host) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation o, int role = Qt::DisplayRole) const override;

private:
    TelemetryStore& m_store;
    QString m_network;
    QVector<HostRef> m_hosts;
    QHash<QString, QVector<HostRef>> m_seen;  // per network: every host that took part
    QVector<QString> m_dead;                  // per host: why it is grey
};

// Colours a cell by its band, writes the RTT and the loss, greys dead hosts.
class LatencyCellDelegate : public QStyledItemDelegate {
    Q_OBJECT
public:
    using QStyledItemDelegate::QStyledItemDelegate;
    void paint(QPainter* painter, const QStyleOptionViewItem& option,
               const QModelIndex& index) const override;
    QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override;
};

class LatencyMatrix : public QWidget {
    Q_OBJECT
public:
    explicit LatencyMatrix(TelemetryStore& store, QWidget* parent = nullptr);
    void update(qint64 nowMs);
    void showNetwork(const QString& networkId);
    LatencyMatrixModel& model() const { return *m_model; }
    QTableView* view() const { return m_view; }
    QComboBox* networks() const { return m_networks; }

signals:
    void chartRequested(const loom::ui::PanelSpec& spec);

private:
    void fillNetworks();

    TelemetryStore& m_store;
    LatencyMatrixModel* m_model;
    QComboBox* m_networks;
    QTableView* m_view;
};

}  // namespace loom::ui
