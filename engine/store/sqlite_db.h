#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "engine/common/status.h"

struct sqlite3;
struct sqlite3_stmt;

namespace loom::engine::store {

using common::Result;
using common::Status;

class Statement {
public:
    explicit Statement(sqlite3_stmt* stmt) : m_stmt(stmt) {}
    Statement(Statement&& o) noexcept : m_stmt(o.m_stmt), m_status(o.m_status) {
        o.m_stmt = nullptr;
    }
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;
    ~Statement();  // resets (the statement itself stays cached in Db)

    Statement& bind(int index, const std::string& v);
    Statement& bind(int index, int64_t v);
    Statement& bind(int index, double v);
    Statement& bindNull(int index);
    Statement& bindBlob(int index, std::string_view v);
    // SQLITE_ROW -> true, SQLITE_DONE -> false; errors land in status().
    bool step();
    Status status() const { return m_status; }
    Status run();  // steps to the end
    // Ready to bind and run again (a batch of inserts reuses one statement).
    void reset();
    int64_t integer(int col) const;
    double real(int col) const;
    std::string text(int col) const;
    // Valid until the next step or reset.
    std::string_view blob(int col) const;

private:
    sqlite3_stmt* m_stmt;
    Status m_status;
};

class Db {
public:
    // `pageSize` (bytes, a power of two): for a new file only, set before WAL fixes it.
    static Result<std::unique_ptr<Db>> open(const std::string& path, int pageSize = 0);
    ~Db();

    Status exec(const std::string& sql);
    // A cached prepared statement; use one at a time per SQL text.
    Result<Statement> prepare(const std::string& sql);
    int64_t changes() const;
    Status error(const std::string& what) const;

private:
    explicit Db(sqlite3* db) : m_db(db) {}
    sqlite3* m_db;
    std::map<std::string, sqlite3_stmt*> m_cache;
};

}  // namespace loom::engine::store
