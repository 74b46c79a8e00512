#include "app/ctl/args.h"

#include <algorithm>
#include <cstdint>

namespace loom::ctl {

std::string Args::get(const std::string& flag) const {
    auto it = flags.find(flag);
    return it == flags.end() ? std::string() : it->second;
}

std::vector<std::string> Args::all(const std::string& flag) const {
    std::vector<std::string> out;
    auto [a, b] = flags.equal_range(flag);
    for (auto it = a; it != b; ++it) out.push_back(it->second);
    return out;
}

std::optional<std::string> parseArgs(int argc, char** argv, int first,
                                     const std::vector<std::string>& booleans, Args* out) {
    for (int i = first; i < argc; ++i) {
        std::string a = argv[i];
        if (a == "-o") a = "--output";
        if (a == "--") {
            out->hasRest = true;
            for (++i; i < argc; ++i) out->rest.push_back(argv[i]);
            break;
        }
        if (a.rfind("--", 0) == 0 && a.size() > 2) {
            std::string name = a.substr(2), value;
            auto eq = name.find('=');
            if (eq != std::string::npos) {
                value = name.substr(eq + 1);
                name = name.substr(0, eq);
            } else if (std::find(booleans.begin(), booleans.end(), name) == booleans.end()) {
                if (i + 1 >= argc) return "--" + name + " needs a value";
                value = argv[++i];
            }
            out->flags.emplace(name, value);
            continue;
        }
        out->words.push_back(a);
    }
    return std::nullopt;
}

std::optional<std::string> parseNumber(const std::string& flag, const std::string& text,
                                       uint64_t min, uint64_t max, uint64_t* out) {
    if (text.empty() || text.size() > 19 ||
        !std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        return "--" + flag + ": \"" + text + "\" is not a number";
    }
    uint64_t v = std::stoull(text);
    if (v < min || v > max) {
        return "--" + flag + ": " + text + " is outside " + std::to_string(min) + ".." +
               std::to_string(max);
    }
    *out = v;
    return std::nullopt;
}

std::optional<std::string> parseDuration(const std::string& flag, const std::string& text,
                                         uint64_t* seconds) {
    std::string digits = text;
    uint64_t unit = 1;
    if (!text.empty()) {
        switch (text.back()) {
            case 's':
                unit = 1;
                break;
            case 'm':
                unit = 60;
                break;
            case 'h':
                unit = 3600;
                break;
            case 'd':
                unit = 86400;
                break;
            default:
                unit = 0;
                break;
        }
        if (unit) digits.pop_back();
        if (!unit) unit = 1;
    }
    uint64_t v = 0;
    if (digits.empty() || digits.size() > 9 ||
        !std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        return "--" + flag + ": \"" + text + "\" is not a duration (e.g. 90s, 30m, 12h, 2d)";
    }
    v = std::stoull(digits) * unit;
    if (v > UINT32_MAX) return "--" + flag + ": " + text + " is too long";
    *seconds = v;
    return std::nullopt;
}

}  // namespace loom::ctl
