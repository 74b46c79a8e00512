#include "engine/telemetry/sampler.h"
#include "engine/common/thread_name.h"

#include <time.h>

#include <chrono>

#include <google/protobuf/arena.h>

#include "engine/common/log.h"
#include "engine/reconcile/kernel.h"

namespace loom::engine::telemetry {

namespace {
constexpr const char* kLog = "telemetry";

int64_t threadCpuNs() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return int64_t{ts.tv_sec} * 1000000000 + ts.tv_nsec;
}

void fill(v1::Rates* out, const Rates& r, bool swap) {
    // An endpoint's veth is seen from the sandbox: what the bridge side sends, it receives.
    out->set_rx_bytes(swap ? r.txBytes : r.rxBytes);
    out->set_tx_bytes(swap ? r.rxBytes : r.txBytes);
    out->set_rx_packets(swap ? r.txPackets : r.rxPackets);
    out->set_tx_packets(swap ? r.rxPackets : r.txPackets);
    out->set_rx_errors(swap ? r.txErrors : r.rxErrors);
    out->set_tx_errors(swap ? r.rxErrors : r.txErrors);
    out->set_rx_drops(swap ? r.txDrops : r.rxDrops);
    out->set_tx_drops(swap ? r.rxDrops : r.txDrops);
}
}  // namespace

Sampler::Sampler(std::chrono::milliseconds interval, store::Store& store, model::Naming naming,
                 Identity self, StatsHub& hub)
    : m_interval(interval),
      m_store(store),
      m_naming(std::move(naming)),
      m_self(std::move(self)),
      m_hub(hub) {}

Sampler::~Sampler() {
    stop();
}

common::Status Sampler::start() {
    auto reader = netlink::StatsReader::open();
    if (!reader) return reader.status();
    m_reader = std::make_unique<netlink::StatsReader>(std::move(*reader));
    m_thread = std::thread([this] {
        common::nameThisThread("loom-sampler");
        run();
    });
    return {};
}

void Sampler::stop() {
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_cv.notify_all();
    if (m_thread.joinable()) m_thread.join();
}

void Sampler::run() {
    auto next = std::chrono::steady_clock::now();
    while (true) {
        next += m_interval;
        {
            std::unique_lock lock(m_mutex);
            if (m_cv.wait_until(lock, next, [this] { return m_stopping; })) return;
        }
        m_hub.publish(sampleOnce());
        // A stall (a suspended machine) does not make a burst of catch-up samples.
        auto now = std::chrono::steady_clock::now();
        if (next + m_interval < now) next = now;
    }
}

void Sampler::refreshInventory() {
    m_generation = m_store.generation();  // before reading: a commit meanwhile means once more
    m_networks.clear();
    auto networks = m_store.networks();
    if (!networks) {
        LOOM_LOG(Warning, kLog) << "cannot read the networks: " << networks.status().message();
        return;
    }
    for (const auto& n : *networks) {
        auto slot = m_slots.find(n.id);
        if (slot == m_slots.end()) slot = m_slots.emplace(n.id, m_nextSlot++).first;
        m_networks[n.id] = {n.name, m_naming.sandboxNetns(n.id), slot->second, {}};
    }
    refreshEndpoints();
}

// Endpoints only: safe while iterating the networks (their map keeps its shape).
void Sampler::refreshEndpoints() {
    m_veths.clear();
    for (auto& [id, n] : m_networks) n.byIndex.clear();  // they point into m_veths
    auto endpoints = m_store.endpoints();
    if (!endpoints) {
        LOOM_LOG(Warning, kLog) << "cannot read the endpoints: " << endpoints.status().message();
        return;
    }
    for (const auto& e : *endpoints) {
        auto n = m_networks.find(e.networkId);
        m_veths[e.hostVeth] = {v1::StatsTarget::KIND_ENDPOINT, e.id, e.name,
                               n == m_networks.end() ? "" : n->second.name};
    }
}

