#pragma once

#include <memory>

#include "engine/api/engine_context.h"
#include "engine/api/peer_streams.h"
#include "loom/v1/loom.grpc.pb.h"

namespace loom::engine::api {

class TelemetryService final : public v1::TelemetryService::CallbackService {
public:
    explicit TelemetryService(EngineContext& ctx);
    ~TelemetryService() override;

    grpc::ServerWriteReactor<v1::StatsSample>* WatchStats(
        grpc::CallbackServerContext* ctx, const v1::WatchStatsRequest* req) override;
    grpc::ServerUnaryReactor* QueryStats(grpc::CallbackServerContext* ctx,
                                         const v1::QueryStatsRequest* req,
                                         v1::QueryStatsResponse* resp) override;
    grpc::ServerUnaryReactor* QueryLatency(grpc::CallbackServerContext* ctx,
                                           const v1::QueryLatencyRequest* req,
                                           v1::QueryLatencyResponse* resp) override;
    grpc::ServerWriteReactor<v1::LatencySample>* WatchLatency(
        grpc::CallbackServerContext* ctx, const v1::WatchLatencyRequest* req) override;

private:
    // This engine's own history of the request's target.
    common::Status localStats(const v1::QueryStatsRequest& req, int64_t from, int64_t to,
                              v1::QueryStatsResponse* resp);
    // all_hosts: this engine's part and every other live engine's, summed per bucket.
    grpc::ServerUnaryReactor* queryStatsEverywhere(const v1::QueryStatsRequest& req, int64_t from,
                                                   int64_t to, v1::QueryStatsResponse* resp,
                                                   grpc::ServerUnaryReactor* reactor);

    EngineContext& m_ctx;
    // Clustered: one stream per peer and kind, shared by every all_hosts subscriber.
    std::unique_ptr<PeerStreams<v1::StatsSample>> m_peerStats;
    std::unique_ptr<PeerStreams<v1::LatencySample>> m_peerLatency;
};

}  // namespace loom::engine::api
