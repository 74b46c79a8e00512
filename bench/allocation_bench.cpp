// Address allocation under contention: every host's engine gets `--per-host` creates, one
// after another, all hosts at once, on one network; prints the creates' latency and failures.
// bench/allocation.sh runs it on labs of 1, 5 and 20 hosts.
//
//   loom_allocation_bench --network NAME --per-host N SOCKET...
#include <grpcpp/grpcpp.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "loom/v1/loom.grpc.pb.h"

namespace {

double at(std::vector<double> v, double p) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, static_cast<size_t>(p * static_cast<double>(v.size())))];
}

}  // namespace

int main(int argc, char** argv) {
    std::string network;
    int perHost = 35;
    std::vector<std::string> sockets;
    for (int i = 1; i < argc; ++i) {
        if (!std::strcmp(argv[i], "--network") && i + 1 < argc) {
            network = argv[++i];
        } else if (!std::strcmp(argv[i], "--per-host") && i + 1 < argc) {
            perHost = std::atoi(argv[++i]);
        } else {
            sockets.push_back(argv[i]);
        }
    }
    if (network.empty() || sockets.empty() || perHost <= 0) {
        std::fprintf(stderr,
                     "usage: loom_allocation_bench --network NAME --per-host N SOCKET...\n");
        return 2;
    }
    std::mutex mutex;
    std::vector<double> latencies;
    std::set<std::string> addresses;
    std::map<std::string, int> errors;
    int failed = 0;
    std::vector<std::thread> hosts;
    auto start = std::chrono::steady_clock::now();
    for (size_t h = 0; h < sockets.size(); ++h) {
        hosts.emplace_back([&, h] {
            auto stub = loom::v1::EndpointService::NewStub(
                grpc::CreateChannel("unix:" + sockets[h], grpc::InsecureChannelCredentials()));
            for (int i = 0; i < perHost; ++i) {
                loom::v1::CreateEndpointRequest req;
                req.set_name("b" + std::to_string(h) + "x" + std::to_string(i));
                req.set_network(network);
                loom::v1::Endpoint out;
                grpc::ClientContext ctx;
                ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(60));
                auto t = std::chrono::steady_clock::now();
                auto s = stub->CreateEndpoint(&ctx, req, &out);
                double ms =
                    std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t)
                        .count();
                std::lock_guard lock(mutex);
                latencies.push_back(ms);
                if (s.ok()) {
                    addresses.insert(out.ip());
                } else {
                    ++failed;
                    std::string m = s.error_message();
                    // "address 10.60.3.66 was taken...": one line per kind of error
                    for (char& c : m) {
                        if (c >= '0' && c <= '9') c = '#';
                    }
                    errors[m]++;
                }
            }
        });
    }
    for (auto& t : hosts) t.join();
    double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    size_t total = sockets.size() * static_cast<size_t>(perHost);
    std::printf("| %zu | %zu | %d | %zu | %.1f | %.1f | %.1f | %.0f |\n", sockets.size(), total,
                failed, addresses.size(), at(latencies, 0.5), at(latencies, 0.99),
                at(latencies, 1.0), static_cast<double>(total) / seconds);
    for (const auto& [m, n] : errors) std::fprintf(stderr, "  %d x %s\n", n, m.c_str());
    return 0;
}
