#include "engine/services/nft.h"

#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <functional>
#include <memory>

#include "engine/netlink/netns.h"

// Last, as with every C library header that may clash.
#include <nftables/libnftables.h>

namespace loom::engine::services {

namespace {

struct CtxFree {
    void operator()(nft_ctx* c) const { nft_ctx_free(c); }
};
using Ctx = std::unique_ptr<nft_ctx, CtxFree>;

const char* name(Protocol p) {
    return p == Protocol::Tcp ? "tcp" : "udp";
}

// Runs `commands` (nft's own language) in one transaction in the calling thread's namespace;
// `out` gets what nft printed (a listing).
Status run(const std::string& commands, std::string* out) {
    Ctx ctx(nft_ctx_new(NFT_CTX_DEFAULT));
    if (!ctx) return common::internal("nftables: cannot make a context");
    nft_ctx_buffer_output(ctx.get());
    nft_ctx_buffer_error(ctx.get());
    if (nft_run_cmd_from_buffer(ctx.get(), commands.c_str()) != 0) {
        std::string error = nft_ctx_get_error_buffer(ctx.get());
        while (!error.empty() && error.back() == '\n') error.pop_back();
        return common::internal("nftables: " + error.substr(0, error.find('\n')));
    }
    if (out) *out = nft_ctx_get_output_buffer(ctx.get());
    return {};
}

Status inNamespace(const std::string& netnsPath, const std::function<Status()>& fn) {
    common::UniqueFd home(::open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC));
    if (!home.valid()) return common::fromErrno(errno, "open own network namespace");
    auto ns = netlink::openNetns(netnsPath);
    if (!ns) return ns.status();
    return netlink::inNetns(ns->get(), home.get(), fn);
}

}  // namespace

std::string ruleset(const std::string& table, const std::vector<ServiceRule>& services) {
    std::string nat, refuse;
    for (const auto& s : services) {
        const std::string vip = s.vip.toString();
        // No ports: every port, TCP and UDP.
        const std::vector<Port> every = {{0, Protocol::Tcp}};
        for (const auto& p : s.ports.empty() ? every : s.ports) {
            if (s.backends.empty()) continue;
            std::string to;
            if (s.backends.size() == 1) {
                to = s.backends[0].toString();
            } else {
                to = "numgen inc mod " + std::to_string(s.backends.size()) + " map { ";
                for (size_t i = 0; i < s.backends.size(); ++i) {
                    to += (i ? ", " : "") + std::to_string(i) + " : " + s.backends[i].toString();
                }
                to += " }";
            }
            const std::string match = p.port == 0 ? ""
                                                  : std::string(name(p.protocol)) + " dport " +
                                                        std::to_string(p.port) + " ";
            nat += "    ip daddr " + vip + " " + match + "dnat to " + to + "\n";
        }
        // What was not sent on: no backend, or a port the service does not serve.
        refuse += "    ip daddr " + vip + " meta l4proto tcp reject with tcp reset\n";
        refuse += "    ip daddr " + vip + " reject\n";
    }
    return "table ip " + table +
           " {\n"
           "  chain services {\n"
           "    type nat hook output priority -100; policy accept;\n" +
           nat +
           "  }\n"
           "  chain refused {\n"
           "    type filter hook output priority 0; policy accept;\n" +
           refuse + "  }\n}\n";
}

Status apply(const std::string& netnsPath, const std::string& table,
             const std::vector<ServiceRule>& services) {
    // Made (if absent) and deleted, then defined again: one transaction, whatever was there.
    std::string commands = "add table ip " + table + "\ndelete table ip " + table + "\n";
    if (!services.empty()) commands += ruleset(table, services);
    return inNamespace(netnsPath, [&] { return run(commands, nullptr); })
        .withContext("services in " + netnsPath);
}

Result<std::string> list(const std::string& netnsPath, const std::string& table) {
    std::string out;
    Status s = inNamespace(netnsPath, [&]() -> Status {
        std::string all;
        LOOM_RETURN_IF_ERROR(run("list tables ip", &all));
        if (all.find("table ip " + table + "\n") == std::string::npos) return {};
        return run("list table ip " + table, &out);
    });
    if (!s.isOk()) return s;
    return out;
}

}  // namespace loom::engine::services
