#pragma once

#include <QString>

#include <optional>

#include "ui/client/types.h"

// Config bundles from the console (engine/bundle): a design written as a bundle, and a bundle
// read back as a design. The checks are the bundle library's: nothing is written for a design
// that breaks a rule, nothing is returned for a bundle it refuses; `error` says why.
namespace loom::ui {

bool exportDesignBundle(const Design& design, const QString& path, QString* error);
std::optional<Design> importDesignBundle(const QString& path, QString* error);
// A bundle the engine exported, checked as any bundle is read, then written to `path` whole
// (or not at all).
bool saveBundle(const QByteArray& archive, const QString& path, QString* error);

}  // namespace loom::ui
