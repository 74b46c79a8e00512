#include "engine/api/access_policy.h"

#include <algorithm>
#include <map>

namespace loom::engine::api {

namespace {

// The methods a viewer may call. Anything else needs an operator.
bool readsOnly(std::string_view method) {
    static const char* const kReads[] = {
        "/loom.v1.NetworkService/GetNetwork",     "/loom.v1.NetworkService/ListNetworks",
        "/loom.v1.NetworkService/WatchEvents",    "/loom.v1.EndpointService/GetEndpoint",
        "/loom.v1.EndpointService/ListEndpoints", "/loom.v1.HostService/GetHost",
        "/loom.v1.HostService/ListHosts",         "/loom.v1.ServiceService/GetService",
        "/loom.v1.ServiceService/ListServices",   "/loom.v1.TelemetryService/WatchStats",
        "/loom.v1.TelemetryService/QueryStats",   "/loom.v1.TelemetryService/WatchLatency",
        "/loom.v1.TelemetryService/QueryLatency", "/loom.v1.BundleService/ExportBundle",
        "/loom.v1.BundleService/PlanBundle",      "/loom.v1.AuditService/WhoAmI",
        "/loom.v1.AuditService/ListAudit",
    };
    if (method.rfind("/grpc.health.v1.", 0) == 0 || method.rfind("/grpc.reflection.", 0) == 0) {
        return true;
    }
    return std::any_of(std::begin(kReads), std::end(kReads),
                       [&](const char* m) { return method == m; });
}

// How a refusal names what an operator's method does.
std::string doingOf(std::string_view method) {
    static const std::map<std::string_view, const char*> kDoing = {
        {"/loom.v1.NetworkService/CreateNetwork", "create networks"},
        {"/loom.v1.NetworkService/DeleteNetwork", "delete networks"},
        {"/loom.v1.NetworkService/UpdateNetwork", "change networks"},
        {"/loom.v1.EndpointService/CreateEndpoint", "create endpoints"},
        {"/loom.v1.EndpointService/CreateEndpoints", "create endpoints"},
        {"/loom.v1.EndpointService/DeleteEndpoint", "delete endpoints"},
        {"/loom.v1.EndpointService/DeleteEndpoints", "delete endpoints"},
        {"/loom.v1.EndpointService/UpdateEndpoint", "change endpoints"},
        {"/loom.v1.HostService/Teardown", "tear down a host's networks"},
        {"/loom.v1.HostService/RemoveHost", "remove hosts"},
        {"/loom.v1.ServiceService/CreateService", "create services"},
        {"/loom.v1.ServiceService/DeleteService", "delete services"},
        {"/loom.v1.ServiceService/AddServiceMember", "change a service's members"},
        {"/loom.v1.ServiceService/RemoveServiceMember", "change a service's members"},
        {"/loom.v1.BundleService/ApplyBundle", "apply bundles"},
    };
    auto it = kDoing.find(method);
    if (it != kDoing.end()) return it->second;
    auto slash = method.rfind('/');
    return "call " +
           std::string(slash == std::string_view::npos ? method : method.substr(slash + 1));
}

}  // namespace

MethodRule ruleFor(std::string_view method) {
    if (readsOnly(method)) return {Role::Viewer, "", false};
    return {Role::Operator, doingOf(method), true};
}

std::string roleName(Role role) {
    switch (role) {
        case Role::Viewer:
            return "viewer";
        case Role::Operator:
            return "operator";
        case Role::None:
            break;
    }
    return "nobody";
}

Role lesser(Role a, Role b) {
    return static_cast<int>(a) < static_cast<int>(b) ? a : b;
}

Role roleFromUnits(const std::vector<std::string>& organizationalUnits) {
    for (const auto& ou : organizationalUnits) {
        if (ou == "loom-operator") return Role::Operator;
    }
    return Role::Viewer;
}

std::string refusal(Role role, const std::string& name, const MethodRule& rule) {
    return roleName(role) + " '" + name + "' may not " + rule.doing;
}

}  // namespace loom::engine::api
