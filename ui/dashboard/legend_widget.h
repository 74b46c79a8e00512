#pragma once

#include <QColor>
#include <QStringList>
#include <QVector>
#include <QWidget>

namespace loom::ui {

// A chart's legend: one row per series (its colour, its name, and its newest, lowest, highest
// and mean value); a click on a row shows or hides its series. Painted as one widget: a table
// widget re-laid out its cells on every change, which at 16 charts updated each second was half
// of the Monitor's refresh.
class LegendWidget : public QWidget {
    Q_OBJECT
public:
    explicit LegendWidget(QWidget* parent = nullptr);

    int addRow(const QString& name, const QColor& color, bool dashed);
    int rowCount() const { return static_cast<int>(m_rows.size()); }
    // Last, min, max, mean.
    void setCells(int row, const QStringList& cells);
    QString cell(int row, int column) const;  // 0: the name
    void setRowHidden(int row, bool hidden);
    bool isRowHidden(int row) const { return m_rows.at(row).hidden; }
    void setChecked(int row, bool checked);  // says so with toggled(), as a click does
    bool isChecked(int row) const { return m_rows.at(row).checked; }

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override { return sizeHint(); }

signals:
    void toggled(int row, bool checked);

protected:
    void paintEvent(QPaintEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    bool event(QEvent* event) override;

private:
    int rowAt(int y) const;
    int lineHeight() const;

    struct Row {
        QString name;
        QColor color;
        bool dashed = false;
        bool hidden = false;
        bool checked = true;
        QStringList cells{QString(), QString(), QString(), QString()};
    };
    QVector<Row> m_rows;
};

}  // namespace loom::ui
