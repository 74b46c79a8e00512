#include <cstdio>

#include "app/ctl/ctl.h"
#include "app/ctl/output.h"
#include "loom/v1/loom.grpc.pb.h"

namespace loom::ctl {

int usageError(const std::string& message) {
    std::fprintf(stderr, "loomctl: %s (see loomctl --help)\n", message.c_str());
    return 2;
}

int Ctl::fail(const grpc::Status& s) const {
    if (s.error_code() == grpc::StatusCode::UNAVAILABLE &&
        s.error_message().find("connect") != std::string::npos) {
        std::fprintf(stderr, "loomctl: cannot reach the engine at %s: %s\n", socket.c_str(),
                     s.error_message().c_str());
    } else {
        std::fprintf(stderr, "loomctl: %s\n", s.error_message().c_str());
    }
    return 1;
}

std::optional<std::string> parseLabels(const Args& a,
                                       google::protobuf::Map<std::string, std::string>* out) {
    for (const auto& kv : a.all("label")) {
        auto eq = kv.find('=');
        if (eq == std::string::npos || eq == 0) return "--label: \"" + kv + "\" is not KEY=VALUE";
        (*out)[kv.substr(0, eq)] = kv.substr(eq + 1);
    }
    return std::nullopt;
}

namespace {

// --label (the labels from now on) or --clear-labels (none); not both.
std::optional<std::string> labelChange(const Args& a, bool* set,
                                       google::protobuf::Map<std::string, std::string>* out) {
    if (a.has("label") && a.has("clear-labels")) return "give --label or --clear-labels, not both";
    *set = a.has("label") || a.has("clear-labels");
    return parseLabels(a, out);
}

}  // namespace

int networkUpdate(Ctl& c, const Args& a) {
    if (a.words.size() != 3) return usageError("network update needs a NAME");
    v1::UpdateNetworkRequest req;
    req.set_network(a.words[2]);
    if (a.has("mtu")) {
        uint64_t v = 0;
        if (auto e = parseNumber("mtu", a.get("mtu"), 0, UINT32_MAX, &v)) return usageError(*e);
        req.set_mtu(static_cast<uint32_t>(v));
    }
    bool set = false;
    if (auto e = labelChange(a, &set, req.mutable_labels())) return usageError(*e);
    req.set_set_labels(set);
    if (a.has("internal") && a.has("no-internal")) {
        return usageError("give --internal or --no-internal, not both");
    }
    if (a.has("internal") || a.has("no-internal")) req.set_internal(a.has("internal"));
    if (!req.has_mtu() && !set && !req.has_internal()) {
        return usageError(
            "network update needs --mtu, --label, --clear-labels, --internal or --no-internal");
    }
    v1::Network resp;
    auto s = v1::NetworkService::NewStub(c.channel)->UpdateNetwork(c.context().get(), req, &resp);
    if (!s.ok()) return c.fail(s);
    c.json ? printJson(resp) : printNetwork(resp);
    return 0;
}

int endpointUpdate(Ctl& c, const Args& a) {
    if (a.words.size() != 3) return usageError("endpoint update needs a NAME");
    v1::UpdateEndpointRequest req;
    req.set_endpoint(a.words[2]);
    req.set_host(a.get("host"));
    bool set = false;
    if (auto e = labelChange(a, &set, req.mutable_labels())) return usageError(*e);
    if (!set) return usageError("endpoint update needs --label or --clear-labels");
    req.set_set_labels(true);
    v1::Endpoint resp;
    auto s = v1::EndpointService::NewStub(c.channel)->UpdateEndpoint(c.context().get(), req, &resp);
    if (!s.ok()) return c.fail(s);
    c.json ? printJson(resp) : printEndpoint(resp);
    return 0;
}

}  // namespace loom::ctl
