#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace loom::ctl {

// A command line after global flags: positional words, --flags with values, and the words
// after "--" (for exec). Flags listed in `booleans` take no value.
struct Args {
    std::vector<std::string> words;
    std::multimap<std::string, std::string> flags;
    std::vector<std::string> rest;
    bool hasRest = false;

    bool has(const std::string& flag) const { return flags.count(flag) > 0; }
    std::string get(const std::string& flag) const;
    std::vector<std::string> all(const std::string& flag) const;
};

// Returns an error message, or nothing.
std::optional<std::string> parseArgs(int argc, char** argv, int first,
                                     const std::vector<std::string>& booleans, Args* out);

// Parses an unsigned number in [min, max] or returns an error message naming the flag.
std::optional<std::string> parseNumber(const std::string& flag, const std::string& text,
                                       uint64_t min, uint64_t max, uint64_t* out);

// Parses a duration: a number of seconds, or a number with s, m, h or d ("12h", "90s"), into
// seconds; or returns an error message naming the flag.
std::optional<std::string> parseDuration(const std::string& flag, const std::string& text,
                                         uint64_t* seconds);

}  // namespace loom::ctl
