#pragma once

#include <QString>

// Units that scale with the values (bit/s to Gbit/s, µs to ms), axis ranges a person reads at
// a glance, and the fixed colour bands of the weathermap and the latency matrix.
namespace loom::ui {

enum class Quantity { Bits, Packets, Millis, Percent };

struct Unit {
    double factor = 1;  // multiply a base value (bit/s, packets/s, ms, 0..1) by this
    QString name;       // "Mbit/s", "kpkt/s", "µs", "%"
};

// The unit that shows `maxValue` (in base units) with at most three digits before the point.
Unit unitFor(Quantity q, double maxValue);
// A base value with its unit: "12.3 Mbit/s", "0.42 ms", "0.5 %".
QString formatValue(Quantity q, double value);
// The axis maximum above `value` (scaled): 1, 2, 2.5, 5 times a power of ten.
double niceCeiling(double value);

// The weathermap's bands: bits per second (fixed, so two screenshots compare), or a share of a
// capacity the user set for the network. Index 0 is idle.
constexpr int kLoadBands = 7;
int loadBand(double bitsPerSecond, double capacityBits = 0);
QString loadBandText(int band, bool relative);
// Colours of the bands, idle to saturated; the same in light and dark palettes.
const char* loadBandColor(int band);

// The latency matrix's bands of p50 RTT in ms.
constexpr int kRttBands = 6;
int rttBand(double ms);
QString rttBandText(int band);
const char* rttBandColor(int band);

}  // namespace loom::ui
