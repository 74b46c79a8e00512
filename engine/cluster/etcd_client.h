#pragma once

#include <grpcpp/grpcpp.h>

#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "engine/common/status.h"
#include "etcd/rpc.grpc.pb.h"

// A small synchronous client for etcd's v3 gRPC API: KV, Watch and Lease.
namespace loom::engine::cluster {

using common::Result;
using common::Status;

struct EtcdOptions {
    std::vector<std::string> urls;  // http://ADDR:PORT or https://ADDR:PORT
    std::string caFile, certFile, keyFile;
    std::chrono::milliseconds timeout{3000};
};

// Splits "URL[,URL...]" and checks each; the error names the flag.
Result<std::vector<std::string>> parseEtcdUrls(const std::string& list);

// The smallest key after every key that starts with `prefix`.
std::string prefixEnd(const std::string& prefix);

// One etcd watch stream over a key range. next() blocks; cancel() may be called from any thread.
class EtcdWatch {
public:
    struct Batch {
        std::vector<mvccpb::Event> events;
        int64_t revision = 0;    // the header revision of this response
        bool compacted = false;  // the start revision is gone: resync from a fresh read
        int64_t compactRevision = 0;
    };
    EtcdWatch(std::unique_ptr<grpc::ClientContext> ctx,
              std::unique_ptr<
                  grpc::ClientReaderWriter<etcdserverpb::WatchRequest, etcdserverpb::WatchResponse>>
                  stream)
        : m_ctx(std::move(ctx)), m_stream(std::move(stream)) {}
    ~EtcdWatch();
    Result<Batch> next();
    void cancel();

private:
    std::unique_ptr<grpc::ClientContext> m_ctx;
    std::unique_ptr<
        grpc::ClientReaderWriter<etcdserverpb::WatchRequest, etcdserverpb::WatchResponse>>
        m_stream;
    bool m_finished = false;
};

class EtcdClient {
public:
    static Result<std::unique_ptr<EtcdClient>> connect(const EtcdOptions& options);

    const std::string& describe() const { return m_describe; }

    Result<etcdserverpb::RangeResponse> range(const std::string& key, const std::string& end = {},
                                              int64_t revision = 0);
    Result<etcdserverpb::PutResponse> put(const std::string& key, const std::string& value,
                                          int64_t lease = 0);
    Result<int64_t> deleteRange(const std::string& key, const std::string& end = {});
    Result<etcdserverpb::TxnResponse> txn(const etcdserverpb::TxnRequest& request);
    Status compact(int64_t revision);

    Result<int64_t> grantLease(int64_t ttlSeconds);
    Status revokeLease(int64_t id);
    // One keepalive round trip; returns the lease's remaining TTL, 0 when it has expired.
    Result<int64_t> keepAlive(int64_t id);

    // Watches [key, end) from `startRevision` (0: from now). Returns once etcd confirmed it.
    Result<std::unique_ptr<EtcdWatch>> watch(const std::string& key, const std::string& end,
                                             int64_t startRevision);

private:
    EtcdClient() = default;
    void prepare(grpc::ClientContext& ctx) const;
    Status failure(const grpc::Status& s, const char* what) const;

    std::string m_describe;
    std::chrono::milliseconds m_timeout{};
    std::shared_ptr<grpc::Channel> m_channel;
    std::unique_ptr<etcdserverpb::KV::Stub> m_kv;
    std::unique_ptr<etcdserverpb::Watch::Stub> m_watch;
    std::unique_ptr<etcdserverpb::Lease::Stub> m_lease;
};

// Txn building helpers.
etcdserverpb::Compare compareAbsent(const std::string& key);
etcdserverpb::Compare compareValue(const std::string& key, const std::string& value);
// Every key in [key, end) was last modified at or before `revision`.
etcdserverpb::Compare compareUnchangedSince(const std::string& key, const std::string& end,
                                            int64_t revision);
// No key at all in [key, end).
etcdserverpb::Compare compareEmpty(const std::string& key, const std::string& end);
etcdserverpb::RequestOp opPut(const std::string& key, const std::string& value, int64_t lease = 0);
etcdserverpb::RequestOp opDelete(const std::string& key, const std::string& end = {});
etcdserverpb::RequestOp opRange(const std::string& key, const std::string& end = {});

}  // namespace loom::engine::cluster
