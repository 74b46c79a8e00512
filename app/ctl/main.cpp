// loomctl: a plain gRPC client of loomd for people and scripts. Exit 0 on success, 1 when the
// engine says no (one line on stderr), 2 for a malformed command line.
#include <unistd.h>

#include <google/protobuf/util/json_util.h>
#include <grpcpp/grpcpp.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <functional>
#include <map>
#include <mutex>
#include <sstream>
#include <thread>

#include "app/ctl/args.h"
#include "app/ctl/bundle_command.h"
#include "app/ctl/ctl.h"
#include "app/ctl/exec.h"
#include "app/ctl/output.h"
#include "app/ctl/usage.h"
#include "loom/v1/loom.grpc.pb.h"

using namespace loom;
using namespace loom::ctl;

namespace {

// A small, fixed flow-control window: a `stats` reader that falls behind makes the engine
// coalesce at once, instead of gRPC buffering seconds of old samples for it.
grpc::ChannelArguments channelArgs() {
    grpc::ChannelArguments args;
    args.SetInt(GRPC_ARG_HTTP2_BDP_PROBE, 0);
    args.SetInt(GRPC_ARG_HTTP2_STREAM_LOOKAHEAD_BYTES, 64 * 1024);
    args.SetMaxReceiveMessageSize(80 << 20);  // a live bundle comes in one message
    return args;
}

int networkCommand(Ctl& c, const Args& a) {
    auto stub = v1::NetworkService::NewStub(c.channel);
    std::string verb = a.words.size() > 1 ? a.words[1] : "";
    if (verb == "create") {
        if (a.words.size() != 3) return usageError("network create needs a NAME");
        v1::CreateNetworkRequest req;
        req.set_name(a.words[2]);
        req.set_subnet(a.get("subnet"));
        uint64_t v = 0;
        if (a.has("vni")) {
            if (auto e = parseNumber("vni", a.get("vni"), 0, UINT32_MAX, &v)) return usageError(*e);
            req.set_vni(static_cast<uint32_t>(v));
        }
        if (a.has("mtu")) {
            if (auto e = parseNumber("mtu", a.get("mtu"), 0, UINT32_MAX, &v)) return usageError(*e);
            req.set_mtu(static_cast<uint32_t>(v));
        }
        if (a.has("port")) {
            if (auto e = parseNumber("port", a.get("port"), 0, UINT32_MAX, &v))
                return usageError(*e);
            req.set_port(static_cast<uint32_t>(v));
        }
        if (auto e = parseLabels(a, req.mutable_labels())) return usageError(*e);
        req.set_internal(a.has("internal"));
        req.set_encrypted(a.has("encrypted"));
        if (a.has("key-rotation")) {
            if (auto e = parseDuration("key-rotation", a.get("key-rotation"), &v))
                return usageError(*e);
            req.set_key_rotation_s(static_cast<uint32_t>(v));
        }
        v1::Network resp;
        auto s = stub->CreateNetwork(c.context().get(), req, &resp);
        if (!s.ok()) return c.fail(s);
        c.json ? printJson(resp) : (void)std::printf("%s\n", resp.id().c_str());
        return 0;
    }
    if (verb == "update") return networkUpdate(c, a);
    if (verb == "ls") {
        v1::ListNetworksResponse resp;
        auto s = stub->ListNetworks(c.context().get(), {}, &resp);
        if (!s.ok()) return c.fail(s);
        c.json ? printJson(resp) : printNetworks(resp);
        return 0;
    }
    if (verb == "inspect") {
        if (a.words.size() != 3) return usageError("network inspect needs a NAME");
        v1::GetNetworkRequest req;
        req.set_network(a.words[2]);
        v1::Network resp;
        auto s = stub->GetNetwork(c.context().get(), req, &resp);
        if (!s.ok()) return c.fail(s);
        c.json ? printJson(resp) : printNetwork(resp);
        return 0;
    }
    if (verb == "rm") {
        if (a.words.size() != 3) return usageError("network rm needs a NAME");
        v1::DeleteNetworkRequest req;
        req.set_network(a.words[2]);
        req.set_force(a.has("force"));
        v1::DeleteNetworkResponse resp;
        auto s = stub->DeleteNetwork(c.context().get(), req, &resp);
        if (!s.ok()) return c.fail(s);
        if (c.json) printJson(resp);
        return 0;
    }
    return usageError("unknown network command \"" + verb + "\"");
}

int endpointCommand(Ctl& c, const Args& a) {
    auto stub = v1::EndpointService::NewStub(c.channel);
    std::string verb = a.words.size() > 1 ? a.words[1] : "";
    if (verb == "create") {
        if (a.words.size() != 3) return usageError("endpoint create needs a NAME");
        v1::CreateEndpointRequest req;
        req.set_name(a.words[2]);
        req.set_network(a.get("network"));
        req.set_ip(a.get("ip"));
        req.set_netns_path(a.get("netns"));
        req.set_interface_name(a.get("ifname"));
        req.set_mac(a.get("mac"));
        req.set_host(a.get("host"));
        req.set_service(a.get("service"));
        if (a.has("pid")) {
            uint64_t pid = 0;
            if (auto e = parseNumber("pid", a.get("pid"), 1, INT32_MAX, &pid))
                return usageError(*e);
            req.set_pid(static_cast<int32_t>(pid));
        }
        if (auto e = parseLabels(a, req.mutable_labels())) return usageError(*e);
        v1::Endpoint resp;
        auto s = stub->CreateEndpoint(c.context().get(), req, &resp);
        if (!s.ok()) return c.fail(s);
        c.json ? printJson(resp)
               : (void)std::printf("%s %s\n", resp.id().c_str(), resp.ip().c_str());
        return 0;
    }
    if (verb == "update") return endpointUpdate(c, a);
    if (verb == "ls") {
        v1::ListEndpointsRequest req;
        req.set_network(a.get("network"));
        req.set_all_hosts(a.has("all"));
        v1::ListEndpointsResponse resp;
        auto s = stub->ListEndpoints(c.context().get(), req, &resp);
        if (!s.ok()) return c.fail(s);
        c.json ? printJson(resp) : printEndpoints(resp, a.has("all"));
        return 0;
    }
    if (verb == "inspect" || verb == "exec") {
        if (a.words.size() != 3) return usageError("endpoint " + verb + " needs a NAME");
        if (verb == "exec" && a.rest.empty()) return usageError("endpoint exec needs -- COMMAND");
        v1::GetEndpointRequest req;
        req.set_endpoint(a.words[2]);
        v1::Endpoint resp;
        auto s = stub->GetEndpoint(c.context().get(), req, &resp);
        if (!s.ok()) return c.fail(s);
        if (verb == "exec") return execIn(resp, a.rest);
        c.json ? printJson(resp) : printEndpoint(resp);
        return 0;
    }
    if (verb == "rm") {
        if (a.words.size() != 3) return usageError("endpoint rm needs a NAME");
        v1::DeleteEndpointRequest req;
        req.set_endpoint(a.words[2]);
        req.set_host(a.get("host"));
        v1::DeleteEndpointResponse resp;
        auto s = stub->DeleteEndpoint(c.context().get(), req, &resp);
        return s.ok() ? 0 : c.fail(s);
    }
    return usageError("unknown endpoint command \"" + verb + "\"");
}

int hostCommand(Ctl& c, const Args& a) {
    auto stub = v1::HostService::NewStub(c.channel);
    if (a.words.size() == 3 && a.words[1] == "rm") {
        v1::RemoveHostRequest req;
        req.set_host(a.words[2]);
        v1::RemoveHostResponse resp;
        auto s = stub->RemoveHost(c.context().get(), req, &resp);
        if (!s.ok()) return c.fail(s);
        c.json ? printJson(resp)
               : (void)std::printf("%u address(es) released\n", resp.addresses_released());
        return 0;
    }
    if (a.words.size() != 2 || (a.words[1] != "info" && a.words[1] != "ls")) {
        return usageError("try: host info, host ls, or host rm HOST");
    }
    if (a.words[1] == "ls") {
        v1::ListHostsResponse resp;
        auto s = stub->ListHosts(c.context().get(), {}, &resp);
        if (!s.ok()) return c.fail(s);
        c.json ? printJson(resp) : printHosts(resp);
        return 0;
    }
    v1::Host resp;
    auto s = stub->GetHost(c.context().get(), {}, &resp);
    if (!s.ok()) return c.fail(s);
    c.json ? printJson(resp) : printHost(resp);
    return 0;
}

std::string jsonOf(const google::protobuf::Message& m) {
    google::protobuf::util::JsonPrintOptions o;
    o.preserve_proto_field_names = true;
    o.always_print_primitive_fields = true;
    std::string line;
    (void)google::protobuf::util::MessageToJsonString(m, &line, o);
    return line;
}

// How many engines answer a cluster-wide stream: this one and every other live host that
// publishes an API address.
size_t answeringHosts(Ctl& c) {
    auto stub = v1::HostService::NewStub(c.channel);
    v1::Host self;
    v1::ListHostsResponse all;
    if (!stub->GetHost(c.context(5).get(), {}, &self).ok()) return 1;
    if (!self.clustered() || !stub->ListHosts(c.context(5).get(), {}, &all).ok()) return 1;
    size_t n = 1;
    for (const auto& h : all.hosts()) {
        if (h.id() != self.id() && h.alive() && !h.api_address().empty()) ++n;
    }
    return n;
}

// Follows a stream of per-host samples and shows the newest of every host once per refresh:
// a table (redrawn on a terminal), or with --json one document per refresh. With --once, one
// refresh as soon as every expected host has sent a sample with targets (or after 5 s).
template <typename Message, typename Print>
int followHosts(Ctl& c, const Args& a, grpc::ClientContext& ctx,
                std::unique_ptr<grpc::ClientReader<Message>> reader, size_t expected,
                std::chrono::milliseconds refresh, Print print) {
    std::mutex mutex;
    std::condition_variable cv;
    std::map<std::string, Message> latest;
    bool done = false;
    std::thread readerThread([&] {
        Message m;
        while (reader->Read(&m)) {
            std::lock_guard lock(mutex);
            if (m.targets_size() > 0 || !latest.count(m.host_id())) latest[m.host_id()] = m;
            cv.notify_all();
        }
        std::lock_guard lock(mutex);
        done = true;
        cv.notify_all();
    });
    bool once = a.has("once");
    bool live = !once && !c.json && ::isatty(STDOUT_FILENO);
    auto show = [&] {
        std::vector<Message> samples;
        {
            std::lock_guard lock(mutex);
            for (const auto& [id, m] : latest) samples.push_back(m);
        }
        std::sort(samples.begin(), samples.end(),
                  [](const Message& x, const Message& y) { return x.host_name() < y.host_name(); });
        if (!c.json) {
            print(samples, live);
            return;
        }
        int64_t now = std::chrono::duration_cast<std::chrono::milliseconds>(
                          std::chrono::system_clock::now().time_since_epoch())
                          .count();
        std::string doc = "{\"unix_ms\":" + std::to_string(now) + ",\"samples\":[";
        for (size_t i = 0; i < samples.size(); ++i) doc += (i ? "," : "") + jsonOf(samples[i]);
        std::printf("%s]}\n", doc.c_str());
        std::fflush(stdout);
    };
    auto ready = [&] {
        if (done) return true;
        if (latest.size() < expected) return false;
        for (const auto& [id, m] : latest) {
            if (m.targets_size() == 0) return false;
        }
        return true;
    };
    {
        std::unique_lock lock(mutex);
        cv.wait_for(lock, std::chrono::seconds(5), ready);
    }
    while (true) {
        show();
        std::unique_lock lock(mutex);
        if (once || done) break;
        cv.wait_for(lock, refresh, [&] { return done; });
    }
    ctx.TryCancel();
    readerThread.join();
    auto s = reader->Finish();
    if (s.error_code() == grpc::StatusCode::CANCELLED) return 0;
    return s.ok() ? 0 : c.fail(s);
}

std::optional<std::string> parseInterval(const Args& a, uint32_t* out) {
    if (!a.has("interval")) return std::nullopt;
    uint64_t v = 0;
    if (auto e = parseNumber("interval", a.get("interval"), 0, 3600000, &v)) return e;
    *out = static_cast<uint32_t>(v);
    return std::nullopt;
}

int latencyCommand(Ctl& c, const Args& a) {
    v1::WatchLatencyRequest req;
    for (const auto& n : a.all("network")) req.add_networks(n);
    uint32_t interval = 0;
    if (auto e = parseInterval(a, &interval)) return usageError(*e);
    req.set_interval_ms(interval);
    req.set_all_hosts(true);  // a matrix needs every host's row
    size_t expected = answeringHosts(c);
    auto stub = v1::TelemetryService::NewStub(c.channel);
    grpc::ClientContext ctx;
    auto reader = stub->WatchLatency(&ctx, req);
    return followHosts(c, a, ctx, std::move(reader), expected,
                       std::chrono::milliseconds(interval ? interval : 1000), printLatency);
}

int statsCommand(Ctl& c, const Args& a) {
    if (a.has("all")) {
        v1::WatchStatsRequest req;
        for (const auto& n : a.all("network")) req.add_networks(n);
        for (const auto& e : a.all("endpoint")) req.add_endpoints(e);
        uint32_t interval = 0;
        if (auto e = parseInterval(a, &interval)) return usageError(*e);
        req.set_interval_ms(interval);
        req.set_all_hosts(true);
        size_t expected = answeringHosts(c);
        auto stub = v1::TelemetryService::NewStub(c.channel);
        grpc::ClientContext ctx;
        auto reader = stub->WatchStats(&ctx, req);
        return followHosts(c, a, ctx, std::move(reader), expected,
                           std::chrono::milliseconds(interval ? interval : 1000), printStatsHosts);
    }
    auto stub = v1::TelemetryService::NewStub(c.channel);
    v1::WatchStatsRequest req;
    for (const auto& n : a.all("network")) req.add_networks(n);
    for (const auto& e : a.all("endpoint")) req.add_endpoints(e);
    if (a.has("interval")) {
        uint64_t v = 0;
        if (auto e = parseNumber("interval", a.get("interval"), 0, 3600000, &v)) {
            return usageError(*e);
        }
        req.set_interval_ms(static_cast<uint32_t>(v));
    }
    grpc::ClientContext ctx;
    auto reader = stub->WatchStats(&ctx, req);
    v1::StatsSample sample;
    bool live = !a.has("once") && !c.json && ::isatty(STDOUT_FILENO);
    while (reader->Read(&sample)) {
        // The first sample after a start may have no rates yet: they need two readings.
        if (a.has("once") && sample.targets_size() == 0) continue;
        if (c.json) {
            google::protobuf::util::JsonPrintOptions o;
            o.preserve_proto_field_names = true;
            o.always_print_primitive_fields = true;
            std::string line;
            (void)google::protobuf::util::MessageToJsonString(sample, &line, o);
            std::printf("%s\n", line.c_str());
            std::fflush(stdout);
        } else {
            printStats(sample, live);
        }
        if (a.has("once")) {
            ctx.TryCancel();
            break;
        }
    }
    auto s = reader->Finish();
    if (a.has("once") && s.error_code() == grpc::StatusCode::CANCELLED) return 0;
    return s.ok() ? 0 : c.fail(s);
}

// --since, --step and --points: a start time and a bucket size in milliseconds, and the most
// buckets wanted.
std::optional<std::string> parseRange(const Args& a, int64_t* fromMs, int64_t* stepMs,
                                      uint32_t* maxPoints) {
    uint64_t since = 3600, step = 0, points = 0;
    if (a.has("points")) {
        if (auto e = parseNumber("points", a.get("points"), 1, 100000, &points)) return e;
    }
    *maxPoints = static_cast<uint32_t>(points);
    if (a.has("since")) {
        if (auto e = parseNumber("since", a.get("since"), 1, 366ull * 24 * 3600, &since)) return e;
    }
    if (a.has("step")) {
        if (auto e = parseNumber("step", a.get("step"), 1, 24 * 3600, &step)) return e;
    }
    int64_t now = std::chrono::duration_cast<std::chrono::milliseconds>(
                      std::chrono::system_clock::now().time_since_epoch())
                      .count();
    *fromMs = now - static_cast<int64_t>(since) * 1000;
    *stepMs = static_cast<int64_t>(step) * 1000;
    return std::nullopt;
}

int latencyHistory(Ctl& c, const Args& a) {
    if (a.words.size() != 4) return usageError("history latency needs a NETWORK and a TO");
    v1::QueryLatencyRequest req;
    req.set_network(a.words[2]);
    req.set_to(a.words[3]);
    req.set_from_host(a.get("host"));
    int64_t from = 0, step = 0;
    uint32_t points = 0;
    if (auto e = parseRange(a, &from, &step, &points)) return usageError(*e);
    req.set_from_unix_ms(from);
    req.set_step_ms(step);
    req.set_max_points(points);
    auto stub = v1::TelemetryService::NewStub(c.channel);
    v1::QueryLatencyResponse resp;
    auto s = stub->QueryLatency(c.context().get(), req, &resp);
    if (!s.ok()) return c.fail(s);
    c.json ? printJson(resp) : printLatencyHistory(resp);
    return 0;
}

int historyCommand(Ctl& c, const Args& a) {
    if (a.words.size() >= 2 && a.words[1] == "latency") return latencyHistory(c, a);
    if (a.words.size() < 2 || a.words.size() > 3) {
        return usageError("history needs endpoint, network or host, and a NAME");
    }
    v1::QueryStatsRequest req;
    const std::string& kind = a.words[1];
    if (kind == "endpoint") {
        req.set_kind(v1::StatsTarget::KIND_ENDPOINT);
    } else if (kind == "network") {
        req.set_kind(v1::StatsTarget::KIND_NETWORK);
    } else if (kind == "host") {
        req.set_kind(v1::StatsTarget::KIND_HOST);
    } else {
        return usageError("history: \"" + kind + "\" is not endpoint, network or host");
    }
    if (a.words.size() == 3) req.set_target(a.words[2]);
    req.set_host(a.get("host"));
    if (a.has("all")) {
        if (kind == "endpoint") return usageError("history endpoint: --all is for network or host");
        if (a.has("host")) return usageError("history: give --host or --all, not both");
        req.set_all_hosts(true);
    }
    int64_t from = 0, step = 0;
    uint32_t points = 0;
    if (auto e = parseRange(a, &from, &step, &points)) return usageError(*e);
    req.set_from_unix_ms(from);
    req.set_step_ms(step);
    req.set_max_points(points);
    auto stub = v1::TelemetryService::NewStub(c.channel);
    v1::QueryStatsResponse resp;
    auto s = stub->QueryStats(c.context().get(), req, &resp);
    if (!s.ok()) return c.fail(s);
    c.json ? printJson(resp) : printHistory(resp);
    return 0;
}

int eventsCommand(Ctl& c, const Args& a) {
    auto stub = v1::NetworkService::NewStub(c.channel);
    grpc::ClientContext ctx;
    v1::WatchEventsRequest req;
    req.set_all_hosts(a.has("all"));
    auto reader = stub->WatchEvents(&ctx, req);
    v1::Event event;
    while (reader->Read(&event)) {
        if (c.json) {
            google::protobuf::util::JsonPrintOptions o;
            o.preserve_proto_field_names = true;
            std::string line;
            (void)google::protobuf::util::MessageToJsonString(event, &line, o);
            std::printf("%s\n", line.c_str());
            std::fflush(stdout);
        } else {
            printEvent(event);
        }
    }
    auto s = reader->Finish();
    return s.ok() ? 0 : c.fail(s);
}

int teardownCommand(Ctl& c, const Args& a) {
    if (!a.has("yes")) return usageError("teardown removes everything this engine made; add --yes");
    auto stub = v1::HostService::NewStub(c.channel);
    v1::TeardownRequest req;
    req.set_confirm(true);
    v1::TeardownResponse resp;
    auto s = stub->Teardown(c.context(600).get(), req, &resp);
    if (!s.ok()) return c.fail(s);
    c.json ? printJson(resp)
           : (void)std::printf("removed %u network(s) and %u endpoint(s)\n",
                               resp.networks_deleted(), resp.endpoints_deleted());
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    Ctl c;
    c.socket = "/run/loom/loomd.sock";
    if (const char* env = std::getenv("LOOM_SOCKET"); env && *env) c.socket = env;
    Args a;
    if (auto e = parseArgs(argc, argv, 1,
                           {"json", "force", "yes", "help", "all", "once", "live", "clear-labels",
                            "internal", "no-internal", "encrypted"},
                           &a))
        return usageError(*e);
    if (a.has("help") || a.words.empty()) {
        std::fputs(kUsage, a.words.empty() && !a.has("help") ? stderr : stdout);
        return a.has("help") ? 0 : 2;
    }
    if (a.has("socket")) c.socket = a.get("socket");
    c.json = a.has("json");
    for (const auto& [flag, value] : a.flags) {
        static const std::vector<std::string> known = {
            "json",      "force",        "yes",      "help",        "socket",  "subnet",
            "vni",       "mtu",          "port",     "label",       "network", "ip",
            "netns",     "pid",          "ifname",   "all",         "once",    "endpoint",
            "interval",  "since",        "step",     "server",      "ca",      "cert",
            "key",       "host",         "points",   "design",      "output",  "live",
            "hosts",     "clear-labels", "internal", "no-internal", "vip",     "service",
            "encrypted", "key-rotation", "dir",      "mac",         "limit"};
        if (std::find(known.begin(), known.end(), flag) == known.end()) {
            return usageError("unknown flag --" + flag);
        }
    }
    if (a.has("server")) {
        grpc::SslCredentialsOptions ssl;
        if (!a.has("ca"))
            return usageError("--server needs --ca (the CA of the engine's certificate)");
        if (a.has("cert") != a.has("key")) return usageError("give both --cert and --key");
        for (const char* flag : {"ca", "cert", "key"}) {
            if (!a.has(flag)) continue;  // no client certificate: the engine will refuse
            std::ifstream in(a.get(flag));
            if (!in) return usageError("--" + std::string(flag) + ": cannot read " + a.get(flag));
            std::stringstream ss;
            ss << in.rdbuf();
            (flag[0] == 'c' && flag[1] == 'a' ? ssl.pem_root_certs
             : flag[0] == 'c'                 ? ssl.pem_cert_chain
                                              : ssl.pem_private_key) = ss.str();
        }
        c.socket = a.get("server");
        c.channel = grpc::CreateCustomChannel(c.socket, grpc::SslCredentials(ssl), channelArgs());
    } else {
        c.channel = grpc::CreateCustomChannel("unix:" + c.socket,
                                              grpc::InsecureChannelCredentials(), channelArgs());
    }
    const std::string& cmd = a.words[0];
    if (cmd == "network") return networkCommand(c, a);
    if (cmd == "endpoint") return endpointCommand(c, a);
    if (cmd == "service") return serviceCommand(c, a);
    if (cmd == "host") return hostCommand(c, a);
    if (cmd == "events") return eventsCommand(c, a);
    if (cmd == "stats") return statsCommand(c, a);
    if (cmd == "history") return historyCommand(c, a);
    if (cmd == "latency") return latencyCommand(c, a);
    if (cmd == "teardown") return teardownCommand(c, a);
    if (cmd == "cni") return cniCommand(c, a);
    if (cmd == "audit") return auditCommand(c, a);
    if (cmd == "whoami") return whoamiCommand(c, a);
    if (cmd == "bundle") {
        return bundleCommand(a, c.json, c.channel,
                             [&c](const grpc::Status& s) { return c.fail(s); });
    }
    return usageError("unknown command \"" + cmd + "\"");
}
