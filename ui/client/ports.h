#pragma once

#include <QString>

#include <optional>
#include <vector>

#include "engine/model/service.h"

// A service's ports as the console shows and edits them ("8080/tcp,53/udp"; empty: every
// port), read and written by the engine's own model (spaces and letter case aside).
namespace loom::ui {

std::optional<std::vector<engine::model::ServicePort>> portsFromText(const QString& text);
QString portsToText(const std::vector<engine::model::ServicePort>& ports);

}  // namespace loom::ui
