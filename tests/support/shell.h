#pragma once

#include <string>

namespace loom::test {

struct CommandResult {
    int exitCode = -1;
    std::string output;  // stdout and stderr
};

// Runs `command` with /bin/sh and captures its output.
CommandResult run(const std::string& command);

// Runs `command` inside the network namespace at `netnsPath` (nsenter, no new mount namespace).
CommandResult runIn(const std::string& netnsPath, const std::string& command);

// A short random string of lowercase letters and digits.
std::string randomSuffix(size_t length);

// Interface names in a namespace (one `ip -o link` line each), e.g. to count veths.
int countLinks(const std::string& netnsPath, const std::string& namePrefix);

}  // namespace loom::test
