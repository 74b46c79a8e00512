#pragma once

#include <grpcpp/grpcpp.h>

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "engine/api/caller.h"
#include "engine/common/status.h"
#include "loom/v1/loom.pb.h"

namespace loom::engine::cluster {
class Agent;
}

namespace loom::engine::api {

// The metadata key on a call one engine makes to another on a client's behalf: the receiving
// engine answers for itself only and never forwards again.
inline constexpr const char* kForwardedHeader = "loom-forwarded-by";

// The other engines of the cluster, reached over their mutual-TLS listeners (the address each
// publishes in its host record) with this engine's own certificate.
class Peers {
public:
    // Without credentials (no --listen), every lookup explains that peers are out of reach.
    Peers(std::shared_ptr<grpc::ChannelCredentials> credentials, cluster::Agent* agent,
          std::string selfId);

    // A live host other than this one, by id or name, that has an API address.
    common::Result<v1::Host> find(const std::string& idOrName) const;
    // Every live host but this one that publishes an API address.
    std::vector<v1::Host> others() const;
    common::Result<std::shared_ptr<grpc::Channel>> channel(const v1::Host& host);
    // A client context for a call to another engine: a deadline (none if 0), the marker and,
    // for a client's call, that client (the peer gives it no more than its role).
    std::unique_ptr<grpc::ClientContext> context(std::chrono::milliseconds deadline,
                                                 const Caller* onBehalf = nullptr) const;
    bool isSelf(const std::string& idOrName) const;
    // Lets go of replaced channels that nothing uses any more; returns how many. Called from a
    // thread of the engine's own (never a gRPC callback thread: see channel()).
    size_t releaseRetired();

private:
    std::shared_ptr<grpc::ChannelCredentials> m_credentials;
    cluster::Agent* m_agent;
    std::string m_self;
    std::mutex m_mutex;
    std::map<std::string, std::pair<std::string, std::shared_ptr<grpc::Channel>>> m_channels;
    std::vector<std::shared_ptr<grpc::Channel>> m_retired;
};

// True when the call came from another engine (see kForwardedHeader).
bool forwarded(const grpc::CallbackServerContext* ctx);

// Hands a unary call to the engine of `host` and finishes `reactor` with its answer, which
// lands in `resp`. `call(async, context, request, response, done)` starts the call on the
// service's async stub. `onBehalf`: the client the call is for (nullptr: reads only, which the
// peer answers as for a viewer). Never blocks the calling thread.
template <typename Service, typename Request, typename Response, typename Call>
void forwardUnary(Peers& peers, const v1::Host& host, const Request& req, Response* resp,
                  grpc::ServerUnaryReactor* reactor, const Caller* onBehalf, Call call) {
    auto channel = peers.channel(host);
    if (!channel) {
        reactor->Finish(
            grpc::Status(grpc::StatusCode::FAILED_PRECONDITION, channel.status().message()));
        return;
    }
    struct State {
        std::unique_ptr<typename Service::Stub> stub;
        std::unique_ptr<grpc::ClientContext> ctx;
        Request req;
    };
    auto st = std::make_shared<State>();
    st->stub = Service::NewStub(*channel);
    st->ctx = peers.context(std::chrono::seconds(30), onBehalf);
    st->req = req;
    std::string name = host.name();
    call(st->stub->async(), st->ctx.get(), &st->req, resp, [st, reactor, name](grpc::Status s) {
        if (!s.ok()) {
            s = grpc::Status(s.error_code(), "host " + name + ": " + s.error_message());
        }
        reactor->Finish(s);
    });
}

}  // namespace loom::engine::api
