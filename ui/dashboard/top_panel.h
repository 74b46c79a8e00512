#pragma once

#include <QAbstractTableModel>
#include <QStyledItemDelegate>

#include "ui/dashboard/chart_panel.h"

class QTableView;

namespace loom::ui {

// The busiest endpoints now, in and out together, each with a sparkline of its last minute.
class TopEndpointsModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Name, Host, Network, Rate, Trend, Columns };
    enum Role { IdRole = Qt::UserRole + 1, TrendRole };
    explicit TopEndpointsModel(TelemetryStore& store, int top, QObject* parent = nullptr);

    // Ranks the endpoints again from the store's newest samples.
    void update();
    const EndpointActivity* activity(int row) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation o, int role = Qt::DisplayRole) const override;

private:
    TelemetryStore& m_store;
    int m_top;
    QVector<EndpointActivity> m_rows;
};

// Draws a row's last minute as a small line, scaled to its own peak.
class SparklineDelegate : public QStyledItemDelegate {
    Q_OBJECT
public:
    using QStyledItemDelegate::QStyledItemDelegate;
    void paint(QPainter* painter, const QStyleOptionViewItem& option,
               const QModelIndex& index) const override;
    QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override;
};

class TopPanel : public MonitorPanel {
    Q_OBJECT
public:
    TopPanel(const PanelSpec& spec, TelemetryStore& store, QWidget* parent = nullptr);
    void setRange(const ViewRange&, bool) override {}
    void refresh() override;
    bool exportCsv(const QString& path, QString* error) override;
    TopEndpointsModel& model() const { return *m_model; }
    QTableView* view() const { return m_view; }

private:
    TelemetryStore& m_store;
    TopEndpointsModel* m_model;
    QTableView* m_view;
};

}  // namespace loom::ui
