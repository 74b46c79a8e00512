// What roles and the audit trail cost a call, side by side in one run: the same trivial
// service behind gRPC's own unix listener (how the engine listened before roles), and behind
// Loom's accept loop with the access interceptor, role checks and the audit trail (SQLite on
// a temporary file, synchronous=FULL, as the engine's). Then the trail alone: what record()
// costs the caller, how fast the writer drains a burst into SQLite, its bytes per record, and
// listing the newest 1000 of 100000 records.
#include <unistd.h>

#include <grpcpp/grpcpp.h>
#include <sys/stat.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <numeric>
#include <string>
#include <vector>

#include "engine/api/access.h"
#include "engine/api/audit_log.h"
#include "engine/api/local_listener.h"
#include "engine/common/log.h"
#include "engine/store/store.h"
#include "loom/v1/loom.grpc.pb.h"

using namespace loom;
using namespace loom::engine;
using Clock = std::chrono::steady_clock;

namespace {

// A network service that does nothing: only the path to it is measured.
class NullNetworks final : public v1::NetworkService::CallbackService {
public:
    explicit NullNetworks(const api::Access* access) : m_access(access) {}
    grpc::ServerUnaryReactor* GetNetwork(grpc::CallbackServerContext* ctx,
                                         const v1::GetNetworkRequest*, v1::Network* n) override {
        n->set_name("blue");
        auto* r = ctx->DefaultReactor();
        r->Finish(grpc::Status::OK);
        return r;
    }
    grpc::ServerUnaryReactor* UpdateNetwork(grpc::CallbackServerContext* ctx,
                                            const v1::UpdateNetworkRequest*,
                                            v1::Network* n) override {
        if (auto* refused = api::refuse(m_access, ctx)) return refused;
        n->set_name("blue");
        auto* r = ctx->DefaultReactor();
        r->Finish(grpc::Status::OK);
        return r;
    }

private:
    const api::Access* m_access;
};

struct Stats {
    double p50 = 0, p99 = 0, mean = 0;
};

Stats stats(std::vector<double> us) {
    std::sort(us.begin(), us.end());
    Stats s;
    s.p50 = us[us.size() / 2];
    s.p99 = us[std::min(us.size() - 1, us.size() * 99 / 100)];
    s.mean = std::accumulate(us.begin(), us.end(), 0.0) / us.size();
    return s;
}

double since(Clock::time_point t0) {
    return std::chrono::duration<double, std::micro>(Clock::now() - t0).count();
}

template <typename Call>
void timeCalls(v1::NetworkService::Stub& stub, int n, Call call, std::vector<double>* out) {
    for (int i = 0; i < n; ++i) {
        auto t0 = Clock::now();
        grpc::Status s = call(stub);
        out->push_back(since(t0));
        if (!s.ok()) {
            std::fprintf(stderr, "call failed: %s\n", s.error_message().c_str());
            std::exit(1);
        }
    }
}

grpc::Status getNetwork(v1::NetworkService::Stub& stub) {
    grpc::ClientContext ctx;
    v1::GetNetworkRequest req;
    req.set_network("blue");
    v1::Network n;
    return stub.GetNetwork(&ctx, req, &n);
}

grpc::Status updateNetwork(v1::NetworkService::Stub& stub) {
    grpc::ClientContext ctx;
    v1::UpdateNetworkRequest req;
    req.set_network("blue");
    req.set_set_labels(true);
    (*req.mutable_labels())["tier"] = "web";
    v1::Network n;
    return stub.UpdateNetwork(&ctx, req, &n);
}

void row(const char* what, const Stats& a, const Stats& b) {
    std::printf("| %-46s | %7.1f / %7.1f | %7.1f / %7.1f | %5.2fx |\n", what, a.p50, a.p99, b.p50,
                b.p99, b.p50 / a.p50);
}

int64_t nowMs() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

}  // namespace

