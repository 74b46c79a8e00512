#include "ui/designer/design_document.h"

#include <QSet>
#include <QUuid>

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>

#include "engine/model/address.h"

namespace loom::ui {

namespace {

// The worker's thread runs at a lower priority (nice 10) than the GUI thread, which it may
// share a CPU with: when both want the CPU, the GUI thread's events wait less (on Linux a
// thread's nice value is its own).
void yieldToTheGuiThread() {
    thread_local bool done = false;
    if (done) return;
    done = true;
    setpriority(PRIO_PROCESS, static_cast<id_t>(::gettid()), 10);
}

QString newKey() {
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

std::optional<engine::model::Cidr> cidrOf(const QString& text) {
    return engine::model::Cidr::parse(text.toStdString());
}

// The first subnet of `prefix` bits at or after `start` that overlaps none of `design`'s.
QString freeSubnet(const Design& design, engine::model::Cidr start) {
    std::vector<engine::model::Cidr> used;
    for (const auto& n : design.networks) {
        if (auto c = cidrOf(n.subnet)) used.push_back(*c);
    }
    engine::model::Cidr c{start.network(), start.prefix};
    for (int i = 0; i < 4096; ++i) {
        bool clash = std::any_of(used.begin(), used.end(),
                                 [&](const engine::model::Cidr& u) { return u.overlaps(c); });
        if (!clash) return QString::fromStdString(c.toString());
        c.base.value = c.network().value + static_cast<uint32_t>(c.size());
    }
    return {};
}

QString itemKey(const DesignHost& h) {
    return h.name;
}
QString itemKey(const DesignNetwork& n) {
    return n.key;
}
QString itemKey(const DesignEndpoint& e) {
    return e.key;
}
QString itemKey(const DesignService& s) {
    return s.key;
}

// What one edit did to one list of the draft, by item key: items removed, added, changed. An
// undo step holds only those (not the whole draft: a thousand endpoints would cost 200 KiB a
// step), and applies to the draft as it is then, so changes that came in from the cluster
// meanwhile stay. Only when the edit reordered kept items is the whole list held.
template <typename T>
class ListDelta {
public:
    ListDelta(const QList<T>& before, const QList<T>& after) {
        QHash<QString, qsizetype> inBefore, inAfter;
        for (qsizetype i = 0; i < before.size(); ++i) inBefore.insert(itemKey(before[i]), i);
        for (qsizetype i = 0; i < after.size(); ++i) inAfter.insert(itemKey(after[i]), i);
        QStringList keptBefore, keptAfter;
        for (const auto& b : before) {
            if (inAfter.contains(itemKey(b))) keptBefore << itemKey(b);
        }
        for (const auto& a : after) {
            if (inBefore.contains(itemKey(a))) keptAfter << itemKey(a);
        }
        if (keptBefore != keptAfter) {
            m_whole = true;
            m_before = before;
            m_after = after;
            return;
        }
        for (qsizetype i = 0; i < before.size(); ++i) {
            auto at = inAfter.find(itemKey(before[i]));
            if (at == inAfter.end())
                m_removed.append({i, before[i]});
            else if (!(after[*at] == before[i]))
                m_changed.append({before[i], after[*at]});
        }
        for (qsizetype i = 0; i < after.size(); ++i) {
            if (!inBefore.contains(itemKey(after[i]))) m_added.append({i, after[i]});
        }
    }

    void apply(QList<T>& list, bool forward) const {
        if (m_whole) {
            list = forward ? m_after : m_before;
            return;
        }
        const auto& gone = forward ? m_removed : m_added;
        const auto& come = forward ? m_added : m_removed;
        QSet<QString> drop;
        for (const auto& [i, item] : gone) drop.insert(itemKey(item));
        if (!drop.isEmpty()) list.removeIf([&](const T& t) { return drop.contains(itemKey(t)); });
        for (const auto& [b, a] : m_changed) {
            for (auto& t : list) {
                if (itemKey(t) == itemKey(b)) t = forward ? a : b;
            }
        }
        for (const auto& [i, item] : come) list.insert(std::min(i, list.size()), item);
    }

private:
    bool m_whole = false;
    QList<T> m_before, m_after;
    QList<std::pair<qsizetype, T>> m_removed, m_added;  // with their index before / after
    QList<std::pair<T, T>> m_changed;                   // before, after
};

}  // namespace

// One edit, as what it changed in each of the draft's lists.
class EditCommand : public QUndoCommand {
public:
    EditCommand(DesignDocument* doc, const QString& text, const Design& before, const Design& after)
        : QUndoCommand(text),
          m_doc(doc),
          m_hosts(before.hosts, after.hosts),
          m_networks(before.networks, after.networks),
          m_endpoints(before.endpoints, after.endpoints),
          m_services(before.services, after.services) {}
    void undo() override { m_doc->setDraft(applied(false)); }
    void redo() override { m_doc->setDraft(applied(true)); }

private:
    Design applied(bool forward) const {
        Design d = m_doc->draft();
        m_hosts.apply(d.hosts, forward);
        m_networks.apply(d.networks, forward);
        m_endpoints.apply(d.endpoints, forward);
        m_services.apply(d.services, forward);
        return d;
    }
    DesignDocument* m_doc;
    ListDelta<DesignHost> m_hosts;
    ListDelta<DesignNetwork> m_networks;
    ListDelta<DesignEndpoint> m_endpoints;
    ListDelta<DesignService> m_services;
};

DesignDocument::DesignDocument(QObject* parent) : QObject(parent) {
    m_undo.setUndoLimit(200);
    m_worker.setMaxThreadCount(1);
    m_worker.setObjectName(QStringLiteral("loom-design"));
    m_pacing.setSingleShot(true);
    connect(&m_pacing, &QTimer::timeout, this, [this] {
        if (!m_computing) followWaiting();  // else applyComputed takes the waiting state
    });
    setDraft({});
}

DesignDocument::~DesignDocument() {
    // A computation under way ends first (its result, posted to this object, goes with it).
    m_worker.waitForDone();
    // The stack says "clean changed" as it goes; nobody is listening by then.
    disconnect(&m_undo, nullptr, this, nullptr);
}

QList<Problem> DesignDocument::problemsOf(const QString& key) const {
    QList<Problem> out;
    for (const auto& p : m_problems) {
        if (p.key == key) out.append(p);
    }
    return out;
}

void DesignDocument::setDraft(const Design& design, const QList<Problem>* problems) {
    ++m_generation;
    m_draft = design;
    m_problems = problems ? *problems : checkDesign(m_draft, underlayMtuOf(m_live), &m_live);
    emit changed();
}

void DesignDocument::setDraftIfChanged(const Design& design, bool liveChanged) {
    if (!liveChanged && design == m_draft) return;  // an engine event that changed nothing shown
    setDraft(design);
}

void DesignDocument::follow(const Design& theirs, bool liveChanged,
                            const QList<Problem>* problems) {
    if (m_undo.count() > 0 && theirs != m_draft) m_undo.clear();
    m_base = theirs;
    if (!liveChanged && theirs == m_draft) return;  // an engine event that changed nothing shown
    setDraft(theirs, problems);
}

void DesignDocument::edit(const QString& text, const Design& after) {
    if (after == m_draft) return;
    m_undo.push(new EditCommand(this, text, m_draft, after));
}

void DesignDocument::setLive(const Inventory& live) {
    bool liveChanged = !(live == m_live);
    m_live = live;
    m_liveIndex = indexOf(m_live);
    Design theirs = designOf(m_live, m_draft);
    if (m_rebaseOnNextLive) {
        // After an apply: what ran is now live; what failed (and what came after it) stays a
        // draft, one undoable step over what runs.
        m_rebaseOnNextLive = false;
        Design rest = m_applySucceeded ? theirs : merge(m_base, rebase(m_draft, m_live), theirs);
        m_base = theirs;
        m_undo.clear();
        setDraft(theirs);
        if (rest != theirs)
            m_undo.push(new EditCommand(this, tr("Unapplied changes"), theirs, rest));
        return;
    }
    if (m_undo.isClean()) {
        follow(theirs, liveChanged, nullptr);
        return;
    }
    // Edited: others' changes come in where the draft did not touch the same items. Draft
    // items that exist by now (made by an apply whose answer raced this read, or by someone
    // else under the same name) become those items rather than second copies.
    Design merged = merge(m_base, rebase(m_draft, m_live), theirs);
    m_base = theirs;
    setDraftIfChanged(merged, liveChanged);
}

void DesignDocument::setLiveInBackground(const Inventory& live) {
    if (!m_undo.isClean() || m_rebaseOnNextLive) {
        m_waiting.reset();
        setLive(live);
        return;
    }
    if (m_computing || m_pacing.isActive()) {
        m_waiting = live;
        return;
    }
    if (m_lastComputed.isValid() && m_lastComputed.elapsed() < kFollowEveryMs) {
        m_waiting = live;
        m_pacing.start(static_cast<int>(kFollowEveryMs - m_lastComputed.elapsed()));
        return;
    }
    compute(live);
}

void DesignDocument::compute(const Inventory& live) {
    m_computing = true;
    m_lastComputed.start();
    Computed input{m_generation, live, {}, m_draft, {}};
    m_worker.start([this, input] {
        yieldToTheGuiThread();
        // Only values here: the inventory and the draft are copies (implicitly shared).
        Computed c = input;
        c.theirs = designOf(c.live, input.theirs);
        c.liveIndex = indexOf(c.live);
        c.problems = checkDesign(c.theirs, underlayMtuOf(c.live), &c.live);
        QMetaObject::invokeMethod(
            this, [this, c] { applyComputed(c); }, Qt::QueuedConnection);
    });
}

void DesignDocument::applyComputed(const Computed& c) {
    m_computing = false;
    if (c.generation != m_generation || !m_undo.isClean() || m_rebaseOnNextLive) {
        // The draft changed meanwhile: what was made from it is stale; the usual way.
        if (!m_waiting) setLive(c.live);
    } else {
        m_live = c.live;
        m_liveIndex = c.liveIndex;
        follow(c.theirs, true, &c.problems);
    }
    followWaiting();
}

QHash<QString, qsizetype> DesignDocument::indexOf(const Inventory& live) {
    QHash<QString, qsizetype> index;
    index.reserve(live.endpoints.size());
    for (qsizetype i = 0; i < live.endpoints.size(); ++i) index.insert(live.endpoints[i].id, i);
    return index;
}

void DesignDocument::followWaiting() {
    if (!m_waiting) return;
    Inventory next = std::move(*m_waiting);
    m_waiting.reset();
    setLiveInBackground(next);
}

void DesignDocument::revert() {
    m_undo.clear();
    m_applyErrors.clear();
    m_base = designOf(m_live, m_draft);
    setDraft(m_base);
}

void DesignDocument::load(const Design& design) {
    Design d = design;
    for (const auto& h : m_live.hosts) {
        if (!d.host(h.name)) d.hosts.append({h.name, {}});
    }
    bool placed = std::any_of(d.hosts.begin(), d.hosts.end(),
                              [](const DesignHost& h) { return !h.pos.isNull(); });
    if (!placed) autoLayout(d);
    // Networks and endpoints that exist already by name are the same items, not new ones.
    d = rebase(d, m_live);
    m_applyErrors.clear();
    edit(tr("Open design"), d);
}

QString DesignDocument::uniqueNetworkName(const Design& d, const QString& base) {
    QSet<QString> taken;
    for (const auto& n : d.networks) taken.insert(n.name);
    if (!taken.contains(base) && !base.isEmpty()) return base;
    for (int i = 1;; ++i) {
        QString name = base.isEmpty() ? QStringLiteral("net%1").arg(i)
                                      : QStringLiteral("%1-%2").arg(base).arg(i + 1);
        if (!taken.contains(name)) return name;
    }
}

QString DesignDocument::uniqueEndpointName(const Design& d, const QString& base,
                                           const QString& host) {
    QSet<QString> taken;
    for (const auto& e : d.endpoints) {
        if (e.hostName == host) taken.insert(e.name);
    }
    if (!taken.contains(base) && !base.isEmpty()) return base;
    for (int i = 1;; ++i) {
        QString name = base.isEmpty() ? QStringLiteral("ep%1").arg(i)
                                      : QStringLiteral("%1-%2").arg(base).arg(i + 1);
        if (!taken.contains(name)) return name;
    }
}

QString DesignDocument::uniqueHostName(const Design& d) {
    for (int i = 1;; ++i) {
        QString name = QStringLiteral("host%1").arg(i);
        if (!d.host(name)) return name;
    }
}

QString DesignDocument::addNetwork(QPointF pos) {
    Design d = m_draft;
    DesignNetwork n;
    n.key = newKey();
    n.name = uniqueNetworkName(d, {});
    n.subnet = freeSubnet(d, *cidrOf(QStringLiteral("10.10.0.0/24")));
    n.pos = pos;
    d.networks.append(n);
    edit(tr("Add network %1").arg(n.name), d);
    return n.key;
}

QString DesignDocument::addEndpoint(const QString& hostName, const QString& networkKey) {
    Design d = m_draft;
    DesignEndpoint e;
    e.key = newKey();
    e.hostName = hostName;
    e.name = uniqueEndpointName(d, {}, hostName);
    e.networkKey = d.network(networkKey) ? networkKey : QString();
    if (!d.host(hostName)) d.hosts.append({hostName, {}});
    d.endpoints.append(e);
    edit(tr("Add endpoint %1 on %2").arg(e.name, hostName), d);
    return e.key;
}

QString DesignDocument::addHost(const QString& name, QPointF pos) {
    if (m_draft.host(name)) return hostKey(name);
    Design d = m_draft;
    d.hosts.append({name, pos});
    edit(tr("Add host %1").arg(name), d);
    return hostKey(name);
}

QString DesignDocument::addService(const QString& networkKey, QPointF pos) {
    Design d = m_draft;
    const DesignNetwork* n = d.network(networkKey);
    if (!n && !d.networks.isEmpty()) n = &d.networks.front();
    if (!n) return {};
    DesignService sv;
    sv.key = newKey();
    sv.networkKey = n->key;
    QSet<QString> taken;
    for (const auto& other : d.services) taken.insert(other.name);
    for (const auto& e : d.endpoints) {
        if (e.networkKey == n->key) taken.insert(e.name);
    }
    sv.name = QStringLiteral("service");
    for (int i = 1; taken.contains(sv.name); ++i) sv.name = QStringLiteral("service%1").arg(i);
    int onNetwork = 0;
    for (const auto& other : d.services) onNetwork += other.networkKey == n->key;
    sv.pos = pos.isNull() ? servicePlace(*n, onNetwork) : pos;
    d.services.append(sv);
    edit(tr("Add service %1 on %2").arg(sv.name, n->name), d);
    return sv.key;
}

void DesignDocument::setService(const DesignService& service) {
    Design d = m_draft;
    auto* sv = d.service(service.key);
    if (!sv) return;
    // Its endpoints follow a new name; a new network leaves them behind nothing.
    for (auto& e : d.endpoints) {
        if (e.service != sv->name || e.networkKey != sv->networkKey) continue;
        e.service = service.networkKey == sv->networkKey ? service.name : QString();
    }
    *sv = service;
    edit(tr("Change service %1").arg(service.name), d);
}

void DesignDocument::setBehind(const QString& endpointKey, const QString& serviceKey) {
    Design d = m_draft;
    auto* e = d.endpoint(endpointKey);
    if (!e) return;
    const auto* sv = d.service(serviceKey);
    if (sv && sv->networkKey != e->networkKey) return;
    if (e->service == (sv ? sv->name : QString())) return;
    e->service = sv ? sv->name : QString();
    edit(sv ? tr("Put %1 behind %2").arg(e->name, sv->name)
            : tr("Take %1 out of its service").arg(e->name),
         d);
}

void DesignDocument::link(const QString& endpointKey, const QString& networkKey) {
    Design d = m_draft;
    auto* e = d.endpoint(endpointKey);
    const auto* n = d.network(networkKey);
    if (!e || !n) return;
    e->networkKey = networkKey;
    edit(tr("Link %1 to %2").arg(e->name, n->name), d);
}

void DesignDocument::setNetwork(const DesignNetwork& network) {
    Design d = m_draft;
    auto* n = d.network(network.key);
    if (!n) return;
    *n = network;
    edit(tr("Change network %1").arg(network.name), d);
}

void DesignDocument::setEndpoint(const DesignEndpoint& endpoint) {
    Design d = m_draft;
    auto* e = d.endpoint(endpoint.key);
    if (!e) return;
    *e = endpoint;
    if (!d.host(e->hostName)) d.hosts.append({e->hostName, {}});
    edit(tr("Change endpoint %1").arg(endpoint.name), d);
}

void DesignDocument::renameHost(const QString& from, const QString& to) {
    if (from == to || to.isEmpty() || m_draft.host(to)) return;
    Design d = m_draft;
    if (auto* h = d.host(from)) h->name = to;
    for (auto& e : d.endpoints) {
        if (e.hostName == from) e.hostName = to;
    }
    edit(tr("Rename host %1 to %2").arg(from, to), d);
}

void DesignDocument::remove(const QStringList& keys) {
    Design d = m_draft;
    QSet<QString> gone(keys.begin(), keys.end());
    QSet<QString> hosts, liveHosts;
    for (const auto& h : m_live.hosts) liveHosts.insert(h.name);
    for (const auto& k : keys) {
        if (k.startsWith(QStringLiteral("host:"))) hosts.insert(k.mid(5));
    }
    // A cluster host stays (the design cannot remove a machine); its endpoints go with it.
    d.hosts.removeIf(
        [&](const DesignHost& h) { return hosts.contains(h.name) && !liveHosts.contains(h.name); });
    d.networks.removeIf([&](const DesignNetwork& n) { return gone.contains(n.key); });
    d.endpoints.removeIf([&](const DesignEndpoint& e) {
        return gone.contains(e.key) || hosts.contains(e.hostName);
    });
    // A network's services go with it; endpoints behind a deleted service are behind none.
    QSet<QString> goneServices;  // network key "\n" name
    for (const auto& sv : d.services) {
        if (gone.contains(sv.key) || gone.contains(sv.networkKey))
            goneServices.insert(sv.networkKey + QLatin1Char('\n') + sv.name);
    }
    d.services.removeIf([&](const DesignService& sv) {
        return gone.contains(sv.key) || gone.contains(sv.networkKey);
    });
    // Endpoints of a deleted network stay, unlinked, and say so.
    for (auto& e : d.endpoints) {
        if (goneServices.contains(e.networkKey + QLatin1Char('\n') + e.service)) e.service.clear();
        if (gone.contains(e.networkKey)) e.networkKey.clear();
    }
    edit(tr("Delete %n item(s)", nullptr, static_cast<int>(keys.size())), d);
}

void DesignDocument::move(const QHash<QString, QPointF>& positions) {
    Design d = m_draft;
    for (auto it = positions.begin(); it != positions.end(); ++it) {
        if (it.key().startsWith(QStringLiteral("host:"))) {
            if (auto* h = d.host(it.key().mid(5))) h->pos = it.value();
        } else if (auto* n = d.network(it.key())) {
            n->pos = it.value();
        } else if (auto* sv = d.service(it.key())) {
            sv->pos = it.value();
        }
    }
    edit(tr("Move"), d);
}

void DesignDocument::align(const QStringList& keys, Edge edge) {
    QList<QPointF*> points;
    Design d = m_draft;
    for (const auto& k : keys) {
        if (k.startsWith(QStringLiteral("host:"))) {
            if (auto* h = d.host(k.mid(5))) points.append(&h->pos);
        } else if (auto* n = d.network(k)) {
            points.append(&n->pos);
        }
    }
    if (points.size() < 2) return;
    qreal to = edge == Edge::Left ? points.front()->x() : points.front()->y();
    for (auto* p : points) {
        if (edge == Edge::Left)
            to = std::min(to, p->x());
        else
            to = std::min(to, p->y());
    }
    for (auto* p : points) {
        if (edge == Edge::Left)
            p->setX(to);
        else
            p->setY(to);
    }
    edit(edge == Edge::Left ? tr("Align left") : tr("Align top"), d);
}

void DesignDocument::layOut() {
    Design d = m_draft;
    autoLayout(d);
    edit(tr("Lay out"), d);
}

QStringList DesignDocument::duplicate(const QStringList& keys, const QString& hostName) {
    QStringList added;
    Design d = m_draft;
    QHash<QString, QString> networkCopies;
    for (const auto& k : keys) {
        const auto* n = m_draft.network(k);
        if (!n) continue;
        DesignNetwork c = *n;
        c.key = newKey();
        c.liveId.clear();
        c.vni = 0;
        c.name = uniqueNetworkName(d, n->name + QStringLiteral("-copy"));
        if (auto cidr = cidrOf(n->subnet)) c.subnet = freeSubnet(d, *cidr);
        c.pos = n->pos + QPointF(30, 30);
        d.networks.append(c);
        networkCopies.insert(n->key, c.key);
        added.append(c.key);
    }
    for (const auto& k : keys) {
        const auto* e = m_draft.endpoint(k);
        if (!e) continue;
        DesignEndpoint c = *e;
        c.key = newKey();
        c.liveId.clear();
        c.ip.clear();
        if (!hostName.isEmpty()) c.hostName = hostName;
        c.networkKey = networkCopies.value(e->networkKey, e->networkKey);
        c.name = uniqueEndpointName(d, e->name, c.hostName);
        d.endpoints.append(c);
        added.append(c.key);
    }
    if (!added.isEmpty()) edit(tr("Paste %n item(s)", nullptr, static_cast<int>(added.size())), d);
    return added;
}

void DesignDocument::setApplyError(const QString& key, const QString& error) {
    if (m_applyErrors.value(key) == error) return;
    if (error.isEmpty())
        m_applyErrors.remove(key);
    else
        m_applyErrors.insert(key, error);
    emit changed();
}

void DesignDocument::finishApply(bool succeeded) {
    if (succeeded) m_applyErrors.clear();
    m_rebaseOnNextLive = true;
    m_applySucceeded = succeeded;
}

}  // namespace loom::ui
