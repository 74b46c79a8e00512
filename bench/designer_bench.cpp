// The designer's costs at N endpoints (offscreen Qt): what one edit costs end to end (the
// engine's rules over the whole draft, then the canvas redrawn), each part apart, the floor of
// a redraw (the same number of bare Qt items), the memory an undo step holds, and a design
// file written and read. With --socket, also applying N endpoint creations through the plan
// (one call each, for per-operation progress) next to one bulk CreateEndpoints of the same N.
#include <grpcpp/grpcpp.h>
#include <malloc.h>

#include <QApplication>
#include <QElapsedTimer>
#include <QGraphicsRectItem>
#include <QGraphicsScene>
#include <QGraphicsSimpleTextItem>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <cstdio>
#include <functional>
#include <vector>

#include "loom/v1/loom.grpc.pb.h"
#include "ui/client/design_file.h"
#include "ui/client/engine_client.h"
#include "ui/designer/design_check.h"
#include "ui/designer/design_document.h"
#include "ui/designer/plan.h"
#include "ui/designer/plan_dialog.h"
#include "ui/designer/topology_scene.h"

namespace {

// A wait that runs out means the bench measured nothing: say so and stop.
template <typename F>
void waitFor(F condition, int ms) {
    if (!QTest::qWaitFor(condition, ms)) {
        std::fprintf(stderr, "designer_bench: gave up waiting after %d ms\n", ms);
        std::exit(1);
    }
}

using namespace loom::ui;

// The median of `rounds` runs of `fn`, in milliseconds.
double medianMs(int rounds, const std::function<void()>& fn) {
    std::vector<double> ms;
    for (int i = 0; i < rounds; ++i) {
        QElapsedTimer t;
        t.start();
        fn();
        ms.push_back(static_cast<double>(t.nsecsElapsed()) / 1e6);
    }
    std::sort(ms.begin(), ms.end());
    return ms[ms.size() / 2];
}

// Bytes in use on the heap now.
size_t heapInUse() {
    return mallinfo2().uordblks;
}

// A cluster of `hosts` hosts with `endpoints` endpoints spread over one network per 50.
Inventory inventory(int hosts, int endpoints) {
    Inventory inv;
    for (int h = 0; h < hosts; ++h) {
        HostInfo host;
        host.id = QStringLiteral("h%1").arg(h);
        host.name = QStringLiteral("host%1").arg(h);
        host.underlayMtu = 1500;
        host.alive = true;
        inv.hosts.append(host);
    }
    int networks = std::max(1, endpoints / 50);
    for (int n = 0; n < networks; ++n) {
        NetworkInfo net;
        net.id = QStringLiteral("n%1").arg(n);
        net.name = QStringLiteral("net%1").arg(n);
        net.subnet = QStringLiteral("10.%1.%2.0/24").arg(n / 256).arg(n % 256);
        net.vni = 4096 + static_cast<quint32>(n);
        net.mtu = 1450;
        inv.networks.append(net);
    }
    for (int e = 0; e < endpoints; ++e) {
        EndpointInfo ep;
        ep.id = QStringLiteral("e%1").arg(e);
        ep.name = QStringLiteral("ep%1").arg(e);
        const auto& net = inv.networks[e % networks];
        ep.networkId = net.id;
        ep.networkName = net.name;
        ep.hostName = inv.hosts[e % hosts].name;
        ep.ip = QStringLiteral("10.%1.%2.%3/24")
                    .arg((e % networks) / 256)
                    .arg((e % networks) % 256)
                    .arg(2 + e / networks);
        ep.netnsMode = QStringLiteral("created");
        inv.endpoints.append(ep);
    }
    return inv;
}

void offline(int n) {
    Inventory live = inventory(10, n);
    DesignDocument doc;
    doc.setLive(live);
    TopologyScene scene(doc);
    const Design base = doc.draft();
    double designOfMs = medianMs(5, [&] { (void)designOf(live, base); });
    double checkMs = medianMs(5, [&] { (void)checkDesign(base, 1500); });
    // A draft with a tenth of the endpoints moved to static addresses: a plan of 2 x N/10.
    Design draft = base;
    for (int i = 0; i < n; i += 10) {
        auto& e = draft.endpoints[i];
        e.ip = e.ip.section(QLatin1Char('.'), 0, 2) + QStringLiteral(".250");
    }
    int ops = 0;
    double planMs =
        medianMs(5, [&] { ops = static_cast<int>(makePlan(draft, live).operations.size()); });
    // A full drawing (a canvas opened on this design) and a redraw after an event that changed
    // nothing shown.
    double drawMs = medianMs(5, [&] { TopologyScene fresh(doc); });
    double redrawMs = medianMs(5, [&] { scene.rebuild(); });
    // One edit as a person makes it: a label on one endpoint; rules, undo step, redraw.
    int round = 0;
    double editMs = medianMs(9, [&] {
        DesignEndpoint e = doc.draft().endpoints[round % n];
        e.labels.insert(QStringLiteral("edit"), QString::number(round++));
        doc.setEndpoint(e);
    });
    // The floor of a redraw: the same items, bare, in a scene of their own.
    double bareMs = medianMs(5, [&] {
        QGraphicsScene bare;
        for (int h = 0; h < 10; ++h) {
            auto* frame = bare.addRect(0, 0, 220, 100);
            new QGraphicsSimpleTextItem(QStringLiteral("host"), frame);
            new QGraphicsSimpleTextItem(QStringLiteral("198.51.100.1"), frame);
        }
        for (int i = 0; i < n; ++i) {
            auto* r = bare.addRect(0, 0, 196, 34);
            new QGraphicsSimpleTextItem(QStringLiteral("ep"), r);
            new QGraphicsSimpleTextItem(QStringLiteral("10.0.0.2"), r);
            bare.addLine(0, 0, 100, 100);
        }
    });
    // Memory an undo step holds: the heap's growth over 100 edits (the stack keeps 200).
    doc.undoStack().clear();
    size_t before = heapInUse();
    for (int i = 0; i < 100; ++i) {
        DesignEndpoint e = doc.draft().endpoints[i % n];
        e.labels.insert(QStringLiteral("m"), QString::number(i));
        doc.setEndpoint(e);
    }
    double kbPerStep = static_cast<double>(heapInUse() - before) / 100.0 / 1024.0;
    QTemporaryDir dir;
    QString path = dir.filePath(QStringLiteral("d.json"));
    QString error;
    double saveMs = medianMs(3, [&] { saveDesign(doc.draft(), path, &error); });
    double loadMs = medianMs(3, [&] { (void)loadDesign(path, &error); });
    double fileKb = static_cast<double>(QFileInfo(path).size()) / 1024.0;
    std::printf(
        "%6d | %7.2f | %7.2f | %6.2f (%4d) | %7.2f | %8.2f | %7.2f | %8.2f | %8.2f | "
        "%5.1f / %5.1f ms, %5.0f KiB\n",
        n, editMs, checkMs, planMs, ops, drawMs, bareMs, redrawMs, designOfMs, kbPerStep, saveMs,
        loadMs, fileKb);
}

void applyBench(const QString& socket, int n) {
    EngineClient client;
    client.connectToSocket(socket);
    if (!QTest::qWaitFor([&] { return client.state() == ConnectionState::Connected; }, 5000)) {
        std::fprintf(stderr, "designer_bench: no engine at %s\n", qPrintable(socket));
        std::exit(1);
    }
    DesignDocument doc;
    QObject::connect(&client, &EngineClient::inventoryChanged, &doc, &DesignDocument::setLive);
    doc.setLive(client.inventory());
    QString host = client.inventory().hosts.front().name;
    QString net = doc.addNetwork({});
    DesignNetwork nw = *doc.draft().network(net);
    nw.name = QStringLiteral("bench");
    nw.subnet = QStringLiteral("10.200.0.0/20");
    doc.setNetwork(nw);
    // First the same N in one bulk request straight to the API, on a network of their own (so
    // the designer's run below has the more crowded host, not the other way round).
    {
        QString bulkNet = doc.addNetwork({});
        DesignNetwork b = *doc.draft().network(bulkNet);
        b.name = QStringLiteral("bulk");
        b.subnet = QStringLiteral("10.201.0.0/20");
        doc.setNetwork(b);
    }
    // The network first (its own plan), then N endpoints as one plan.
    auto applyAll = [&](QList<Operation> ops) {
        Applier applier(client, doc, ops);
        bool done = false, ok = false;
        QObject::connect(&applier, &Applier::finished, [&](bool succeeded, int) {
            done = true;
            ok = succeeded;
        });
        QElapsedTimer t;
        t.start();
        applier.start();
        waitFor([&] { return done; }, 600000);
        double ms = static_cast<double>(t.nsecsElapsed()) / 1e6;
        if (!ok) {
            std::fprintf(stderr, "designer_bench: apply failed\n");
            std::exit(1);
        }
        return ms;
    };
    applyAll(doc.plan().operations);
    waitFor([&] { return !doc.modified(); }, 5000);
    auto channel =
        grpc::CreateChannel("unix:" + socket.toStdString(), grpc::InsecureChannelCredentials());
    auto stub = loom::v1::EndpointService::NewStub(channel);
    loom::v1::CreateEndpointsRequest bulk;
    for (int i = 0; i < n; ++i) {
        auto* r = bulk.add_endpoints();
        r->set_name("bulk" + std::to_string(i));
        r->set_network("bulk");
    }
    loom::v1::CreateEndpointsResponse resp;
    grpc::ClientContext ctx;
    QElapsedTimer t;
    t.start();
    auto s = stub->CreateEndpoints(&ctx, bulk, &resp);
    double bulkMs = static_cast<double>(t.nsecsElapsed()) / 1e6;
    if (!s.ok()) {
        std::fprintf(stderr, "designer_bench: bulk create: %s\n", s.error_message().c_str());
        std::exit(1);
    }
    waitFor([&] { return doc.draft().endpoints.size() == n; }, 10000);
    QString netKey;
    for (const auto& nk : doc.draft().networks) {
        if (nk.name == QStringLiteral("bench")) netKey = nk.key;
    }
    for (int i = 0; i < n; ++i) doc.addEndpoint(host, netKey);
    QList<Operation> ops = doc.plan().operations;
    double applyMs = applyAll(ops);
    waitFor([&] { return !doc.modified() && doc.draft().endpoints.size() == 2 * n; }, 10000);
    // The kernel's part is done after the answers (the engine reconciles): wait for it, so the
    // deletions below are not measured against that work.
    QElapsedTimer ready;
    ready.start();
    waitFor(
        [&] {
            client.refresh();
            const auto& eps = client.inventory().endpoints;
            return eps.size() == 2 * n &&
                   std::all_of(eps.begin(), eps.end(), [](const EndpointInfo& e) {
                       return e.state == QStringLiteral("ready");
                   });
        },
        600000);
    double readyMs = static_cast<double>(ready.nsecsElapsed()) / 1e6 + applyMs;
    // The designer's N deleted again.
    QStringList keys;
    for (const auto& e : doc.draft().endpoints) {
        if (e.networkKey == netKey) keys << e.key;
    }
    doc.remove(keys);
    double deleteMs = applyAll(doc.plan().operations);
    std::printf("%6d | %12.1f | %8.2f | %14.1f | %13.1f | %11.1f | %8.2f\n", n, applyMs,
                applyMs / n, readyMs, deleteMs, bulkMs, bulkMs / n);
}

}  // namespace

