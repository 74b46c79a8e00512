// The main window's File steps: designs and config bundles read and written, each failure said
// in a dialog and handed back.
#include <QMessageBox>
#include <QStatusBar>
#include <QTabWidget>

#include "ui/client/bundle_file.h"
#include "ui/client/design_file.h"
#include "ui/client/engine_client.h"
#include "ui/designer/design_document.h"
#include "ui/widgets/main_window.h"

namespace loom::ui {

// A file step that failed: said in a dialog, and handed back (to tests, scripts).
bool MainWindow::fileFailed(const QString& title, const QString& why, QString* error) {
    if (error) *error = why;
    QMessageBox::warning(this, title, why);
    return false;
}

void MainWindow::loadDraft(const Design& design) {
    m_fitPending = true;
    m_document->load(design);
    m_tabs->setCurrentIndex(0);
}

bool MainWindow::openDesign(const QString& path, QString* error) {
    QString why;
    auto design = loadDesign(path, &why);
    if (!design) return fileFailed(tr("Open design"), why, error);
    loadDraft(*design);
    return true;
}

bool MainWindow::saveDesign(const QString& path, QString* error) {
    QString why;
    if (!ui::saveDesign(m_document->draft(), path, &why))
        return fileFailed(tr("Save design"), why, error);
    statusBar()->showMessage(tr("Design saved to %1").arg(path), 5000);
    return true;
}

bool MainWindow::exportBundle(const QString& path, QString* error) {
    QString why;
    if (!exportDesignBundle(m_document->draft(), path, &why))
        return fileFailed(tr("Export bundle"), why, error);
    statusBar()->showMessage(tr("Bundle written to %1").arg(path), 5000);
    return true;
}

void MainWindow::exportLiveBundle(const QString& path,
                                  std::function<void(bool ok, const QString& error)> done) {
    statusBar()->showMessage(tr("Exporting the live cluster..."));
    m_client.exportLiveBundle(
        this, [this, path, done](const QByteArray& archive, const QString& refused) {
            QString why = refused;
            if (why.isEmpty()) saveBundle(archive, path, &why);  // `why` says what went wrong
            if (!why.isEmpty()) {
                statusBar()->clearMessage();
                QString error;
                fileFailed(tr("Export live bundle"), why, &error);
                if (done) done(false, error);
                return;
            }
            statusBar()->showMessage(tr("Live bundle written to %1").arg(path), 5000);
            if (done) done(true, {});
        });
}

bool MainWindow::importBundle(const QString& path, QString* error) {
    QString why;
    auto design = importDesignBundle(path, &why);
    if (!design) return fileFailed(tr("Import bundle"), why, error);
    loadDraft(*design);
    return true;
}

}  // namespace loom::ui
