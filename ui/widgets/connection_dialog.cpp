#include "ui/widgets/connection_dialog.h"

#include <QFileInfo>
#include <QPushButton>

#include "ui_connection_dialog.h"

namespace loom::ui {

ConnectionDialog::ConnectionDialog(const Target& current, QWidget* parent)
    : QDialog(parent), m_ui(std::make_unique<Ui::ConnectionDialog>()) {
    m_ui->setupUi(this);
    m_ui->local->setChecked(!current.remote);
    m_ui->remote->setChecked(current.remote);
    m_ui->socket->setText(current.socket);
    m_ui->server->setText(current.server);
    m_ui->ca->setText(current.ca);
    m_ui->cert->setText(current.cert);
    m_ui->key->setText(current.key);
    connect(m_ui->buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_ui->buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    for (auto* edit : {m_ui->socket, m_ui->server, m_ui->ca, m_ui->cert, m_ui->key}) {
        connect(edit, &QLineEdit::textChanged, this, &ConnectionDialog::check);
    }
    connect(m_ui->local, &QRadioButton::toggled, this, &ConnectionDialog::check);
    check();
}

ConnectionDialog::~ConnectionDialog() = default;

ConnectionDialog::Target ConnectionDialog::target() const {
    return {m_ui->remote->isChecked(),      m_ui->socket->text().trimmed(),
            m_ui->server->text().trimmed(), m_ui->ca->text().trimmed(),
            m_ui->cert->text().trimmed(),   m_ui->key->text().trimmed()};
}

QString ConnectionDialog::problem() const {
    Target t = target();
    if (!t.remote) return t.socket.isEmpty() ? tr("Give the engine's socket.") : QString();
    if (!t.server.contains(QLatin1Char(':'))) return tr("Give the address as host:port.");
    for (const auto& [file, what] :
         {std::pair{t.ca, tr("CA certificate")}, std::pair{t.cert, tr("certificate")},
          std::pair{t.key, tr("key")}}) {
        if (file.isEmpty()) return tr("Give the %1 file.").arg(what);
        if (!QFileInfo(file).isReadable()) return tr("Cannot read the %1 file %2.").arg(what, file);
    }
    return {};
}

void ConnectionDialog::check() {
    bool remote = m_ui->remote->isChecked();
    m_ui->socket->setEnabled(!remote);
    for (auto* edit : {m_ui->server, m_ui->ca, m_ui->cert, m_ui->key}) edit->setEnabled(remote);
    QString p = problem();
    m_ui->problem->setText(p);
    m_ui->buttons->button(QDialogButtonBox::Ok)->setEnabled(p.isEmpty());
}

}  // namespace loom::ui