int main(int argc, char** argv) {
    qputenv("QT_QPA_PLATFORM", "offscreen");
    // The table is the output: Qt's remarks about the environment are not.
    qInstallMessageHandler([](QtMsgType type, const QMessageLogContext&, const QString& m) {
        if (type >= QtCriticalMsg) std::fprintf(stderr, "%s\n", qPrintable(m));
    });
    QApplication app(argc, argv);
    QString socket;
    std::vector<int> sizes;
    for (int i = 1; i < argc; ++i) {
        QString a = QString::fromLocal8Bit(argv[i]);
        if (a == QStringLiteral("--socket") && i + 1 < argc) {
            socket = QString::fromLocal8Bit(argv[++i]);
        } else {
            sizes.push_back(a.toInt());
        }
    }
    if (sizes.empty()) sizes = {100, 1000, 5000};
    if (socket.isEmpty()) {
        std::printf(
            "     N | edit ms | rules ms | plan ms (ops)  | draw ms | bare Qt ms | redraw ms | "
            "designOf ms | KiB/undo | save / load, file\n");
        std::printf(
            "-------+---------+---------+---------------+---------+----------+---------+"
            "----------+----------+------------------------\n");
        for (int n : sizes) offline(n);
    } else {
        std::printf(
            "     N | apply N (ms) | per op ms | all ready (ms) | delete N (ms) | bulk N (ms) | "
            "per ep ms\n");
        std::printf(
            "-------+--------------+----------+----------------+---------------+-------------+-----"
            "-----\n");
        for (int n : sizes) applyBench(socket, n);
    }
    return 0;
}
