#include "engine/store/store.h"

#include <chrono>
#include <random>
#include <sstream>

#include "engine/store/migrations.h"

namespace loom::engine::store {

namespace {

int64_t nowMs() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

std::string encodeLabels(const model::Labels& labels) {
    std::string out;
    for (const auto& [k, v] : labels) out += k + "=" + v + "\n";
    return out;
}

model::Labels decodeLabels(const std::string& text) {
    model::Labels labels;
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) {
        auto eq = line.find('=');
        if (eq != std::string::npos) labels[line.substr(0, eq)] = line.substr(eq + 1);
    }
    return labels;
}

constexpr const char* kNetworkColumns =
    "SELECT id, name, vni, subnet, gateway, mtu, port, labels, created_ms, internal, "
    "encrypted, key_rotation_s FROM networks ";
constexpr const char* kEndpointColumns =
    "SELECT id, name, network_id, ip, mac, netns_mode, netns_path, pid, ifname, host_veth, "
    "service, labels, created_ms, container_id FROM endpoints ";

}  // namespace

Result<std::unique_ptr<Store>> Store::open(const std::string& path) {
    auto db = Db::open(path);
    if (!db) return db.status();
    LOOM_RETURN_IF_ERROR(migrate(**db).withContext(path));
    return std::unique_ptr<Store>(new Store(std::move(*db)));
}

Status Store::transaction(const std::function<Status()>& fn) {
    std::lock_guard lock(m_mutex);
    if (m_depth > 0) return fn();
    LOOM_RETURN_IF_ERROR(m_db->exec("BEGIN IMMEDIATE"));
    ++m_depth;
    Status s = fn();
    --m_depth;
    if (s.isOk()) s = m_db->exec("COMMIT");
    if (!s.isOk()) {
        (void)m_db->exec("ROLLBACK");
    } else {
        ++m_generation;
    }
    return s;
}

Result<std::string> Store::hostId() {
    std::lock_guard lock(m_mutex);
    auto get = m_db->prepare("SELECT value FROM meta WHERE key = 'host_id'");
    if (!get) return get.status();
    if (get->step()) return get->text(0);
    std::random_device rd;
    char id[17];
    std::snprintf(id, sizeof id, "%08x%08x", rd(), rd());
    auto put = m_db->prepare("INSERT INTO meta(key, value) VALUES ('host_id', ?)");
    if (!put) return put.status();
    LOOM_RETURN_IF_ERROR(put->bind(1, std::string(id)).run());
    return std::string(id);
}

