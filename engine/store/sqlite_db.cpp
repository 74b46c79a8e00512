#include "engine/store/sqlite_db.h"

#include <sqlite3.h>

namespace loom::engine::store {

Statement::~Statement() {
    if (!m_stmt) return;
    sqlite3_reset(m_stmt);
    sqlite3_clear_bindings(m_stmt);
}

Statement& Statement::bind(int index, const std::string& v) {
    sqlite3_bind_text(m_stmt, index, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
    return *this;
}

Statement& Statement::bind(int index, int64_t v) {
    sqlite3_bind_int64(m_stmt, index, v);
    return *this;
}

Statement& Statement::bind(int index, double v) {
    sqlite3_bind_double(m_stmt, index, v);
    return *this;
}

Statement& Statement::bindBlob(int index, std::string_view v) {
    sqlite3_bind_blob(m_stmt, index, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
    return *this;
}

Statement& Statement::bindNull(int index) {
    sqlite3_bind_null(m_stmt, index);
    return *this;
}

bool Statement::step() {
    int rc = sqlite3_step(m_stmt);
    if (rc == SQLITE_ROW) return true;
    if (rc != SQLITE_DONE) {
        sqlite3* db = sqlite3_db_handle(m_stmt);
        common::Code code = rc == SQLITE_CONSTRAINT ? common::Code::AlreadyExists
                            : rc == SQLITE_BUSY     ? common::Code::Unavailable
                                                    : common::Code::Internal;
        m_status = {code, std::string("database: ") + sqlite3_errmsg(db)};
    }
    return false;
}

void Statement::reset() {
    sqlite3_reset(m_stmt);
    sqlite3_clear_bindings(m_stmt);
    m_status = {};
}

Status Statement::run() {
    while (step()) {
    }
    return m_status;
}

int64_t Statement::integer(int col) const {
    return sqlite3_column_int64(m_stmt, col);
}

double Statement::real(int col) const {
    return sqlite3_column_double(m_stmt, col);
}

std::string Statement::text(int col) const {
    auto* p = sqlite3_column_text(m_stmt, col);
    return p ? std::string(reinterpret_cast<const char*>(p),
                           static_cast<size_t>(sqlite3_column_bytes(m_stmt, col)))
             : std::string();
}

std::string_view Statement::blob(int col) const {
    const void* p = sqlite3_column_blob(m_stmt, col);
    if (!p) return {};
    return {static_cast<const char*>(p), static_cast<size_t>(sqlite3_column_bytes(m_stmt, col))};
}

Result<std::unique_ptr<Db>> Db::open(const std::string& path, int pageSize) {
    sqlite3* raw = nullptr;
    int rc =
        sqlite3_open_v2(path.c_str(), &raw,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
    if (rc != SQLITE_OK) {
        std::string msg = raw ? sqlite3_errmsg(raw) : "out of memory";
        sqlite3_close(raw);
        return common::unavailable("open database " + path + ": " + msg);
    }
    std::unique_ptr<Db> db(new Db(raw));
    sqlite3_busy_timeout(raw, 5000);
    if (pageSize > 0) {
        LOOM_RETURN_IF_ERROR(
            db->exec("PRAGMA page_size=" + std::to_string(pageSize)).withContext(path));
    }
    // WAL with FULL sync: a commit that returned survives a power cut, not only a crash.
    for (const char* pragma :
         {"PRAGMA journal_mode=WAL", "PRAGMA synchronous=FULL", "PRAGMA foreign_keys=ON"}) {
        LOOM_RETURN_IF_ERROR(db->exec(pragma).withContext(path));
    }
    return db;
}

Db::~Db() {
    for (auto& [sql, stmt] : m_cache) sqlite3_finalize(stmt);
    sqlite3_close(m_db);
}

Status Db::exec(const std::string& sql) {
    char* err = nullptr;
    if (sqlite3_exec(m_db, sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
        Status s = common::internal(std::string("database: ") + (err ? err : "?"));
        sqlite3_free(err);
        return s;
    }
    return {};
}

Result<Statement> Db::prepare(const std::string& sql) {
    auto it = m_cache.find(sql);
    if (it != m_cache.end()) return Statement(it->second);
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v3(m_db, sql.c_str(), -1, SQLITE_PREPARE_PERSISTENT, &stmt, nullptr) !=
        SQLITE_OK) {
        return error("prepare \"" + sql + "\"");
    }
    m_cache[sql] = stmt;
    return Statement(stmt);
}

int64_t Db::changes() const {
    return sqlite3_changes(m_db);
}

Status Db::error(const std::string& what) const {
    return common::internal("database: " + what + ": " + sqlite3_errmsg(m_db));
}

}  // namespace loom::engine::store
