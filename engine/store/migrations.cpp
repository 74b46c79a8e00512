#include "engine/store/migrations.h"

namespace loom::engine::store {

const std::vector<std::string>& migrations() {
    static const std::vector<std::string> kMigrations = {
        // 1: networks, endpoints, address allocations, ownership records of kernel objects.
        R"(
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE networks (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  vni INTEGER NOT NULL UNIQUE,
  subnet TEXT NOT NULL,
  gateway INTEGER NOT NULL,
  mtu INTEGER NOT NULL,
  port INTEGER NOT NULL,
  labels TEXT NOT NULL DEFAULT '',
  created_ms INTEGER NOT NULL
);
CREATE TABLE endpoints (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  network_id TEXT NOT NULL REFERENCES networks(id),
  ip INTEGER NOT NULL,
  mac TEXT NOT NULL,
  netns_mode INTEGER NOT NULL,
  netns_path TEXT NOT NULL,
  pid INTEGER NOT NULL DEFAULT 0,
  ifname TEXT NOT NULL,
  host_veth TEXT NOT NULL UNIQUE,
  service TEXT NOT NULL DEFAULT '',
  labels TEXT NOT NULL DEFAULT '',
  created_ms INTEGER NOT NULL
);
CREATE INDEX endpoints_by_network ON endpoints(network_id);
CREATE TABLE allocations (
  network_id TEXT NOT NULL REFERENCES networks(id) ON DELETE CASCADE,
  address INTEGER NOT NULL,
  owner TEXT NOT NULL,
  PRIMARY KEY (network_id, address)
);
CREATE TABLE owned_objects (
  kind INTEGER NOT NULL,
  netns TEXT NOT NULL,
  name TEXT NOT NULL,
  network_id TEXT NOT NULL,
  endpoint_id TEXT NOT NULL,
  created_ms INTEGER NOT NULL,
  PRIMARY KEY (kind, netns, name)
);
CREATE INDEX owned_by_endpoint ON owned_objects(endpoint_id);
CREATE INDEX owned_by_network ON owned_objects(network_id);
)",
        // 2: internal networks (DNS answers for their own names only).
        R"(
ALTER TABLE networks ADD COLUMN internal INTEGER NOT NULL DEFAULT 0;
)",
        // 3: services (a standalone engine's; clustered, etcd has them). The VIP is an
        // allocation owned by "service:<id>".
        R"(
CREATE TABLE services (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  network_id TEXT NOT NULL REFERENCES networks(id),
  vip INTEGER NOT NULL,
  ports TEXT NOT NULL DEFAULT '',
  labels TEXT NOT NULL DEFAULT '',
  created_ms INTEGER NOT NULL
);
CREATE INDEX services_by_network ON services(network_id);
)",
        // 4: encrypted networks (their keys are never stored here: etcd and the kernel have them).
        R"(
ALTER TABLE networks ADD COLUMN encrypted INTEGER NOT NULL DEFAULT 0;
ALTER TABLE networks ADD COLUMN key_rotation_s INTEGER NOT NULL DEFAULT 43200;
)",
        // 5: endpoints made for containers (CNI): the runtime's id, found again with the
        // interface name.
        R"(
ALTER TABLE endpoints ADD COLUMN container_id TEXT NOT NULL DEFAULT '';
CREATE INDEX endpoints_by_container ON endpoints(container_id) WHERE container_id <> '';
)",
        // 6: the audit trail: every change and every refusal the API answered.
        R"(
CREATE TABLE audit (
  id INTEGER PRIMARY KEY,
  unix_ms INTEGER NOT NULL,
  role INTEGER NOT NULL,
  subject TEXT NOT NULL,
  name TEXT NOT NULL,
  uid INTEGER NOT NULL,
  source TEXT NOT NULL,
  via TEXT NOT NULL,
  method TEXT NOT NULL,
  object TEXT NOT NULL,
  code INTEGER NOT NULL,
  message TEXT NOT NULL
);
CREATE INDEX audit_by_time ON audit(unix_ms);
)",
    };
    return kMigrations;
}

Result<int> schemaVersion(Db& db) {
    auto stmt = db.prepare("PRAGMA user_version");
    if (!stmt) return stmt.status();
    if (!stmt->step()) return db.error("read user_version");
    return static_cast<int>(stmt->integer(0));
}

Status migrate(Db& db) {
    auto version = schemaVersion(db);
    if (!version) return version.status();
    const auto& all = migrations();
    if (*version > static_cast<int>(all.size())) {
        return common::failedPrecondition("database schema version " + std::to_string(*version) +
                                          " is newer than this engine (" +
                                          std::to_string(all.size()) + "); refusing to touch it");
    }
    for (int v = *version; v < static_cast<int>(all.size()); ++v) {
        LOOM_RETURN_IF_ERROR(db.exec("BEGIN IMMEDIATE"));
        Status s = db.exec(all[v]);
        if (s.isOk()) s = db.exec("PRAGMA user_version = " + std::to_string(v + 1));
        if (!s.isOk()) {
            (void)db.exec("ROLLBACK");
            return s.withContext("migration " + std::to_string(v + 1));
        }
        LOOM_RETURN_IF_ERROR(db.exec("COMMIT"));
    }
    return {};
}

}  // namespace loom::engine::store
