#pragma once

#include <grpcpp/grpcpp.h>
#include <grpcpp/support/client_callback.h>

#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "engine/api/peers.h"
#include "engine/common/thread_name.h"
#include "loom/v1/loom.grpc.pb.h"

namespace loom::engine::api {

// Every other live engine's stream of one kind of sample (stats or latency), opened once and
// shared by all the local subscribers that asked for all hosts. While anyone subscribes, each
// live peer has one stream, read by a gRPC client reactor (no thread of ours per stream); a
// peer that joins later or comes back is picked up within a second by one manager thread; the
// streams close when the last subscriber leaves.
//
// Subscribers are called on gRPC threads, under this object's mutex, and must only queue.
// unsubscribe() never waits on the network: it is called from a reactor's OnDone.
template <typename Message>
class PeerStreams {
public:
    using Ptr = std::shared_ptr<const Message>;
    using Listener = std::function<void(const std::string& hostId, const Ptr&)>;
    // Starts the call on the service's async stub: start(async, context, reactor).
    using Start = std::function<void(v1::TelemetryService::Stub::async_interface*,
                                     grpc::ClientContext*, grpc::ClientReadReactor<Message>*)>;

    PeerStreams(Peers& peers, Start start, const char* threadName)
        : m_state(std::make_shared<State>(peers, std::move(start))) {
        m_manager = std::thread([state = m_state, threadName] {
            common::nameThisThread(threadName);
            state->manage();
        });
    }
    ~PeerStreams() {
        m_state->shutdown();
        m_manager.join();
    }
    PeerStreams(const PeerStreams&) = delete;
    PeerStreams& operator=(const PeerStreams&) = delete;

    uint64_t subscribe(Listener listener) { return m_state->subscribe(std::move(listener)); }
    void unsubscribe(uint64_t token) { m_state->unsubscribe(token); }

private:
    struct State;

    // One peer's stream. Deletes itself in OnDone, after telling the state it is gone.
    class Reader final : public grpc::ClientReadReactor<Message> {
    public:
        Reader(std::shared_ptr<State> state, std::string hostId)
            : m_state(std::move(state)), m_hostId(std::move(hostId)) {}

        void start(const std::shared_ptr<grpc::Channel>& channel,
                   std::unique_ptr<grpc::ClientContext> ctx, const Start& begin) {
            m_ctx = std::move(ctx);
            m_stub = v1::TelemetryService::NewStub(channel);
            begin(m_stub->async(), m_ctx.get(), this);
            this->StartRead(&m_message);
            this->StartCall();
        }
        void cancel() { m_ctx->TryCancel(); }

        void OnReadDone(bool ok) override {
            if (!ok) return;  // OnDone follows
            m_state->deliver(m_hostId, std::make_shared<const Message>(std::move(m_message)));
            m_message = Message();
            this->StartRead(&m_message);
        }
        void OnDone(const grpc::Status&) override {
            m_state->ended(m_hostId, this);
            delete this;
        }

    private:
        std::shared_ptr<State> m_state;
        std::string m_hostId;
        std::unique_ptr<v1::TelemetryService::Stub> m_stub;
        std::unique_ptr<grpc::ClientContext> m_ctx;
        Message m_message;
    };

    struct State : std::enable_shared_from_this<State> {
        State(Peers& p, Start s) : peers(p), start(std::move(s)) {}

        uint64_t subscribe(Listener listener) {
            std::lock_guard lock(mutex);
            listeners[next] = std::move(listener);
            if (listeners.size() == 1) cv.notify_all();  // open the streams now
            return next++;
        }
        void unsubscribe(uint64_t token) {
            std::lock_guard lock(mutex);
            listeners.erase(token);
            if (listeners.empty()) cv.notify_all();  // close them
        }
        void deliver(const std::string& hostId, const Ptr& message) {
            std::lock_guard lock(mutex);
            for (auto& [token, listener] : listeners) listener(hostId, message);
        }
        void ended(const std::string& hostId, Reader* reader) {
            std::lock_guard lock(mutex);
            auto it = readers.find(hostId);
            if (it != readers.end() && it->second == reader) readers.erase(it);
            cv.notify_all();
        }
        void shutdown() {
            std::lock_guard lock(mutex);
            stopping = true;
            cv.notify_all();
        }

        void manage() {
            std::unique_lock lock(mutex);
            while (!stopping) {
                if (listeners.empty()) {
                    for (auto& [id, r] : readers) r->cancel();
                } else {
                    openMissing(lock);
                }
                cv.wait_for(lock, std::chrono::seconds(1));
            }
            // The readers end once cancelled; their OnDone needs this state, which they share.
            for (auto& [id, r] : readers) r->cancel();
            cv.wait_for(lock, std::chrono::seconds(5), [this] { return readers.empty(); });
        }

        void openMissing(std::unique_lock<std::mutex>& lock) {
            lock.unlock();  // Peers has its own lock; channel() may build a channel
            auto others = peers.others();
            std::vector<std::pair<std::string, std::shared_ptr<grpc::Channel>>> wanted;
            for (const auto& host : others) {
                auto channel = peers.channel(host);
                if (channel) wanted.emplace_back(host.id(), *channel);
            }
            lock.lock();
            for (auto& [id, channel] : wanted) {
                if (readers.count(id) || listeners.empty() || stopping) continue;
                auto* reader = new Reader(this->shared_from_this(), id);
                readers[id] = reader;
                lock.unlock();
                reader->start(channel, peers.context(std::chrono::milliseconds(0)), start);
                lock.lock();
            }
        }

        Peers& peers;
        Start start;
        std::mutex mutex;
        std::condition_variable cv;
        bool stopping = false;
        uint64_t next = 1;
        std::map<uint64_t, Listener> listeners;
        std::map<std::string, Reader*> readers;  // host id -> its stream
    };

    std::shared_ptr<State> m_state;
    std::thread m_manager;
};

}  // namespace loom::engine::api
