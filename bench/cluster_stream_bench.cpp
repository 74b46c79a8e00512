// Cluster-wide streams: how late another host's samples arrive when they are read through this
// host's engine (which relays them from the other engine over mutual TLS), next to reading
// them from that host's own engine, in the same run. bench/cluster_telemetry.sh runs it.
//
//   loom_cluster_stream_bench --socket-a SOCK --socket-b SOCK --host-b NAME --samples N
#include <grpcpp/grpcpp.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "loom/v1/loom.grpc.pb.h"

namespace {

int64_t nowMs() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

// Milliseconds from each sample of `host` (its counter read) to its receipt here.
std::vector<double> delays(const std::string& socket, const std::string& host, bool allHosts,
                           int samples) {
    auto stub = loom::v1::TelemetryService::NewStub(
        grpc::CreateChannel("unix:" + socket, grpc::InsecureChannelCredentials()));
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(samples + 30));
    loom::v1::WatchStatsRequest req;
    req.set_all_hosts(allHosts);
    auto reader = stub->WatchStats(&ctx, req);
    std::vector<double> out;
    loom::v1::StatsSample s;
    int skipped = 0;
    while (static_cast<int>(out.size()) < samples && reader->Read(&s)) {
        int64_t at = nowMs();
        if (s.host_name() != host) continue;
        if (skipped++ < 2) continue;  // the newest sample at subscription is not a fresh one
        out.push_back(static_cast<double>(at - s.unix_ms()));
    }
    ctx.TryCancel();
    (void)reader->Finish();
    return out;
}

double quantile(std::vector<double> v, double q) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    size_t i = static_cast<size_t>(q * static_cast<double>(v.size() - 1) + 0.5);
    return v[std::min(i, v.size() - 1)];
}

}  // namespace

int main(int argc, char** argv) {
    std::map<std::string, std::string> args;
    for (int i = 1; i + 1 < argc; i += 2) args[argv[i]] = argv[i + 1];
    for (const char* need : {"--socket-a", "--socket-b", "--host-b"}) {
        if (!args.count(need)) {
            std::fprintf(stderr, "loom_cluster_stream_bench: %s is required\n", need);
            return 2;
        }
    }
    int samples = args.count("--samples") ? std::stoi(args["--samples"]) : 20;
    // Both at once, so both see the same samples of host b.
    std::vector<double> relayed, direct;
    std::thread a([&] { relayed = delays(args["--socket-a"], args["--host-b"], true, samples); });
    std::thread b([&] { direct = delays(args["--socket-b"], args["--host-b"], false, samples); });
    a.join();
    b.join();
    std::printf("%-40s | %-8s | %-8s | %-8s | %s\n", "host b's samples read", "p50 ms", "p90 ms",
                "max ms", "samples");
    std::printf(
        "-----------------------------------------+----------+----------+----------+--------\n");
    for (const auto& [name, v] : {std::pair{"from host b's engine (unix socket)", direct},
                                  std::pair{"through host a's engine (mTLS relay)", relayed}}) {
        std::printf("%-40s | %-8.0f | %-8.0f | %-8.0f | %zu\n", name, quantile(v, 0.5),
                    quantile(v, 0.9), quantile(v, 1.0), v.size());
    }
    return relayed.size() == static_cast<size_t>(samples) ? 0 : 1;
}
