#pragma once

// What the designer's tests share: a small cluster as plain values, and problem lookups.
#include <QStringList>

#include "ui/client/types.h"
#include "ui/designer/design_document.h"

namespace loom::test {

// Two live hosts, h1 and h2, with a 1500-byte underlay.
inline ui::Inventory twoHosts() {
    ui::Inventory inv;
    for (const char* name : {"h1", "h2"}) {
        ui::HostInfo h;
        h.id = QStringLiteral("id-") + QLatin1String(name);
        h.name = QLatin1String(name);
        h.vtep = QStringLiteral("192.0.2.1");
        h.underlayMtu = 1500;
        h.alive = true;
        inv.hosts.append(h);
    }
    return inv;
}

// "field: message" of every problem of one item.
inline QStringList fieldsOf(const ui::DesignDocument& doc, const QString& key) {
    QStringList out;
    for (const auto& p : doc.problemsOf(key))
        out.append(p.field + QStringLiteral(": ") + p.message);
    return out;
}

inline bool mentions(const QStringList& lines, const QString& text) {
    for (const auto& l : lines) {
        if (l.contains(text)) return true;
    }
    return false;
}

}  // namespace loom::test
