// loom-console: the translator, the settings and the wiring of the client and the main window.
#include <QApplication>
#include <QCommandLineParser>
#include <QLibraryInfo>
#include <QLocale>
#include <QSettings>
#include <QTimer>
#include <QTranslator>

#include <cstdio>
#include <memory>
#include <string_view>

#include "ui/client/engine_client.h"
#include "ui/dashboard/chart_menu.h"
#include "ui/widgets/language.h"
#include "ui/widgets/main_window.h"

namespace {
bool asksForText(int argc, char** argv) {
    for (int i = 1; i < argc; ++i) {
        std::string_view a = argv[i];
        if (a == "--help" || a == "-h" || a == "--version" || a == "-v" || a == "--check") {
            return true;
        }
    }
    return false;
}
bool hasArg(int argc, char** argv, std::string_view arg) {
    for (int i = 1; i < argc; ++i) {
        if (arg == argv[i]) return true;
    }
    return false;
}

// --check speaks one line; Qt's own warnings (e.g. about XDG_RUNTIME_DIR) would add more.
void onlyFatal(QtMsgType type, const QMessageLogContext&, const QString& message) {
    if (type == QtCriticalMsg || type == QtFatalMsg) {
        std::fprintf(stderr, "loom-console: %s\n", qPrintable(message));
    }
}
}  // namespace

int main(int argc, char** argv) {
    if (hasArg(argc, argv, "--check")) qInstallMessageHandler(onlyFatal);
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
    QCommandLineOption design(QStringLiteral("design"),
                              QApplication::translate("main", "Open this design file at start."),
                              QStringLiteral("file"));
    QCommandLineOption check(
        QStringLiteral("check"),
        QApplication::translate("main",
                                "Connect, say what the engine has in one line, and exit "
                                "(0 when it answered); needs no display."));
    QCommandLineOption tab(
        QStringLiteral("tab"),
        QApplication::translate("main", "Open on this tab: topology or monitor."),
        QStringLiteral("name"));
    QCommandLineOption chart(
        QStringLiteral("chart"),
        QApplication::translate("main",
                                "Open this chart on the Monitor (repeatable): top, endpoint:NAME, "
                                "network:NAME[@HOST], host:NAME, latency:FROM:NETWORK:TO."),
        QStringLiteral("what"));
    cli.addOptions({socket, server, ca, cert, key, design, check, tab, chart});
    cli.process(app);

    QSettings settings;
    loom::ui::EngineClient client;
    if (cli.isSet(check)) {
        // Whether this user may use the engine: one line, and the exit code.
        QObject::connect(
            &client, &loom::ui::EngineClient::connectionStateChanged, &app,
            [&](loom::ui::ConnectionState state, const QString& detail) {
                if (state == loom::ui::ConnectionState::Connected) {
                    const auto& inv = client.inventory();
                    std::printf(
                        "connected to %s: %d host(s), %d network(s), %d "
                        "endpoint(s)\n",
                        qPrintable(client.target()), static_cast<int>(inv.hosts.size()),
                        static_cast<int>(inv.networks.size()),
                        static_cast<int>(inv.endpoints.size()));
                    QApplication::exit(0);
                } else if (state == loom::ui::ConnectionState::Disconnected) {
                    std::fprintf(stderr, "loom-console: cannot use the engine at %s: %s\n",
                                 qPrintable(client.target()), qPrintable(detail));
                    QApplication::exit(1);
                }
            });
        QTimer::singleShot(10000, &app, [&] {
            std::fprintf(stderr, "loom-console: no answer from %s in 10 s\n",
                         qPrintable(client.target()));
            QApplication::exit(1);
        });
    }
    std::unique_ptr<loom::ui::MainWindow> window;
    if (!cli.isSet(check)) window = std::make_unique<loom::ui::MainWindow>(client);
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
    if (window) {
        if (cli.value(tab) == QStringLiteral("monitor")) window->showTab(1);
        // Charts asked for on the command line, once the engine's inventory is there.
        const QStringList charts = cli.values(chart);
        if (!charts.isEmpty()) {
            auto opened = std::make_shared<bool>(false);
            QObject::connect(&client, &loom::ui::EngineClient::inventoryChanged, window.get(),
                             [&, charts, opened](const loom::ui::Inventory& inv) {
                                 if (*opened) return;
                                 *opened = true;
                                 for (const auto& c : charts) {
                                     QString why;
                                     if (auto spec = loom::ui::panelFromText(c, inv, &why)) {
                                         window->openChart(*spec);
                                     } else {
                                         std::fprintf(stderr, "loom-console: %s\n",
                                                      qPrintable(why));
                                     }
                                 }
                                 if (cli.value(tab) != QStringLiteral("monitor"))
                                     window->showTab(0);
                             });
        }
        window->show();
        // A design given at start opens even when no engine answers (an offline design).
        if (cli.isSet(design) && !window->openDesign(cli.value(design))) return 1;
    }
    return QApplication::exec();
}
