#pragma once

#include <google/protobuf/map.h>
#include <grpcpp/grpcpp.h>

#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "app/ctl/args.h"

namespace loom::ctl {

// One line on stderr; exit code 2.
int usageError(const std::string& message);

// The engine loomctl talks to, and how its answers are reported.
struct Ctl {
    std::string socket;
    bool json = false;
    std::shared_ptr<grpc::Channel> channel;

    // The engine's refusal as one line on stderr; exit code 1.
    int fail(const grpc::Status& s) const;
    std::unique_ptr<grpc::ClientContext> context(int seconds = 120) const {
        auto ctx = std::make_unique<grpc::ClientContext>();
        ctx->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(seconds));
        return ctx;
    }
};

// --label K=V flags into `out`; the reason when one is malformed.
std::optional<std::string> parseLabels(const Args& a,
                                       google::protobuf::Map<std::string, std::string>* out);

// network update NAME [--mtu N] [--label K=V]... [--clear-labels]
int networkUpdate(Ctl& c, const Args& a);
// endpoint update NAME (--label K=V... | --clear-labels) [--host HOST]
int endpointUpdate(Ctl& c, const Args& a);
// service create|ls|inspect|rm|add|remove
int serviceCommand(Ctl& c, const Args& a);
// audit [--since WHEN] [--limit N]: the engine's audit trail, newest first.
int auditCommand(Ctl& c, const Args& a);
// whoami: the role and identity the engine gives this caller.
int whoamiCommand(Ctl& c, const Args& a);
// cni config NETWORK | cni install NETWORK [--dir DIR]
int cniCommand(Ctl& c, const Args& a);

}  // namespace loom::ctl
