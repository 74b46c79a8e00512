#pragma once

#include <grpcpp/grpcpp.h>

#include <cstdint>
#include <map>
#include <string>

#include "engine/api/access_policy.h"
#include "loom/v1/loom.pb.h"

// Who is calling: from the kernel (the local socket's peer credentials), from a client
// certificate (mutual TLS), or the engine itself (its in-process channel). A call one engine
// makes for a client carries that client in its metadata (stamp / claimed).
namespace loom::engine::api {

struct Caller {
    Role role = Role::None;
    std::string subject;  // "uid 1000 (alice)", "CN=alice,OU=loom-viewer", "engine"
    std::string name;     // "alice": the user name, the certificate's CN
    int64_t uid = -1;     // local socket callers only
    std::string source;   // "local socket, pid 4242", "ipv4:198.51.100.1:40310", "in-process"
    std::string via;      // the engine that passed the call on, if any
    bool engine = false;  // this engine's own in-process channel
    bool local = false;   // came on the local socket
};

// The groups that give a local user a role.
inline constexpr const char* kOperatorGroup = "loom";
inline constexpr const char* kViewerGroup = "loom-view";

// The caller at the other end of an accepted unix socket: root and group "loom" are
// operators, group "loom-view" viewers, anyone else None (with `subject` saying who).
Caller localCaller(int fd);
// A client certificate (PEM) that the TLS handshake verified: its subject, CN and role.
Caller certificateCaller(const std::string& pem, const std::string& source);
Caller engineCaller();

// Adds `caller` to a call this engine makes on its behalf (to a peer, or to itself).
void stamp(grpc::ClientContext& context, const Caller& caller);
// The caller a call from an engine (`transport`: a peer's certificate or this engine's own
// channel) was made for, as its metadata says; its role is never more than the transport's.
// Calls without that metadata are the transport's own, except forwarded ones, which are then
// a viewer's (an engine that does not say for whom it asks gets no more).
Caller claimed(const Caller& transport,
               const std::multimap<grpc::string_ref, grpc::string_ref>& metadata);

void toProto(const Caller& caller, v1::Caller* out);
v1::Role toProto(Role role);

}  // namespace loom::engine::api
