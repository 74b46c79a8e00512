// Convergence across hosts: from the return of CreateEndpoint on host A until host B has the
// FDB entry (a netlink notification in B's sandbox) and until B's first ping gets an answer,
// next to etcd's own put-to-watch latency measured in the same run. bench/convergence.sh runs
// it inside a lab; it calls the API and the kernel directly, never a CLI, in its loop.
//
//   loom_convergence_bench --socket-a S --socket-b S --network NET --from-endpoint EP
//                          --etcd URL --etcd-netns PATH [--count N]
#include <arpa/inet.h>
#include <fcntl.h>
#include <grpcpp/grpcpp.h>
#include <linux/neighbour.h>
#include <linux/rtnetlink.h>
#include <netinet/ip.h>
#include <netinet/ip_icmp.h>
#include <poll.h>
#include <sched.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "engine/cluster/etcd_client.h"
#include "loom/v1/loom.grpc.pb.h"

using Clock = std::chrono::steady_clock;
using namespace loom;

namespace {

[[noreturn]] void die(const std::string& what) {
    std::fprintf(stderr, "loom_convergence_bench: %s\n", what.c_str());
    std::exit(1);
}

// A socket made inside the namespace at `path`; the thread returns to where it was.
int socketIn(const std::string& path, int domain, int type, int protocol) {
    int self = ::open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
    int target = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (self < 0 || target < 0 || ::setns(target, CLONE_NEWNET) != 0) die("enter " + path);
    int fd = ::socket(domain, type | SOCK_CLOEXEC, protocol);
    if (::setns(self, CLONE_NEWNET) != 0) die("return from " + path);
    ::close(self);
    ::close(target);
    if (fd < 0) die("socket in " + path + ": " + std::strerror(errno));
    return fd;
}

double ms(Clock::duration d) {
    return std::chrono::duration<double, std::milli>(d).count();
}

struct Stats {
    double p50, p99, max;
};
Stats stats(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    auto at = [&](double q) { return v[std::min(v.size() - 1, size_t(q * (v.size() - 1) + 0.5))]; };
    return {at(0.5), at(0.99), v.back()};
}

// MACs B's sandbox got FDB entries for (RTM_NEWNEIGH, AF_BRIDGE, with a remote destination).
void drainFdb(int fd, std::map<std::string, Clock::time_point>& seen) {
    char buf[16384];
    while (true) {
        ssize_t n = ::recv(fd, buf, sizeof buf, MSG_DONTWAIT);
        if (n <= 0) return;
        auto now = Clock::now();
        for (auto* h = reinterpret_cast<nlmsghdr*>(buf); NLMSG_OK(h, n); h = NLMSG_NEXT(h, n)) {
            if (h->nlmsg_type != RTM_NEWNEIGH) continue;
            auto* ndm = static_cast<ndmsg*>(NLMSG_DATA(h));
            if (ndm->ndm_family != AF_BRIDGE) continue;
            int len = static_cast<int>(RTM_PAYLOAD(h));
            std::string mac;
            bool dst = false;
            for (auto* a = reinterpret_cast<rtattr*>(reinterpret_cast<char*>(ndm) +
                                                     NLMSG_ALIGN(sizeof(ndmsg)));
                 RTA_OK(a, len); a = RTA_NEXT(a, len)) {
                if (a->rta_type == NDA_LLADDR && RTA_PAYLOAD(a) == 6) {
                    auto* b = static_cast<unsigned char*>(RTA_DATA(a));
                    char text[18];
                    std::snprintf(text, sizeof text, "%02x:%02x:%02x:%02x:%02x:%02x", b[0], b[1],
                                  b[2], b[3], b[4], b[5]);
                    mac = text;
                }
                if (a->rta_type == NDA_DST) dst = true;
            }
            if (dst && !mac.empty()) seen.emplace(mac, now);
        }
    }
}

uint16_t checksum(const void* data, size_t len) {
    auto* p = static_cast<const uint16_t*>(data);
    uint32_t sum = 0;
    for (; len > 1; len -= 2) sum += *p++;
    if (len) sum += *reinterpret_cast<const uint8_t*>(p);
    while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
    return static_cast<uint16_t>(~sum);
}

// Echo requests every millisecond until one is answered (or `limit` passes).
bool pingUntilAnswered(int fd, const std::string& to, uint16_t id, Clock::duration limit) {
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    inet_pton(AF_INET, to.c_str(), &addr.sin_addr);
    auto until = Clock::now() + limit;
    for (uint16_t seq = 1; Clock::now() < until; ++seq) {
        icmphdr req{};
        req.type = ICMP_ECHO;
        req.un.echo.id = htons(id);
        req.un.echo.sequence = htons(seq);
        req.checksum = checksum(&req, sizeof req);
        ::sendto(fd, &req, sizeof req, 0, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
        pollfd p{fd, POLLIN, 0};
        auto next = Clock::now() + std::chrono::milliseconds(1);
        while (Clock::now() < next) {
            if (::poll(&p, 1, 1) <= 0) continue;
            char buf[1500];
            ssize_t n = ::recv(fd, buf, sizeof buf, MSG_DONTWAIT);
            if (n < static_cast<ssize_t>(sizeof(iphdr) + sizeof(icmphdr))) continue;
            auto* ip = reinterpret_cast<iphdr*>(buf);
            auto* reply = reinterpret_cast<icmphdr*>(buf + ip->ihl * 4);
            if (ip->saddr == addr.sin_addr.s_addr && reply->type == ICMP_ECHOREPLY &&
                ntohs(reply->un.echo.id) == id) {
                return true;
            }
        }
    }
    return false;
}

}  // namespace

int main(int argc, char** argv) {
    std::map<std::string, std::string> args;
    for (int i = 1; i + 1 < argc; i += 2) args[argv[i]] = argv[i + 1];
    for (const char* need :
         {"--socket-a", "--socket-b", "--network", "--from-endpoint", "--etcd", "--etcd-netns"}) {
        if (!args.count(need)) die(std::string("missing ") + need);
    }
    int count = args.count("--count") ? std::stoi(args["--count"]) : 100;

    // Everything gRPC makes lives in the lab's etcd namespace; unix sockets work from anywhere.
    int labNs = ::open(args["--etcd-netns"].c_str(), O_RDONLY | O_CLOEXEC);
    if (labNs < 0 || ::setns(labNs, CLONE_NEWNET) != 0) die("enter " + args["--etcd-netns"]);
    auto channelA =
        grpc::CreateChannel("unix:" + args["--socket-a"], grpc::InsecureChannelCredentials());
    auto channelB =
        grpc::CreateChannel("unix:" + args["--socket-b"], grpc::InsecureChannelCredentials());
    auto endpointsA = v1::EndpointService::NewStub(channelA);
    auto endpointsB = v1::EndpointService::NewStub(channelB);
    auto networksB = v1::NetworkService::NewStub(channelB);

    v1::Network net;
    {
        grpc::ClientContext ctx;
        v1::GetNetworkRequest req;
        req.set_network(args["--network"]);
        if (!networksB->GetNetwork(&ctx, req, &net).ok()) die("no network on host B");
    }
    v1::Endpoint from;
    {
        grpc::ClientContext ctx;
        v1::GetEndpointRequest req;
        req.set_endpoint(args["--from-endpoint"]);
        if (!endpointsB->GetEndpoint(&ctx, req, &from).ok()) die("no endpoint on host B");
    }
    int fdb = socketIn(net.sandbox_netns(), AF_NETLINK, SOCK_RAW, NETLINK_ROUTE);
    sockaddr_nl nl{};
    nl.nl_family = AF_NETLINK;
    nl.nl_groups = RTMGRP_NEIGH;
    if (::bind(fdb, reinterpret_cast<sockaddr*>(&nl), sizeof nl) != 0) die("bind netlink");
    int icmp = socketIn(from.netns_path(), AF_INET, SOCK_RAW, IPPROTO_ICMP);

    std::vector<double> fdbMs, fdbFromStartMs, pingMs, createMs;
    // Notifications are read (and stamped) as they arrive, on a thread of their own, so an
    // entry that lands while A's call is still running gets its true time.
    std::map<std::string, Clock::time_point> seen;
    std::mutex seenMutex;
    std::atomic<bool> done{false};
    std::thread listener([&] {
        pollfd p{fdb, POLLIN, 0};
        std::map<std::string, Clock::time_point> batch;
        while (!done) {
            if (::poll(&p, 1, 10) <= 0) continue;
            batch.clear();
            drainFdb(fdb, batch);
            std::lock_guard lock(seenMutex);
            for (auto& [mac, t] : batch) seen.emplace(mac, t);
        }
    });
    auto seenAt = [&](const std::string& mac) -> std::optional<Clock::time_point> {
        std::lock_guard lock(seenMutex);
        auto it = seen.find(mac);
        if (it == seen.end()) return std::nullopt;
        return it->second;
    };
    std::vector<std::string> names;
    for (int i = 0; i < count; ++i) {
        v1::CreateEndpointRequest req;
        req.set_name("cv" + std::to_string(::getpid()) + "-" + std::to_string(i));
        req.set_network(args["--network"]);
        v1::Endpoint e;
        grpc::ClientContext ctx;
        auto start = Clock::now();
        auto s = endpointsA->CreateEndpoint(&ctx, req, &e);
        auto returned = Clock::now();
        if (!s.ok()) die("create: " + s.error_message());
        names.push_back(e.name());
        createMs.push_back(ms(returned - start));
        // The FDB entry: it may even land before A's call returns (etcd is written first).
        while (!seenAt(e.mac()) && Clock::now() - returned < std::chrono::seconds(5)) {
            std::this_thread::sleep_for(std::chrono::microseconds(50));
        }
        auto at = seenAt(e.mac());
        if (!at) die("no FDB entry for " + e.mac() + " on host B within 5 s");
        fdbMs.push_back(std::max(0.0, ms(*at - returned)));
        fdbFromStartMs.push_back(ms(*at - start));
        std::string ip = e.ip().substr(0, e.ip().find('/'));
        if (!pingUntilAnswered(icmp, ip, static_cast<uint16_t>(i + 1), std::chrono::seconds(5))) {
            die("no answer from " + ip + " within 5 s");
        }
        pingMs.push_back(ms(Clock::now() - returned));
    }

    done = true;
    listener.join();

    // etcd's own put-to-watch latency, in the same run, on the same etcd.
    loom::engine::cluster::EtcdOptions options;
    options.urls = {args["--etcd"]};
    auto etcd = loom::engine::cluster::EtcdClient::connect(options);
    if (!etcd) die(etcd.status().message());
    std::string prefix = "/bench/convergence/" + std::to_string(::getpid()) + "/";
    auto watch = (*etcd)->watch(prefix, loom::engine::cluster::prefixEnd(prefix), 0);
    if (!watch) die(watch.status().message());
    std::vector<double> etcdMs;
    for (int i = 0; i < count; ++i) {
        auto start = Clock::now();
        if (!(*etcd)->put(prefix + std::to_string(i), "x")) die("etcd put");
        while (true) {
            auto b = (*watch)->next();
            if (!b) die(b.status().message());
            if (!b->events.empty()) break;
        }
        etcdMs.push_back(ms(Clock::now() - start));
    }
    (void)(*etcd)->deleteRange(prefix, loom::engine::cluster::prefixEnd(prefix));

    // Clean up what the run made on host A.
    {
        v1::DeleteEndpointsRequest req;
        for (const auto& n : names) req.add_endpoints(n);
        v1::DeleteEndpointsResponse resp;
        grpc::ClientContext ctx;
        (void)endpointsA->DeleteEndpoints(&ctx, req, &resp);
    }

    auto row = [](const char* what, const std::vector<double>& v) {
        Stats s = stats(v);
        std::printf("| %-46s | %8.2f | %8.2f | %8.2f |\n", what, s.p50, s.p99, s.max);
    };
    std::printf("\nConvergence over %d endpoints (ms)\n\n", count);
    std::printf("| %-46s | %8s | %8s | %8s |\n", "measure", "p50", "p99", "max");
    std::printf("|%s|----------|----------|----------|\n", std::string(48, '-').c_str());
    row("CreateEndpoint on A (call to return)", createMs);
    row("return on A -> FDB entry on B (0: before it)", fdbMs);
    row("call on A -> FDB entry on B (upper bound)", fdbFromStartMs);
    row("return on A -> first ping from B answered", pingMs);
    row("etcd put -> watch event (same etcd, same run)", etcdMs);
    return 0;
}
