#include "engine/reconcile/status_board.h"

namespace loom::engine::reconcile {

void StatusBoard::setListener(Listener listener) {
    std::lock_guard lock(m_mutex);
    m_listener = std::move(listener);
}

ObjectStatus StatusBoard::get(const std::string& id) const {
    std::lock_guard lock(m_mutex);
    auto it = m_status.find(id);
    return it == m_status.end() ? ObjectStatus{} : it->second;
}

void StatusBoard::set(ObjectKind kind, const std::string& id, model::ObjectState state,
                      const std::string& message) {
    Listener listener;
    ObjectStatus status{state, message};
    {
        std::lock_guard lock(m_mutex);
        auto& current = m_status[id];
        if (current.state == state && current.message == message) return;
        current = status;
        listener = m_listener;
    }
    // Called outside the lock: a listener may read the board.
    if (listener) listener(kind, id, status);
}

void StatusBoard::remove(const std::string& id) {
    std::lock_guard lock(m_mutex);
    m_status.erase(id);
}

}  // namespace loom::engine::reconcile
