// Creates and deletes N endpoints on one network through loomd's API from one client, one
// request per endpoint and then in bulk, and prints "key value" lines for control_plane.sh.
#include <grpcpp/grpcpp.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>

#include "loom/v1/loom.grpc.pb.h"

using namespace loom;
using Clock = std::chrono::steady_clock;

namespace {

double msSince(Clock::time_point t) {
    return std::chrono::duration<double, std::milli>(Clock::now() - t).count();
}

std::unique_ptr<grpc::ClientContext> ctx() {
    auto c = std::make_unique<grpc::ClientContext>();
    c->set_deadline(std::chrono::system_clock::now() + std::chrono::minutes(10));
    return c;
}

bool check(const grpc::Status& s, const char* what) {
    if (!s.ok()) std::fprintf(stderr, "%s: %s\n", what, s.error_message().c_str());
    return s.ok();
}

}  // namespace

int main(int argc, char** argv) {
    std::string socket;
    int n = 100;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!std::strcmp(argv[i], "--socket")) socket = argv[i + 1];
        if (!std::strcmp(argv[i], "--count")) n = std::atoi(argv[i + 1]);
    }
    auto channel = grpc::CreateChannel("unix:" + socket, grpc::InsecureChannelCredentials());
    auto networks = v1::NetworkService::NewStub(channel);
    auto endpoints = v1::EndpointService::NewStub(channel);

    v1::CreateNetworkRequest net;
    net.set_name("bench");
    net.set_subnet("10.128.0.0/16");
    v1::Network network;
    if (!check(networks->CreateNetwork(ctx().get(), net, &network), "create network")) return 1;

    // One request per endpoint, each answered when the kernel has it.
    auto t = Clock::now();
    auto tenth = Clock::now();
    for (int i = 0; i < n; ++i) {
        if (n >= 10 && i == n / 10)
            std::printf("create_first_tenth %.4f\n", msSince(tenth) / (n / 10));
        if (n >= 10 && i == n - n / 10) tenth = Clock::now();
        v1::CreateEndpointRequest req;
        req.set_name("ep" + std::to_string(i));
        req.set_network("bench");
        v1::Endpoint e;
        if (!check(endpoints->CreateEndpoint(ctx().get(), req, &e), "create endpoint")) return 1;
    }
    if (n >= 10) std::printf("create_last_tenth %.4f\n", msSince(tenth) / (n / 10));
    std::printf("create_single %.4f\n", msSince(t) / n);
    t = Clock::now();
    for (int i = 0; i < n; ++i) {
        v1::DeleteEndpointRequest req;
        req.set_endpoint("ep" + std::to_string(i));
        v1::DeleteEndpointResponse r;
        if (!check(endpoints->DeleteEndpoint(ctx().get(), req, &r), "delete endpoint")) return 1;
    }
    std::printf("delete_single %.4f\n", msSince(t) / n);

    // The same in two requests.
    v1::CreateEndpointsRequest bulk;
    for (int i = 0; i < n; ++i) {
        auto* r = bulk.add_endpoints();
        r->set_name("bulk" + std::to_string(i));
        r->set_network("bench");
    }
    v1::CreateEndpointsResponse created;
    t = Clock::now();
    if (!check(endpoints->CreateEndpoints(ctx().get(), bulk, &created), "bulk create")) return 1;
    std::printf("create_bulk %.4f\n", msSince(t) / n);
    v1::DeleteEndpointsRequest del;
    for (const auto& e : created.endpoints()) del.add_endpoints(e.id());
    v1::DeleteEndpointsResponse deleted;
    t = Clock::now();
    if (!check(endpoints->DeleteEndpoints(ctx().get(), del, &deleted), "bulk delete")) return 1;
    std::printf("delete_bulk %.4f\n", msSince(t) / n);
    std::printf("sandbox %s\n", network.sandbox_netns().c_str());
    return 0;
}
