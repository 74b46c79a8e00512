#pragma once

#include <functional>
#include <map>
#include <mutex>
#include <string>

#include "engine/model/network.h"

namespace loom::engine::reconcile {

enum class ObjectKind { Network, Endpoint };

struct ObjectStatus {
    model::ObjectState state = model::ObjectState::Pending;
    std::string message;
};

// What the kernel looks like for each object, as the reconciler last saw it. Runtime truth,
// not intent, so it lives in memory: after a restart everything is Pending until reconciled.
class StatusBoard {
public:
    using Listener = std::function<void(ObjectKind, const std::string& id, const ObjectStatus&)>;

    void setListener(Listener listener);
    ObjectStatus get(const std::string& id) const;
    void set(ObjectKind kind, const std::string& id, model::ObjectState state,
             const std::string& message = {});
    void remove(const std::string& id);

private:
    mutable std::mutex m_mutex;
    std::map<std::string, ObjectStatus> m_status;
    Listener m_listener;
};

}  // namespace loom::engine::reconcile
