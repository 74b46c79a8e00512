#include "ui/dashboard/latency_matrix.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPainter>
#include <QSet>
#include <QTableView>
#include <QVBoxLayout>

#include <algorithm>

#include "ui/dashboard/units.h"

namespace loom::ui {

namespace {
// rack2 before rack10: runs of digits compare as numbers (QCollator's numeric mode needs ICU
// and a locale, which a console started from a plain shell may not have).
bool naturalLess(const QString& a, const QString& b) {
    int i = 0, j = 0;
    while (i < a.size() && j < b.size()) {
        if (a[i].isDigit() && b[j].isDigit()) {
            int si = i, sj = j;
            while (i < a.size() && a[i].isDigit()) ++i;
            while (j < b.size() && b[j].isDigit()) ++j;
            qulonglong x = a.mid(si, i - si).toULongLong(), y = b.mid(sj, j - sj).toULongLong();
            if (x != y) return x < y;
            continue;
        }
        if (a[i] != b[j]) return a[i] < b[j];
        ++i;
        ++j;
    }
    return a.size() - i < b.size() - j;
}
}  // namespace

LatencyMatrixModel::LatencyMatrixModel(TelemetryStore& store, QObject* parent)
    : QAbstractTableModel(parent), m_store(store) {}

void LatencyMatrixModel::setNetwork(const QString& networkId) {
    if (networkId == m_network) return;
    beginResetModel();
    m_network = networkId;
    m_hosts.clear();
    m_dead.clear();
    endResetModel();
}

void LatencyMatrixModel::update(qint64 nowMs) {
    const Inventory& inv = m_store.inventory();
    // Who takes part: hosts with endpoints on the network, and hosts that probe or are probed
    // on it (a dead host has no endpoints left in the cluster, but its peers still probe it).
    QVector<HostRef>& seen = m_seen[m_network];
    auto add = [&](const QString& id, const QString& name) {
        if (id.isEmpty()) return;
        for (const auto& h : seen) {
            if (h.id == id) return;
        }
        seen.push_back({id, name});
    };
    QHash<QString, QString> names;
    for (const auto& h : inv.hosts) names.insert(h.id, h.name);
    for (const auto& e : inv.endpoints) {
        if (e.networkId == m_network) add(e.hostId, e.hostName);
    }
    for (const auto& from : inv.hosts) {
        for (const auto& to : inv.hosts) {
            if (from.id != to.id && m_store.probe(from.id, m_network, to.id)) {
                add(from.id, from.name);
                add(to.id, to.name);
            }
        }
    }
    // A host forgotten by the cluster (host rm) leaves.
    seen.erase(std::remove_if(seen.begin(), seen.end(),
                              [&](const HostRef& h) { return !names.contains(h.id); }),
               seen.end());
    QVector<HostRef> hosts = seen;
    for (auto& h : hosts) h.name = names.value(h.id, h.name);
    std::sort(hosts.begin(), hosts.end(),
              [](const HostRef& a, const HostRef& b) { return naturalLess(a.name, b.name); });
    QVector<QString> dead;
    for (const auto& h : hosts) {
        bool alive = false;
        for (const auto& i : inv.hosts) {
            if (i.id == h.id) alive = i.alive;
        }
        if (!alive) {
            dead << tr("host %1 is down (its lease expired)").arg(h.name);
        } else if (!m_store.answering(h.id, nowMs)) {
            dead << tr("the engine of %1 is not answering").arg(h.name);
        } else {
            dead << QString();
        }
    }
    if (hosts != m_hosts) {
        beginResetModel();
        m_hosts = hosts;
        m_dead = dead;
        endResetModel();
        return;
    }
    m_dead = dead;
    if (!m_hosts.isEmpty()) {
        emit dataChanged(index(0, 0), index(rowCount() - 1, columnCount() - 1));
    }
}

QString LatencyMatrixModel::deadReason(int host) const {
    return host >= 0 && host < m_dead.size() ? m_dead[host] : QString();
}

int LatencyMatrixModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(m_hosts.size());
}

int LatencyMatrixModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(m_hosts.size());
}

