#pragma once

#include <QElapsedTimer>
#include <QList>
#include <QTimer>
#include <QWidget>

#include <functional>
#include <vector>

#include "ui/dashboard/chart_panel.h"

class QComboBox;
class QGridLayout;
class QLabel;
class QScrollArea;
class QToolButton;

namespace loom::ui {

class LatencyMatrix;
class TelemetryClient;

// The Monitor tab: a grid of chart panels over one time range (live and moving, or a fixed
// span to look back at), the latency matrix beside them, and one timer that pushes what changed
// into the charts (handlers only set flags; nothing is drawn per sample). Zooming with a rubber
// band or panning in any chart moves the whole page; a double click goes back to live. The
// panels and the span are remembered across restarts.
class MonitorPage : public QWidget {
    Q_OBJECT
public:
    enum class Span { Live5m, Hour, Day, Week, Custom };

    MonitorPage(TelemetryStore& store, TelemetryClient* client, QWidget* parent = nullptr);
    ~MonitorPage() override;

    // A panel for `spec`, or the one already showing it; brought into view.
    MonitorPanel* addPanel(const PanelSpec& spec);
    void removePanel(MonitorPanel* panel);
    void movePanel(MonitorPanel* panel, int delta);
    const QList<MonitorPanel*>& panels() const { return m_panels; }
    LatencyMatrix& matrix() const { return *m_matrix; }

    void setSpan(Span span);
    Span span() const { return m_span; }
    void setCustomRange(qint64 from, qint64 to);
    void setPaused(bool paused);
    bool paused() const { return m_paused; }
    ViewRange range() const { return m_range; }
    qint64 spanMs(Span span) const;

    // The refresh timer's work: the range moves (when live), panels draw what changed, the
    // matrix updates. Public for tests and the benchmark.
    void tick();
    // How long the last ticks took (ms), newest last; at most the last 600.
    const std::vector<double>& tickTimes() const { return m_tickTimes; }
    // Every chart refreshes on each tick, even while the page is hidden or the panel is scrolled
    // out of sight (benchmarks, tests without a window).
    void setRefreshHidden(bool on) { m_refreshHidden = on; }
    // Unix ms now (a simulated clock in the benchmark); the wall clock by default.
    void setClock(std::function<qint64()> clock) { m_clock = std::move(clock); }

    void saveLayout() const;
    void restoreLayout();
    // Panels whose objects were re-created find them again by name.
    void followInventory(const Inventory& inventory);

private:
    void relayout();
    void refetch();
    void applyEvents();
    QVector<ChartEvent> eventsFor(const PanelSpec& spec) const;
    void showState();
    void wire(MonitorPanel* panel);
    MonitorPanel* makePanel(const PanelSpec& spec);

    TelemetryStore& m_store;
    TelemetryClient* m_client;
    QList<MonitorPanel*> m_panels;
    QWidget* m_grid = nullptr;
    QGridLayout* m_gridLayout = nullptr;
    QScrollArea* m_scroll = nullptr;
    QLabel* m_empty = nullptr;
    QLabel* m_state = nullptr;
    QComboBox* m_spanBox = nullptr;
    QToolButton* m_pause = nullptr;
    LatencyMatrix* m_matrix = nullptr;
    QTimer m_timer;
    Span m_span = Span::Live5m;
    Span m_liveSpan = Span::Live5m;  // the span a double click goes back to
    bool m_paused = false;
    ViewRange m_range;
    bool m_refetch = true;
    bool m_eventsDirty = true;
    bool m_refreshHidden = false;
    std::vector<double> m_tickTimes;
    std::function<qint64()> m_clock;
};

}  // namespace loom::ui
