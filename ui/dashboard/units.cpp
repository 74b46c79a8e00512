#include "ui/dashboard/units.h"

#include "ui/dashboard/tr.h"

#include <cmath>

namespace loom::ui {

namespace {

// Upper edges of the load bands in bit/s (band 0: under 1 kbit/s, idle).
constexpr double kLoadEdges[kLoadBands - 1] = {1e3, 1e6, 1e7, 1e8, 1e9, 1e10};
// Upper edges as a share of a capacity.
constexpr double kShareEdges[kLoadBands - 1] = {0.001, 0.1, 0.25, 0.5, 0.75, 0.9};
constexpr const char* kLoadColors[kLoadBands] = {"#9aa5b1", "#2b83ba", "#5ab4ac", "#a6d96a",
                                                 "#fee08b", "#fc8d59", "#d7191c"};
constexpr double kRttEdges[kRttBands - 1] = {0.5, 1, 2, 5, 20};
constexpr const char* kRttColors[kRttBands] = {"#1a9850", "#91cf60", "#d9ef8b",
                                               "#fee08b", "#fc8d59", "#d73027"};
}  // namespace

Unit unitFor(Quantity q, double maxValue) {
    const double v = std::abs(maxValue);
    switch (q) {
        case Quantity::Bits:
        case Quantity::Packets: {
            const bool bits = q == Quantity::Bits;
            static const char* prefixes[] = {"", "k", "M", "G", "T"};
            int i = 0;
            double factor = 1;
            while (i < 4 && v * factor >= 1000) {
                factor /= 1000;
                ++i;
            }
            QString name = QString::fromLatin1(prefixes[i]) +
                           (bits ? QStringLiteral("bit/s") : Tr::tr("pkt/s"));
            return {factor, name};
        }
        case Quantity::Millis:
            if (v > 0 && v < 1) return {1000, QStringLiteral("µs")};
            if (v >= 1000) return {0.001, QStringLiteral("s")};
            return {1, QStringLiteral("ms")};
        case Quantity::Percent:
            return {100, QStringLiteral("%")};
    }
    return {};
}

QString formatValue(Quantity q, double value) {
    if (std::isnan(value)) return QStringLiteral("–");
    Unit u = unitFor(q, value);
    double scaled = value * u.factor;
    int decimals = std::abs(scaled) >= 100 ? 0 : std::abs(scaled) >= 10 ? 1 : 2;
    if (q == Quantity::Percent) decimals = std::abs(scaled) >= 10 ? 0 : 1;
    return QStringLiteral("%1 %2").arg(QString::number(scaled, 'f', decimals), u.name);
}

double niceCeiling(double value) {
    if (!(value > 0)) return 1;
    double p = std::pow(10.0, std::floor(std::log10(value)));
    for (double m : {1.0, 2.0, 2.5, 5.0, 10.0}) {
        if (value <= m * p * 1.0000001) return m * p;
    }
    return 10 * p;
}

int loadBand(double bitsPerSecond, double capacityBits) {
    const bool relative = capacityBits > 0;
    const double v = relative ? bitsPerSecond / capacityBits : bitsPerSecond;
    const double* edges = relative ? kShareEdges : kLoadEdges;
    for (int i = 0; i < kLoadBands - 1; ++i) {
        if (v < edges[i]) return i;
    }
    return kLoadBands - 1;
}

QString loadBandText(int band, bool relative) {
    if (relative) {
        static const char* texts[kLoadBands] = {
            QT_TRANSLATE_NOOP("loom::ui::Dashboard", "idle"),
            QT_TRANSLATE_NOOP("loom::ui::Dashboard", "under 10%"),
            QT_TRANSLATE_NOOP("loom::ui::Dashboard", "10-25%"),
            QT_TRANSLATE_NOOP("loom::ui::Dashboard", "25-50%"),
            QT_TRANSLATE_NOOP("loom::ui::Dashboard", "50-75%"),
            QT_TRANSLATE_NOOP("loom::ui::Dashboard", "75-90%"),
            QT_TRANSLATE_NOOP("loom::ui::Dashboard", "over 90%")};
        return Tr::tr(texts[band]);
    }
    static const char* texts[kLoadBands] = {
        QT_TRANSLATE_NOOP("loom::ui::Dashboard", "idle (under 1 kbit/s)"),
        QT_TRANSLATE_NOOP("loom::ui::Dashboard", "under 1 Mbit/s"),
        QT_TRANSLATE_NOOP("loom::ui::Dashboard", "1-10 Mbit/s"),
        QT_TRANSLATE_NOOP("loom::ui::Dashboard", "10-100 Mbit/s"),
        QT_TRANSLATE_NOOP("loom::ui::Dashboard", "100 Mbit/s-1 Gbit/s"),
        QT_TRANSLATE_NOOP("loom::ui::Dashboard", "1-10 Gbit/s"),
        QT_TRANSLATE_NOOP("loom::ui::Dashboard", "over 10 Gbit/s")};
    return Tr::tr(texts[band]);
}

const char* loadBandColor(int band) {
    return kLoadColors[band < 0 ? 0 : band >= kLoadBands ? kLoadBands - 1 : band];
}

int rttBand(double ms) {
    for (int i = 0; i < kRttBands - 1; ++i) {
        if (ms < kRttEdges[i]) return i;
    }
    return kRttBands - 1;
}

QString rttBandText(int band) {
    static const char* texts[kRttBands] = {QT_TRANSLATE_NOOP("loom::ui::Dashboard", "under 0.5 ms"),
                                           QT_TRANSLATE_NOOP("loom::ui::Dashboard", "0.5-1 ms"),
                                           QT_TRANSLATE_NOOP("loom::ui::Dashboard", "1-2 ms"),
                                           QT_TRANSLATE_NOOP("loom::ui::Dashboard", "2-5 ms"),
                                           QT_TRANSLATE_NOOP("loom::ui::Dashboard", "5-20 ms"),
                                           QT_TRANSLATE_NOOP("loom::ui::Dashboard", "over 20 ms")};
    return Tr::tr(texts[band]);
}

const char* rttBandColor(int band) {
    return kRttColors[band < 0 ? 0 : band >= kRttBands ? kRttBands - 1 : band];
}

}  // namespace loom::ui