QVariant LatencyMatrixModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid()) return {};
    const HostRef& from = m_hosts[index.row()];
    const HostRef& to = m_hosts[index.column()];
    if (role == HostIdRole) return QStringList{from.id, to.id};
    QString dead = deadReason(index.row());
    if (dead.isEmpty()) dead = deadReason(index.column());
    if (role == DeadRole) return index.row() != index.column() ? dead : QString();
    if (index.row() == index.column()) {
        return role == Qt::DisplayRole ? QVariant(QStringLiteral("·")) : QVariant();
    }
    const LatencyTargetInfo* p = m_store.probe(from.id, m_network, to.id);
    const bool answered = p && p->received > 0;
    switch (role) {
        case BandRole:
            return answered && dead.isEmpty() ? rttBand(p->p50Ms) : -1;
        case LossRole:
            return p ? p->lossRecent : 1.0;
        case Qt::DisplayRole:
            if (!dead.isEmpty()) return QStringLiteral("—");
            if (!p) return tr("no probes");
            if (!answered) return tr("lost");
            if (p->lossRecent <= 0) return formatValue(Quantity::Millis, p->p50Ms);
            //: A latency matrix cell: median RTT, then loss over the last 2 s
            return tr("%1\n%2 loss")
                .arg(formatValue(Quantity::Millis, p->p50Ms),
                     formatValue(Quantity::Percent, p->lossRecent));
        case Qt::ToolTipRole: {
            QString head = tr("%1 → %2").arg(from.name, to.name);
            if (!dead.isEmpty()) return head + QLatin1Char('\n') + dead;
            if (!p) return head + QLatin1Char('\n') + tr("no probes between these hosts yet");
            return head + QLatin1Char('\n') +
                   tr("median %1, p90 %2, p99 %3, jitter %4\nloss %5 (last 2 s), %6 (last "
                      "minute: %7 of %8 answered)\nclick for the chart")
                       .arg(formatValue(Quantity::Millis, p->p50Ms),
                            formatValue(Quantity::Millis, p->p90Ms),
                            formatValue(Quantity::Millis, p->p99Ms),
                            formatValue(Quantity::Millis, p->jitterMs),
                            formatValue(Quantity::Percent, p->lossRecent),
                            formatValue(Quantity::Percent, p->loss))
                       .arg(p->received)
                       .arg(p->sent);
        }
        case Qt::TextAlignmentRole:
            return Qt::AlignCenter;
        default:
            return {};
    }
}

QVariant LatencyMatrixModel::headerData(int section, Qt::Orientation o, int role) const {
    if (section < 0 || section >= m_hosts.size()) return {};
    if (role == Qt::DisplayRole) {
        // Many hosts: columns by number (the rows say which), so twenty fit side by side.
        if (m_hosts.size() > kNamedColumns) {
            return o == Qt::Vertical
                       ? QStringLiteral("%1  %2").arg(section + 1).arg(m_hosts[section].name)
                       : QString::number(section + 1);
        }
        //: Matrix headers: "from h1" on rows, "to h2" on columns
        return o == Qt::Vertical ? tr("from %1").arg(m_hosts[section].name)
                                 : tr("to %1").arg(m_hosts[section].name);
    }
    if (role == Qt::ToolTipRole) {
        QString dead = deadReason(section);
        QString who = o == Qt::Vertical ? tr("from %1").arg(m_hosts[section].name)
                                        : tr("to %1").arg(m_hosts[section].name);
        return dead.isEmpty() ? who : who + QLatin1Char('\n') + dead;
    }
    if (role == Qt::ForegroundRole && !deadReason(section).isEmpty()) return QColor(Qt::gray);
    return {};
}

void LatencyCellDelegate::paint(QPainter* painter, const QStyleOptionViewItem& option,
                                const QModelIndex& index) const {
    painter->save();
    const QRect r = option.rect.adjusted(1, 1, -1, -1);
    if (index.row() == index.column()) {
        painter->fillRect(r, option.palette.color(QPalette::AlternateBase));
        painter->restore();
        return;
    }
    const bool dead = !index.data(LatencyMatrixModel::DeadRole).toString().isEmpty();
    const int band = index.data(LatencyMatrixModel::BandRole).toInt();
    QColor fill = dead        ? option.palette.color(QPalette::Disabled, QPalette::Window)
                  : band >= 0 ? QColor(QLatin1String(rttBandColor(band)))
                              : option.palette.color(QPalette::Base);
    painter->fillRect(r, fill);
    // Loss as a red bar along the bottom of the cell.
    double loss = index.data(LatencyMatrixModel::LossRole).toDouble();
    if (!dead && band >= 0 && loss > 0) {
        painter->fillRect(QRect(r.left(), r.bottom() - 3, static_cast<int>(r.width() * loss), 4),
                          QColor(200, 20, 20));
    }
    painter->setPen(dead        ? option.palette.color(QPalette::Disabled, QPalette::Text)
                    : band >= 0 ? QColor(20, 20, 20)
                                : option.palette.color(QPalette::Text));
    painter->drawText(r, Qt::AlignCenter, index.data().toString());
    painter->restore();
}

