#include "engine/daemon/config_file.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <map>
#include <sstream>

namespace loom::engine::daemon {

namespace {

std::string trim(const std::string& s) {
    size_t b = s.find_first_not_of(" \t\r");
    if (b == std::string::npos) return "";
    size_t e = s.find_last_not_of(" \t\r");
    return s.substr(b, e - b + 1);
}

bool keyChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
}

}  // namespace

common::Result<std::vector<ConfigSetting>> parseConfigText(const std::string& text,
                                                           const std::string& file) {
    std::vector<ConfigSetting> out;
    std::map<std::string, int> seen;  // key -> its line
    std::istringstream in(text);
    std::string raw;
    int number = 0;
    while (std::getline(in, raw)) {
        ++number;
        const std::string where = file + ":" + std::to_string(number) + ": ";
        std::string line = trim(raw);
        if (line.empty() || line[0] == '#') continue;
        auto eq = line.find('=');
        if (eq == std::string::npos) {
            return common::Status(common::Code::InvalidArgument,
                                  where + "\"" + line + "\" is not KEY = VALUE");
        }
        ConfigSetting s{trim(line.substr(0, eq)), trim(line.substr(eq + 1)), number};
        if (s.key.empty()) {
            return common::Status(common::Code::InvalidArgument, where + "a value without a key");
        }
        for (char c : s.key) {
            if (!keyChar(c)) {
                return common::Status(common::Code::InvalidArgument,
                                      where + "\"" + s.key +
                                          "\" is not a key (lowercase letters, digits and '-', "
                                          "as the flags without their dashes)");
            }
        }
        if (s.value.size() >= 2 && s.value.front() == '"' && s.value.back() == '"') {
            s.value = s.value.substr(1, s.value.size() - 2);
        } else if (!s.value.empty() && (s.value.front() == '"' || s.value.back() == '"')) {
            return common::Status(common::Code::InvalidArgument,
                                  where + s.key + ": the value's quotes do not match");
        }
        if (s.value.empty()) {
            return common::Status(common::Code::InvalidArgument,
                                  where + s.key +
                                      ": has no value (to take the default, leave the line out "
                                      "or make it a comment)");
        }
        auto [it, fresh] = seen.emplace(s.key, number);
        if (!fresh) {
            return common::Status(
                common::Code::InvalidArgument,
                where + s.key + ": given twice (first on line " + std::to_string(it->second) + ")");
        }
        out.push_back(std::move(s));
    }
    return out;
}

common::Result<std::vector<ConfigSetting>> readConfigFile(const std::string& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) {
        return common::Status(common::Code::InvalidArgument,
                              path + ": cannot read the config file: it is a directory");
    }
    std::ifstream in(path);
    if (!in) {
        return common::Status(common::Code::InvalidArgument,
                              path + ": cannot read the config file: " + std::strerror(errno));
    }
    std::stringstream ss;
    ss << in.rdbuf();
    if (in.bad()) {
        return common::Status(common::Code::InvalidArgument,
                              path + ": cannot read the config file: " + std::strerror(errno));
    }
    return parseConfigText(ss.str(), path);
}

}  // namespace loom::engine::daemon
