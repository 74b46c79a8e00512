#pragma once

#include <string>
#include <vector>

#include "engine/common/status.h"

// loomd's config file (/etc/loom/loomd.conf): one "key = value" per line, the keys named after
// the flags without their dashes ("etcd-ca = /etc/loom/etcd-ca.pem"), '#' starting a comment
// line, blank lines ignored. A value runs to the end of its line, spaces around it trimmed; it
// may be quoted ("...") to keep them. Only the form is checked here; what a key means and
// which values it takes is the flags' business.
namespace loom::engine::daemon {

struct ConfigSetting {
    std::string key, value;
    int line = 0;
};

// Parses a config file's text; `file` names it in errors ("FILE:LINE: why").
common::Result<std::vector<ConfigSetting>> parseConfigText(const std::string& text,
                                                           const std::string& file);
// Reads and parses a file.
common::Result<std::vector<ConfigSetting>> readConfigFile(const std::string& path);

}  // namespace loom::engine::daemon
