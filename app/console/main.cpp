// loom-console: the translator, the settings and the wiring of the client and the main window.
#include <QApplication>
#include <QCommandLineParser>
#include <QLibraryInfo>
#include <QLocale>
#include <QSettings>
#include <QTranslator>

#include <cstdio>
#include <string_view>

#include "ui/client/engine_client.h"
#include "ui/widgets/language.h"
#include "ui/widgets/main_window.h"

namespace {
bool asksForText(int argc, char** argv) {
    for (int i = 1; i < argc; ++i) {
        std::string_view a = argv[i];
        if (a == "--help" || a == "-h" || a == "--version" || a == "-v") return true;
    }
    return false;
}
}  // namespace

int main(int argc, char** argv) {
    // Without a display Qt would abort with a page of plugin errors: one line instead.
    if (qEnvironmentVariableIsEmpty("DISPLAY") && qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY") &&
        qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) {
        if (!asksForText(argc, argv)) {
            std::fprintf(stderr,
                         "loom-console: no display (DISPLAY and WAYLAND_DISPLAY are unset); run it "
                         "in a desktop session, or set QT_QPA_PLATFORM=offscreen\n");
            return 1;
        }
        qputenv("QT_QPA_PLATFORM", "offscreen");
    }
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("Loom"));
    QApplication::setApplicationName(QStringLiteral("loom-console"));
    QApplication::setApplicationVersion(QStringLiteral(LOOM_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("loom-console"));

    // The system's language, or the one chosen in the settings ("language": de, zh_CN, en).
    QString language = QSettings().value(QStringLiteral("language")).toString();
    QTranslator qtBase, loom;
    if (qtBase.load(language.isEmpty() ? QLocale() : QLocale(language), QStringLiteral("qtbase"),
                    QStringLiteral("_"), QLibraryInfo::path(QLibraryInfo::TranslationsPath))) {
        QApplication::installTranslator(&qtBase);
    }
    if (loom::ui::loadLanguage(loom, language)) QApplication::installTranslator(&loom);

    QCommandLineParser cli;
    cli.setApplicationDescription(QApplication::translate("main", "Loom's desktop console"));
    cli.addHelpOption();
    cli.addVersionOption();
    QCommandLineOption socket(QStringLiteral("socket"),
                              QApplication::translate("main", "The engine's unix socket."),
                              QStringLiteral("path"));
    QCommandLineOption server(
        QStringLiteral("server"),
        QApplication::translate("main", "A remote engine's mutual-TLS listener."),
        QStringLiteral("addr:port"));
    QCommandLineOption ca(QStringLiteral("ca"), QApplication::translate("main", "CA file."),
                          QStringLiteral("file"));
    QCommandLineOption cert(QStringLiteral("cert"),
                            QApplication::translate("main", "Client certificate file."),
                            QStringLiteral("file"));
    QCommandLineOption key(QStringLiteral("key"),
                           QApplication::translate("main", "Client key file."),
                           QStringLiteral("file"));
    cli.addOptions({socket, server, ca, cert, key});
    cli.process(app);

    QSettings settings;
    loom::ui::EngineClient client;
    loom::ui::MainWindow window(client);
    if (cli.isSet(server)) {
        client.connectToServer(cli.value(server), cli.value(ca), cli.value(cert), cli.value(key));
    } else {
        QString path = cli.isSet(socket)
                           ? cli.value(socket)
                           : settings
                                 .value(QStringLiteral("connection/socket"),
                                        qEnvironmentVariable(
                                            "LOOM_SOCKET", QStringLiteral("/run/loom/loomd.sock")))
                                 .toString();
        settings.setValue(QStringLiteral("connection/socket"), path);
        client.connectToSocket(path);
    }
    window.show();
    return QApplication::exec();
}
