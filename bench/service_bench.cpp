// loomd as a service manager sees it: how long from exec to READY=1 (the API answers), and from
// SIGTERM to exit, over ROUNDS restarts of an engine whose state is already there.
//
//   loom_service_bench ROUNDS SETTLE_MS NETNS -- LOOMD ARGS...
//
// Starts LOOMD ARGS inside the namespace NETNS (a path) with $NOTIFY_SOCKET pointing at a socket
// of its own, ROUNDS times; after READY=1 it lets the engine run SETTLE_MS (its first reconcile
// pass) before SIGTERM. Prints one line per round, "READY_MS STOP_MS", then the medians.
// bench/service.sh runs it.
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

double ms(Clock::duration d) {
    return std::chrono::duration<double, std::milli>(d).count();
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : v[v.size() / 2];
}

// Waits for a datagram holding `what`; false after `timeoutMs`.
bool waitFor(int fd, const char* what, int timeoutMs) {
    auto until = Clock::now() + std::chrono::milliseconds(timeoutMs);
    while (Clock::now() < until) {
        pollfd p{fd, POLLIN, 0};
        int left = static_cast<int>(
            std::chrono::duration_cast<std::chrono::milliseconds>(until - Clock::now()).count());
        if (::poll(&p, 1, std::max(left, 1)) != 1) continue;
        char buf[4096];
        ssize_t n = ::recv(fd, buf, sizeof buf - 1, 0);
        if (n <= 0) continue;
        buf[n] = 0;
        if (std::strstr(buf, what)) return true;
    }
    return false;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 6 || std::string(argv[4]) != "--") {
        std::fprintf(stderr, "usage: loom_service_bench ROUNDS SETTLE_MS NETNS -- LOOMD ARGS...\n");
        return 2;
    }
    int rounds = std::atoi(argv[1]);
    int settleMs = std::atoi(argv[2]);
    std::string netns = argv[3];
    std::string socketPath = "/tmp/loom-service-bench-" + std::to_string(::getpid()) + ".sock";
    int fd = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    sockaddr_un a{};
    a.sun_family = AF_UNIX;
    std::snprintf(a.sun_path, sizeof a.sun_path, "%s", socketPath.c_str());
    ::unlink(socketPath.c_str());
    if (::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
        std::perror("bind");
        return 1;
    }
    ::setenv("NOTIFY_SOCKET", socketPath.c_str(), 1);
    std::vector<double> ready, stop;
    int status = 0;
    for (int r = 0; r < rounds; ++r) {
        auto t0 = Clock::now();
        pid_t pid = ::fork();
        if (pid == 0) {
            int ns = ::open(netns.c_str(), O_RDONLY | O_CLOEXEC);
            if (ns < 0 || ::setns(ns, CLONE_NEWNET) != 0) _exit(120);
            ::execv(argv[5], argv + 5);
            _exit(121);
        }
        if (!waitFor(fd, "READY=1", 30000)) {
            std::fprintf(stderr, "round %d: no READY=1 within 30 s\n", r);
            ::kill(pid, SIGKILL);
            ::waitpid(pid, nullptr, 0);
            status = 1;
            break;
        }
        auto t1 = Clock::now();
        ::usleep(static_cast<useconds_t>(settleMs) * 1000);
        auto t2 = Clock::now();
        ::kill(pid, SIGTERM);
        ::waitpid(pid, nullptr, 0);
        auto t3 = Clock::now();
        ready.push_back(ms(t1 - t0));
        stop.push_back(ms(t3 - t2));
        std::printf("%.1f %.1f\n", ready.back(), stop.back());
        std::fflush(stdout);
    }
    ::unlink(socketPath.c_str());
    std::printf("median %.1f %.1f\n", median(ready), median(stop));
    return status;
}
