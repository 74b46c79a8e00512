#pragma once

#include <grpcpp/grpcpp.h>

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
// or come back, are picked up within a second.
//
// Stopping never waits: it is called from a gRPC reaction (a client's stream ending), and a
// reader blocked in Read() is woken by its cancellation, which gRPC completes on the very
// executor threads that reactions run on; joining there deadlocked the engine's streams once
// a few consoles had come and gone. So stop() cancels, drops the sink (nothing is delivered
// after it returns), and the threads finish on their own; they share the state they need.
template <typename Message>
class FanIn {
public:
    using Ptr = std::shared_ptr<const Message>;
    using Sink = std::function<void(const std::string& hostId, Ptr)>;
    // Opens the stream on a channel with the given context.
    using Open = std::function<std::unique_ptr<grpc::ClientReaderInterface<Message>>(
        const std::shared_ptr<grpc::Channel>&, grpc::ClientContext*)>;

    FanIn(Peers& peers, Open open, Sink sink)
        : m_state(std::make_shared<State>(peers, std::move(open), std::move(sink))) {
        std::thread([state = m_state] { state->manage(); }).detach();
    }
    ~FanIn() { stop(); }

    void stop() { m_state->stop(); }

private:
    struct Reader {
        std::unique_ptr<grpc::ClientContext> ctx;
        bool done = false;  // under the state's mutex
    };

    struct State : std::enable_shared_from_this<State> {
        State(Peers& p, Open o, Sink s) : peers(p), open(std::move(o)), sink(std::move(s)) {}

        void stop() {
            std::lock_guard lock(mutex);
            if (stopping) return;
            stopping = true;
            sink = nullptr;
            for (auto& [id, r] : readers) {
                if (r->ctx) r->ctx->TryCancel();
            }
            cv.notify_all();
        }

        void manage() {
            std::unique_lock lock(mutex);
            while (!stopping) {
                for (const auto& host : peers.others()) {
                    auto it = readers.find(host.id());
                    if (it != readers.end()) {
                        if (!it->second->done) continue;
                        readers.erase(it);
                    }
                    auto channel = peers.channel(host);
                    if (!channel) continue;
                    auto reader = std::make_shared<Reader>();
                    reader->ctx = peers.context(std::chrono::milliseconds(0));
                    readers[host.id()] = reader;
                    std::thread([self = this->shared_from_this(), reader, id = host.id(),
                                 ch = *channel] {
                        self->read(reader, id, ch);
                    }).detach();
                }
                cv.wait_for(lock, std::chrono::seconds(1), [this] { return stopping; });
            }
        }

        void read(const std::shared_ptr<Reader>& r, const std::string& hostId,
                  const std::shared_ptr<grpc::Channel>& channel) {
            auto stream = open(channel, r->ctx.get());
            Message m;
            while (stream && stream->Read(&m)) {
                auto message = std::make_shared<const Message>(std::move(m));
                m = Message();
                std::lock_guard lock(mutex);
                if (!sink) break;  // stopped: the subscriber is gone
                sink(hostId, std::move(message));
            }
            if (stream) (void)stream->Finish();
            std::lock_guard lock(mutex);
            r->done = true;
        }

        Peers& peers;
        Open open;
        Sink sink;
        std::mutex mutex;
        std::condition_variable cv;
        bool stopping = false;
        std::map<std::string, std::shared_ptr<Reader>> readers;
    };

    std::shared_ptr<State> m_state;
};

}  // namespace loom::engine::api