Status Store::insertNetwork(const Network& n) {
    std::lock_guard lock(m_mutex);
    auto st = m_db->prepare(
        "INSERT INTO networks(id, name, vni, subnet, gateway, mtu, port, labels, created_ms, "
        "internal, encrypted, key_rotation_s) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    if (!st) return st.status();
    st->bind(1, n.id).bind(2, n.name).bind(3, int64_t{n.vni}).bind(4, n.subnet.toString());
    st->bind(5, int64_t{n.gateway.value}).bind(6, int64_t{n.mtu}).bind(7, int64_t{n.port});
    st->bind(8, encodeLabels(n.labels)).bind(9, n.createdUnixMs ? n.createdUnixMs : nowMs());
    st->bind(10, int64_t{n.internal ? 1 : 0}).bind(11, int64_t{n.encrypted ? 1 : 0});
    st->bind(12, int64_t{n.keyRotationS});
    LOOM_RETURN_IF_ERROR(st->run());
    return allocate(n.id, n.gateway.value, "host");
}

Status Store::updateNetwork(const Network& n) {
    std::lock_guard lock(m_mutex);
    auto st = m_db->prepare("UPDATE networks SET mtu = ?, labels = ?, internal = ? WHERE id = ?");
    if (!st) return st.status();
    st->bind(1, int64_t{n.mtu}).bind(2, encodeLabels(n.labels));
    st->bind(3, int64_t{n.internal ? 1 : 0}).bind(4, n.id);
    return st->run();
}

Status Store::updateEndpointLabels(const std::string& id, const model::Labels& labels) {
    std::lock_guard lock(m_mutex);
    auto st = m_db->prepare("UPDATE endpoints SET labels = ? WHERE id = ?");
    if (!st) return st.status();
    st->bind(1, encodeLabels(labels)).bind(2, id);
    return st->run();
}

Result<std::vector<Network>> Store::queryNetworks(const std::string& where,
                                                  const std::string& arg) {
    std::lock_guard lock(m_mutex);
    auto st = m_db->prepare(kNetworkColumns + where);
    if (!st) return st.status();
    if (!arg.empty()) st->bind(1, arg);
    std::vector<Network> out;
    while (st->step()) {
        Network n;
        n.id = st->text(0);
        n.name = st->text(1);
        n.vni = static_cast<uint32_t>(st->integer(2));
        n.subnet = model::Cidr::parse(st->text(3)).value_or(model::Cidr{});
        n.gateway = {static_cast<uint32_t>(st->integer(4))};
        n.mtu = static_cast<uint32_t>(st->integer(5));
        n.port = static_cast<uint32_t>(st->integer(6));
        n.labels = decodeLabels(st->text(7));
        n.createdUnixMs = st->integer(8);
        n.internal = st->integer(9) != 0;
        n.encrypted = st->integer(10) != 0;
        n.keyRotationS = static_cast<uint32_t>(st->integer(11));
        out.push_back(std::move(n));
    }
    if (!st->status().isOk()) return st->status();
    return out;
}

Result<std::optional<Network>> Store::findNetwork(const std::string& idOrName) {
    auto found = queryNetworks("WHERE id = ?1 OR name = ?1", idOrName);
    if (!found) return found.status();
    if (found->empty()) return std::optional<Network>{};
    return std::optional<Network>{found->front()};
}

Result<std::vector<uint32_t>> Store::usedVnis() {
    std::lock_guard lock(m_mutex);
    auto st = m_db->prepare("SELECT vni FROM networks ORDER BY vni");
    if (!st) return st.status();
    std::vector<uint32_t> out;
    while (st->step()) out.push_back(static_cast<uint32_t>(st->integer(0)));
    if (!st->status().isOk()) return st->status();
    return out;
}

Status Store::deleteNetwork(const std::string& id) {
    std::lock_guard lock(m_mutex);
    auto services = m_db->prepare("DELETE FROM services WHERE network_id = ?");
    if (!services) return services.status();
    LOOM_RETURN_IF_ERROR(services->bind(1, id).run());
    auto st = m_db->prepare("DELETE FROM networks WHERE id = ?");
    if (!st) return st.status();
    return st->bind(1, id).run();
}

Status Store::insertEndpoint(const Endpoint& e) {
    std::lock_guard lock(m_mutex);
    auto st = m_db->prepare(
        "INSERT INTO endpoints(id, name, network_id, ip, mac, netns_mode, netns_path, pid, "
        "ifname, host_veth, service, labels, created_ms, container_id) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    if (!st) return st.status();
    st->bind(1, e.id).bind(2, e.name).bind(3, e.networkId).bind(4, int64_t{e.ip.value});
    st->bind(5, e.mac.toString()).bind(6, static_cast<int64_t>(e.netnsMode));
    st->bind(7, e.netnsPath).bind(8, int64_t{e.pid}).bind(9, e.interfaceName);
    st->bind(10, e.hostVeth).bind(11, e.service).bind(12, encodeLabels(e.labels));
    st->bind(13, e.createdUnixMs ? e.createdUnixMs : nowMs()).bind(14, e.containerId);
    LOOM_RETURN_IF_ERROR(st->run());
    return allocate(e.networkId, e.ip.value, e.id);
}

Result<std::vector<Endpoint>> Store::queryEndpoints(const std::string& where,
                                                    const std::vector<std::string>& args) {
    std::lock_guard lock(m_mutex);
    auto st = m_db->prepare(kEndpointColumns + where);
    if (!st) return st.status();
    for (size_t i = 0; i < args.size(); ++i) st->bind(static_cast<int>(i + 1), args[i]);
    std::vector<Endpoint> out;
    while (st->step()) {
        Endpoint e;
        e.id = st->text(0);
        e.name = st->text(1);
        e.networkId = st->text(2);
        e.ip = {static_cast<uint32_t>(st->integer(3))};
        e.mac = model::Mac::parse(st->text(4)).value_or(model::Mac{});
        e.netnsMode = static_cast<model::NetnsMode>(st->integer(5));
        e.netnsPath = st->text(6);
        e.pid = static_cast<int32_t>(st->integer(7));
        e.interfaceName = st->text(8);
        e.hostVeth = st->text(9);
        e.service = st->text(10);
        e.labels = decodeLabels(st->text(11));
        e.createdUnixMs = st->integer(12);
        e.containerId = st->text(13);
        out.push_back(std::move(e));
    }
    if (!st->status().isOk()) return st->status();
    return out;
}

Result<std::optional<Endpoint>> Store::findEndpoint(const std::string& idOrName) {
    auto found = queryEndpoints("WHERE id = ?1 OR name = ?1", {idOrName});
    if (!found) return found.status();
    if (found->empty()) return std::optional<Endpoint>{};
    return std::optional<Endpoint>{found->front()};
}

Result<std::optional<Endpoint>> Store::findContainerEndpoint(const std::string& containerId,
                                                             const std::string& ifname) {
    if (containerId.empty()) return std::optional<Endpoint>{};
    auto found = queryEndpoints("WHERE container_id = ?1 AND ifname = ?2", {containerId, ifname});
    if (!found) return found.status();
    if (found->empty()) return std::optional<Endpoint>{};
    return std::optional<Endpoint>{found->front()};
}

Result<bool> Store::macTaken(const std::string& networkId, const model::Mac& mac) {
    std::lock_guard lock(m_mutex);
    auto st = m_db->prepare("SELECT 1 FROM endpoints WHERE network_id = ? AND mac = ?");
    if (!st) return st.status();
    bool taken = st->bind(1, networkId).bind(2, mac.toString()).step();
    if (!st->status().isOk()) return st->status();
    return taken;
}

Result<std::vector<Endpoint>> Store::listEndpoints(const std::string& networkId) {
    if (networkId.empty()) return queryEndpoints("ORDER BY name", {});
    return queryEndpoints("WHERE network_id = ? ORDER BY name", {networkId});
}

Status Store::deleteEndpoint(const std::string& id) {
    std::lock_guard lock(m_mutex);
    auto alloc = m_db->prepare("DELETE FROM allocations WHERE owner = ?");
    if (!alloc) return alloc.status();
    LOOM_RETURN_IF_ERROR(alloc->bind(1, id).run());
    auto st = m_db->prepare("DELETE FROM endpoints WHERE id = ?");
    if (!st) return st.status();
    return st->bind(1, id).run();
}

Result<int64_t> Store::endpointCount(const std::string& networkId) {
    std::lock_guard lock(m_mutex);
    auto st =
        m_db->prepare(networkId.empty() ? "SELECT count(*) FROM endpoints WHERE ?1 = ''"
                                        : "SELECT count(*) FROM endpoints WHERE network_id = ?1");
    if (!st) return st.status();
    st->bind(1, networkId);
    if (!st->step()) return st->status().isOk() ? m_db->error("count") : st->status();
    return st->integer(0);
}

Result<bool> Store::interfaceTaken(const std::string& netnsPath, const std::string& ifname) {
    std::lock_guard lock(m_mutex);
    auto st = m_db->prepare("SELECT 1 FROM endpoints WHERE netns_path = ? AND ifname = ?");
    if (!st) return st.status();
    st->bind(1, netnsPath).bind(2, ifname);
    bool taken = st->step();
    if (!st->status().isOk()) return st->status();
    return taken;
}

Result<bool> Store::hostVethTaken(const std::string& name) {
    std::lock_guard lock(m_mutex);
    auto st = m_db->prepare("SELECT 1 FROM endpoints WHERE host_veth = ?");
    if (!st) return st.status();
    bool taken = st->bind(1, name).step();
    if (!st->status().isOk()) return st->status();
    return taken;
}

Result<std::vector<uint32_t>> Store::takenAddresses(const std::string& networkId) {
    std::lock_guard lock(m_mutex);
    auto st =
        m_db->prepare("SELECT address FROM allocations WHERE network_id = ? ORDER BY address");
    if (!st) return st.status();
    st->bind(1, networkId);
    std::vector<uint32_t> out;
    while (st->step()) out.push_back(static_cast<uint32_t>(st->integer(0)));
    if (!st->status().isOk()) return st->status();
    return out;
}

Status Store::allocate(const std::string& networkId, uint32_t address, const std::string& owner) {
    std::lock_guard lock(m_mutex);
    auto st = m_db->prepare("INSERT INTO allocations(network_id, address, owner) VALUES (?, ?, ?)");
    if (!st) return st.status();
    st->bind(1, networkId).bind(2, int64_t{address}).bind(3, owner);
    Status s = st->run();
    if (s.code() == common::Code::AlreadyExists) {
        return common::alreadyExists("ip: " + model::Ipv4{address}.toString() +
                                     " is already taken");
    }
    return s;
}

Result<std::vector<Network>> Store::networks() {
    return queryNetworks("ORDER BY name", "");
}

Result<std::optional<Network>> Store::network(const std::string& id) {
    auto found = queryNetworks("WHERE id = ?", id);
    if (!found) return found.status();
    if (found->empty()) return std::optional<Network>{};
    return std::optional<Network>{found->front()};
}

Result<std::vector<Endpoint>> Store::endpoints() {
    return queryEndpoints("ORDER BY name", {});
}

Result<std::optional<Endpoint>> Store::endpoint(const std::string& id) {
    auto found = queryEndpoints("WHERE id = ?", {id});
    if (!found) return found.status();
    if (found->empty()) return std::optional<Endpoint>{};
    return std::optional<Endpoint>{found->front()};
}

Result<std::vector<reconcile::OwnedObject>> Store::queryOwned(
    const std::string& where, const std::vector<std::string>& args) {
    std::lock_guard lock(m_mutex);
    auto st =
        m_db->prepare("SELECT kind, netns, name, network_id, endpoint_id FROM owned_objects " +
                      where + " ORDER BY rowid");
    if (!st) return st.status();
    for (size_t i = 0; i < args.size(); ++i) st->bind(static_cast<int>(i + 1), args[i]);
    std::vector<reconcile::OwnedObject> out;
    while (st->step()) {
        out.push_back({static_cast<reconcile::OwnedObject::Kind>(st->integer(0)), st->text(1),
                       st->text(2), st->text(3), st->text(4)});
    }
    if (!st->status().isOk()) return st->status();
    return out;
}

Result<std::vector<reconcile::OwnedObject>> Store::owned() {
    return queryOwned("", {});
}

Result<std::vector<reconcile::OwnedObject>> Store::ownedBy(const std::string& networkId,
                                                           const std::string& endpointId) {
    if (!endpointId.empty()) return queryOwned("WHERE endpoint_id = ?", {endpointId});
    return queryOwned("WHERE network_id = ? AND endpoint_id = ''", {networkId});
}

Status Store::recordOwned(const std::vector<reconcile::OwnedObject>& objects) {
    return transaction([&]() -> Status {
        for (const auto& o : objects) {
            auto st = m_db->prepare(
                "INSERT OR REPLACE INTO owned_objects(kind, netns, name, network_id, endpoint_id, "
                "created_ms) VALUES (?, ?, ?, ?, ?, ?)");
            if (!st) return st.status();
            st->bind(1, static_cast<int64_t>(o.kind)).bind(2, o.netns).bind(3, o.name);
            st->bind(4, o.networkId).bind(5, o.endpointId).bind(6, nowMs());
            LOOM_RETURN_IF_ERROR(st->run());
        }
        return Status{};
    });
}

Status Store::forgetOwned(const std::vector<reconcile::OwnedObject>& objects) {
    return transaction([&]() -> Status {
        for (const auto& o : objects) {
            auto st = m_db->prepare(
                "DELETE FROM owned_objects WHERE kind = ? AND netns = ? AND name = ?");
            if (!st) return st.status();
            st->bind(1, static_cast<int64_t>(o.kind)).bind(2, o.netns).bind(3, o.name);
            LOOM_RETURN_IF_ERROR(st->run());
        }
        return Status{};
    });
}

}  // namespace loom::engine::store

namespace loom::engine::store {

Status Store::updateEndpointService(const std::string& id, const std::string& service) {
    std::lock_guard lock(m_mutex);
    auto st = m_db->prepare("UPDATE endpoints SET service = ? WHERE id = ?");
    if (!st) return st.status();
    st->bind(1, service).bind(2, id);
    return st->run();
}

Status Store::insertService(const model::Service& s) {
    std::lock_guard lock(m_mutex);
    auto st = m_db->prepare(
        "INSERT INTO services(id, name, network_id, vip, ports, labels, created_ms) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)");
    if (!st) return st.status();
    st->bind(1, s.id).bind(2, s.name).bind(3, s.networkId).bind(4, int64_t{s.vip.value});
    st->bind(5, model::portsText(s.ports)).bind(6, encodeLabels(s.labels));
    st->bind(7, s.createdUnixMs ? s.createdUnixMs : nowMs());
    LOOM_RETURN_IF_ERROR(st->run());
    return allocate(s.networkId, s.vip.value, "service:" + s.id);
}

Status Store::deleteService(const std::string& id) {
    std::lock_guard lock(m_mutex);
    auto alloc = m_db->prepare("DELETE FROM allocations WHERE owner = ?");
    if (!alloc) return alloc.status();
    LOOM_RETURN_IF_ERROR(alloc->bind(1, "service:" + id).run());
    auto st = m_db->prepare("DELETE FROM services WHERE id = ?");
    if (!st) return st.status();
    return st->bind(1, id).run();
}

Result<std::vector<model::Service>> Store::queryServices(const std::string& where,
                                                         const std::string& arg) {
    std::lock_guard lock(m_mutex);
    auto st =
        m_db->prepare("SELECT id, name, network_id, vip, ports, labels, created_ms FROM services " +
                      where + " ORDER BY name");
    if (!st) return st.status();
    if (!arg.empty()) st->bind(1, arg);
    std::vector<model::Service> out;
    while (st->step()) {
        model::Service s;
        s.id = st->text(0);
        s.name = st->text(1);
        s.networkId = st->text(2);
        s.vip = {static_cast<uint32_t>(st->integer(3))};
        s.ports = model::parsePorts(st->text(4)).value_or(std::vector<model::ServicePort>{});
        s.labels = decodeLabels(st->text(5));
        s.createdUnixMs = st->integer(6);
        out.push_back(std::move(s));
    }
    if (!st->status().isOk()) return st->status();
    return out;
}

Result<std::vector<model::Service>> Store::services(const std::string& networkId) {
    return networkId.empty() ? queryServices("", "")
                             : queryServices("WHERE network_id = ?", networkId);
}

Result<std::optional<model::Service>> Store::findService(const std::string& idOrName) {
    auto found = queryServices("WHERE id = ?1 OR name = ?1", idOrName);
    if (!found) return found.status();
    if (found->empty()) return std::optional<model::Service>{};
    return std::optional<model::Service>{found->front()};
}

}  // namespace loom::engine::store

namespace loom::engine::store {

Status Store::appendAudit(const std::vector<AuditRow>& rows) {
    std::lock_guard lock(m_mutex);
    bool own = m_depth == 0;
    if (own) LOOM_RETURN_IF_ERROR(m_db->exec("BEGIN IMMEDIATE"));
    auto st = m_db->prepare(
        "INSERT INTO audit(id, unix_ms, role, subject, name, uid, source, via, method, object, "
        "code, message) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    Status s = st.status();
    for (size_t i = 0; s.isOk() && i < rows.size(); ++i) {
        const AuditRow& r = rows[i];
        st->reset();
        st->bind(1, r.id).bind(2, r.unixMs).bind(3, int64_t{r.role}).bind(4, r.subject);
        st->bind(5, r.name).bind(6, r.uid).bind(7, r.source).bind(8, r.via).bind(9, r.method);
        st->bind(10, r.object).bind(11, int64_t{r.code}).bind(12, r.message);
        s = st->run();
    }
    if (!own) return s;
    if (s.isOk()) s = m_db->exec("COMMIT");
    if (!s.isOk()) (void)m_db->exec("ROLLBACK");
    return s;
}

Result<std::vector<AuditRow>> Store::auditRows(int64_t sinceMs, size_t limit) {
    std::lock_guard lock(m_mutex);
    auto st = m_db->prepare(
        "SELECT id, unix_ms, role, subject, name, uid, source, via, method, object, code, "
        "message FROM audit WHERE unix_ms >= ? ORDER BY id DESC LIMIT ?");
    if (!st) return st.status();
    st->bind(1, sinceMs).bind(2, static_cast<int64_t>(limit));
    std::vector<AuditRow> out;
    while (st->step()) {
        AuditRow r;
        r.id = st->integer(0);
        r.unixMs = st->integer(1);
        r.role = static_cast<int>(st->integer(2));
        r.subject = st->text(3);
        r.name = st->text(4);
        r.uid = st->integer(5);
        r.source = st->text(6);
        r.via = st->text(7);
        r.method = st->text(8);
        r.object = st->text(9);
        r.code = static_cast<int>(st->integer(10));
        r.message = st->text(11);
        out.push_back(std::move(r));
    }
    LOOM_RETURN_IF_ERROR(st->status());
    return out;
}

Result<int64_t> Store::lastAuditId() {
    std::lock_guard lock(m_mutex);
    auto st = m_db->prepare("SELECT COALESCE(MAX(id), 0) FROM audit");
    if (!st) return st.status();
    if (!st->step()) return m_db->error("read the audit trail");
    return st->integer(0);
}

Status Store::pruneAudit(int64_t beforeMs, int64_t keepRows) {
    std::lock_guard lock(m_mutex);
    auto old = m_db->prepare("DELETE FROM audit WHERE unix_ms < ?");
    if (!old) return old.status();
    LOOM_RETURN_IF_ERROR(old->bind(1, beforeMs).run());
    auto many =
        m_db->prepare("DELETE FROM audit WHERE id <= (SELECT COALESCE(MAX(id), 0) FROM audit) - ?");
    if (!many) return many.status();
    return many->bind(1, keepRows).run();
}

}  // namespace loom::engine::store
