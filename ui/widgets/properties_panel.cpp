#include "ui/widgets/properties_panel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QSpinBox>
#include <QVBoxLayout>

#include "ui/designer/design_document.h"

namespace loom::ui {

namespace {

QString labelsText(const QMap<QString, QString>& labels) {
    QStringList out;
    for (auto it = labels.begin(); it != labels.end(); ++it) {
        out << it.key() + QLatin1Char('=') + it.value();
    }
    return out.join(QStringLiteral(", "));
}

// "a=1, b=2" back to labels; a key without '=' has an empty value.
QMap<QString, QString> parseLabels(const QString& text) {
    QMap<QString, QString> out;
    for (const auto& part : text.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        QString p = part.trimmed();
        if (p.isEmpty()) continue;
        int eq = p.indexOf(QLatin1Char('='));
        if (eq < 0)
            out.insert(p, QString());
        else
            out.insert(p.left(eq).trimmed(), p.mid(eq + 1).trimmed());
    }
    return out;
}

}  // namespace

PropertiesPanel::PropertiesPanel(DesignDocument& document, QWidget* parent)
    : QWidget(parent),
      m_doc(document),
      m_title(new QLabel(this)),
      m_problems(new QLabel(this)),
      m_form(new QFormLayout) {
    auto* layout = new QVBoxLayout(this);
    QFont bold = m_title->font();
    bold.setBold(true);
    m_title->setFont(bold);
    m_problems->setWordWrap(true);
    m_problems->setStyleSheet(QStringLiteral("color: #d03030"));
    layout->addWidget(m_title);
    layout->addWidget(m_problems);
    layout->addLayout(m_form);
    layout->addStretch();
    connect(&m_doc, &DesignDocument::changed, this, &PropertiesPanel::render);
    render();
}

void PropertiesPanel::showObject(const QString& key) {
    m_key = key;
    // The inventory names hosts by id; the design by name.
    for (const auto& h : m_doc.live().hosts) {
        if (h.id == key) m_key = DesignDocument::hostKey(h.name);
    }
    render();
}

QWidget* PropertiesPanel::field(const QString& label) const {
    for (int i = 0; i < m_form->rowCount(); ++i) {
        auto* l = m_form->itemAt(i, QFormLayout::LabelRole);
        auto* v = m_form->itemAt(i, QFormLayout::FieldRole);
        auto* text = l ? qobject_cast<QLabel*>(l->widget()) : nullptr;
        if (text && v && text->text() == label) return v->widget();
    }
    return nullptr;
}

QString PropertiesPanel::value(const QString& label) const {
    QWidget* w = field(label);
    if (auto* l = qobject_cast<QLabel*>(w)) return l->text();
    if (auto* e = qobject_cast<QLineEdit*>(w)) return e->text();
    if (auto* s = qobject_cast<QSpinBox*>(w)) return s->text();
    if (auto* c = qobject_cast<QComboBox*>(w)) return c->currentText();
    if (auto* b = qobject_cast<QCheckBox*>(w))
        return b->isChecked() ? QStringLiteral("yes") : QString();
    return {};
}

bool PropertiesPanel::edit(const QString& label, const QString& text) {
    QWidget* w = field(label);
    if (auto* e = qobject_cast<QLineEdit*>(w)) {
        e->setText(text);
        emit e->editingFinished();
        return true;
    }
    if (auto* s = qobject_cast<QSpinBox*>(w)) {
        s->setValue(text.toInt());
        emit s->editingFinished();
        return true;
    }
    if (auto* c = qobject_cast<QComboBox*>(w)) {
        int i = c->findText(text);
        if (i < 0 && !c->isEditable()) return false;
        if (i < 0)
            c->setEditText(text);
        else
            c->setCurrentIndex(i);
        emit c->activated(c->currentIndex());
        return true;
    }
    if (auto* b = qobject_cast<QCheckBox*>(w)) {
        b->setChecked(!text.isEmpty());
        emit b->clicked(b->isChecked());
        return true;
    }
    return false;
}

QString PropertiesPanel::problemText() const {
    return m_problems->text();
}

void PropertiesPanel::clearRows() {
    // The editor that finished an edit may be the one asking for this: delete later.
    while (m_form->rowCount() > 0) {
        auto row = m_form->takeRow(0);
        for (auto* item : {row.labelItem, row.fieldItem}) {
            if (item && item->widget()) item->widget()->deleteLater();
            delete item;
        }
    }
}

void PropertiesPanel::addRow(const QString& label, const QString& value) {
    auto* v = new QLabel(value, this);
    v->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_form->addRow(new QLabel(label, this), v);
}

void PropertiesPanel::addEditor(const QString& label, QWidget* editor) {
    m_form->addRow(new QLabel(label, this), editor);
}

QString PropertiesPanel::signature() const {
    // Everything the panel would show for the current item, so a redraw that would show the
    // same (an engine event about something else) is skipped and an editor keeps its focus.
    QStringList parts{m_key};
    const Design& d = m_doc.draft();
    auto labels = [](const QMap<QString, QString>& l) { return labelsText(l); };
    if (const auto* n = d.network(m_key)) {
        parts << n->name << n->subnet << QString::number(n->vni) << QString::number(n->mtu)
              << labels(n->labels) << n->liveId << QString::number(n->internal)
              << QString::number(n->encrypted) << QString::number(n->keyRotationS);
    } else if (const auto* e = d.endpoint(m_key)) {
        parts << e->name << e->networkKey << e->hostName << e->ip << e->netnsMode << e->netnsPath
              << QString::number(e->pid) << labels(e->labels) << e->liveId << e->service;
        for (const auto& n : d.networks) parts << n.key << n.name;
        for (const auto& h : d.hosts) parts << h.name;
        for (const auto& sv : d.services) parts << sv.networkKey << sv.name;
    } else if (const auto* sv = d.service(m_key)) {
        parts << sv->name << sv->networkKey << sv->vip << sv->ports << sv->liveId;
        for (const auto& n : d.networks) parts << n.key << n.name;
        for (const auto& l : m_doc.live().services) {
            if (l.id != sv->liveId) continue;
            parts << l.vip;
            for (const auto& b : l.backends) {
                parts << b.endpointName << b.hostName << QString::number(b.healthy)
                      << b.healthMessage;
            }
        }
    }
    for (const auto& p : m_doc.problemsOf(m_key)) parts << p.field << p.message;
    parts << m_doc.applyError(m_key);
    for (const auto& h : m_doc.live().hosts) {
        if (DesignDocument::hostKey(h.name) == m_key) {
            parts << h.id << h.vtep << QString::number(h.alive) << QString::number(h.endpointCount)
                  << h.apiAddress;
        }
    }
    for (const auto& n : m_doc.live().networks) {
        if (n.id == m_key)
            parts << n.gateway << n.state << n.stateMessage << QString::number(n.endpointCount);
    }
    for (const auto& e : m_doc.live().endpoints) {
        if (e.id == m_key) parts << e.ip << e.mac << e.state << e.stateMessage;
    }
    if (m_key.startsWith(QStringLiteral("host:")))
        parts << QString::number(d.host(m_key.mid(5)) != nullptr);
    return parts.join(QChar(0x1f));
}

void PropertiesPanel::render() {
    QString now = signature();
    if (now == m_shown) return;
    m_shown = now;
    clearRows();
    const Design& d = m_doc.draft();
    QStringList problems;
    for (const auto& p : m_doc.problemsOf(m_key)) {
        problems.append(p.field.isEmpty() ? p.message : p.field + QStringLiteral(": ") + p.message);
    }
    QString applyError = m_doc.applyError(m_key);
    if (!applyError.isEmpty()) problems.append(tr("apply failed: %1").arg(applyError));
    m_problems->setText(problems.join(QLatin1Char('\n')));
    m_problems->setVisible(!problems.isEmpty());
    if (const auto* n = d.network(m_key)) return renderNetwork(*n);
    if (const auto* e = d.endpoint(m_key)) return renderEndpoint(*e);
    if (const auto* sv = d.service(m_key)) return renderService(*sv);
    if (m_key.startsWith(QStringLiteral("host:")) && d.host(m_key.mid(5))) {
        return renderHost(m_key.mid(5));
    }
    m_title->setText(m_key.isEmpty() ? tr("Nothing selected") : tr("No longer there"));
}

void PropertiesPanel::renderNetwork(const DesignNetwork& n) {
    m_title->setText(tr("Network %1").arg(n.name));
    auto* name = new QLineEdit(n.name, this);
    auto* subnet = new QLineEdit(n.subnet, this);
    subnet->setPlaceholderText(tr("e.g. 10.20.0.0/24"));
    auto* vni = new QSpinBox(this);
    vni->setRange(0, 16777215);
    vni->setSpecialValueText(tr("automatic"));
    vni->setValue(static_cast<int>(n.vni));
    auto* mtu = new QSpinBox(this);
    mtu->setRange(0, 65535);
    mtu->setSpecialValueText(tr("default"));
    mtu->setValue(static_cast<int>(n.mtu));
    auto* labels = new QLineEdit(labelsText(n.labels), this);
    labels->setPlaceholderText(tr("key=value, key=value"));
    addEditor(tr("Name"), name);
    addEditor(tr("Subnet"), subnet);
    addEditor(tr("VNI"), vni);
    addEditor(tr("MTU"), mtu);
    addEditor(tr("Labels"), labels);
    auto* internal = new QCheckBox(tr("only its own names resolve"), this);
    internal->setChecked(n.internal);
    addEditor(tr("Internal"), internal);
    connect(internal, &QCheckBox::clicked, this, &PropertiesPanel::commitNetwork);
    auto* encrypted = new QCheckBox(tr("its traffic between hosts in ESP (AES-GCM)"), this);
    encrypted->setChecked(n.encrypted);
    encrypted->setToolTip(
        tr("Needs a kernel with ESP on every host, and etcd over TLS. It "
           "cannot be switched on a live network: the plan makes it again."));
    addEditor(tr("Encrypted"), encrypted);
    connect(encrypted, &QCheckBox::clicked, this, &PropertiesPanel::commitNetwork);
    auto* rotation = new QSpinBox(this);
    rotation->setRange(0, 30 * 24 * 3600);
    rotation->setSuffix(tr(" s"));
    rotation->setSpecialValueText(tr("default (12 h)"));
    rotation->setValue(static_cast<int>(n.keyRotationS));
    rotation->setEnabled(n.encrypted);
    addEditor(tr("Key rotation"), rotation);
    connect(rotation, &QSpinBox::editingFinished, this, &PropertiesPanel::commitNetwork);
    for (auto* e : {name, subnet, labels}) {
        connect(e, &QLineEdit::editingFinished, this, &PropertiesPanel::commitNetwork);
    }
    for (auto* s : {vni, mtu}) {
        connect(s, &QSpinBox::editingFinished, this, &PropertiesPanel::commitNetwork);
    }
    for (const auto& l : m_doc.live().networks) {
        if (l.id != n.liveId) continue;
        addRow(tr("Id"), l.id);
        addRow(tr("Gateway"), l.gateway);
        addRow(tr("State"), l.stateMessage.isEmpty()
                                ? l.state
                                : l.state + QStringLiteral(": ") + l.stateMessage);
        addRow(tr("Endpoints"), QString::number(l.endpointCount));
        return;
    }
    addRow(tr("State"), tr("not in the cluster yet"));
}

void PropertiesPanel::commitNetwork() {
    const auto* current = m_doc.draft().network(m_key);
    if (!current) return;
    DesignNetwork n = *current;
    n.name = qobject_cast<QLineEdit*>(field(tr("Name")))->text().trimmed();
    n.subnet = qobject_cast<QLineEdit*>(field(tr("Subnet")))->text().trimmed();
    n.vni = static_cast<quint32>(qobject_cast<QSpinBox*>(field(tr("VNI")))->value());
    n.mtu = static_cast<quint32>(qobject_cast<QSpinBox*>(field(tr("MTU")))->value());
    n.labels = parseLabels(qobject_cast<QLineEdit*>(field(tr("Labels")))->text());
    n.internal = qobject_cast<QCheckBox*>(field(tr("Internal")))->isChecked();
    n.encrypted = qobject_cast<QCheckBox*>(field(tr("Encrypted")))->isChecked();
    n.keyRotationS =
        n.encrypted
            ? static_cast<quint32>(qobject_cast<QSpinBox*>(field(tr("Key rotation")))->value())
            : 0;
    m_doc.setNetwork(n);
}

void PropertiesPanel::renderEndpoint(const DesignEndpoint& e) {
    const Design& d = m_doc.draft();
    m_title->setText(tr("Endpoint %1").arg(e.name));
    auto* name = new QLineEdit(e.name, this);
    auto* network = new QComboBox(this);
    network->addItem(tr("(none)"), QString());
    for (const auto& n : d.networks) network->addItem(n.name, n.key);
    network->setCurrentIndex(std::max(0, network->findData(e.networkKey)));
    auto* host = new QComboBox(this);
    for (const auto& h : d.hosts) host->addItem(h.name);
    host->setCurrentIndex(host->findText(e.hostName));
    auto* address = new QLineEdit(e.ip, this);
    address->setPlaceholderText(tr("automatic"));
    auto* mode = new QComboBox(this);
    mode->addItem(tr("created by Loom"), QStringLiteral("created"));
    mode->addItem(tr("existing, by path"), QStringLiteral("path"));
    mode->addItem(tr("existing, of a process"), QStringLiteral("pid"));
    mode->setCurrentIndex(std::max(0, mode->findData(e.netnsMode)));
    auto* path = new QLineEdit(e.netnsPath, this);
    path->setPlaceholderText(QStringLiteral("/run/netns/..."));
    path->setEnabled(e.netnsMode == QStringLiteral("path"));
    auto* pid = new QSpinBox(this);
    pid->setRange(0, 1 << 22);
    pid->setValue(e.pid);
    pid->setEnabled(e.netnsMode == QStringLiteral("pid"));
    auto* labels = new QLineEdit(labelsText(e.labels), this);
    labels->setPlaceholderText(tr("key=value, key=value"));
    auto* service = new QComboBox(this);
    service->addItem(tr("(none)"), QString());
    for (const auto& sv : d.services) {
        if (sv.networkKey == e.networkKey) service->addItem(sv.name, sv.name);
    }
    service->setCurrentIndex(std::max(0, service->findData(e.service)));
    addEditor(tr("Name"), name);
    addEditor(tr("Network"), network);
    addEditor(tr("Host"), host);
    addEditor(tr("Address"), address);
    addEditor(tr("Namespace"), mode);
    addEditor(tr("Namespace path"), path);
    addEditor(tr("Process"), pid);
    addEditor(tr("Labels"), labels);
    addEditor(tr("Service"), service);
    for (auto* w : {name, address, path, labels}) {
        connect(w, &QLineEdit::editingFinished, this, &PropertiesPanel::commitEndpoint);
    }
    connect(pid, &QSpinBox::editingFinished, this, &PropertiesPanel::commitEndpoint);
    for (auto* c : {network, host, mode, service}) {
        connect(c, &QComboBox::activated, this, &PropertiesPanel::commitEndpoint);
    }
    for (const auto& l : m_doc.live().endpoints) {
        if (l.id != e.liveId) continue;
        addRow(tr("Id"), l.id);
        addRow(tr("Live address"), l.ip);
        addRow(tr("MAC"), l.mac);
        addRow(tr("State"), l.stateMessage.isEmpty()
                                ? l.state
                                : l.state + QStringLiteral(": ") + l.stateMessage);
        return;
    }
    addRow(tr("State"), tr("not in the cluster yet"));
}

void PropertiesPanel::commitEndpoint() {
    const auto* current = m_doc.draft().endpoint(m_key);
    if (!current) return;
    DesignEndpoint e = *current;
    e.name = qobject_cast<QLineEdit*>(field(tr("Name")))->text().trimmed();
    e.networkKey = qobject_cast<QComboBox*>(field(tr("Network")))->currentData().toString();
    QString host = qobject_cast<QComboBox*>(field(tr("Host")))->currentText();
    if (!host.isEmpty()) e.hostName = host;
    e.ip = qobject_cast<QLineEdit*>(field(tr("Address")))->text().trimmed();
    e.netnsMode = qobject_cast<QComboBox*>(field(tr("Namespace")))->currentData().toString();
    e.netnsPath = e.netnsMode == QStringLiteral("path")
                      ? qobject_cast<QLineEdit*>(field(tr("Namespace path")))->text().trimmed()
                      : QString();
    e.pid = e.netnsMode == QStringLiteral("pid")
                ? qobject_cast<QSpinBox*>(field(tr("Process")))->value()
                : 0;
    e.labels = parseLabels(qobject_cast<QLineEdit*>(field(tr("Labels")))->text());
    // A service of its network only: another network's name would not mean it.
    e.service = e.networkKey == current->networkKey
                    ? qobject_cast<QComboBox*>(field(tr("Service")))->currentData().toString()
                    : QString();
    m_doc.setEndpoint(e);
}

void PropertiesPanel::renderService(const DesignService& sv) {
    const Design& d = m_doc.draft();
    m_title->setText(tr("Service %1").arg(sv.name));
    auto* name = new QLineEdit(sv.name, this);
    auto* network = new QComboBox(this);
    for (const auto& n : d.networks) network->addItem(n.name, n.key);
    network->setCurrentIndex(std::max(0, network->findData(sv.networkKey)));
    auto* vip = new QLineEdit(sv.vip, this);
    vip->setPlaceholderText(tr("automatic"));
    auto* ports = new QLineEdit(sv.ports, this);
    ports->setPlaceholderText(tr("every port; or 8080, 8080/tcp, 53/udp"));
    addEditor(tr("Name"), name);
    addEditor(tr("Network"), network);
    addEditor(tr("VIP"), vip);
    addEditor(tr("Ports"), ports);
    for (auto* w : {name, vip, ports}) {
        connect(w, &QLineEdit::editingFinished, this, &PropertiesPanel::commitService);
    }
    connect(network, &QComboBox::activated, this, &PropertiesPanel::commitService);
    for (const auto& l : m_doc.live().services) {
        if (l.id != sv.liveId) continue;
        addRow(tr("Id"), l.id);
        addRow(tr("Live VIP"), l.vip);
        addRow(tr("Backends"), tr("%1 of %2 healthy").arg(l.healthyCount()).arg(l.backends.size()));
        for (const auto& b : l.backends) {
            addRow(tr("%1 on %2").arg(b.endpointName, b.hostName),
                   b.healthy ? tr("%1, healthy").arg(b.ip)
                             : tr("%1, out: %2").arg(b.ip, b.healthMessage));
        }
        return;
    }
    addRow(tr("State"), tr("not in the cluster yet"));
}

void PropertiesPanel::commitService() {
    const auto* current = m_doc.draft().service(m_key);
    if (!current) return;
    DesignService sv = *current;
    sv.name = qobject_cast<QLineEdit*>(field(tr("Name")))->text().trimmed();
    sv.networkKey = qobject_cast<QComboBox*>(field(tr("Network")))->currentData().toString();
    sv.vip = qobject_cast<QLineEdit*>(field(tr("VIP")))->text().trimmed();
    sv.ports = qobject_cast<QLineEdit*>(field(tr("Ports")))->text().trimmed();
    m_doc.setService(sv);
}

void PropertiesPanel::renderHost(const QString& name) {
    m_title->setText(tr("Host %1").arg(name));
    const HostInfo* live = nullptr;
    for (const auto& h : m_doc.live().hosts) {
        if (h.name == name) live = &h;
    }
    if (!live) {
        // A placeholder: it is matched to a cluster host by this name when the plan is made.
        auto* edit = new QLineEdit(name, this);
        addEditor(tr("Name"), edit);
        connect(edit, &QLineEdit::editingFinished, this, [this, edit, name] {
            QString to = edit->text().trimmed();
            if (to == name || to.isEmpty()) return;
            m_key = DesignDocument::hostKey(to);
            m_doc.renameHost(name, to);
        });
        addRow(tr("State"), tr("not joined: a placeholder matched by name"));
        return;
    }
    addRow(tr("Name"), live->name);
    addRow(tr("Id"), live->id);
    addRow(tr("VTEP"), live->vtep);
    addRow(tr("State"), live->alive ? tr("alive") : tr("down"));
    addRow(tr("Endpoints"), QString::number(live->endpointCount));
    addRow(tr("API address"), live->apiAddress.isEmpty() ? tr("none") : live->apiAddress);
    addRow(tr("Encryption"), live->canEncrypt ? tr("can carry encrypted networks")
                                              : tr("no: %1").arg(live->encryptionMessage));
}

}  // namespace loom::ui
