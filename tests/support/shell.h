#pragma once

#include <chrono>
#include <functional>
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

// A command running in the background for as long as this object lives (iperf3, a ping loop):
// it runs in a process group of its own, which the destructor kills, whatever the test did.
class Background {
public:
    explicit Background(const std::string& command);
    ~Background();
    Background(const Background&) = delete;
    Background& operator=(const Background&) = delete;
    bool running() const;

private:
    int m_pid = -1;
};

// Asks `check` every 50 ms until it holds or `within` passes; a test waits for a condition,
// never for a fixed time.
bool eventually(const std::function<bool()>& check, std::chrono::milliseconds within);

// A short random string of lowercase letters and digits.
std::string randomSuffix(size_t length);

// `ip -o link show [DEVICE]` in a namespace, its standard output only: iproute2 may also say
// on stderr that a veth's peer namespace went away meanwhile (another test's, being deleted),
// which is nothing about this namespace's links.
std::string linkLines(const std::string& netnsPath, const std::string& device = "");

// Interface names in a namespace (one `ip -o link` line each), e.g. to count veths.
int countLinks(const std::string& netnsPath, const std::string& namePrefix);

}  // namespace loom::test
