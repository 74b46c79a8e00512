#pragma once

#include <string>
#include <vector>

#include "engine/store/sqlite_db.h"

namespace loom::engine::store {

// Schema version N is reached by running migrations[0..N-1] in order; PRAGMA user_version holds
// N. A migration is never edited once released: a change is a new one at the end.
const std::vector<std::string>& migrations();

// Brings the database to the latest version, each step in its own transaction. Refuses a
// database newer than this engine.
Status migrate(Db& db);
Result<int> schemaVersion(Db& db);

}  // namespace loom::engine::store
