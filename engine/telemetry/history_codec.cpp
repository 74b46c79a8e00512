#include "engine/telemetry/history_codec.h"

#include <cstring>

namespace loom::engine::telemetry::codec {

namespace {

constexpr uint8_t kVersion = 1;       // of the times encoding
constexpr uint8_t kBlockFloat32 = 1;  // values as float32
constexpr uint8_t kBlockFloat24 = 2;  // values as the top three bytes of a float32

// A float32 rounded to its top 24 bits (sign, exponent, 15 bits of mantissa: 4.5 significant
// digits, a relative error under 2^-16). Rates need no more; a busy interface's minute is a
// quarter smaller. NaN and infinity keep their bits.
uint32_t to24(float v) {
    uint32_t bits = 0;
    std::memcpy(&bits, &v, 4);
    if ((bits & 0x7f800000u) != 0x7f800000u && (bits & 0xff) >= 0x80) bits += 0x100;
    return bits >> 8;
}
float from24(uint32_t top) {
    uint32_t bits = top << 8;
    float v = 0;
    std::memcpy(&v, &bits, 4);
    return v;
}
constexpr uint8_t kAllPresent = 1;

void putVarint(std::string& out, uint64_t v) {
    while (v >= 0x80) {
        out.push_back(static_cast<char>((v & 0x7f) | 0x80));
        v >>= 7;
    }
    out.push_back(static_cast<char>(v));
}

// Reads from `in` at `*pos`; false past the end or for a varint over 10 bytes.
bool getVarint(std::string_view in, size_t* pos, uint64_t* v) {
    *v = 0;
    for (int shift = 0; shift < 70; shift += 7) {
        if (*pos >= in.size()) return false;
        auto byte = static_cast<uint8_t>(in[(*pos)++]);
        *v |= uint64_t{byte & 0x7fu} << shift;
        if (!(byte & 0x80)) return true;
    }
    return false;
}

uint64_t zigzag(int64_t v) {
    return (static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63);
}
int64_t unzigzag(uint64_t v) {
    return static_cast<int64_t>(v >> 1) ^ -static_cast<int64_t>(v & 1);
}

bool allZero(const std::vector<float>& column) {
    for (float v : column) {
        // NaN (an unanswered probe) is a value, not a zero.
        if (v != 0.0f || v != v) return false;
    }
    return true;
}

}  // namespace

size_t Columns::presentCount() const {
    size_t n = 0;
    for (bool p : present) n += p;
    return n;
}

std::string encode(const Columns& block) {
    std::string out;
    const size_t slots = block.present.size();
    const size_t n = block.presentCount();
    out.push_back(static_cast<char>(kBlockFloat24));
    putVarint(out, slots);
    bool all = n == slots;
    out.push_back(static_cast<char>(all ? kAllPresent : 0));
    if (!all) {
        for (size_t i = 0; i < slots; i += 8) {
            uint8_t byte = 0;
            for (size_t b = 0; b < 8 && i + b < slots; ++b) {
                if (block.present[i + b]) byte |= static_cast<uint8_t>(1u << b);
            }
            out.push_back(static_cast<char>(byte));
        }
    }
    const size_t columns = block.values.size();
    std::vector<bool> kept(columns);
    for (size_t c = 0; c < columns; ++c) kept[c] = !allZero(block.values[c]);
    for (size_t c = 0; c < columns; c += 8) {
        uint8_t byte = 0;
        for (size_t b = 0; b < 8 && c + b < columns; ++b) {
            if (kept[c + b]) byte |= static_cast<uint8_t>(1u << b);
        }
        out.push_back(static_cast<char>(byte));
    }
    for (size_t c = 0; c < columns; ++c) {
        if (!kept[c]) continue;
        const auto& column = block.values[c];
        for (size_t i = 0; i < n; ++i) {
            const uint32_t v = to24(i < column.size() ? column[i] : 0.0f);
            out.push_back(static_cast<char>(v & 0xff));
            out.push_back(static_cast<char>((v >> 8) & 0xff));
            out.push_back(static_cast<char>((v >> 16) & 0xff));
        }
    }
    return out;
}

std::optional<Columns> decode(std::string_view in, size_t columns) {
    size_t pos = 0;
    if (in.empty()) return std::nullopt;
    const uint8_t format = static_cast<uint8_t>(in[pos++]);
    if (format != kBlockFloat32 && format != kBlockFloat24) return std::nullopt;
    const size_t width = format == kBlockFloat32 ? 4 : 3;
    uint64_t slots = 0;
    if (!getVarint(in, &pos, &slots) || slots > 1u << 20 || pos >= in.size()) return std::nullopt;
    Columns out;
    out.present.assign(slots, true);
    bool all = static_cast<uint8_t>(in[pos++]) & kAllPresent;
    if (!all) {
        size_t bytes = (slots + 7) / 8;
        if (in.size() - pos < bytes) return std::nullopt;
        for (size_t i = 0; i < slots; ++i) {
            out.present[i] = static_cast<uint8_t>(in[pos + i / 8]) & (1u << (i % 8));
        }
        pos += bytes;
    }
    size_t maskBytes = (columns + 7) / 8;
    if (in.size() - pos < maskBytes) return std::nullopt;
    std::string_view mask = in.substr(pos, maskBytes);
    pos += maskBytes;
    const size_t n = out.presentCount();
    out.values.assign(columns, std::vector<float>(n, 0.0f));
    for (size_t c = 0; c < columns; ++c) {
        if (!(static_cast<uint8_t>(mask[c / 8]) & (1u << (c % 8)))) continue;
        if (in.size() - pos < width * n) return std::nullopt;
        for (size_t i = 0; i < n; ++i) {
            if (width == 4) {
                std::memcpy(&out.values[c][i], in.data() + pos, 4);  // little-endian hosts
            } else {
                const auto* b = reinterpret_cast<const uint8_t*>(in.data() + pos);
                out.values[c][i] = from24(b[0] | (uint32_t{b[1]} << 8) | (uint32_t{b[2]} << 16));
            }
            pos += width;
        }
    }
    if (pos != in.size()) return std::nullopt;
    return out;
}

std::string encodeTimes(const std::vector<int64_t>& unixMs) {
    std::string out;
    out.push_back(static_cast<char>(kVersion));
    putVarint(out, unixMs.size());
    int64_t last = 0;
    for (int64_t t : unixMs) {
        putVarint(out, zigzag(t - last));
        last = t;
    }
    return out;
}

std::optional<std::vector<int64_t>> decodeTimes(std::string_view in) {
    size_t pos = 0;
    if (in.empty() || static_cast<uint8_t>(in[pos++]) != kVersion) return std::nullopt;
    uint64_t n = 0;
    if (!getVarint(in, &pos, &n) || n > 1u << 20) return std::nullopt;
    std::vector<int64_t> out;
    out.reserve(n);
    int64_t last = 0;
    for (uint64_t i = 0; i < n; ++i) {
        uint64_t d = 0;
        if (!getVarint(in, &pos, &d)) return std::nullopt;
        last += unzigzag(d);
        out.push_back(last);
    }
    if (pos != in.size()) return std::nullopt;
    return out;
}

}  // namespace loom::engine::telemetry::codec
