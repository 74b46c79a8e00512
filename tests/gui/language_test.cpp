// The console in German and Simplified Chinese: the translations are complete for the current
// sources, and loading one changes what the window says.
#include <gtest/gtest.h>

#include <QCoreApplication>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTranslator>

#include "ui/client/engine_client.h"
#include "ui/widgets/language.h"
#include "ui/widgets/main_window.h"

namespace loom::test {
namespace {

TEST(Language, WindowSpeaksGermanAndChinese) {
    for (const auto& [language, title] :
         {std::pair{QStringLiteral("de"), QStringLiteral("Loom-Konsole")},
          std::pair{QStringLiteral("zh_CN"), QStringLiteral("Loom 控制台")}}) {
        QTranslator translator;
        ASSERT_TRUE(ui::loadLanguage(translator, language)) << language.toStdString();
        QCoreApplication::installTranslator(&translator);
        ui::EngineClient client;
        ui::MainWindow window(client);
        EXPECT_EQ(window.windowTitle(), title);
        QCoreApplication::removeTranslator(&translator);
    }
    QTranslator none;
    EXPECT_FALSE(ui::loadLanguage(none, QStringLiteral("xx")));
}

// lupdate over today's sources into a copy of each .ts: a string added without translations
// shows up as unfinished.
TEST(Language, EveryStringIsTranslated) {
    QTemporaryDir tmp;
    for (const char* name : {"loom_de.ts", "loom_zh_CN.ts"}) {
        QString copy = tmp.filePath(QString::fromLatin1(name));
        ASSERT_TRUE(QFile::copy(QStringLiteral(LOOM_SOURCE_DIR "/translations/") + name, copy));
        QProcess lupdate;
        lupdate.setWorkingDirectory(QStringLiteral(LOOM_SOURCE_DIR));
        // The files and include paths the build's own lupdate target uses.
        QStringList args = {QStringLiteral("-no-obsolete"),  QStringLiteral("-locations"),
                            QStringLiteral("none"),          QStringLiteral("-I"),
                            QStringLiteral(LOOM_SOURCE_DIR), QStringLiteral("-I"),
                            QStringLiteral(LOOM_UI_AUTOGEN)};
        args += QString::fromUtf8(LOOM_TR_SOURCES).split(QLatin1Char('|'));
        args += {QStringLiteral("-ts"), copy};
        lupdate.start(QStringLiteral(LOOM_LUPDATE), args);
        ASSERT_TRUE(lupdate.waitForFinished(60000));
        ASSERT_EQ(lupdate.exitCode(), 0) << lupdate.readAllStandardError().toStdString();
        QFile f(copy);
        ASSERT_TRUE(f.open(QIODevice::ReadOnly));
        QByteArray text = f.readAll();
        EXPECT_EQ(text.count("type=\"unfinished\""), 0)
            << name << ": run `ninja -C build loom_ui_lupdate` and translate the new strings";
    }
}

}  // namespace
}  // namespace loom::test
