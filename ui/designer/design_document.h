#pragma once

#include <QElapsedTimer>
#include <QHash>
#include <QObject>
#include <QThreadPool>
#include <QTimer>
#include <QUndoStack>

#include <optional>

#include "ui/client/types.h"
#include "ui/designer/design_check.h"
#include "ui/designer/plan.h"

namespace loom::ui {

// The design being edited: a draft over the cluster's live state. Every edit is one command
// on the undo stack; the draft follows the cluster by itself while nobody has edited it (the
// stack is clean), and is kept as it is once someone has. Problems are found after every edit
// with the engine's own rules.
class DesignDocument : public QObject {
    Q_OBJECT
public:
    explicit DesignDocument(QObject* parent = nullptr);
    ~DesignDocument() override;

    const Design& draft() const { return m_draft; }
    const Inventory& live() const { return m_live; }
    // A live endpoint by id (nullptr when not live), without a pass over the inventory.
    const EndpointInfo* liveEndpoint(const QString& id) const {
        auto at = m_liveIndex.constFind(id);
        if (at == m_liveIndex.cend() || *at >= m_live.endpoints.size()) return nullptr;
        const EndpointInfo& e = m_live.endpoints.at(*at);
        return e.id == id ? &e : nullptr;
    }
    QUndoStack& undoStack() { return m_undo; }
    const QList<Problem>& problems() const { return m_problems; }
    QList<Problem> problemsOf(const QString& key) const;
    // The refusal of the last apply for this item, if it failed there.
    QString applyError(const QString& key) const { return m_applyErrors.value(key); }
    // True when the draft differs from what runs.
    bool modified() const { return !m_undo.isClean(); }
    Plan plan() const { return makePlan(m_draft, m_live); }

    // The cluster's state, read again. An untouched draft becomes it.
    void setLive(const Inventory& live);
    // The same for a console following the cluster: while the draft is untouched, the draft
    // made from it and its checks are worked out on a thread of the document's and the result
    // lands in a turn of the event loop of its own (the newest state, however many came
    // meanwhile), so that the GUI thread does not carry them at a thousand endpoints. Once the
    // draft is edited, or an apply waits for its result, it is setLive. A state that comes
    // within kFollowEveryMs of the last one worked out waits for the rest of that time (the
    // newest one then): in a burst of changes the canvas follows a few times a second, the
    // tables at once.
    void setLiveInBackground(const Inventory& live);
    static constexpr int kFollowEveryMs = 150;
    // For tests: a state handed to setLiveInBackground is still being worked out.
    bool liveInBackground() const {
        return m_computing || m_waiting.has_value() || m_pacing.isActive();
    }
    // Drops every edit: the draft is what runs.
    void revert();
    // A design from a file: it replaces the draft (one undoable step). Its hosts are matched
    // to the cluster's by name; the others stay as placeholders.
    void load(const Design& design);

    // Edits; each is one undo step, and a no-op pushes nothing. Keys of new items are returned.
    QString addNetwork(QPointF pos);
    QString addEndpoint(const QString& hostName, const QString& networkKey = {});
    QString addHost(const QString& name, QPointF pos);
    // A service on `networkKey` (the first network when that is none), named uniquely, every
    // port, automatic VIP; placed at `pos`, or beneath its network when pos is null.
    QString addService(const QString& networkKey, QPointF pos = {});
    void setService(const DesignService& service);
    // An endpoint behind a service of its network (by the service's key), or behind none.
    void setBehind(const QString& endpointKey, const QString& serviceKey);
    void link(const QString& endpointKey, const QString& networkKey);
    void setNetwork(const DesignNetwork& network);
    void setEndpoint(const DesignEndpoint& endpoint);
    void renameHost(const QString& from, const QString& to);
    // Deletes networks, endpoints and placeholder hosts (with their endpoints) by key; for a
    // cluster host, its endpoints.
    void remove(const QStringList& keys);
    void move(const QHash<QString, QPointF>& positions);
    enum class Edge { Left, Top };
    void align(const QStringList& keys, Edge edge);
    void layOut();
    // Copies of networks and endpoints (names made unique, a free subnet of the same size,
    // automatic addresses), endpoints onto `hostName` if given. Returns the new keys.
    QStringList duplicate(const QStringList& keys, const QString& hostName = {});

    // Apply results: errors per item, and the draft rebased on what now runs.
    void setApplyError(const QString& key, const QString& error);
    void finishApply(bool succeeded);

    static QString hostKey(const QString& name) { return QStringLiteral("host:") + name; }
    // A name no host of `d` has: host1, host2...
    static QString uniqueHostName(const Design& d);

signals:
    // The draft, its problems or the live state changed.
    void changed();

private:
    friend class EditCommand;
    void edit(const QString& text, const Design& after);
    // The draft, and its problems (found now unless given).
    void setDraft(const Design& design, const QList<Problem>* problems = nullptr);
    void setDraftIfChanged(const Design& design, bool liveChanged);
    // An untouched draft becomes `theirs` (the live state made a design), with its problems if
    // they were worked out already.
    void follow(const Design& theirs, bool liveChanged, const QList<Problem>* problems);
    // `base` if no item of `d` has it, else base1, base2...
    static QString uniqueNetworkName(const Design& d, const QString& base);
    static QString uniqueEndpointName(const Design& d, const QString& base, const QString& host);

    // What the worker made of a live state, for the draft it started from (m_generation).
    struct Computed {
        quint64 generation = 0;
        Inventory live;
        QHash<QString, qsizetype> liveIndex;
        Design theirs;
        QList<Problem> problems;
    };
    void compute(const Inventory& live);
    void applyComputed(const Computed& c);
    // The state that waited (for a computation or the pacing), handed on as if it came now.
    void followWaiting();
    // Endpoints by id: their places in an inventory.
    static QHash<QString, qsizetype> indexOf(const Inventory& live);

    Design m_draft;
    Design m_base;  // what ran when the current edits began
    Inventory m_live;
    QHash<QString, qsizetype> m_liveIndex;  // of m_live's endpoints
    QUndoStack m_undo;
    QList<Problem> m_problems;
    QHash<QString, QString> m_applyErrors;
    bool m_rebaseOnNextLive = false, m_applySucceeded = false;
    // setLiveInBackground: one computation at a time; the newest state that came meanwhile;
    // a count of changes of the draft (a result made from an older one is not used).
    QThreadPool m_worker;
    QElapsedTimer m_lastComputed;  // when the last computation began
    QTimer m_pacing;               // until the next one may begin
    bool m_computing = false;
    std::optional<Inventory> m_waiting;
    quint64 m_generation = 0;
};

}  // namespace loom::ui
