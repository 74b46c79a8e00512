#include "ui/client/bundle_file.h"

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>

#include "engine/bundle/bundle.h"
#include "ui/client/design_file.h"

namespace loom::ui {

namespace bundle = engine::bundle;

namespace {
struct Tr {
    Q_DECLARE_TR_FUNCTIONS(BundleFile)
};

QString q(const std::string& s) {
    return QString::fromStdString(s);
}
}  // namespace

namespace {

// The file whole or not at all: a reader never sees half a bundle.
bool writeWhole(const QByteArray& bytes, const QString& path, QString* error) {
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != bytes.size() || !f.commit()) {
        *error = Tr::tr("cannot write %1: %2").arg(path, f.errorString());
        return false;
    }
    return true;
}

}  // namespace

bool exportDesignBundle(const Design& design, const QString& path, QString* error) {
    // The design's own file form is the bundle's topology.json: one mapping, read the bundle's
    // way so that its rules apply.
    auto topology = bundle::topologyFromJson(designToJson(design).toStdString());
    if (!topology) {
        *error = q(topology.status().message());
        return false;
    }
    // The draft has no file name: the bundle's stands for it.
    auto b = bundle::designBundle(*topology, QFileInfo(path).baseName().toStdString());
    if (!b) {
        *error = Tr::tr("the design breaks a rule: %1").arg(q(b.status().message()));
        return false;
    }
    auto archive = bundle::writeBundle(*b);
    if (!archive) {
        *error = q(archive.status().message());
        return false;
    }
    return writeWhole(QByteArray::fromStdString(*archive), path, error);
}

bool saveBundle(const QByteArray& archive, const QString& path, QString* error) {
    auto b = bundle::readBundle(std::string_view(archive.constData(), archive.size()));
    if (!b) {
        *error = Tr::tr("the engine's bundle is not readable: %1").arg(q(b.status().message()));
        return false;
    }
    return writeWhole(archive, path, error);
}

std::optional<Design> importDesignBundle(const QString& path, QString* error) {
    const bundle::Limits limits;
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        *error = Tr::tr("cannot read %1: %2").arg(path, f.errorString());
        return std::nullopt;
    }
    if (static_cast<size_t>(f.size()) > limits.maxArchiveBytes) {
        *error = Tr::tr("%1 is too large for a bundle").arg(path);
        return std::nullopt;
    }
    const QByteArray bytes = f.readAll();
    auto b = bundle::readBundle(std::string_view(bytes.constData(), bytes.size()), limits);
    if (!b) {
        *error = q(b.status().message());
        return std::nullopt;
    }
    auto topology = bundle::topologyOf(*b);
    if (!topology) {
        *error = q(topology.status().message());
        return std::nullopt;
    }
    return designFromJson(q(bundle::toJson(*topology)), error);
}

}  // namespace loom::ui
