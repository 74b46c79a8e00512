#pragma once

#include "ui/client/types.h"

namespace loom::ui {

// Applies one engine event to the console's inventory, as the event's own copy of the object
// says: a created or changed object is put in place (by id), a deleted one taken out (a
// network with its endpoints), and the endpoint counts of its network and host follow. Applying
// the same events again gives the same inventory, so events that raced a full read are simply
// applied after it. Returns whether anything changed; an event without an object changes
// nothing (the caller reads everything again). What it changed is added to `change`, if given.
bool applyEvent(Inventory& inventory, const EventInfo& event, InventoryChange* change = nullptr);

}  // namespace loom::ui
