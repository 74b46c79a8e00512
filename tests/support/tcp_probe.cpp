// A small TCP server and client for tests of virtual IPs (no netcat on a fresh machine):
//   loom_tcp_probe serve ADDR PORT NAME    answers every connection with "NAME\n", then echoes
//   loom_tcp_probe count ADDR PORT N       N connections one after another: "NAME COUNT" per
//                                          name that answered, then "failed K"
//   loom_tcp_probe hold ADDR PORT SECONDS  one connection: prints who answered, stays idle that
//                                          long, then must echo a line back (exit 0 if it did)
//   loom_tcp_probe watch ADDR PORT SECONDS connections one after another (10 ms apart) for that
//                                          long, a line each as it ends: "UNIX_MS NAME", or
//                                          "UNIX_MS failed WHY" (tests of health checks)
//   loom_tcp_probe rate ADDR PORT SECONDS  connections one after another for that long (connect,
//                                          read the name, close): "CONN/S P50_US P99_US FAILED",
//                                          the connect-to-answer time of each (bench/services.sh)
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <string>
#include <thread>
#include <vector>

namespace {

bool address(const char* ip, const char* port, sockaddr_in* out) {
    *out = {};
    out->sin_family = AF_INET;
    out->sin_port = htons(static_cast<uint16_t>(std::atoi(port)));
    return ::inet_pton(AF_INET, ip, &out->sin_addr) == 1;
}

// A line from `fd` (without its newline), waiting at most `seconds`.
bool readLine(int fd, std::string* line, int seconds) {
    timeval tv{seconds, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    line->clear();
    char c = 0;
    while (::recv(fd, &c, 1, 0) == 1) {
        if (c == '\n') return true;
        *line += c;
    }
    return false;
}

int connectTo(const sockaddr_in& to) {
    int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    timeval tv{3, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);  // bounds connect() too
    if (fd < 0 || ::connect(fd, reinterpret_cast<const sockaddr*>(&to), sizeof to) != 0) {
        if (fd >= 0) ::close(fd);
        return -1;
    }
    return fd;
}

int serve(const sockaddr_in& at, const std::string& name) {
    int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    int one = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (::bind(fd, reinterpret_cast<const sockaddr*>(&at), sizeof at) != 0 ||
        ::listen(fd, 1024) != 0) {
        std::perror("loom_tcp_probe serve");
        return 1;
    }
    while (true) {
        int c = ::accept4(fd, nullptr, nullptr, SOCK_CLOEXEC);
        if (c < 0) continue;
        std::thread([c, name] {
            std::string hello = name + "\n";
            (void)!::send(c, hello.data(), hello.size(), MSG_NOSIGNAL);
            char buf[512];
            ssize_t n;
            while ((n = ::recv(c, buf, sizeof buf, 0)) > 0) {
                (void)!::send(c, buf, static_cast<size_t>(n), MSG_NOSIGNAL);
            }
            ::close(c);
        }).detach();
    }
}

int count(const sockaddr_in& to, int n) {
    std::map<std::string, int> seen;
    int failed = 0;
    for (int i = 0; i < n; ++i) {
        int fd = connectTo(to);
        std::string line;
        if (fd >= 0 && readLine(fd, &line, 3)) {
            ++seen[line];
        } else {
            ++failed;
        }
        if (fd >= 0) ::close(fd);
    }
    for (const auto& [name, k] : seen) std::printf("%s %d\n", name.c_str(), k);
    std::printf("failed %d\n", failed);
    return 0;
}

int rate(const sockaddr_in& to, double seconds) {
    using Clock = std::chrono::steady_clock;
    std::vector<double> us;
    int failed = 0;
    const auto start = Clock::now();
    const auto end =
        start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
    while (Clock::now() < end) {
        const auto t0 = Clock::now();
        int fd = connectTo(to);
        std::string line;
        if (fd >= 0 && readLine(fd, &line, 3)) {
            us.push_back(std::chrono::duration<double, std::micro>(Clock::now() - t0).count());
        } else {
            ++failed;
        }
        if (fd >= 0) {
            // Closed with a reset: tens of thousands of connections in TIME_WAIT would run
            // the client out of ports and measure that instead.
            linger off{1, 0};
            ::setsockopt(fd, SOL_SOCKET, SO_LINGER, &off, sizeof off);
            ::close(fd);
        }
    }
    const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
    std::sort(us.begin(), us.end());
    auto pct = [&](double q) {
        return us.empty() ? 0.0 : us[std::min(us.size() - 1, static_cast<size_t>(q * us.size()))];
    };
    std::printf("%.0f %.0f %.0f %d\n", static_cast<double>(us.size()) / elapsed, pct(0.5),
                pct(0.99), failed);
    return 0;
}

int watch(const sockaddr_in& to, double seconds) {
    using Clock = std::chrono::steady_clock;
    const auto end = Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                        std::chrono::duration<double>(seconds));
    while (Clock::now() < end) {
        std::string line, why;
        int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        timeval tv{3, 0};
        ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
        if (::connect(fd, reinterpret_cast<const sockaddr*>(&to), sizeof to) != 0) {
            why = std::strerror(errno);
        } else if (!readLine(fd, &line, 3)) {
            why = "no answer";
        }
        linger off{1, 0};
        ::setsockopt(fd, SOL_SOCKET, SO_LINGER, &off, sizeof off);
        ::close(fd);
        const long long ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                                 std::chrono::system_clock::now().time_since_epoch())
                                 .count();
        if (why.empty()) {
            std::printf("%lld %s\n", ms, line.c_str());
        } else {
            std::printf("%lld failed %s\n", ms, why.c_str());
        }
        std::fflush(stdout);
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return 0;
}

int hold(const sockaddr_in& to, int seconds) {
    int fd = connectTo(to);
    std::string who, back;
    if (fd < 0 || !readLine(fd, &who, 3)) {
        std::printf("no answer\n");
        return 1;
    }
    std::printf("%s\n", who.c_str());
    std::fflush(stdout);
    ::sleep(static_cast<unsigned>(seconds));
    const char ping[] = "ping\n";
    bool ok = ::send(fd, ping, sizeof ping - 1, MSG_NOSIGNAL) == sizeof ping - 1 &&
              readLine(fd, &back, 3) && back == "ping";
    std::printf("%s\n", ok ? "still there" : "gone");
    ::close(fd);
    return ok ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
    sockaddr_in a{};
    if (argc != 5 || !address(argv[2], argv[3], &a)) {
        std::fprintf(
            stderr, "usage: loom_tcp_probe serve|count|hold|rate|watch ADDR PORT NAME|N|SECONDS\n");
        return 2;
    }
    const std::string mode = argv[1];
    if (mode == "serve") return serve(a, argv[4]);
    if (mode == "count") return count(a, std::atoi(argv[4]));
    if (mode == "hold") return hold(a, std::atoi(argv[4]));
    if (mode == "rate") return rate(a, std::atof(argv[4]));
    if (mode == "watch") return watch(a, std::atof(argv[4]));
    std::fprintf(stderr, "loom_tcp_probe: unknown mode %s\n", argv[1]);
    return 2;
}
