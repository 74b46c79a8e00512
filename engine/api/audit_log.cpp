#include "engine/api/audit_log.h"

#include <algorithm>
#include <thread>

#include "engine/common/log.h"

namespace loom::engine::api {

namespace {

constexpr int64_t kPruneEvery = 500;  // records
// The writer gathers records this long before it commits: a burst of calls costs one commit
// (an fsync) instead of one each. list() shows queued records, so nobody waits for it.
constexpr std::chrono::milliseconds kGather{20};

store::AuditRow toRow(const v1::AuditRecord& r) {
    store::AuditRow row;
    row.unixMs = r.unix_ms();
    row.role = r.caller().role();
    row.subject = r.caller().subject();
    row.name = r.caller().name();
    row.uid = r.caller().uid();
    row.source = r.caller().source();
    row.via = r.caller().via();
    row.method = r.method();
    row.object = r.object();
    row.code = r.code();
    row.message = r.message();
    return row;
}

void fromRow(const store::AuditRow& row, v1::AuditRecord* r) {
    r->set_unix_ms(row.unixMs);
    r->mutable_caller()->set_role(static_cast<v1::Role>(row.role));
    r->mutable_caller()->set_subject(row.subject);
    r->mutable_caller()->set_name(row.name);
    r->mutable_caller()->set_uid(row.uid);
    r->mutable_caller()->set_source(row.source);
    r->mutable_caller()->set_via(row.via);
    r->set_method(row.method);
    r->set_object(row.object);
    r->set_code(row.code);
    r->set_message(row.message);
}

int64_t nowMs() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

}  // namespace

AuditLog::AuditLog(store::Store& store, Options options) : m_store(store), m_options(options) {
    if (auto last = m_store.lastAuditId()) {
        m_nextId = *last + 1;
    } else {
        LOOM_LOG(Warning, "audit") << "cannot read the audit trail: " << last.status().message();
    }
    m_sincePrune = kPruneEvery;  // the first batch prunes what aged while the engine was down
}

AuditLog::~AuditLog() {
    stop();
}

void AuditLog::record(v1::AuditRecord record) {
    store::AuditRow row = toRow(record);
    bool first;
    {
        std::lock_guard lock(m_mutex);
        row.id = m_nextId++;
        first = m_queued.empty();
        m_queued.push_back(std::move(row));
    }
    if (first) m_worker.post([this] { writeQueued(); });
}

void AuditLog::writeQueued() {
    std::this_thread::sleep_for(kGather);  // the writer's own thread: nothing waits on it
    std::vector<store::AuditRow> batch;
    {
        std::lock_guard lock(m_mutex);
        batch = m_queued;  // stays queued (and listed) until it is in the store
    }
    if (batch.empty()) return;
    for (const auto& r : batch) {
        std::string outcome = r.code == 0 ? "done" : r.message;
        LOOM_LOG(Info, "audit") << r.subject << (r.via.empty() ? "" : " via " + r.via) << " ["
                                << r.source << "] " << r.method
                                << (r.object.empty() ? "" : " " + r.object) << ": " << outcome;
    }
    common::Status s = m_store.appendAudit(batch);
    if (!s.isOk()) {
        LOOM_LOG(Error, "audit") << "cannot write " << batch.size()
                                 << " audit record(s): " << s.message();
    }
    bool more;
    {
        std::lock_guard lock(m_mutex);
        m_queued.erase(m_queued.begin(), m_queued.begin() + batch.size());
        more = !m_queued.empty();
    }
    m_sincePrune += static_cast<int64_t>(batch.size());
    if (m_sincePrune >= kPruneEvery) {
        m_sincePrune = 0;
        auto keepMs = std::chrono::duration_cast<std::chrono::milliseconds>(m_options.keep).count();
        common::Status p = m_store.pruneAudit(nowMs() - keepMs, m_options.maxRows);
        if (!p.isOk()) {
            LOOM_LOG(Warning, "audit") << "cannot prune the audit trail: " << p.message();
        }
    }
    if (more) m_worker.post([this] { writeQueued(); });
}

common::Result<v1::ListAuditResponse> AuditLog::list(int64_t sinceMs, uint32_t limit) {
    if (limit == 0) limit = 1000;
    std::vector<store::AuditRow> queued;
    {
        std::lock_guard lock(m_mutex);
        queued = m_queued;  // before the store: a record written meanwhile is then in both
    }
    auto stored = m_store.auditRows(sinceMs, limit + 1);
    if (!stored) return stored.status();
    std::vector<store::AuditRow> all = std::move(*stored);
    int64_t newestStored = all.empty() ? 0 : all.front().id;
    for (auto& r : queued) {
        if (r.id > newestStored && r.unixMs >= sinceMs) all.push_back(std::move(r));
    }
    std::sort(all.begin(), all.end(), [](const auto& a, const auto& b) { return a.id > b.id; });
    v1::ListAuditResponse out;
    out.set_truncated(all.size() > limit);
    for (size_t i = 0; i < all.size() && i < limit; ++i) fromRow(all[i], out.add_records());
    return out;
}

void AuditLog::stop() {
    m_worker.stop();
}

}  // namespace loom::engine::api
