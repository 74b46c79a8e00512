#pragma once

#include <QString>

#include <optional>

#include "ui/client/types.h"

// Designs on disk: the Topology message (proto/loom/v1) in protobuf's JSON form, readable and
// writable without any engine.
namespace loom::ui {

// Writes `design` to `path`; false with `error` set when it cannot.
bool saveDesign(const Design& design, const QString& path, QString* error);

// Reads a design. Items get fresh keys; endpoints refer to their network by key. Nothing is
// returned (and `error` says why) for a file that is not a design or names an unknown network.
std::optional<Design> loadDesign(const QString& path, QString* error);

// The same, from and to text (for the clipboard and tests).
QString designToJson(const Design& design);
std::optional<Design> designFromJson(const QString& json, QString* error);

}  // namespace loom::ui
