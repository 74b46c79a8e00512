#pragma once

#include <QDialog>
#include <QString>

#include <memory>

namespace Ui {
class ConnectionDialog;
}

namespace loom::ui {

// Where the console connects: the local engine's socket, or a remote engine's mutual-TLS
// listener with the CA, certificate and key files. OK stays disabled until the choice is
// complete, and says what is missing.
class ConnectionDialog : public QDialog {
    Q_OBJECT
public:
    struct Target {
        bool remote = false;
        QString socket;
        QString server, ca, cert, key;
    };

    explicit ConnectionDialog(const Target& current, QWidget* parent = nullptr);
    ~ConnectionDialog() override;
    Target target() const;
    // Empty when the choice is complete.
    QString problem() const;

private:
    void check();
    std::unique_ptr<Ui::ConnectionDialog> m_ui;
};

}  // namespace loom::ui
