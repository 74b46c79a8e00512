#include "tests/support/shell.h"
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <random>
#include <sstream>
#include <thread>

namespace loom::test {

CommandResult run(const std::string& command) {
    CommandResult r;
    FILE* p = ::popen((command + " 2>&1").c_str(), "r");
    if (!p) return r;
    char buf[4096];
    size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) r.output.append(buf, n);
    int status = ::pclose(p);
    r.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return r;
}

CommandResult runIn(const std::string& netnsPath, const std::string& command) {
    return run("nsenter --net=" + netnsPath + " " + command);
}

std::string linkLines(const std::string& netnsPath, const std::string& device) {
    return run("(nsenter --net=" + netnsPath + " ip -o link show " + device + " 2>/dev/null)")
        .output;
}

Background::Background(const std::string& command) {
    m_pid = ::fork();
    if (m_pid == 0) {
        ::setpgid(0, 0);
        ::execl("/bin/sh", "sh", "-c", (command + " >/dev/null 2>&1").c_str(),
                static_cast<char*>(nullptr));
        ::_exit(127);
    }
    if (m_pid > 0) ::setpgid(m_pid, m_pid);
}

Background::~Background() {
    if (m_pid <= 0) return;
    ::kill(-m_pid, SIGKILL);
    ::waitpid(m_pid, nullptr, 0);
}

bool Background::running() const {
    return m_pid > 0 && ::waitpid(m_pid, nullptr, WNOHANG) == 0;
}

bool eventually(const std::function<bool()>& check, std::chrono::milliseconds within) {
    auto until = std::chrono::steady_clock::now() + within;
    do {
        if (check()) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    } while (std::chrono::steady_clock::now() < until);
    return check();
}

std::string randomSuffix(size_t length) {
    static const char kChars[] = "abcdefghijklmnopqrstuvwxyz0123456789";
    thread_local std::mt19937 rng{std::random_device{}()};
    std::string s;
    for (size_t i = 0; i < length; ++i) s += kChars[rng() % (sizeof kChars - 1)];
    return s;
}

int countLinks(const std::string& netnsPath, const std::string& namePrefix) {
    auto r = runIn(netnsPath, "ip -o link show");
    int count = 0;
    std::istringstream in(r.output);
    std::string line;
    while (std::getline(in, line)) {
        // "12: name@if3: <...>"
        auto colon = line.find(": ");
        if (colon == std::string::npos) continue;
        std::string name = line.substr(colon + 2, line.find_first_of(":@", colon + 2) - colon - 2);
        if (name.rfind(namePrefix, 0) == 0) ++count;
    }
    return count;
}

}  // namespace loom::test
