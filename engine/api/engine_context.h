#pragma once

#include <string>

#include "engine/model/naming.h"
#include "engine/reconcile/planner.h"
#include "engine/reconcile/reconciler.h"
#include "engine/reconcile/status_board.h"
#include "engine/store/store.h"

namespace loom::engine::api {

class EventBus;

// What every service needs; owned by the daemon, outlives the server.
struct EngineContext {
    store::Store& store;
    reconcile::Reconciler& reconciler;
    reconcile::StatusBoard& board;
    EventBus& events;
    model::Naming naming;
    reconcile::Underlay underlay;
    std::string hostId;
    std::string hostName;
};

}  // namespace loom::engine::api
