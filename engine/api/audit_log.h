#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <vector>

#include "engine/common/serial_worker.h"
#include "engine/common/status.h"
#include "engine/store/store.h"
#include "loom/v1/loom.pb.h"

// The audit trail: every call that changed something and every refusal, in the store (a
// bounded number of days and rows) and in the log. Records are written by a thread of the
// trail's own, in batches, so that no gRPC callback waits on the disk; a record queued but not
// written yet is already in list()'s answer.
namespace loom::engine::api {

class AuditLog {
public:
    struct Options {
        std::chrono::hours keep{24 * 90};
        int64_t maxRows = 100000;
    };
    AuditLog(store::Store& store, Options options);
    ~AuditLog();

    // From any thread; never waits on the disk.
    void record(v1::AuditRecord record);
    // Newest first; `limit` 0 means 1000.
    common::Result<v1::ListAuditResponse> list(int64_t sinceMs, uint32_t limit);
    // Writes what is queued, then stops taking records.
    void stop();

private:
    void writeQueued();

    store::Store& m_store;
    Options m_options;
    std::mutex m_mutex;
    std::vector<store::AuditRow> m_queued;  // not in the store yet
    int64_t m_nextId = 1;
    int64_t m_sincePrune = 0;
    common::SerialWorker m_worker{"audit"};
};

}  // namespace loom::engine::api
