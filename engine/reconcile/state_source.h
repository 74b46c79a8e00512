#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engine/common/status.h"
#include "engine/model/endpoint.h"
#include "engine/model/network.h"
#include "engine/reconcile/action.h"

namespace loom::engine::reconcile {

using common::Result;
using common::Status;

// Desired state and ownership records, as the reconciler reads them. store/ implements it.
class StateSource {
public:
    virtual ~StateSource() = default;
    virtual Result<std::vector<model::Network>> networks() = 0;
    virtual Result<std::optional<model::Network>> network(const std::string& id) = 0;
    virtual Result<std::vector<model::Endpoint>> endpoints() = 0;
    virtual Result<std::optional<model::Endpoint>> endpoint(const std::string& id) = 0;
    virtual Result<std::vector<OwnedObject>> owned() = 0;
    // Written before the object is created, so a crash can never orphan it.
    virtual Status recordOwned(const std::vector<OwnedObject>& objects) = 0;
    // Written after the object is gone.
    virtual Status forgetOwned(const std::vector<OwnedObject>& objects) = 0;
};

}  // namespace loom::engine::reconcile
