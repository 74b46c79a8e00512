#include "engine/crypt/encryptor.h"

#include <sys/random.h>

#include <algorithm>

#include "engine/common/log.h"
#include "engine/common/thread_name.h"

namespace loom::engine::crypt {

namespace {
constexpr const char* kLog = "crypt";

void randomBytes(uint8_t* out, size_t n) {
    while (n > 0) {
        ssize_t got = ::getrandom(out, n, 0);
        if (got <= 0) continue;  // EINTR; the pool is ready after boot
        out += got;
        n -= static_cast<size_t>(got);
    }
}

template <typename T>
bool holds(const std::vector<T>& list, const T& item) {
    return std::find(list.begin(), list.end(), item) != list.end();
}
}  // namespace

Encryptor::Encryptor(CryptSource& source, std::string selfId, model::Ipv4 selfVtep,
                     model::Naming naming, Options options)
    : m_source(source),
      m_self(std::move(selfId)),
      m_vtep(selfVtep),
      m_naming(std::move(naming)),
      m_options(options),
      m_book(randomBytes) {}

Encryptor::~Encryptor() {
    stop();
}

common::Status Encryptor::start() {
    auto sock = netlink::XfrmSocket::open();
    if (!sock) return sock.status();
    m_sock.emplace(std::move(*sock));
    auto hookSock = netlink::XfrmSocket::open();
    if (!hookSock) return hookSock.status();
    m_hookSock.emplace(std::move(*hookSock));
    if (auto stats = netlink::readXfrmStats()) m_statsAtStart = *stats;
    m_thread = std::thread([this] {
        common::nameThisThread("loom-crypt");
        run();
    });
    return {};
}

void Encryptor::stop() {
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_cv.notify_all();
    if (m_thread.joinable()) m_thread.join();
}

void Encryptor::wake() {
    {
        std::lock_guard lock(m_mutex);
        m_woken = true;
    }
    m_cv.notify_all();
}

common::Status Encryptor::preparing(const model::Network& n) {
    if (!n.encrypted || !m_hookSock) return {};
    const uint32_t reqid = model::xfrmReqid(n.vni);
    const auto port = static_cast<uint16_t>(n.port);
    for (const auto& p :
         {netlink::XfrmPolicy{m_vtep, {}, port, netlink::XfrmPolicy::Dir::Out, reqid},
          netlink::XfrmPolicy{{}, m_vtep, port, netlink::XfrmPolicy::Dir::In, reqid}}) {
        LOOM_RETURN_IF_ERROR(m_hookSock->putPolicy(p));
    }
    std::lock_guard lock(m_mutex);
    m_prepared[m_naming.sandboxNetns(n.id)] = n.id;
    return {};
}

void Encryptor::releasing(const std::string& netnsPath) {
    bool gone = false;
    {
        std::lock_guard lock(m_mutex);
        gone = m_prepared.erase(netnsPath) > 0;
    }
    if (gone) wake();
}

CryptCounters Encryptor::counters() const {
    std::lock_guard lock(m_mutex);
    return m_counters;
}

void Encryptor::run() {
    // Every pass reads the kernel's tables whole: a state or policy removed by hand is back
    // within a tick.
    while (true) {
        {
            std::unique_lock lock(m_mutex);
            m_cv.wait_for(lock, m_options.tick, [this] { return m_woken || m_stopping; });
            if (m_stopping) return;
            m_woken = false;
        }
        // A pass that changed something runs again at once: a key installed here is offered in
        // the next pass, an installed out-state acked in the one after.
        for (int round = 0; round < 4; ++round) {
            bool changed = false;
            common::Status s = pass(&changed);
            {
                std::lock_guard lock(m_mutex);
                if (!s.isOk() && s.message() != m_counters.lastError) {
                    LOOM_LOG(Warning, kLog) << s.message();
                }
                m_counters.lastError = s.isOk() ? "" : s.message();
            }
            if (!changed) break;
        }
    }
}

common::Status Encryptor::pass(bool* changed) {
    *changed = false;
    auto partners = m_source.partners();
    if (!partners) return {};  // the cluster was never read: nothing to go by
    Inputs in;
    in.selfId = m_self;
    in.selfVtep = m_vtep;
    in.networks = m_source.networks();
    in.partners = std::move(*partners);
    {
        // A sandbox built a moment ago counts as carried even before the store read shows it.
        std::lock_guard lock(m_mutex);
        for (const auto& [netns, id] : m_prepared) in.partners.try_emplace(id);
    }
    in.keys = m_source.keys();
    in.acks = m_source.acks();
    auto installed = m_sock->states();
    if (!installed) return installed.status();
    in.installed = *installed;
    in.nowMs = std::chrono::duration_cast<std::chrono::milliseconds>(
                   std::chrono::system_clock::now().time_since_epoch())
                   .count();
    Step step = m_book.step(in);

    common::Status failed;
    auto note = [&failed](common::Status s) {
        if (!s.isOk() && failed.isOk()) failed = s;
    };
    // Policies first: a network's traffic is held to ESP before any key is in place.
    auto policies = m_sock->policies();
    if (!policies) return policies.status();
    for (const auto& p : step.policies) {
        if (!holds(*policies, p)) {
            LOOM_LOG(Debug, kLog) << "put " << netlink::describe(p);
            note(m_sock->putPolicy(p));
            *changed = true;
        }
    }
    // States: new ones in before old ones out (a rotation), so the receiving side never lacks one.
    for (const auto& s : step.states) {
        if (!holds(*installed, s)) {
            LOOM_LOG(Debug, kLog) << "add " << netlink::describe(s);
            note(m_sock->putState(s));
            *changed = true;
        }
    }
    for (const auto& s : *installed) {
        if (!holds(step.states, s)) {
            LOOM_LOG(Debug, kLog) << "delete " << netlink::describe(s);
            note(m_sock->deleteState(s));
            *changed = true;
        }
    }
    for (const auto& p : *policies) {
        if (!holds(step.policies, p)) {
            LOOM_LOG(Debug, kLog) << "delete " << netlink::describe(p);
            note(m_sock->deletePolicy(p));
            *changed = true;
        }
    }
    if (!step.publish.empty() || !step.withdraw.empty() || !step.ack.empty() ||
        !step.withdrawAcks.empty()) {
        m_source.write(step);
    }
    for (const auto& [network, receiver, sender] : step.rotated) {
        // Which key, never the key; once, when it is made.
        LOOM_LOG(Info, kLog) << "network " << network << ": new key for what host " << sender
                             << " sends here";
    }

    CryptCounters c;
    c.states = static_cast<uint32_t>(step.states.size());
    c.policies = static_cast<uint32_t>(step.policies.size());
    c.networks = static_cast<uint32_t>(in.partners.size());  // encrypted networks carried here
    if (auto stats = netlink::readXfrmStats()) {
        c.plaintextDropped = stats->inTmplMismatch - m_statsAtStart.inTmplMismatch;
        c.decryptFailed = stats->inStateProtoError - m_statsAtStart.inStateProtoError;
    }
    {
        std::lock_guard lock(m_mutex);
        c.rotations = m_counters.rotations + step.rotated.size();
        c.lastError = m_counters.lastError;
        m_counters = c;
    }
    return failed;
}

}  // namespace loom::engine::crypt
