// Config bundles in the console, without an engine: the draft exported as a bundle (File >
// Export bundle) and a bundle imported as the draft (File > Import bundle), with what the plan
// would do; a draft that breaks a rule and a bundle changed by hand are refused, naming why.
#include <QFile>
#include <QTemporaryDir>

#include <gtest/gtest.h>

#include "engine/bundle/bundle.h"
#include "ui/client/bundle_file.h"
#include "ui/client/design_file.h"
#include "ui/client/engine_client.h"
#include "ui/designer/design_document.h"
#include "ui/widgets/main_window.h"

namespace loom::test {
namespace {

constexpr const char* kDesign = R"({"format": 1,
  "hosts": [{"name": "edge1"}, {"name": "edge2"}],
  "networks": [{"name": "front", "subnet": "10.60.0.0/24", "labels": {"tier": "web"}}],
  "endpoints": [{"name": "web", "network_name": "front", "host_name": "edge1",
                 "ip": "10.60.0.5"},
                {"name": "api", "network_name": "front", "host_name": "edge2"}]})";

TEST(ConsoleBundle, TheDraftGoesOutAsABundleAndComesBackAsTheSameDraftWithItsPlan) {
    QTemporaryDir dir;
    const QString design = dir.filePath(QStringLiteral("shop.json"));
    QFile f(design);
    ASSERT_TRUE(f.open(QIODevice::WriteOnly));
    f.write(kDesign);
    f.close();
    ui::EngineClient client;  // never connected
    ui::MainWindow window(client);
    window.show();
    ASSERT_TRUE(window.openDesign(design));
    const QString path = dir.filePath(QStringLiteral("shop.tar.gz"));
    QString error;
    ASSERT_TRUE(window.exportBundle(path, &error)) << error.toStdString();

    // What the file holds, read by the bundle library as loomctl reads it.
    QFile written(path);
    ASSERT_TRUE(written.open(QIODevice::ReadOnly));
    const QByteArray bytes = written.readAll();
    auto b = engine::bundle::readBundle(std::string_view(bytes.constData(), bytes.size()));
    ASSERT_TRUE(b.isOk()) << b.status().message();
    EXPECT_EQ(b->manifest.source, "design");
    EXPECT_EQ(b->members.count("README.md"), 1u);
    auto t = engine::bundle::topologyOf(*b);
    ASSERT_TRUE(t.isOk()) << t.status().message();
    ASSERT_EQ(t->endpoints.size(), 2u);
    EXPECT_EQ(t->networks.at(0).labels.at("tier"), "web");

    // Imported into another console: the same draft, and a plan of what it would create.
    ui::EngineClient otherClient;
    ui::MainWindow other(otherClient);
    other.show();
    ASSERT_TRUE(other.importBundle(path, &error)) << error.toStdString();
    const ui::Design& draft = other.document().draft();
    const ui::Design& first = window.document().draft();
    ASSERT_EQ(draft.endpoints.size(), first.endpoints.size());
    EXPECT_EQ(draft.networks.at(0).name, QStringLiteral("front"));
    EXPECT_EQ(draft.networks.at(0).labels.value(QStringLiteral("tier")), QStringLiteral("web"));
    const ui::DesignEndpoint* web = nullptr;
    for (const auto& e : draft.endpoints) {
        if (e.name == QStringLiteral("web")) web = &e;
    }
    ASSERT_NE(web, nullptr);
    EXPECT_EQ(web->ip, QStringLiteral("10.60.0.5"));
    EXPECT_EQ(web->hostName, QStringLiteral("edge1"));
    EXPECT_EQ(ui::designToJson(draft), ui::designToJson(first)) << "field for field";
    EXPECT_TRUE(other.document().modified()) << "a draft: nothing ran";
    const ui::Plan plan = other.document().plan();
    EXPECT_FALSE(plan.empty());
    EXPECT_EQ(plan.notJoined, (QStringList{"edge1", "edge2"}));
}

TEST(ConsoleBundle, ABrokenDraftAndAnEditedBundleAreRefusedNamingWhy) {
    QTemporaryDir dir;
    QString error;
    auto design = ui::designFromJson(QString::fromUtf8(kDesign), &error);
    ASSERT_TRUE(design) << error.toStdString();
    design->endpoints[0].ip = QStringLiteral("10.61.0.5");  // outside front's subnet
    const QString broken = dir.filePath(QStringLiteral("broken.tar.gz"));
    EXPECT_FALSE(ui::exportDesignBundle(*design, broken, &error));
    EXPECT_TRUE(error.contains(QStringLiteral("is outside the subnet"))) << error.toStdString();
    EXPECT_FALSE(QFile::exists(broken)) << "nothing written";

    // A sound bundle with one byte changed on the way.
    design = ui::designFromJson(QString::fromUtf8(kDesign), &error);
    const QString path = dir.filePath(QStringLiteral("shop.tar.gz"));
    ASSERT_TRUE(ui::exportDesignBundle(*design, path, &error)) << error.toStdString();
    QFile f(path);
    ASSERT_TRUE(f.open(QIODevice::ReadOnly));
    QByteArray bytes = f.readAll();
    ASSERT_GT(bytes.size(), 200);
    bytes[bytes.size() - 100] = static_cast<char>(bytes[bytes.size() - 100] ^ 0x20);
    const QString edited = dir.filePath(QStringLiteral("edited.tar.gz"));
    QFile out(edited);
    ASSERT_TRUE(out.open(QIODevice::WriteOnly));
    out.write(bytes);
    out.close();
    EXPECT_EQ(ui::importDesignBundle(edited, &error), std::nullopt);
    EXPECT_TRUE(error.startsWith(QStringLiteral("bundle: "))) << error.toStdString();
    EXPECT_TRUE(ui::importDesignBundle(dir.filePath(QStringLiteral("none.tar.gz")), &error) ==
                std::nullopt);
    EXPECT_TRUE(error.contains(QStringLiteral("cannot read"))) << error.toStdString();
}

}  // namespace
}  // namespace loom::test
