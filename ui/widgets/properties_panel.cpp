#include "ui/widgets/properties_panel.h"

#include <QFormLayout>
#include <QLabel>
#include <QVBoxLayout>

namespace loom::ui {

PropertiesPanel::PropertiesPanel(QWidget* parent)
    : QWidget(parent), m_title(new QLabel(this)), m_form(new QFormLayout) {
    auto* layout = new QVBoxLayout(this);
    QFont bold = m_title->font();
    bold.setBold(true);
    m_title->setFont(bold);
    layout->addWidget(m_title);
    layout->addLayout(m_form);
    layout->addStretch();
    render();
}

void PropertiesPanel::setInventory(const Inventory& inventory) {
    m_inventory = inventory;
    render();
}

void PropertiesPanel::showObject(const QString& id) {
    m_id = id;
    render();
}

QString PropertiesPanel::value(const QString& label) const {
    for (int i = 0; i < m_form->rowCount(); ++i) {
        auto* l = qobject_cast<QLabel*>(m_form->itemAt(i, QFormLayout::LabelRole)->widget());
        auto* v = qobject_cast<QLabel*>(m_form->itemAt(i, QFormLayout::FieldRole)->widget());
        if (l && v && l->text() == label) return v->text();
    }
    return {};
}

void PropertiesPanel::addRow(const QString& label, const QString& value) {
    auto* v = new QLabel(value, this);
    v->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_form->addRow(label, v);
}

void PropertiesPanel::render() {
    while (m_form->rowCount() > 0) m_form->removeRow(0);
    for (const auto& h : m_inventory.hosts) {
        if (h.id != m_id) continue;
        m_title->setText(tr("Host %1").arg(h.name));
        addRow(tr("Id"), h.id);
        addRow(tr("VTEP"), h.vtep);
        addRow(tr("State"), h.alive ? tr("alive") : tr("down"));
        addRow(tr("Endpoints"), QString::number(h.endpointCount));
        addRow(tr("API address"), h.apiAddress.isEmpty() ? tr("none") : h.apiAddress);
        return;
    }
    for (const auto& n : m_inventory.networks) {
        if (n.id != m_id) continue;
        m_title->setText(tr("Network %1").arg(n.name));
        addRow(tr("Id"), n.id);
        addRow(tr("Subnet"), n.subnet);
        addRow(tr("Gateway"), n.gateway);
        addRow(tr("VNI"), QString::number(n.vni));
        addRow(tr("MTU"), QString::number(n.mtu));
        addRow(tr("Endpoints"), QString::number(n.endpointCount));
        QStringList labels;
        for (auto it = n.labels.begin(); it != n.labels.end(); ++it) {
            labels << it.key() + QLatin1Char('=') + it.value();
        }
        addRow(tr("Labels"), labels.isEmpty() ? tr("none") : labels.join(QStringLiteral(", ")));
        return;
    }
    for (const auto& e : m_inventory.endpoints) {
        if (e.id != m_id) continue;
        m_title->setText(tr("Endpoint %1").arg(e.name));
        addRow(tr("Id"), e.id);
        addRow(tr("Network"), e.networkName);
        addRow(tr("Host"), e.hostName);
        addRow(tr("Address"), e.ip);
        addRow(tr("MAC"), e.mac);
        addRow(tr("State"), e.stateMessage.isEmpty()
                                ? e.state
                                : e.state + QStringLiteral(": ") + e.stateMessage);
        return;
    }
    m_title->setText(m_id.isEmpty() ? tr("Nothing selected") : tr("No longer there"));
}

}  // namespace loom::ui
