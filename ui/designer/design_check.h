#pragma once

#include <QList>
#include <QString>

#include "ui/client/types.h"

// The designer's live validation. The rules are the engine's own (engine/model, linked here),
// applied to every item of the draft against the rest of the draft, so what the designer
// accepts is what the engine accepts.
namespace loom::ui {

struct Problem {
    QString key;    // the design item (a network's or endpoint's key)
    QString field;  // name, subnet, vni, mtu, labels, ip, network, host, netns
    QString message;
    bool operator==(const Problem&) const = default;
};

// The underlay MTU that bounds network MTUs: the smallest of the cluster's hosts, or 1500
// when none is known (an offline design).
quint32 underlayMtuOf(const Inventory& live);

// With `live`, also what its hosts cannot do (an encrypted network on a host that cannot encrypt).
QList<Problem> checkDesign(const Design& design, quint32 underlayMtu,
                           const Inventory* live = nullptr);

}  // namespace loom::ui
