// loom-cni: a CNI plugin that puts a container on a Loom network. A thin client: one request to
// the local engine per command; the engine does every kernel change (see README, "Containers").
#include <fcntl.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sched.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <grpcpp/grpcpp.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <iterator>

#include "app/cni/cni_plugin.h"
#include "loom/v1/loom.grpc.pb.h"

using namespace loom;
using namespace loom::cni;

namespace {

// A runtime waits for the plugin: the engine answers an endpoint in milliseconds, and one that
// does not answer in this long is stuck.
constexpr int kDeadlineSeconds = 30;

int fail(const Error& e, const std::string& version) {
    std::cout << errorJson(e, version).dump() << std::endl;
    return 1;
}

std::unique_ptr<grpc::ClientContext> context() {
    auto ctx = std::make_unique<grpc::ClientContext>();
    ctx->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(kDeadlineSeconds));
    return ctx;
}

std::unique_ptr<v1::EndpointService::Stub> stubFor(const Invocation& inv) {
    return v1::EndpointService::NewStub(
        grpc::CreateChannel("unix:" + inv.socket, grpc::InsecureChannelCredentials()));
}

// What the namespace at `netns` holds as `ifname`: read with ioctls on a socket made inside it
// (a socket keeps the namespace it was made in), so this thread's namespace is back at once.
Seen readInterface(const std::string& netns, const std::string& ifname, std::string* error) {
    Seen seen;
    int home = ::open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
    int target = ::open(netns.c_str(), O_RDONLY | O_CLOEXEC);
    if (home < 0 || target < 0) {
        *error = "cannot open " + (target < 0 ? netns : std::string("own namespace"));
        if (home >= 0) ::close(home);
        if (target >= 0) ::close(target);
        return seen;
    }
    int sock = -1;
    if (::setns(target, CLONE_NEWNET) == 0) {
        sock = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        if (::setns(home, CLONE_NEWNET) != 0) std::abort();  // never work on in the wrong one
    } else {
        *error = "cannot enter " + netns;
    }
    ::close(home);
    ::close(target);
    if (sock < 0) return seen;
    ifreq ifr{};
    std::snprintf(ifr.ifr_name, IFNAMSIZ, "%s", ifname.c_str());
    if (::ioctl(sock, SIOCGIFHWADDR, &ifr) == 0) {
        seen.exists = true;
        const auto* b = reinterpret_cast<const unsigned char*>(ifr.ifr_hwaddr.sa_data);
        char mac[18];
        std::snprintf(mac, sizeof mac, "%02x:%02x:%02x:%02x:%02x:%02x", b[0], b[1], b[2], b[3],
                      b[4], b[5]);
        seen.mac = mac;
        ifreq addr = ifr, mask = ifr;
        if (::ioctl(sock, SIOCGIFADDR, &addr) == 0 && ::ioctl(sock, SIOCGIFNETMASK, &mask) == 0) {
            char text[INET_ADDRSTRLEN];
            auto* a = reinterpret_cast<sockaddr_in*>(&addr.ifr_addr);
            auto* m = reinterpret_cast<sockaddr_in*>(&mask.ifr_netmask);
            ::inet_ntop(AF_INET, &a->sin_addr, text, sizeof text);
            seen.ip = std::string(text) + "/" +
                      std::to_string(__builtin_popcount(ntohl(m->sin_addr.s_addr)));
        }
    }
    ::close(sock);
    return seen;
}

int add(const Invocation& inv) {
    auto stub = stubFor(inv);
    v1::Endpoint e;
    auto s = stub->CreateEndpoint(context().get(), addRequest(inv), &e);
    if (!s.ok()) {
        return fail(fromEngine(s.error_code(), s.error_message(), inv.socket,
                               "put container " + inv.containerId.substr(0, 12) + " on network \"" +
                                   inv.network + "\""),
                    inv.cniVersion);
    }
    std::cout << result(e, inv.cniVersion).dump() << std::endl;
    return 0;
}

int del(const Invocation& inv) {
    auto stub = stubFor(inv);
    v1::DeleteEndpointRequest req;
    req.set_container_id(inv.containerId);
    req.set_interface_name(inv.ifname);
    req.set_no_kernel_wait(true);  // the runtime deletes the namespace next; the engine follows
    v1::DeleteEndpointResponse resp;
    auto s = stub->DeleteEndpoint(context().get(), req, &resp);
    // Gone already (a second DEL, a DEL after a failed ADD): what DEL asks for holds.
    if (s.ok() || s.error_code() == grpc::StatusCode::NOT_FOUND) return 0;
    return fail(fromEngine(s.error_code(), s.error_message(), inv.socket,
                           "remove container " + inv.containerId.substr(0, 12) + "'s endpoint"),
                inv.cniVersion);
}

int check(const Invocation& inv) {
    auto stub = stubFor(inv);
    v1::GetEndpointRequest req;
    req.set_container_id(inv.containerId);
    req.set_interface_name(inv.ifname);
    v1::Endpoint e;
    auto s = stub->GetEndpoint(context().get(), req, &e);
    if (!s.ok()) {
        Error err = fromEngine(s.error_code(), s.error_message(), inv.socket, "check");
        if (s.error_code() == grpc::StatusCode::NOT_FOUND) err.code = ErrorCode::UnknownContainer;
        return fail(err, inv.cniVersion);
    }
    if (e.network_name() != inv.network && e.network_id() != inv.network) {
        return fail({ErrorCode::CheckFailed,
                     "container " + inv.containerId.substr(0, 12) + "'s " + inv.ifname +
                         " is on network \"" + e.network_name() + "\", not \"" + inv.network + "\"",
                     ""},
                    inv.cniVersion);
    }
    std::string error;
    Seen seen = readInterface(inv.netns, inv.ifname, &error);
    if (!error.empty()) return fail({ErrorCode::IoFailure, error, ""}, inv.cniVersion);
    auto diffs = checkDifferences(e, seen, inv.prevResult);
    if (!diffs.empty()) {
        std::string details;
        for (size_t i = 1; i < diffs.size(); ++i) details += (i > 1 ? "; " : "") + diffs[i];
        return fail({ErrorCode::CheckFailed, diffs[0], details}, inv.cniVersion);
    }
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc > 1 && (std::string(argv[1]) == "--help" || std::string(argv[1]) == "--version")) {
        std::printf(
            "loom-cni: the CNI plugin of Loom (spec %s; results also in 0.3.x and 0.4.0 form).\n"
            "A container runtime runs it with CNI_COMMAND, CNI_CONTAINERID, CNI_NETNS, "
            "CNI_IFNAME\nand the network config on stdin; `loomctl cni config NETWORK` "
            "prints a config.\n",
            "1.0.0");
        return 0;
    }
    // Quiet gRPC: the runtime reads stdout as the result, and stderr goes to its log.
    setenv("GRPC_VERBOSITY", "NONE", 0);
    std::string input((std::istreambuf_iterator<char>(std::cin)), std::istreambuf_iterator<char>());
    Invocation inv;
    if (auto e = parseInvocation([](const char* name) { return std::getenv(name); }, input, &inv)) {
        return fail(*e, inv.cniVersion);
    }
    if (inv.command == "VERSION") {
        std::cout << versionJson(inv.cniVersion).dump() << std::endl;
        return 0;
    }
    if (inv.command == "ADD") return add(inv);
    if (inv.command == "DEL") return del(inv);
    return check(inv);
}
