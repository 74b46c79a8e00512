#pragma once

#include <grpcpp/grpcpp.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "engine/api/peers.h"

namespace loom::engine::api {

// One server stream of every other live engine, merged: a reader thread per peer reads its
// stream and hands each message to `sink`, keyed by the peer's host id. Peers that join later,
// or come back, are picked up within a second. Stopping cancels and joins every reader.
template <typename Message>
class FanIn {
public:
    using Ptr = std::shared_ptr<const Message>;
    using Sink = std::function<void(const std::string& hostId, Ptr)>;
    // Opens the stream on a channel with the given context.
    using Open = std::function<std::unique_ptr<grpc::ClientReaderInterface<Message>>(
        const std::shared_ptr<grpc::Channel>&, grpc::ClientContext*)>;

    FanIn(Peers& peers, Open open, Sink sink)
        : m_peers(peers), m_open(std::move(open)), m_sink(std::move(sink)) {
        m_manager = std::thread([this] { manage(); });
    }
    ~FanIn() { stop(); }

    void stop() {
        {
            std::lock_guard lock(m_mutex);
            if (m_stopping) return;
            m_stopping = true;
            for (auto& [id, r] : m_readers) {
                if (r->ctx) r->ctx->TryCancel();
            }
        }
        m_cv.notify_all();
        if (m_manager.joinable()) m_manager.join();
        for (auto& [id, r] : m_readers) {
            if (r->thread.joinable()) r->thread.join();
        }
    }

private:
    struct Reader {
        std::unique_ptr<grpc::ClientContext> ctx;
        std::thread thread;
        std::atomic<bool> done{false};
    };

    void manage() {
        std::unique_lock lock(m_mutex);
        while (!m_stopping) {
            for (const auto& host : m_peers.others()) {
                auto it = m_readers.find(host.id());
                if (it != m_readers.end()) {
                    if (!it->second->done) continue;
                    it->second->thread.join();
                    m_readers.erase(it);
                }
                auto channel = m_peers.channel(host);
                if (!channel) continue;
                auto reader = std::make_unique<Reader>();
                reader->ctx = m_peers.context(std::chrono::milliseconds(0));
                Reader* r = reader.get();
                std::string id = host.id();
                auto ch = *channel;
                reader->thread = std::thread([this, r, id, ch] { read(r, id, ch); });
                m_readers[id] = std::move(reader);
            }
            m_cv.wait_for(lock, std::chrono::seconds(1), [this] { return m_stopping; });
        }
    }

    void read(Reader* r, const std::string& hostId, std::shared_ptr<grpc::Channel> channel) {
        auto stream = m_open(channel, r->ctx.get());
        Message m;
        while (stream && stream->Read(&m)) {
            m_sink(hostId, std::make_shared<const Message>(std::move(m)));
            m = Message();
        }
        if (stream) (void)stream->Finish();
        r->done = true;
    }

    Peers& m_peers;
    Open m_open;
    Sink m_sink;
    std::mutex m_mutex;
    std::condition_variable m_cv;
    bool m_stopping = false;
    std::map<std::string, std::unique_ptr<Reader>> m_readers;
    std::thread m_manager;
};

}  // namespace loom::engine::api