QSize LatencyCellDelegate::sizeHint(const QStyleOptionViewItem& option,
                                    const QModelIndex& index) const {
    const QFontMetrics fm(option.font);
    int width = fm.horizontalAdvance(QStringLiteral("000 µs"));
    for (const auto& line : index.data().toString().split(QLatin1Char('\n'))) {
        width = std::max(width, fm.horizontalAdvance(line));
    }
    return {width + 10, fm.height() * 2 + 6};
}

LatencyMatrix::LatencyMatrix(TelemetryStore& store, QWidget* parent)
    : QWidget(parent),
      m_store(store),
      m_model(new LatencyMatrixModel(store, this)),
      m_networks(new QComboBox(this)),
      m_view(new QTableView(this)) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto* top = new QHBoxLayout();
    top->addWidget(new QLabel(tr("Latency on network"), this));
    top->addWidget(m_networks, 1);
    layout->addLayout(top);
    m_view->setModel(m_model);
    m_view->setItemDelegate(new LatencyCellDelegate(m_view));
    m_view->setSelectionMode(QAbstractItemView::NoSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_view->verticalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    layout->addWidget(m_view, 1);
    // The fixed scale, so two looks at the matrix compare.
    auto* legend = new QHBoxLayout();
    legend->addWidget(new QLabel(tr("median RTT:"), this));
    for (int b = 0; b < kRttBands; ++b) {
        auto* chip = new QLabel(rttBandText(b), this);
        chip->setStyleSheet(QStringLiteral("background:%1;color:#141414;padding:1px 4px;")
                                .arg(QLatin1String(rttBandColor(b))));
        legend->addWidget(chip);
    }
    auto* lossChip = new QLabel(tr("red bar: loss"), this);
    legend->addWidget(lossChip);
    legend->addStretch(1);
    layout->addLayout(legend);
    connect(m_networks, &QComboBox::currentIndexChanged, this,
            [this] { m_model->setNetwork(m_networks->currentData().toString()); });
    connect(m_view, &QTableView::clicked, this, [this](const QModelIndex& index) {
        if (index.row() == index.column()) return;
        const auto& from = m_model->hosts()[index.row()];
        const auto& to = m_model->hosts()[index.column()];
        PanelSpec spec;
        spec.kind = PanelSpec::Kind::Latency;
        spec.hostId = from.id;
        spec.hostName = from.name;
        spec.networkId = m_networks->currentData().toString();
        spec.networkName = m_networks->currentText();
        spec.toId = to.id;
        spec.toName = to.name;
        emit chartRequested(spec);
    });
}

void LatencyMatrix::fillNetworks() {
    QStringList ids;
    for (const auto& n : m_store.inventory().networks) ids << n.id;
    QStringList shown;
    for (int i = 0; i < m_networks->count(); ++i) shown << m_networks->itemData(i).toString();
    if (ids == shown) return;
    QString current = m_networks->currentData().toString();
    m_networks->blockSignals(true);
    m_networks->clear();
    // At first, the network that spans the most hosts: the most pairs to see.
    QString widest;
    int most = -1;
    for (const auto& n : m_store.inventory().networks) {
        m_networks->addItem(n.name, n.id);
        QSet<QString> hosts;
        for (const auto& e : m_store.inventory().endpoints) {
            if (e.networkId == n.id) hosts.insert(e.hostId);
        }
        if (static_cast<int>(hosts.size()) > most) {
            most = static_cast<int>(hosts.size());
            widest = n.id;
        }
    }
    int keep = m_networks->findData(current.isEmpty() ? widest : current);
    m_networks->setCurrentIndex(keep >= 0 ? keep : 0);
    m_networks->blockSignals(false);
    m_model->setNetwork(m_networks->currentData().toString());
}

void LatencyMatrix::showNetwork(const QString& networkId) {
    fillNetworks();
    int i = m_networks->findData(networkId);
    if (i >= 0) m_networks->setCurrentIndex(i);
}

void LatencyMatrix::update(qint64 nowMs) {
    fillNetworks();
    m_model->update(nowMs);
}

}  // namespace loom::ui
