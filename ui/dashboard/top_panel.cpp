#include "ui/dashboard/top_panel.h"

#include <QDateTime>
#include <QFile>
#include <QHeaderView>
#include <QPainter>
#include <QPainterPath>
#include <QTableView>
#include <QTextStream>

#include <algorithm>

namespace loom::ui {

TopEndpointsModel::TopEndpointsModel(TelemetryStore& store, int top, QObject* parent)
    : QAbstractTableModel(parent), m_store(store), m_top(std::max(1, top)) {}

void TopEndpointsModel::update() {
    // Endpoints whose host stopped sending are not ranked by what they did last.
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    QVector<const EndpointActivity*> all;
    all.reserve(m_store.endpoints().size());
    for (const auto& a : m_store.endpoints()) {
        if (now - a.heardMs <= TelemetryStore::kSilentMs) all.push_back(&a);
    }
    const int n = std::min<int>(m_top, static_cast<int>(all.size()));
    std::partial_sort(all.begin(), all.begin() + n, all.end(),
                      [](const EndpointActivity* a, const EndpointActivity* b) {
                          if (a->bitsPerSecond() != b->bitsPerSecond()) {
                              return a->bitsPerSecond() > b->bitsPerSecond();
                          }
                          return a->name < b->name;
                      });
    QVector<EndpointActivity> rows;
    rows.reserve(n);
    for (int i = 0; i < n; ++i) rows.push_back(*all[i]);
    bool sameShape = rows.size() == m_rows.size();
    for (int i = 0; sameShape && i < rows.size(); ++i) sameShape = rows[i].id == m_rows[i].id;
    if (sameShape) {
        m_rows = std::move(rows);
        if (!m_rows.isEmpty()) emit dataChanged(index(0, 0), index(rowCount() - 1, Columns - 1));
        return;
    }
    beginResetModel();
    m_rows = std::move(rows);
    endResetModel();
}

const EndpointActivity* TopEndpointsModel::activity(int row) const {
    return row >= 0 && row < m_rows.size() ? &m_rows[row] : nullptr;
}

int TopEndpointsModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int TopEndpointsModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : Columns;
}

QVariant TopEndpointsModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= m_rows.size()) return {};
    const EndpointActivity& a = m_rows[index.row()];
    if (role == IdRole) return a.id;
    if (role == TrendRole) {
        QVariantList values;
        for (size_t i = 0; i < a.recent.size(); ++i) {
            values << a.recent[(static_cast<size_t>(a.head) + i) % a.recent.size()];
        }
        return values;
    }
    if (role == Qt::ToolTipRole) {
        return tr("%1 on %2: in %3, out %4; click for its chart")
            .arg(a.name, a.hostName, formatValue(Quantity::Bits, a.rates[RxBytes] * 8),
                 formatValue(Quantity::Bits, a.rates[TxBytes] * 8));
    }
    if (role == Qt::TextAlignmentRole && index.column() == Rate) {
        return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    }
    if (role != Qt::DisplayRole) return {};
    switch (index.column()) {
        case Name:
            return a.name;
        case Host:
            return a.hostName;
        case Network:
            return a.networkName;
        case Rate:
            return formatValue(Quantity::Bits, a.bitsPerSecond());
        default:
            return {};
    }
}

QVariant TopEndpointsModel::headerData(int section, Qt::Orientation o, int role) const {
    if (o != Qt::Horizontal || role != Qt::DisplayRole) return {};
    switch (section) {
        case Name:
            return tr("Endpoint");
        case Host:
            return tr("Host");
        case Network:
            return tr("Network");
        case Rate:
            return tr("In + out");
        case Trend:
            return tr("Last minute");
    }
    return {};
}

void SparklineDelegate::paint(QPainter* painter, const QStyleOptionViewItem& option,
                              const QModelIndex& index) const {
    QStyledItemDelegate::paint(painter, option, QModelIndex());
    const QVariantList values = index.data(TopEndpointsModel::TrendRole).toList();
    if (values.size() < 2) return;
    double peak = 0;
    for (const auto& v : values) peak = std::max(peak, v.toDouble());
    const QRectF r = QRectF(option.rect).adjusted(3, 3, -3, -3);
    QPainterPath path;
    for (int i = 0; i < values.size(); ++i) {
        double x = r.left() + r.width() * i / (values.size() - 1);
        double y = r.bottom() - (peak > 0 ? values[i].toDouble() / peak : 0) * r.height();
        if (i == 0) {
            path.moveTo(x, y);
        } else {
            path.lineTo(x, y);
        }
    }
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setPen(QPen(option.palette.color(QPalette::Highlight), 1.2));
    painter->drawPath(path);
    painter->restore();
}

QSize SparklineDelegate::sizeHint(const QStyleOptionViewItem& option,
                                  const QModelIndex& index) const {
    QSize s = QStyledItemDelegate::sizeHint(option, index);
    return {std::max(s.width(), 120), s.height()};
}

TopPanel::TopPanel(const PanelSpec& spec, TelemetryStore& store, QWidget* parent)
    : MonitorPanel(spec, parent),
      m_store(store),
      m_model(new TopEndpointsModel(store, spec.top, this)),
      m_view(new QTableView(this)) {
    m_view->setModel(m_model);
    m_view->setItemDelegateForColumn(TopEndpointsModel::Trend, new SparklineDelegate(m_view));
    m_view->verticalHeader()->hide();
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_view->horizontalHeader()->setSectionResizeMode(TopEndpointsModel::Trend,
                                                     QHeaderView::Stretch);
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 8);
    setBody(m_view);
    // A click opens that endpoint's chart.
    connect(m_view, &QTableView::clicked, this, [this](const QModelIndex& index) {
        const EndpointActivity* a = m_model->activity(index.row());
        if (!a) return;
        PanelSpec chart;
        chart.kind = PanelSpec::Kind::Throughput;
        chart.target = TargetKind::Endpoint;
        chart.id = a->id;
        chart.name = a->name;
        chart.hostId = a->hostId;
        chart.hostName = a->hostName;
        emit chartRequested(chart);
    });
}

void TopPanel::refresh() {
    m_model->update();
}

bool TopPanel::exportCsv(const QString& path, QString* error) {
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate | QIODevice::Text)) {
        if (error) *error = tr("cannot write %1: %2").arg(path, f.errorString());
        return false;
    }
    QTextStream out(&f);
    out << "endpoint,host,network,rx (bit/s),tx (bit/s)\n";
    for (int r = 0; r < m_model->rowCount(); ++r) {
        const auto* a = m_model->activity(r);
        out << a->name << ',' << a->hostName << ',' << a->networkName << ','
            << a->rates[RxBytes] * 8 << ',' << a->rates[TxBytes] * 8 << '\n';
    }
    return true;
}

}  // namespace loom::ui