SamplePtr Sampler::sampleOnce() {
    int64_t cpu = threadCpuNs();
    auto now = RateTracker::Clock::now();
    // The inventory changes by API calls, not every second: read it again only after the
    // store committed something (or when a veth shows up that it does not know).
    bool refreshed = false;
    if (m_store.generation() != m_generation) {
        refreshInventory();
        refreshed = true;
    }
    // One arena per sample: a thousand targets cost a few bump allocations, freed at once when
    // the last stream has written the sample.
    struct Arena {
        google::protobuf::Arena arena;
        v1::StatsSample* sample = nullptr;
    };
    auto owner = std::make_shared<Arena>();
    owner->sample = google::protobuf::Arena::CreateMessage<v1::StatsSample>(&owner->arena);
    v1::StatsSample* sample = owner->sample;
    sample->set_unix_ms(std::chrono::duration_cast<std::chrono::milliseconds>(
                            std::chrono::system_clock::now().time_since_epoch())
                            .count());
    sample->set_host_id(m_self.hostId);
    sample->set_host_name(m_self.hostName);
    uint32_t interfaces = 0;

    bool lookedAgain = false;
    std::vector<std::string> sandboxes;
    for (auto& [id, info] : m_networks) {
        const std::string& sandbox = info.sandbox;
        auto links = m_reader->read(sandbox);
        if (!links) continue;  // not built on this host (or just removed)
        sandboxes.push_back(sandbox);
        interfaces += static_cast<uint32_t>(links->size());
        for (const auto& link : *links) {
            uint64_t key = info.slot << 32 | static_cast<uint32_t>(link.ifindex);
            const Owner* owner = nullptr;
            if (auto known = info.byIndex.find(link.ifindex); known != info.byIndex.end()) {
                owner = known->second;
            } else if (link.name == reconcile::kVxlanName) {
                auto r = m_rates.update(key, link, now);
                if (!r) continue;
                auto* t = sample->add_targets();
                t->set_kind(v1::StatsTarget::KIND_NETWORK);
                t->set_id(id);
                t->set_name(info.name);
                t->set_network_name(info.name);
                t->set_device(link.name);
                fill(t->mutable_rates(), *r, false);
                continue;
            } else if (link.name.rfind(m_naming.prefix + "v", 0) == 0) {
                auto found = m_veths.find(link.name);
                if (found == m_veths.end() && !lookedAgain) {
                    refreshEndpoints();
                    lookedAgain = refreshed = true;
                    found = m_veths.find(link.name);
                }
                if (found == m_veths.end()) continue;
                owner = &found->second;
                info.byIndex[link.ifindex] = owner;
            }
            if (!owner) continue;
            auto r = m_rates.update(key, link, now);
            if (!r) continue;
            auto* t = sample->add_targets();
            t->set_kind(v1::StatsTarget::KIND_ENDPOINT);
            t->set_id(owner->id);
            t->set_name(owner->name);
            t->set_network_name(owner->networkName);
            t->set_device(link.name);
            fill(t->mutable_rates(), *r, true);
        }
    }
    if (auto links = m_reader->read("")) {
        interfaces += static_cast<uint32_t>(links->size());
        for (const auto& link : *links) {
            if (link.name != m_self.underlayDevice) continue;
            auto r = m_rates.update(static_cast<uint32_t>(link.ifindex), link, now);  // slot 0
            if (!r) break;
            auto* t = sample->add_targets();
            t->set_kind(v1::StatsTarget::KIND_HOST);
            t->set_id(m_self.hostId);
            t->set_name(m_self.hostName);
            t->set_host_name(m_self.hostName);
            t->set_device(link.name);
            fill(t->mutable_rates(), *r, false);
        }
    }
    m_rates.prune(now - std::chrono::minutes(1));
    if (refreshed) m_reader->retain(sandboxes);  // sockets of networks that went away
    sample->set_interfaces(interfaces);
    sample->set_sampler_cpu_us(static_cast<uint32_t>((threadCpuNs() - cpu) / 1000));
    return SamplePtr(owner, sample);
}

}  // namespace loom::engine::telemetry
