#pragma once

#include <string>
#include <string_view>
#include <vector>

// Who may call what: two roles, and the rule of every method of the API.
namespace loom::engine::api {

enum class Role { None = 0, Viewer = 1, Operator = 2 };

struct MethodRule {
    Role needs = Role::Operator;
    // What the method does, as a refusal says it: "delete endpoints".
    std::string doing;
    // It changes something (then every call of it is audited, not only refusals).
    bool changes = true;
};

// The rule of a full method name ("/loom.v1.EndpointService/DeleteEndpoint"). Reads (get,
// list, watch, query, plan, export, health, reflection) are a viewer's; every other method,
// including one not listed yet, needs an operator, so a new method is never open by mistake.
MethodRule ruleFor(std::string_view method);

// "viewer", "operator" ("nobody" for None).
std::string roleName(Role role);
// The lesser of two roles: a forwarded call never gets more than its caller had.
Role lesser(Role a, Role b);
// The role a client certificate's organizational units give: "loom-operator" makes an
// operator; any other certificate of the cluster's CA is a viewer.
Role roleFromUnits(const std::vector<std::string>& organizationalUnits);
// "viewer 'alice' may not delete endpoints".
std::string refusal(Role role, const std::string& name, const MethodRule& rule);

}  // namespace loom::engine::api
