// loomctl service ...: virtual IPs on a network and the endpoints behind them.
#include <cstdio>

#include "app/ctl/ctl.h"
#include "app/ctl/output.h"
#include "loom/v1/loom.grpc.pb.h"

namespace loom::ctl {

namespace {

const char* protocolName(v1::Protocol p) {
    return p == v1::PROTOCOL_UDP ? "udp" : "tcp";
}

std::string portsOf(const v1::Service& s) {
    std::string out;
    for (const auto& p : s.ports()) {
        out +=
            (out.empty() ? "" : ",") + std::to_string(p.port()) + "/" + protocolName(p.protocol());
    }
    return out.empty() ? "every port" : out;
}

void printServices(const v1::ListServicesResponse& r) {
    std::printf("%-20s %-16s %-15s %-20s %-8s\n", "NAME", "NETWORK", "VIP", "PORTS", "BACKENDS");
    for (const auto& s : r.services()) {
        int healthy = 0;
        for (const auto& b : s.backends()) healthy += b.healthy();
        std::printf("%-20s %-16s %-15s %-20s %d/%d\n", s.name().c_str(), s.network_name().c_str(),
                    s.vip().c_str(), portsOf(s).c_str(), healthy, s.backends_size());
    }
}

void printService(const v1::Service& s) {
    std::printf(
        "name:       %s\nid:         %s\nnetwork:    %s\nvip:        %s\nports:      %s\n"
        "dns:        %s\nconntrack:  established connections idle up to %u s (the kernel's own)\n"
        "backends:   %d\n",
        s.name().c_str(), s.id().c_str(), s.network_name().c_str(), s.vip().c_str(),
        portsOf(s).c_str(), s.dns_name().c_str(), s.conntrack_established_timeout_s(),
        s.backends_size());
    for (const auto& b : s.backends()) {
        std::printf("  %-20s %-15s %-16s %s%s%s\n", b.endpoint_name().c_str(), b.ip().c_str(),
                    b.host_name().c_str(), b.healthy() ? "healthy" : "unhealthy",
                    b.health_message().empty() ? "" : ": ", b.health_message().c_str());
    }
}

// "80", "80/tcp", "53/udp".
std::optional<std::string> parsePort(const std::string& text, v1::ServicePort* out) {
    auto slash = text.find('/');
    std::string number = text.substr(0, slash),
                proto = slash == std::string::npos ? "tcp" : text.substr(slash + 1);
    if (proto != "tcp" && proto != "udp") {
        return "--port: \"" + text + "\": the protocol must be tcp or udp";
    }
    uint64_t port = 0;
    if (auto e = parseNumber("port", number, 1, 65535, &port)) return e;
    out->set_port(static_cast<uint32_t>(port));
    out->set_protocol(proto == "udp" ? v1::PROTOCOL_UDP : v1::PROTOCOL_TCP);
    return std::nullopt;
}

}  // namespace

int serviceCommand(Ctl& c, const Args& a) {
    auto stub = v1::ServiceService::NewStub(c.channel);
    const std::string verb = a.words.size() > 1 ? a.words[1] : "";
    if (verb == "create") {
        if (a.words.size() != 3) return usageError("service create needs a NAME");
        v1::CreateServiceRequest req;
        req.set_name(a.words[2]);
        req.set_network(a.get("network"));
        req.set_vip(a.get("vip"));
        for (const auto& p : a.all("port")) {
            if (auto e = parsePort(p, req.add_ports())) return usageError(*e);
        }
        if (auto e = parseLabels(a, req.mutable_labels())) return usageError(*e);
        v1::Service resp;
        auto s = stub->CreateService(c.context().get(), req, &resp);
        if (!s.ok()) return c.fail(s);
        c.json ? printJson(resp)
               : (void)std::printf("%s %s\n", resp.id().c_str(), resp.vip().c_str());
        return 0;
    }
    if (verb == "ls") {
        v1::ListServicesRequest req;
        req.set_network(a.get("network"));
        v1::ListServicesResponse resp;
        auto s = stub->ListServices(c.context().get(), req, &resp);
        if (!s.ok()) return c.fail(s);
        c.json ? printJson(resp) : printServices(resp);
        return 0;
    }
    if (verb == "inspect" || verb == "rm") {
        if (a.words.size() != 3) return usageError("service " + verb + " needs a NAME");
        if (verb == "rm") {
            v1::DeleteServiceRequest req;
            req.set_service(a.words[2]);
            v1::DeleteServiceResponse resp;
            auto s = stub->DeleteService(c.context().get(), req, &resp);
            return s.ok() ? 0 : c.fail(s);
        }
        v1::GetServiceRequest req;
        req.set_service(a.words[2]);
        v1::Service resp;
        auto s = stub->GetService(c.context().get(), req, &resp);
        if (!s.ok()) return c.fail(s);
        c.json ? printJson(resp) : printService(resp);
        return 0;
    }
    if (verb == "add" || verb == "remove") {
        if (a.words.size() != 4)
            return usageError("service " + verb + " needs a NAME and an ENDPOINT");
        v1::ServiceMemberRequest req;
        req.set_service(a.words[2]);
        req.set_endpoint(a.words[3]);
        req.set_host(a.get("host"));
        v1::Service resp;
        auto s = verb == "add" ? stub->AddServiceMember(c.context().get(), req, &resp)
                               : stub->RemoveServiceMember(c.context().get(), req, &resp);
        if (!s.ok()) return c.fail(s);
        c.json ? printJson(resp) : printService(resp);
        return 0;
    }
    return usageError("service needs create, ls, inspect, rm, add or remove");
}

}  // namespace loom::ctl
