// A DNS load generator for bench/dns.sh: asks one server for the A records of names from a file
// (one per line), keeping WINDOW queries outstanding over UDP for SECONDS, and prints one line:
// answers per second and the latency percentiles of every answered query. The same client, the
// same names and the same window for every server it is pointed at, so servers compare side by
// side. Queries are built with ldns; each answer's id and rcode are checked.
//
//   loom_dns_bench SERVER PORT NAMES_FILE SECONDS WINDOW
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

// Last: ldns's headers clash with the C++ library's when they come first.
#include <ldns/ldns.h>

namespace {

using Clock = std::chrono::steady_clock;

std::string query(const std::string& name, uint16_t id) {
    ldns_pkt* p = nullptr;
    if (ldns_pkt_query_new_frm_str(&p, name.c_str(), LDNS_RR_TYPE_A, LDNS_RR_CLASS_IN, LDNS_RD) !=
        LDNS_STATUS_OK) {
        return {};
    }
    ldns_pkt_set_id(p, id);
    uint8_t* wire = nullptr;
    size_t size = 0;
    std::string out;
    if (ldns_pkt2wire(&wire, p, &size) == LDNS_STATUS_OK) {
        out.assign(reinterpret_cast<char*>(wire), size);
        std::free(wire);
    }
    ldns_pkt_free(p);
    return out;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 6) {
        std::fprintf(stderr, "usage: loom_dns_bench SERVER PORT NAMES_FILE SECONDS WINDOW\n");
        return 2;
    }
    sockaddr_in server{};
    server.sin_family = AF_INET;
    server.sin_port = htons(static_cast<uint16_t>(std::atoi(argv[2])));
    if (::inet_pton(AF_INET, argv[1], &server.sin_addr) != 1) {
        std::fprintf(stderr, "loom_dns_bench: %s is not an IPv4 address\n", argv[1]);
        return 2;
    }
    std::vector<std::string> names;
    std::ifstream in(argv[3]);
    for (std::string line; std::getline(in, line);) {
        if (!line.empty()) names.push_back(line);
    }
    const double seconds = std::atof(argv[4]);
    const size_t window = static_cast<size_t>(std::max(1, std::atoi(argv[5])));
    if (names.empty() || seconds <= 0 || window > 4096) {
        std::fprintf(stderr, "loom_dns_bench: no names, a bad duration, or a window over 4096\n");
        return 2;
    }
    // One prepared query per slot id; a slot is reused once its answer (or its timeout) came.
    int fd = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0 || ::connect(fd, reinterpret_cast<sockaddr*>(&server), sizeof server) != 0) {
        std::perror("loom_dns_bench: socket");
        return 1;
    }
    int big = 4 << 20;
    ::setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &big, sizeof big);
    struct Slot {
        Clock::time_point sent;
        bool busy = false;
        uint16_t generation = 0;
    };
    std::vector<Slot> slots(window);
    std::vector<double> latencies;  // microseconds
    latencies.reserve(1 << 20);
    size_t next = 0, sent = 0, lost = 0, bad = 0;
    auto send = [&](size_t slot) {
        // The id carries the slot and a generation, so a late answer to a timed-out query is
        // not taken for the slot's next one.
        Slot& s = slots[slot];
        ++s.generation;
        uint16_t id = static_cast<uint16_t>((slot << 4 | (s.generation & 0xf)) & 0xffff);
        std::string q = query(names[next++ % names.size()], id);
        s.sent = Clock::now();
        s.busy = true;
        ++sent;
        (void)!::send(fd, q.data(), q.size(), 0);
    };
    const auto start = Clock::now();
    const auto end =
        start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
    for (size_t i = 0; i < window; ++i) send(i);
    char buf[4096];
    while (Clock::now() < end) {
        pollfd p{fd, POLLIN, 0};
        ::poll(&p, 1, 10);
        while (true) {
            ssize_t n = ::recv(fd, buf, sizeof buf, MSG_DONTWAIT);
            if (n < 0) break;
            const auto now = Clock::now();
            if (n < 12) {
                ++bad;
                continue;
            }
            uint16_t id = static_cast<uint16_t>(static_cast<uint8_t>(buf[0]) << 8 |
                                                static_cast<uint8_t>(buf[1]));
            size_t slot = id >> 4;
            if (slot >= window || !slots[slot].busy ||
                (slots[slot].generation & 0xf) != (id & 0xf)) {
                continue;  // late: its slot moved on
            }
            const int rcode = buf[3] & 0xf;
            if (rcode != 0) ++bad;
            latencies.push_back(
                std::chrono::duration<double, std::micro>(now - slots[slot].sent).count());
            slots[slot].busy = false;
            if (now < end) send(slot);
        }
        // A query unanswered for a second is lost; its slot asks again.
        const auto now = Clock::now();
        for (size_t i = 0; i < window; ++i) {
            if (slots[i].busy && now - slots[i].sent > std::chrono::seconds(1)) {
                ++lost;
                slots[i].busy = false;
                if (now < end) send(i);
            }
        }
    }
    const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
    std::sort(latencies.begin(), latencies.end());
    auto pct = [&](double q) {
        if (latencies.empty()) return 0.0;
        return latencies[std::min(latencies.size() - 1,
                                  static_cast<size_t>(q * static_cast<double>(latencies.size())))];
    };
    std::printf("%10.0f %8.0f %8.0f %8.0f %8zu %8zu\n",
                static_cast<double>(latencies.size()) / elapsed, pct(0.5), pct(0.99), pct(0.999),
                lost, bad);
    ::close(fd);
    return latencies.empty() ? 1 : 0;
}
