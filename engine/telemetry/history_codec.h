#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

// The bytes of telemetry history: a series' values over a run of slots (the samples of one
// rollup step, or the buckets of one rollup block), packed into one blob per series and block
// instead of one row per sample. Pure: no SQLite, no clock.
//
// A block: which slots have a value (a bitmap, or one flag when all do), then columns of
// values, one per present slot, each the top three bytes of a float32 (4.5 significant
// digits); a column whose values are all zero is left out (a bit in a mask says so). An idle
// interface's minute is a few bytes; a busy one's is its values and nothing else.
namespace loom::engine::telemetry::codec {

struct Columns {
    std::vector<bool> present;               // per slot
    std::vector<std::vector<float>> values;  // [column][i], i over the present slots in order

    size_t presentCount() const;
};

std::string encode(const Columns& block);
// nullopt for bytes that are not a block of `columns` columns.
std::optional<Columns> decode(std::string_view bytes, size_t columns);

// Sample times of one block of samples: ascending unix ms, as deltas.
std::string encodeTimes(const std::vector<int64_t>& unixMs);
std::optional<std::vector<int64_t>> decodeTimes(std::string_view bytes);

}  // namespace loom::engine::telemetry::codec
