#include "ui/client/ports.h"

namespace loom::ui {

std::optional<std::vector<engine::model::ServicePort>> portsFromText(const QString& text) {
    QString compact = text.toLower();
    compact.remove(QLatin1Char(' '));
    return engine::model::parsePorts(compact.toStdString());
}

QString portsToText(const std::vector<engine::model::ServicePort>& ports) {
    return QString::fromStdString(engine::model::portsText(ports));
}

}  // namespace loom::ui
