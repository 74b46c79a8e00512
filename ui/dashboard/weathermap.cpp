#include "ui/dashboard/weathermap.h"

#include <QGraphicsLineItem>
#include <QGraphicsRectItem>
#include <QGraphicsScene>
#include <QGraphicsSceneMouseEvent>
#include <QGraphicsSimpleTextItem>
#include <QHBoxLayout>
#include <QLabel>
#include <QPen>
#include <QSet>
#include <QVBoxLayout>

#include <functional>

#include "ui/dashboard/units.h"

namespace loom::ui {

namespace {

constexpr qreal kZ = -0.5;  // above the canvas's own links, under its boxes

// An overlay item that lets single clicks through to the designer's items beneath and opens a
// chart on a double click.
template <typename Base>
class Overlay : public Base {
public:
    using Base::Base;
    std::function<void()> onDoubleClick;

protected:
    void mousePressEvent(QGraphicsSceneMouseEvent* e) override { e->ignore(); }
    void mouseDoubleClickEvent(QGraphicsSceneMouseEvent* e) override {
        if (onDoubleClick) {
            onDoubleClick();
            e->accept();
            return;
        }
        e->ignore();
    }
};
using OverlayLine = Overlay<QGraphicsLineItem>;
using OverlayRect = Overlay<QGraphicsRectItem>;

QString rates(const RateValues& r) {
    //: Weathermap tooltip: rates of one direction, bits and packets per second
    return Weathermap::tr("%1, %2").arg(formatValue(Quantity::Bits, r[RxBytes] * 8),
                                        formatValue(Quantity::Packets, r[RxPackets]));
}

}  // namespace

Weathermap::Weathermap(TelemetryStore& store, QGraphicsScene* scene, QObject* parent)
    : QObject(parent), m_store(store), m_scene(scene) {}

Weathermap::~Weathermap() {
    clear();
}

void Weathermap::setEnabled(bool on) {
    if (on == m_enabled) return;
    m_enabled = on;
    if (!on) {
        clear();
    } else {
        rebuild();
    }
}

void Weathermap::setLabelsVisible(bool on) {
    m_labels = on;
    for (auto& l : m_lines) l.label->setVisible(on);
}

void Weathermap::setCapacity(const QString& networkName, double bits) {
    if (bits > 0) {
        m_capacity.insert(networkName, bits);
    } else {
        m_capacity.remove(networkName);
    }
}

void Weathermap::clear() {
    if (m_scene) {
        for (auto& l : m_lines) {
            delete l.out;
            delete l.in;
            delete l.label;
        }
        qDeleteAll(m_buses);
        qDeleteAll(m_frames);
    }
    m_links.clear();
    m_lines.clear();
    m_buses.clear();
    m_busBands.clear();
    m_frames.clear();
}

Weathermap::Line Weathermap::lineOf(const QLineF& l) {
    return {(l.p1() * 4).toPoint(), (l.p2() * 4).toPoint()};
}

void Weathermap::setGeometry(const CanvasGeometry& geometry) {
    m_geometry = geometry;
    if (m_enabled) rebuild();
}

// Items for what the canvas shows now: kept where they exist, made where they are new, removed
// where their object left the canvas.
void Weathermap::rebuild() {
    if (!m_scene) return;
    // One pair of halves per line drawn: endpoints whose links coincide (every endpoint of a
    // host on a network below it leaves the frame at one point) share it.
    for (auto& line : m_lines) line.endpoints.clear();
    // A pass over every link: touching as little of each as it can (at a thousand endpoints
    // this runs on the GUI thread several times a second while endpoints come and go).
    ++m_pass;
    m_links.reserve(m_geometry.links.size());
    for (const auto& l : m_geometry.links) {
        LinkState& state = m_links[l.endpointId];
        state.pass = m_pass;
        if (!state.name.isSharedWith(l.endpointName)) state.name = l.endpointName;
        if (!state.hostId.isSharedWith(l.hostId)) state.hostId = l.hostId;
        if (!state.hostName.isSharedWith(l.hostName)) state.hostName = l.hostName;
        if (!state.networkName.isSharedWith(l.networkName)) state.networkName = l.networkName;
        state.line = lineOf(l.line);
        LineItems& items = m_lines[state.line];
        items.endpoints.append(l.endpointId);
        if (items.out) continue;
        for (int d = 0; d < 2; ++d) {
            auto* half = new OverlayLine();
            half->setZValue(kZ);
            half->setAcceptHoverEvents(true);
            half->onDoubleClick = [this, key = state.line, d] {
                auto it = m_lines.find(key);
                if (it == m_lines.end() || it->shown[d].isEmpty()) return;
                const LinkState& shown = m_links.value(it->shown[d]);
                PanelSpec spec;
                spec.target = TargetKind::Endpoint;
                spec.id = it->shown[d];
                spec.name = shown.name;
                spec.hostId = shown.hostId;
                spec.hostName = shown.hostName;
                emit chartRequested(spec);
            };
            m_scene->addItem(half);
            (d == 0 ? items.out : items.in) = half;
        }
        auto* label = new QGraphicsSimpleTextItem();
        label->setZValue(kZ + 0.1);
        label->setVisible(m_labels);
        m_scene->addItem(label);
        items.label = label;
        const QPointF mid = (l.line.p1() + l.line.p2()) / 2;
        static_cast<QGraphicsLineItem*>(items.out)->setLine(QLineF(l.line.p1(), mid));
        static_cast<QGraphicsLineItem*>(items.in)->setLine(QLineF(mid, l.line.p2()));
        label->setPos(mid + QPointF(6, -8));
    }
    for (auto it = m_links.begin(); it != m_links.end();) {
        it = it->pass == m_pass ? std::next(it) : m_links.erase(it);
    }
    for (auto it = m_lines.begin(); it != m_lines.end();) {
        if (!it->endpoints.isEmpty()) {
            ++it;
            continue;
        }
        delete it->out;
        delete it->in;
        delete it->label;
        it = m_lines.erase(it);
    }
    QSet<QString> buses;
    for (const auto& b : m_geometry.buses) {
        const int n = static_cast<int>(b.hosts.size());
        const qreal w = n > 0 ? (b.rect.width() - 8) / n : 0;
        for (int i = 0; i < n; ++i) {
            const auto& [hostId, hostName] = b.hosts[i];
            QString key = b.networkId + QLatin1Char('/') + hostId;
            buses.insert(key);
            auto*& chip = m_buses[key];
            if (!chip) {
                auto* rect = new OverlayRect();
                rect->setZValue(5);
                rect->setPen(Qt::NoPen);
                PanelSpec s;
                s.target = TargetKind::Network;
                s.id = b.networkId;
                s.name = b.networkName;
                s.hostId = hostId;
                s.hostName = hostName;
                rect->onDoubleClick = [this, s] { emit chartRequested(s); };
                m_scene->addItem(rect);
                chip = rect;
            }
            static_cast<QGraphicsRectItem*>(chip)->setRect(QRectF(
                b.rect.left() + 4 + i * w, b.rect.bottom() - 7, std::max<qreal>(w - 2, 2), 5));
        }
    }
    for (auto it = m_buses.begin(); it != m_buses.end();) {
        if (buses.contains(it.key())) {
            ++it;
            continue;
        }
        delete it.value();
        m_busBands.remove(it.key());
        it = m_buses.erase(it);
    }
    for (auto it = m_frames.begin(); it != m_frames.end(); ++it) {
        for (const auto& f : m_geometry.frames) {
            if (f.hostId == it.key()) {
                static_cast<QGraphicsRectItem*>(it.value())->setRect(f.rect.adjusted(-3, -3, 3, 3));
            }
        }
    }
    paintLines();
}

void Weathermap::update(qint64 nowMs) {
    if (!m_enabled || !m_scene) return;
    const bool live = m_store.live();
    for (auto it = m_links.begin(); it != m_links.end(); ++it) {
        LinkState& l = *it;
        qint64 heard = 0;
        l.rates = m_store.latest(TargetKind::Endpoint, it.key(), l.hostId, &heard);
        l.fresh = live && heard > 0 && nowMs - heard <= TelemetryStore::kSilentMs;
        l.capacity = m_capacity.value(l.networkName);
        // Seen from the endpoint: tx is what it sends (its half), rx what it receives.
        const double bits[2] = {l.rates[TxBytes] * 8, l.rates[RxBytes] * 8};
        for (int d = 0; d < 2; ++d) {
            l.bands[d] = l.fresh ? loadBand(bits[d], l.capacity) : -1;
            l.widths[d] = kBaseWidth + (l.bands[d] > 0 ? l.bands[d] : 0);
        }
    }
    paintLines();
    for (const auto& b : m_geometry.buses) {
        for (const auto& [hostId, hostName] : b.hosts) {
            QString key = b.networkId + QLatin1Char('/') + hostId;
            auto* chip = static_cast<QGraphicsRectItem*>(m_buses.value(key));
            if (!chip) continue;
            qint64 heard = 0;
            const RateValues r = m_store.latest(TargetKind::Network, b.networkId, hostId, &heard);
            const bool fresh = live && heard > 0 && nowMs - heard <= TelemetryStore::kSilentMs;
            int band =
                fresh ? loadBand((r[RxBytes] + r[TxBytes]) * 8, m_capacity.value(b.networkName))
                      : -1;
            if (m_busBands.value(key, -2) != band) {
                m_busBands.insert(key, band);
                QColor c(QLatin1String(loadBandColor(band < 0 ? 0 : band)));
                if (band < 0) c.setAlpha(90);
                chip->setBrush(c);
            }
            chip->setToolTip(
                fresh
                    ? tr("network %1 on %2 (its vxlan device, to and from other hosts)\nin: "
                         "%3\nout: %4\ndouble-click for its chart")
                          .arg(b.networkName, hostName, formatValue(Quantity::Bits, r[RxBytes] * 8),
                               formatValue(Quantity::Bits, r[TxBytes] * 8))
                    : tr("network %1 on %2: no live samples").arg(b.networkName, hostName));
        }
    }
    // Hosts whose engine stopped answering, or that the others' probes no longer reach.
    for (const auto& f : m_geometry.frames) {
        QString why;
        if (live && !m_store.answering(f.hostId, nowMs)) {
            why = tr("the engine of %1 is not answering").arg(f.hostName);
        } else if (live) {
            for (const auto& n : m_store.inventory().networks) {
                for (const auto& h : m_store.inventory().hosts) {
                    const auto* p = m_store.probe(h.id, n.id, f.hostId);
                    if (h.id != f.hostId && p && p->sent > 0 && p->lossRecent >= 1.0) {
                        why = tr("probes from %1 to %2 on %3 are lost")
                                  .arg(h.name, f.hostName, n.name);
                    }
                }
            }
        }
        auto it = m_frames.find(f.hostId);
        if (why.isEmpty()) {
            if (it != m_frames.end()) {
                delete it.value();
                m_frames.erase(it);
            }
            continue;
        }
        if (it == m_frames.end()) {
            auto* mark = new OverlayRect(f.rect.adjusted(-3, -3, 3, 3));
            mark->setPen(QPen(QColor(215, 25, 28), 3, Qt::DashLine));
            mark->setBrush(Qt::NoBrush);
            mark->setZValue(kZ);
            PanelSpec s;
            s.target = TargetKind::Host;
            s.id = f.hostId;
            s.hostId = f.hostId;
            s.hostName = f.hostName;
            mark->onDoubleClick = [this, s] { emit chartRequested(s); };
            m_scene->addItem(mark);
            it = m_frames.insert(f.hostId, mark);
        }
        it.value()->setToolTip(why);
    }
}

// Each line in the colour of its busiest endpoint, per direction (the out half: the busiest
// sender; the in half: the busiest receiver), with its numbers as tooltip and label. Work is per
// line drawn, not per endpoint.
void Weathermap::paintLines() {
    for (auto it = m_lines.begin(); it != m_lines.end(); ++it) {
        LineItems& line = *it;
        // The busiest link per direction: each link looked up once.
        const LinkState* busiest[2] = {nullptr, nullptr};
        QString busiestId[2];
        for (const auto& id : std::as_const(line.endpoints)) {
            auto found = m_links.constFind(id);
            if (found == m_links.cend()) continue;
            const LinkState& l = *found;
            for (int d = 0; d < 2; ++d) {
                const LinkState* best = busiest[d];
                if (!best || l.bands[d] > best->bands[d] ||
                    (l.bands[d] == best->bands[d] && l.widths[d] > best->widths[d])) {
                    busiest[d] = &l;
                    busiestId[d] = id;
                }
            }
        }
        QGraphicsItem* halves[2] = {line.out, line.in};
        for (int d = 0; d < 2; ++d) {
            line.shown[d] = busiestId[d];
            if (!busiest[d]) continue;
            const LinkState& l = *busiest[d];
            if (l.bands[d] != line.bands[d] || l.widths[d] != line.widths[d]) {
                QColor c(QLatin1String(loadBandColor(l.bands[d] < 0 ? 0 : l.bands[d])));
                QPen pen(c, l.widths[d], l.bands[d] < 0 ? Qt::DotLine : Qt::SolidLine, Qt::FlatCap);
                static_cast<QGraphicsLineItem*>(halves[d])->setPen(pen);
                line.bands[d] = l.bands[d];
                line.widths[d] = l.widths[d];
            }
            RateValues out{}, in{};
            out[RxBytes] = l.rates[TxBytes];
            out[RxPackets] = l.rates[TxPackets];
            in[RxBytes] = l.rates[RxBytes];
            in[RxPackets] = l.rates[RxPackets];
            QString tip = l.fresh
                              ? tr("endpoint %1 on %2\nout (the half at the endpoint): "
                                   "%3\nin (the half at the network): %4\ndouble-click for "
                                   "its chart")
                                    .arg(l.name, l.hostName, rates(out), rates(in))
                              : tr("endpoint %1 on %2: no live samples").arg(l.name, l.hostName);
            if (l.capacity > 0)
                tip += QLatin1Char('\n') +
                       tr("colours: share of %1").arg(formatValue(Quantity::Bits, l.capacity));
            if (line.endpoints.size() > 1)
                tip +=
                    QLatin1Char('\n') +
                    tr("%1 links share this line; it shows the busiest").arg(line.endpoints.size());
            if (halves[d]->toolTip() != tip) halves[d]->setToolTip(tip);
        }
        const LinkState* sender = busiest[0];
        const LinkState* receiver = busiest[1];
        QString text = sender && receiver && sender->fresh && receiver->fresh
                           ? QStringLiteral("↑%1 ↓%2").arg(
                                 formatValue(Quantity::Bits, sender->rates[TxBytes] * 8),
                                 formatValue(Quantity::Bits, receiver->rates[RxBytes] * 8))
                           : QString();
        auto* label = static_cast<QGraphicsSimpleTextItem*>(line.label);
        if (label->text() != text) label->setText(text);
    }
}

int Weathermap::linkBand(const QString& endpointId, int direction) const {
    auto it = m_links.find(endpointId);
    return it == m_links.end() ? -1 : it->bands[direction];
}

qreal Weathermap::linkWidth(const QString& endpointId, int direction) const {
    auto it = m_links.find(endpointId);
    return it == m_links.end() ? 0 : it->widths[direction];
}

QGraphicsItem* Weathermap::linkItem(const QString& endpointId, int direction) const {
    auto it = m_links.find(endpointId);
    if (it == m_links.end()) return nullptr;
    auto line = m_lines.find(it->line);
    if (line == m_lines.end()) return nullptr;
    return direction == 0 ? line->out : line->in;
}

bool Weathermap::hostMarked(const QString& hostId) const {
    return m_frames.contains(hostId);
}

int Weathermap::busBand(const QString& networkId, const QString& hostId) const {
    return m_busBands.value(networkId + QLatin1Char('/') + hostId, -1);
}

WeathermapLegend::WeathermapLegend(QWidget* parent) : QFrame(parent) {
    setFrameShape(QFrame::StyledPanel);
    setAutoFillBackground(true);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 4, 6, 4);
    layout->setSpacing(1);
    auto* title = new QLabel(tr("Live load per direction"), this);
    QFont f = title->font();
    f.setBold(true);
    title->setFont(f);
    layout->addWidget(title);
    for (int b = 0; b < kLoadBands; ++b) {
        auto* row = new QHBoxLayout();
        auto* chip = new QLabel(this);
        chip->setFixedSize(22, 6 + b);
        chip->setStyleSheet(QStringLiteral("background:%1;").arg(QLatin1String(loadBandColor(b))));
        row->addWidget(chip);
        row->addWidget(new QLabel(loadBandText(b, false), this), 1);
        layout->addLayout(row);
    }
    auto* note = new QLabel(tr("A network with a capacity set: share of it.\nDouble-click a link "
                               "for its chart."),
                            this);
    note->setForegroundRole(QPalette::PlaceholderText);
    layout->addWidget(note);
}

}  // namespace loom::ui
