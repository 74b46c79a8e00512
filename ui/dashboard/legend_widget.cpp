#include "ui/dashboard/legend_widget.h"

#include <QHelpEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QToolTip>

namespace loom::ui {

namespace {
constexpr int kSwatch = 18;
}

LegendWidget::LegendWidget(QWidget* parent) : QWidget(parent) {
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    setMouseTracking(false);
}

int LegendWidget::addRow(const QString& name, const QColor& color, bool dashed) {
    Row r;
    r.name = name;
    r.color = color;
    r.dashed = dashed;
    m_rows.push_back(r);
    updateGeometry();
    update();
    return static_cast<int>(m_rows.size()) - 1;
}

void LegendWidget::setCells(int row, const QStringList& cells) {
    Row& r = m_rows[row];
    if (r.cells == cells) return;
    r.cells = cells;
    if (!r.hidden) update();
}

QString LegendWidget::cell(int row, int column) const {
    const Row& r = m_rows.at(row);
    return column == 0 ? r.name : r.cells.value(column - 1);
}

void LegendWidget::setRowHidden(int row, bool hidden) {
    if (m_rows[row].hidden == hidden) return;
    m_rows[row].hidden = hidden;
    updateGeometry();
    update();
}

void LegendWidget::setChecked(int row, bool checked) {
    if (m_rows[row].checked == checked) return;
    m_rows[row].checked = checked;
    update();
    emit toggled(row, checked);
}

int LegendWidget::lineHeight() const {
    return fontMetrics().height() + 3;
}

QSize LegendWidget::sizeHint() const {
    int visible = 1;  // the header
    for (const auto& r : m_rows) visible += !r.hidden;
    return {320, visible * lineHeight() + 2};
}

int LegendWidget::rowAt(int y) const {
    int line = y / lineHeight() - 1;  // after the header
    if (line < 0) return -1;
    for (int i = 0; i < m_rows.size(); ++i) {
        if (m_rows[i].hidden) continue;
        if (line-- == 0) return i;
    }
    return -1;
}

void LegendWidget::paintEvent(QPaintEvent*) {
    QPainter p(this);
    const int h = lineHeight();
    const int w = width();
    // Values are never cut; the name takes what the four value columns leave (and is elided).
    const int valueWidth = fontMetrics().horizontalAdvance(QStringLiteral("000.00 Mbit/s")) + 6;
    const int nameWidth = std::max(kSwatch + 40, w - 4 * valueWidth);
    const QColor text = palette().color(QPalette::Text);
    const QColor faint = palette().color(QPalette::PlaceholderText);
    QFont bold = font();
    bold.setBold(true);
    p.setFont(bold);
    p.setPen(faint);
    const QStringList header{tr("Series"), tr("Last"), tr("Min"), tr("Max"), tr("Mean")};
    p.drawText(QRect(kSwatch + 6, 0, nameWidth - kSwatch - 6, h), Qt::AlignVCenter, header[0]);
    for (int c = 0; c < 4; ++c) {
        p.drawText(QRect(nameWidth + c * valueWidth, 0, valueWidth - 6, h),
                   Qt::AlignVCenter | Qt::AlignRight, header[c + 1]);
    }
    p.setFont(font());
    int y = h;
    for (const auto& r : m_rows) {
        if (r.hidden) continue;
        const QRect swatch(2, y + h / 2 - 5, kSwatch - 4, 10);
        if (r.checked) {
            p.fillRect(swatch, r.color);
        } else {
            p.setPen(r.color);
            p.drawRect(swatch.adjusted(0, 0, -1, -1));
        }
        p.setPen(r.checked ? text : faint);
        const QString name =
            fontMetrics().elidedText(r.name, Qt::ElideRight, nameWidth - kSwatch - 8);
        p.drawText(QRect(kSwatch + 6, y, nameWidth - kSwatch - 6, h), Qt::AlignVCenter, name);
        for (int c = 0; c < 4; ++c) {
            p.drawText(QRect(nameWidth + c * valueWidth, y, valueWidth - 6, h),
                       Qt::AlignVCenter | Qt::AlignRight, r.cells.value(c));
        }
        y += h;
    }
}

void LegendWidget::mousePressEvent(QMouseEvent* event) {
    int row = rowAt(static_cast<int>(event->position().y()));
    if (row < 0) return;
    setChecked(row, !m_rows[row].checked);
}

bool LegendWidget::event(QEvent* e) {
    if (e->type() == QEvent::ToolTip) {
        auto* help = static_cast<QHelpEvent*>(e);
        int row = rowAt(help->pos().y());
        if (row >= 0) {
            QToolTip::showText(help->globalPos(),
                               tr("%1: click to show or hide it").arg(m_rows[row].name), this);
        } else {
            QToolTip::hideText();
        }
        return true;
    }
    return QWidget::event(e);
}

}  // namespace loom::ui
