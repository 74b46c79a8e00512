#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "loom/v1/loom.pb.h"

// The CNI side of loom-cni (spec 1.0.0, and the 0.3/0.4 result form): what a runtime hands the
// plugin (environment, network config on stdin) turned into one engine request, and the
// engine's answer turned into the runtime's result or error object. No I/O here.
namespace loom::cni {

using Json = nlohmann::json;

constexpr const char* kPluginType = "loom-cni";
constexpr const char* kDefaultSocket = "/run/loom/loomd.sock";

// The spec's error codes (SPEC.md, "Error"), and ours from 100 up.
enum class ErrorCode {
    IncompatibleVersion = 1,
    UnsupportedField = 2,
    UnknownContainer = 3,
    InvalidEnvironment = 4,
    IoFailure = 5,
    DecodeFailure = 6,
    InvalidConfig = 7,
    TryAgainLater = 11,
    EngineRefused = 100,  // details: the engine's gRPC status
    UnknownNetwork = 101,
    AddressTaken = 102,  // the address, MAC or name asked for is another endpoint's
    CheckFailed = 103,   // CHECK: the namespace differs from what the engine made
};

struct Error {
    ErrorCode code;
    std::string msg;
    std::string details;
};

// What the runtime asked, from the CNI_* variables and the config on stdin.
struct Invocation {
    std::string command;                      // ADD, DEL, CHECK, VERSION
    std::string containerId;                  // CNI_CONTAINERID
    std::string netns;                        // CNI_NETNS (a path)
    std::string ifname;                       // CNI_IFNAME
    std::map<std::string, std::string> args;  // CNI_ARGS, "K=V;K=V"
    // From the config.
    std::string cniVersion;
    std::string name;     // the CNI network's name (what the runtime calls it)
    std::string network;  // Loom's network: "network", else the name
    std::string socket;   // the engine's socket: "socket", else $LOOM_SOCKET, else the default
    Json prevResult;      // CHECK and DEL: the result of the ADD, when the runtime kept it
};

// The versions whose results this plugin writes.
const std::vector<std::string>& supportedVersions();

// `env` looks a variable up (getenv in the plugin); `stdinText` is the network config.
// VERSION needs neither a container nor a config (the runtime sends a bare cniVersion).
std::optional<Error> parseInvocation(const std::function<const char*(const char*)>& env,
                                     const std::string& stdinText, Invocation* out);

// "IgnoreUnknown=1;K8S_POD_NAME=web;IP=10.1.0.5" into pairs; an error for an empty key or a
// pair without '='.
std::optional<Error> parseCniArgs(const std::string& text, std::map<std::string, std::string>* out);

// The endpoint's name: the pod's or container's name (K8S_POD_NAME) when the runtime gives one,
// else the container id's first 12 characters (as Docker shortens it); with a second interface
// (not eth0) its name follows ("web-eth1"), since names are unique on a host. Cut to fit Loom's
// 63 characters, and characters Loom's names do not allow replaced by '-'.
std::string endpointName(const Invocation& inv);

// The engine request for ADD.
v1::CreateEndpointRequest addRequest(const Invocation& inv);

// The runtime's result for an endpoint the engine made (or already had): its interface in the
// container's namespace, its address, the route to its network (on-link: Loom adds no default
// route) and its resolver.
Json result(const v1::Endpoint& e, const std::string& cniVersion);

// The spec's error object.
Json errorJson(const Error& e, const std::string& cniVersion);
// VERSION's answer.
Json versionJson(const std::string& cniVersion);

// An engine's refusal (gRPC code and message) as the runtime's error; `what` says what was
// asked ("create the endpoint").
Error fromEngine(int grpcCode, const std::string& message, const std::string& socket,
                 const std::string& what);

// What CHECK finds in the namespace.
struct Seen {
    bool exists = false;
    std::string mac;  // "02:aa:..."
    std::string ip;   // "10.1.0.5/24"
};
// The differences between the namespace, the engine's endpoint and the ADD's result (when
// given), one sentence each; empty when they agree.
std::vector<std::string> checkDifferences(const v1::Endpoint& e, const Seen& seen,
                                          const Json& prevResult);

}  // namespace loom::cni
