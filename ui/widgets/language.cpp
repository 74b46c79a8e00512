#include "ui/widgets/language.h"

#include <QLocale>
#include <QTranslator>

namespace loom::ui {

bool loadLanguage(QTranslator& translator, const QString& language) {
    const QString dir = QStringLiteral(":/i18n");
    if (!language.isEmpty()) {
        return translator.load(QStringLiteral("loom_") + language, dir);
    }
    return translator.load(QLocale::system(), QStringLiteral("loom"), QStringLiteral("_"), dir);
}

}  // namespace loom::ui
