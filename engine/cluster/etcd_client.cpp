#include "engine/cluster/etcd_client.h"

#include <fstream>
#include <sstream>

#include "engine/common/log.h"

namespace loom::engine::cluster {

namespace {
constexpr const char* kLog = "etcd";

Result<std::string> readFile(const std::string& flag, const std::string& path) {
    std::ifstream in(path);
    if (!in) return common::invalidArgument(flag, "cannot read " + path);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}
}  // namespace

std::string prefixEnd(const std::string& prefix) {
    std::string end = prefix;
    while (!end.empty()) {
        auto c = static_cast<unsigned char>(end.back());
        if (c < 0xff) {
            end.back() = static_cast<char>(c + 1);
            return end;
        }
        end.pop_back();
    }
    return std::string(1, '\0');  // every key
}

Result<std::vector<std::string>> parseEtcdUrls(const std::string& list) {
    std::vector<std::string> urls;
    std::stringstream ss(list);
    std::string url;
    while (std::getline(ss, url, ',')) {
        if (url.empty()) continue;
        auto scheme = url.find("://");
        if (scheme == std::string::npos ||
            (url.substr(0, scheme) != "http" && url.substr(0, scheme) != "https")) {
            return common::invalidArgument("--etcd",
                                           "\"" + url + "\" is not an http:// or https:// URL");
        }
        std::string rest = url.substr(scheme + 3);
        if (auto slash = rest.find('/'); slash != std::string::npos) rest.resize(slash);
        if (rest.find(':') == std::string::npos) {
            return common::invalidArgument("--etcd", "\"" + url + "\" has no port");
        }
        urls.push_back(url);
    }
    if (urls.empty()) return common::invalidArgument("--etcd", "no URL given");
    return urls;
}

Result<std::unique_ptr<EtcdClient>> EtcdClient::connect(const EtcdOptions& options) {
    if (options.urls.empty()) return common::invalidArgument("--etcd", "no URL given");
    bool tls = options.urls.front().rfind("https://", 0) == 0;
    std::vector<std::string> hosts;
    bool allIpv4 = true;
    for (const auto& url : options.urls) {
        if ((url.rfind("https://", 0) == 0) != tls) {
            return common::invalidArgument("--etcd", "mixes http:// and https:// URLs");
        }
        std::string rest = url.substr(url.find("://") + 3);
        if (auto slash = rest.find('/'); slash != std::string::npos) rest.resize(slash);
        std::string host = rest.substr(0, rest.rfind(':'));
        bool literal = !host.empty() && host.find_first_not_of("0123456789.") == std::string::npos;
        allIpv4 = allIpv4 && literal;
        hosts.push_back(rest);
    }
    // Several literal addresses: one channel that fails over between them.
    std::string target;
    if (hosts.size() > 1 && allIpv4) {
        target = "ipv4:";
        for (size_t i = 0; i < hosts.size(); ++i) target += (i ? "," : "") + hosts[i];
    } else {
        target = hosts.front();
    }

    std::shared_ptr<grpc::ChannelCredentials> creds;
    if (tls) {
        grpc::SslCredentialsOptions ssl;
        if (!options.caFile.empty()) {
            auto ca = readFile("--etcd-ca", options.caFile);
            if (!ca) return ca.status();
            ssl.pem_root_certs = *ca;
        }
        if (options.certFile.empty() != options.keyFile.empty()) {
            return common::invalidArgument("--etcd-cert", "give both --etcd-cert and --etcd-key");
        }
        if (!options.certFile.empty()) {
            auto cert = readFile("--etcd-cert", options.certFile);
            if (!cert) return cert.status();
            auto key = readFile("--etcd-key", options.keyFile);
            if (!key) return key.status();
            ssl.pem_cert_chain = *cert;
            ssl.pem_private_key = *key;
        }
        creds = grpc::SslCredentials(ssl);
    } else {
        if (!options.caFile.empty() || !options.certFile.empty()) {
            return common::invalidArgument("--etcd-ca", "TLS options need https:// etcd URLs");
        }
        creds = grpc::InsecureChannelCredentials();
    }
    grpc::ChannelArguments args;
    args.SetInt(GRPC_ARG_INITIAL_RECONNECT_BACKOFF_MS, 200);
    args.SetInt(GRPC_ARG_MIN_RECONNECT_BACKOFF_MS, 200);
    args.SetInt(GRPC_ARG_MAX_RECONNECT_BACKOFF_MS, 1000);
    // etcd refuses pings more often than every 5 s by default.
    args.SetInt(GRPC_ARG_KEEPALIVE_TIME_MS, 10000);
    args.SetInt(GRPC_ARG_KEEPALIVE_TIMEOUT_MS, 3000);
    args.SetInt(GRPC_ARG_KEEPALIVE_PERMIT_WITHOUT_CALLS, 1);
    if (target.rfind("ipv4:", 0) == 0) args.SetLoadBalancingPolicyName("pick_first");

    std::unique_ptr<EtcdClient> c(new EtcdClient);
    for (size_t i = 0; i < options.urls.size(); ++i) {
        c->m_describe += (i ? "," : "") + options.urls[i];
    }
    c->m_timeout = options.timeout;
    c->m_channel = grpc::CreateCustomChannel(target, creds, args);
    c->m_kv = etcdserverpb::KV::NewStub(c->m_channel);
    c->m_watch = etcdserverpb::Watch::NewStub(c->m_channel);
    c->m_lease = etcdserverpb::Lease::NewStub(c->m_channel);
    return c;
}

void EtcdClient::prepare(grpc::ClientContext& ctx) const {
    ctx.set_deadline(std::chrono::system_clock::now() + m_timeout);
}

Status EtcdClient::failure(const grpc::Status& s, const char* what) const {
    switch (s.error_code()) {
        case grpc::StatusCode::UNAVAILABLE:
        case grpc::StatusCode::DEADLINE_EXCEEDED:
            return common::unavailable("etcd (" + m_describe + ") is unreachable: " + what + ": " +
                                       s.error_message());
        default:
            return common::Status(static_cast<common::Code>(s.error_code()),
                                  std::string("etcd ") + what + ": " + s.error_message());
    }
}

Result<etcdserverpb::RangeResponse> EtcdClient::range(const std::string& key,
                                                      const std::string& end, int64_t revision) {
    grpc::ClientContext ctx;
    prepare(ctx);
    etcdserverpb::RangeRequest req;
    req.set_key(key);
    req.set_range_end(end);
    req.set_revision(revision);
    etcdserverpb::RangeResponse resp;
    auto s = m_kv->Range(&ctx, req, &resp);
    if (!s.ok()) return failure(s, "range");
    return resp;
}

Result<etcdserverpb::PutResponse> EtcdClient::put(const std::string& key, const std::string& value,
                                                  int64_t lease) {
    grpc::ClientContext ctx;
    prepare(ctx);
    etcdserverpb::PutRequest req;
    req.set_key(key);
    req.set_value(value);
    req.set_lease(lease);
    etcdserverpb::PutResponse resp;
    auto s = m_kv->Put(&ctx, req, &resp);
    if (!s.ok()) return failure(s, "put");
    return resp;
}

Result<int64_t> EtcdClient::deleteRange(const std::string& key, const std::string& end) {
    grpc::ClientContext ctx;
    prepare(ctx);
    etcdserverpb::DeleteRangeRequest req;
    req.set_key(key);
    req.set_range_end(end);
    etcdserverpb::DeleteRangeResponse resp;
    auto s = m_kv->DeleteRange(&ctx, req, &resp);
    if (!s.ok()) return failure(s, "delete");
    return resp.deleted();
}

Result<etcdserverpb::TxnResponse> EtcdClient::txn(const etcdserverpb::TxnRequest& request) {
    grpc::ClientContext ctx;
    prepare(ctx);
    etcdserverpb::TxnResponse resp;
    auto s = m_kv->Txn(&ctx, request, &resp);
    if (!s.ok()) return failure(s, "transaction");
    return resp;
}

Status EtcdClient::compact(int64_t revision) {
    grpc::ClientContext ctx;
    prepare(ctx);
    etcdserverpb::CompactionRequest req;
    req.set_revision(revision);
    req.set_physical(true);
    etcdserverpb::CompactionResponse resp;
    auto s = m_kv->Compact(&ctx, req, &resp);
    if (!s.ok()) return failure(s, "compact");
    return {};
}

Result<int64_t> EtcdClient::grantLease(int64_t ttlSeconds) {
    grpc::ClientContext ctx;
    prepare(ctx);
    etcdserverpb::LeaseGrantRequest req;
    req.set_ttl(ttlSeconds);
    etcdserverpb::LeaseGrantResponse resp;
    auto s = m_lease->LeaseGrant(&ctx, req, &resp);
    if (!s.ok()) return failure(s, "lease grant");
    if (!resp.error().empty()) return common::unavailable("etcd lease grant: " + resp.error());
    return resp.id();
}

Status EtcdClient::revokeLease(int64_t id) {
    grpc::ClientContext ctx;
    prepare(ctx);
    etcdserverpb::LeaseRevokeRequest req;
    req.set_id(id);
    etcdserverpb::LeaseRevokeResponse resp;
    auto s = m_lease->LeaseRevoke(&ctx, req, &resp);
    if (!s.ok()) return failure(s, "lease revoke");
    return {};
}

Result<int64_t> EtcdClient::keepAlive(int64_t id) {
    grpc::ClientContext ctx;
    prepare(ctx);
    auto stream = m_lease->LeaseKeepAlive(&ctx);
    etcdserverpb::LeaseKeepAliveRequest req;
    req.set_id(id);
    etcdserverpb::LeaseKeepAliveResponse resp;
    bool ok = stream->Write(req) && stream->Read(&resp);
    stream->WritesDone();
    if (!ok) {
        ctx.TryCancel();
        auto s = stream->Finish();
        return failure(s.ok() ? grpc::Status(grpc::StatusCode::UNAVAILABLE, "stream closed") : s,
                       "lease keepalive");
    }
    ctx.TryCancel();
    (void)stream->Finish();
    return resp.ttl() > 0 ? resp.ttl() : 0;
}

Result<std::unique_ptr<EtcdWatch>> EtcdClient::watch(const std::string& key, const std::string& end,
                                                     int64_t startRevision) {
    auto ctx = std::make_unique<grpc::ClientContext>();
    auto stream = m_watch->Watch(ctx.get());
    etcdserverpb::WatchRequest req;
    auto* create = req.mutable_create_request();
    create->set_key(key);
    create->set_range_end(end);
    create->set_start_revision(startRevision);
    create->set_progress_notify(true);
    if (!stream->Write(req)) {
        ctx->TryCancel();
        return failure(stream->Finish(), "watch");
    }
    etcdserverpb::WatchResponse resp;
    if (!stream->Read(&resp)) {
        ctx->TryCancel();
        return failure(stream->Finish(), "watch");
    }
    auto w = std::make_unique<EtcdWatch>(std::move(ctx), std::move(stream));
    if (!resp.created()) return common::internal("etcd watch: no confirmation");
    return w;
}

EtcdWatch::~EtcdWatch() {
    cancel();
    if (!m_finished) (void)m_stream->Finish();
}

void EtcdWatch::cancel() {
    m_ctx->TryCancel();
}

Result<EtcdWatch::Batch> EtcdWatch::next() {
    etcdserverpb::WatchResponse resp;
    if (!m_stream->Read(&resp)) {
        m_finished = true;
        auto s = m_stream->Finish();
        if (s.error_code() == grpc::StatusCode::CANCELLED)
            return Status(common::Code::Cancelled, "watch cancelled");
        return common::unavailable("etcd watch ended: " + (s.ok()
                                                               ? std::string("closed by the server")
                                                               : s.error_message()));
    }
    Batch b;
    b.revision = resp.header().revision();
    if (resp.compact_revision() > 0 || resp.canceled()) {
        b.compacted = resp.compact_revision() > 0;
        b.compactRevision = resp.compact_revision();
        if (!b.compacted) {
            return common::unavailable("etcd cancelled the watch: " + resp.cancel_reason());
        }
        return b;
    }
    b.events.assign(resp.events().begin(), resp.events().end());
    return b;
}

etcdserverpb::Compare compareAbsent(const std::string& key) {
    etcdserverpb::Compare c;
    c.set_key(key);
    c.set_target(etcdserverpb::Compare::VERSION);
    c.set_result(etcdserverpb::Compare::EQUAL);
    c.set_version(0);
    return c;
}

etcdserverpb::Compare compareValue(const std::string& key, const std::string& value) {
    etcdserverpb::Compare c;
    c.set_key(key);
    c.set_target(etcdserverpb::Compare::VALUE);
    c.set_result(etcdserverpb::Compare::EQUAL);
    c.set_value(value);
    return c;
}

etcdserverpb::Compare compareUnchangedSince(const std::string& key, const std::string& end,
                                            int64_t revision) {
    etcdserverpb::Compare c;
    c.set_key(key);
    c.set_range_end(end);
    c.set_target(etcdserverpb::Compare::MOD);
    c.set_result(etcdserverpb::Compare::LESS);
    c.set_mod_revision(revision + 1);
    return c;
}

etcdserverpb::Compare compareEmpty(const std::string& key, const std::string& end) {
    etcdserverpb::Compare c = compareAbsent(key);
    c.set_range_end(end);
    return c;
}

etcdserverpb::RequestOp opPut(const std::string& key, const std::string& value, int64_t lease) {
    etcdserverpb::RequestOp op;
    auto* p = op.mutable_request_put();
    p->set_key(key);
    p->set_value(value);
    p->set_lease(lease);
    return op;
}

etcdserverpb::RequestOp opDelete(const std::string& key, const std::string& end) {
    etcdserverpb::RequestOp op;
    auto* d = op.mutable_request_delete_range();
    d->set_key(key);
    d->set_range_end(end);
    return op;
}

etcdserverpb::RequestOp opRange(const std::string& key, const std::string& end) {
    etcdserverpb::RequestOp op;
    auto* r = op.mutable_request_range();
    r->set_key(key);
    r->set_range_end(end);
    return op;
}

}  // namespace loom::engine::cluster
