#include "ui/dashboard/weathermap.h"

#include <QGraphicsLineItem>
#include <QGraphicsRectItem>
#include <QGraphicsScene>
#include <QGraphicsSceneMouseEvent>
#include <QGraphicsSimpleTextItem>
#include <QHBoxLayout>
#include <QLabel>
#include <QPen>
#include <QVBoxLayout>

#include <functional>

#include "ui/dashboard/units.h"

namespace loom::ui {

namespace {

constexpr qreal kBaseWidth = 2;
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
    for (auto& l : m_links) {
        if (l.label) l.label->setVisible(on);
    }
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
        for (auto& l : m_links) {
            delete l.out;
            delete l.in;
            delete l.label;
        }
        qDeleteAll(m_buses);
        qDeleteAll(m_frames);
    }
    m_links.clear();
    m_buses.clear();
    m_busBands.clear();
    m_frames.clear();
}

void Weathermap::setGeometry(const CanvasGeometry& geometry) {
    m_geometry = geometry;
    if (m_enabled) rebuild();
}

// Items for what the canvas shows now: kept where they exist, made where they are new, removed
// where their object left the canvas.
void Weathermap::rebuild() {
    if (!m_scene) return;
    QSet<QString> links;
    for (const auto& l : m_geometry.links) {
        links.insert(l.endpointId);
        LinkItems& items = m_links[l.endpointId];
        if (!items.out) {
            auto spec = [l] {
                PanelSpec s;
                s.target = TargetKind::Endpoint;
                s.id = l.endpointId;
                s.name = l.endpointName;
                s.hostId = l.hostId;
                s.hostName = l.hostName;
                return s;
            }();
            for (QGraphicsItem** slot : {&items.out, &items.in}) {
                auto* line = new OverlayLine();
                line->setZValue(kZ);
                line->setAcceptHoverEvents(true);
                line->onDoubleClick = [this, spec] { emit chartRequested(spec); };
                m_scene->addItem(line);
                *slot = line;
            }
            auto* label = new QGraphicsSimpleTextItem();
            label->setZValue(kZ + 0.1);
            label->setVisible(m_labels);
            m_scene->addItem(label);
            items.label = label;
        }
        const QPointF mid = (l.line.p1() + l.line.p2()) / 2;
        static_cast<QGraphicsLineItem*>(items.out)->setLine(QLineF(l.line.p1(), mid));
        static_cast<QGraphicsLineItem*>(items.in)->setLine(QLineF(mid, l.line.p2()));
        items.label->setPos(mid + QPointF(6, -8));
    }
    for (auto it = m_links.begin(); it != m_links.end();) {
        if (links.contains(it.key())) {
            ++it;
            continue;
        }
        delete it->out;
        delete it->in;
        delete it->label;
        it = m_links.erase(it);
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
}

void Weathermap::update(qint64 nowMs) {
    if (!m_enabled || !m_scene) return;
    m_networkOfEndpoint.clear();
    for (const auto& e : m_store.inventory().endpoints)
        m_networkOfEndpoint.insert(e.id, e.networkName);
    const bool live = m_store.live();
    for (const auto& l : m_geometry.links) {
        auto it = m_links.find(l.endpointId);
        if (it == m_links.end()) continue;
        qint64 heard = 0;
        const RateValues r = m_store.latest(TargetKind::Endpoint, l.endpointId, l.hostId, &heard);
        const bool fresh = live && heard > 0 && nowMs - heard <= TelemetryStore::kSilentMs;
        const QString network = m_networkOfEndpoint.value(l.endpointId);
        const double cap = m_capacity.value(network);
        // Seen from the endpoint: tx is what it sends (its half), rx what it receives.
        const double bits[2] = {r[TxBytes] * 8, r[RxBytes] * 8};
        QGraphicsItem* halves[2] = {it->out, it->in};
        for (int d = 0; d < 2; ++d) {
            int band = fresh ? loadBand(bits[d], cap) : -1;
            qreal width = kBaseWidth + (band > 0 ? band : 0);
            if (band != it->bands[d] || width != it->widths[d]) {
                QColor c(QLatin1String(loadBandColor(band < 0 ? 0 : band)));
                QPen pen(c, width, band < 0 ? Qt::DotLine : Qt::SolidLine, Qt::FlatCap);
                static_cast<QGraphicsLineItem*>(halves[d])->setPen(pen);
                it->bands[d] = band;
                it->widths[d] = width;
            }
        }
        RateValues out{}, in{};
        out[RxBytes] = r[TxBytes];
        out[RxPackets] = r[TxPackets];
        in[RxBytes] = r[RxBytes];
        in[RxPackets] = r[RxPackets];
        QString tip =
            fresh ? tr("endpoint %1 on %2\nout (the half at the endpoint): %3\nin (the half at "
                       "the network): %4\ndouble-click for its chart")
                        .arg(l.endpointName, l.hostName, rates(out), rates(in))
                  : tr("endpoint %1 on %2: no live samples").arg(l.endpointName, l.hostName);
        if (cap > 0)
            tip += QLatin1Char('\n') +
                   tr("colours: share of %1").arg(formatValue(Quantity::Bits, cap));
        if (it->out->toolTip() != tip) {
            it->out->setToolTip(tip);
            it->in->setToolTip(tip);
        }
        auto* label = static_cast<QGraphicsSimpleTextItem*>(it->label);
        QString text = fresh ? QStringLiteral("↑%1 ↓%2").arg(formatValue(Quantity::Bits, bits[0]),
                                                             formatValue(Quantity::Bits, bits[1]))
                             : QString();
        if (label->text() != text) label->setText(text);
    }
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
    return direction == 0 ? it->out : it->in;
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