int main(int argc, char** argv) {
    int calls = argc > 1 ? std::atoi(argv[1]) : 5000;
    common::setLogLevel(common::LogLevel::Warning);  // the trail's log lines are not measured
    std::string dir = argc > 2 ? argv[2] : "/tmp/loom-access-bench-" + std::to_string(::getpid());
    std::filesystem::create_directories(dir);

    auto store = store::Store::open(dir + "/loom.db");
    if (!store) return std::fprintf(stderr, "%s\n", store.status().message().c_str()), 1;
    api::AuditLog audit(**store, {});
    api::Access access(&audit);

    NullNetworks plainService(nullptr), loomService(&access);
    grpc::ServerBuilder plainBuilder;
    plainBuilder.AddListeningPort("unix:" + dir + "/plain.sock", grpc::InsecureServerCredentials());
    plainBuilder.RegisterService(&plainService);
    auto plain = plainBuilder.BuildAndStart();

    auto listener = api::LocalListener::open(dir + "/loom.sock");
    if (!listener) return std::fprintf(stderr, "%s\n", listener.status().message().c_str()), 1;
    grpc::ServerBuilder loomBuilder;
    std::vector<std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>> checks;
    checks.push_back(access.interceptors());
    loomBuilder.experimental().SetInterceptorCreators(std::move(checks));
    loomBuilder.RegisterService(&loomService);
    auto loom = loomBuilder.BuildAndStart();
    (*listener)->start(*loom, access);

    auto plainChannel =
        grpc::CreateChannel("unix:" + dir + "/plain.sock", grpc::InsecureChannelCredentials());
    auto loomChannel =
        grpc::CreateChannel("unix:" + dir + "/loom.sock", grpc::InsecureChannelCredentials());
    auto plainStub = v1::NetworkService::NewStub(plainChannel);
    auto loomStub = v1::NetworkService::NewStub(loomChannel);

    // Warm both, then alternate rounds so that neither side gets the quieter moments.
    std::vector<double> sink;
    timeCalls(*plainStub, 200, getNetwork, &sink);
    timeCalls(*loomStub, 200, getNetwork, &sink);
    std::vector<double> readPlain, readLoom, writePlain, writeLoom;
    for (int round = 0; round < 10; ++round) {
        timeCalls(*plainStub, calls / 10, getNetwork, &readPlain);
        timeCalls(*loomStub, calls / 10, getNetwork, &readLoom);
        timeCalls(*plainStub, calls / 10, updateNetwork, &writePlain);
        timeCalls(*loomStub, calls / 10, updateNetwork, &writeLoom);
    }
    // A new connection and its first call, as every loomctl run pays.
    std::vector<double> connPlain, connLoom;
    for (int i = 0; i < 200; ++i) {
        for (auto* side : {&connPlain, &connLoom}) {
            grpc::ChannelArguments args;
            args.SetInt("loom.bench.unique", i * 2 + (side == &connLoom));  // no shared subchannel
            auto t0 = Clock::now();
            auto channel = grpc::CreateCustomChannel(
                "unix:" + dir + (side == &connLoom ? "/loom.sock" : "/plain.sock"),
                grpc::InsecureChannelCredentials(), args);
            auto stub = v1::NetworkService::NewStub(channel);
            if (!getNetwork(*stub).ok()) return 1;
            side->push_back(since(t0));
        }
    }

    std::printf("Calls over a unix socket, %d of each kind per side, microseconds p50 / p99:\n\n",
                calls);
    std::printf("| %-46s | %-17s | %-17s | %-6s |\n", "call", "plain gRPC", "roles + audit",
                "ratio");
    std::printf("|%s|%s|%s|%s|\n", std::string(48, '-').c_str(), std::string(19, '-').c_str(),
                std::string(19, '-').c_str(), std::string(8, '-').c_str());
    row("GetNetwork (a read: caller named, no record)", stats(readPlain), stats(readLoom));
    row("UpdateNetwork (a change: checked, recorded)", stats(writePlain), stats(writeLoom));
    row("new connection + first call", stats(connPlain), stats(connLoom));

    // The trail alone: a burst of records, as the API's threads give them.
    (*listener)->stop();
    loom->Shutdown();
    plain->Shutdown();
    audit.stop();
    auto dbBytes = [&] {
        uintmax_t total = 0;
        for (const char* f : {"/loom.db", "/loom.db-wal"}) {
            std::error_code ec;
            auto n = std::filesystem::file_size(dir + f, ec);
            if (!ec) total += n;
        }
        return total;
    };
    const int kBurst = 100000;
    {
        api::AuditLog trail(**store, {});
        uintmax_t before = dbBytes();
        v1::AuditRecord r;
        r.mutable_caller()->set_role(v1::ROLE_OPERATOR);
        r.mutable_caller()->set_subject("uid 1000 (alice)");
        r.mutable_caller()->set_name("alice");
        r.mutable_caller()->set_uid(1000);
        r.mutable_caller()->set_source("local socket, pid 4242");
        r.set_method("loom.v1.EndpointService/CreateEndpoint");
        r.set_object("name=web-1 network=blue");
        auto t0 = Clock::now();
        for (int i = 0; i < kBurst; ++i) {
            r.set_unix_ms(nowMs());
            trail.record(r);
        }
        double recordUs = since(t0);
        trail.stop();  // drains the queue
        double drainUs = since(t0);
        (void)(*store)->transaction([] { return common::Status(); });  // a checkpoint point
        uintmax_t after = dbBytes();
        api::AuditLog reader(**store, {});
        std::vector<double> listUs;
        for (int i = 0; i < 20; ++i) {
            auto l0 = Clock::now();
            auto listed = reader.list(0, 1000);
            listUs.push_back(since(l0));
            if (!listed || listed->records_size() != 1000) return 1;
        }
        std::printf("\nThe audit trail alone, a burst of %d records:\n\n", kBurst);
        std::printf("| %-48s | %12s |\n", "measure", "value");
        std::printf("|%s|%s|\n", std::string(50, '-').c_str(), std::string(14, '-').c_str());
        std::printf("| %-48s | %9.2f us |\n", "record() on the caller's thread, per record",
                    recordUs / kBurst);
        std::printf("| %-48s | %9.0f /s |\n", "written to SQLite (batched), records per second",
                    kBurst / (drainUs / 1e6));
        std::printf("| %-48s | %9.0f B  |\n", "database growth per record",
                    static_cast<double>(after - before) / kBurst);
        std::printf("| %-48s | %9.2f ms |\n", "ListAudit newest 1000 of 100000 (p50)",
                    stats(listUs).p50 / 1000);
    }
    std::filesystem::remove_all(dir);
    return 0;
}
