#include "ui/client/design_file.h"

#include <google/protobuf/util/json_util.h>

#include <QCoreApplication>
#include <QFile>
#include <QHash>
#include <QJsonDocument>
#include <QSaveFile>
#include <QUuid>

#include "loom/v1/loom.pb.h"
#include "ui/client/ports.h"

namespace loom::ui {

namespace model = engine::model;

namespace {

constexpr uint32_t kFormat = 1;

QString q(const std::string& s) {
    return QString::fromStdString(s);
}
std::string s(const QString& q) {
    return q.toStdString();
}
struct Tr {
    Q_DECLARE_TR_FUNCTIONS(loom::ui::DesignFile)
};
QString newKey() {
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

template <typename Map>
void putLabels(const QMap<QString, QString>& labels, Map* out) {
    for (auto it = labels.begin(); it != labels.end(); ++it) (*out)[s(it.key())] = s(it.value());
}
template <typename Map>
QMap<QString, QString> getLabels(const Map& in) {
    QMap<QString, QString> out;
    for (const auto& [k, v] : in) out.insert(q(k), q(v));
    return out;
}

void putPosition(v1::Topology& t, const QString& key, QPointF pos) {
    auto& p = (*t.mutable_layout())[s(key)];
    p.set_x(pos.x());
    p.set_y(pos.y());
}
QPointF getPosition(const v1::Topology& t, const QString& key) {
    auto it = t.layout().find(s(key));
    return it == t.layout().end() ? QPointF() : QPointF(it->second.x(), it->second.y());
}

}  // namespace

QString designToJson(const Design& design) {
    v1::Topology t;
    t.set_format(kFormat);
    for (const auto& h : design.hosts) {
        t.add_hosts()->set_name(s(h.name));
        putPosition(t, QStringLiteral("host/") + h.name, h.pos);
    }
    QHash<QString, QString> networkNames;
    for (const auto& n : design.networks) {
        auto* out = t.add_networks();
        out->set_name(s(n.name));
        out->set_subnet(s(n.subnet));
        out->set_vni(n.vni);
        out->set_mtu(n.mtu);
        putLabels(n.labels, out->mutable_labels());
        out->set_internal(n.internal);
        out->set_encrypted(n.encrypted);
        if (n.encrypted) out->set_key_rotation_s(n.keyRotationS);
        putPosition(t, QStringLiteral("network/") + n.name, n.pos);
        networkNames.insert(n.key, n.name);
    }
    for (const auto& e : design.endpoints) {
        auto* out = t.add_endpoints();
        out->set_name(s(e.name));
        out->set_network_name(s(networkNames.value(e.networkKey)));
        out->set_host_name(s(e.hostName));
        out->set_ip(s(e.ip));
        if (e.netnsMode == QStringLiteral("path")) {
            out->set_netns_mode(v1::NETNS_MODE_PATH);
            out->set_netns_path(s(e.netnsPath));
        } else if (e.netnsMode == QStringLiteral("pid")) {
            out->set_netns_mode(v1::NETNS_MODE_PID);
            out->set_pid(e.pid);
        } else {
            out->set_netns_mode(v1::NETNS_MODE_CREATED);
        }
        putLabels(e.labels, out->mutable_labels());
        out->set_service(s(e.service));
    }
    for (const auto& sv : design.services) {
        auto* out = t.add_services();
        out->set_name(s(sv.name));
        out->set_network_name(s(networkNames.value(sv.networkKey)));
        out->set_vip(s(sv.vip));
        // A port the draft cannot read (flagged as a problem there) is left out of the file.
        for (const auto& part : sv.ports.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
            for (const auto& p : portsFromText(part).value_or(std::vector<model::ServicePort>{})) {
                auto* port = out->add_ports();
                port->set_port(p.port);
                port->set_protocol(p.protocol == model::Protocol::Udp ? v1::PROTOCOL_UDP
                                                                      : v1::PROTOCOL_TCP);
            }
        }
        putPosition(t, QStringLiteral("service/") + sv.name, sv.pos);
    }
    std::string json;
    google::protobuf::util::JsonPrintOptions options;
    options.add_whitespace = true;
    options.preserve_proto_field_names = true;
    (void)google::protobuf::util::MessageToJsonString(t, &json, options);
    // Protobuf writes maps in no set order; keys sorted make files that diff well.
    return QString::fromUtf8(
        QJsonDocument::fromJson(QByteArray::fromStdString(json)).toJson(QJsonDocument::Indented));
}

std::optional<Design> designFromJson(const QString& json, QString* error) {
    v1::Topology t;
    auto status = google::protobuf::util::JsonStringToMessage(s(json), &t);
    if (!status.ok()) {
        *error = Tr::tr("not a Loom design: %1").arg(q(std::string(status.message())));
        return std::nullopt;
    }
    if (t.format() != kFormat) {
        *error = Tr::tr("design format %1 is not supported (this console reads format %2)")
                     .arg(t.format())
                     .arg(kFormat);
        return std::nullopt;
    }
    Design d;
    for (const auto& h : t.hosts()) {
        d.hosts.append({q(h.name()), getPosition(t, QStringLiteral("host/") + q(h.name()))});
    }
    QHash<QString, QString> networkKeys;
    for (const auto& n : t.networks()) {
        DesignNetwork out;
        out.key = newKey();
        out.name = q(n.name());
        out.subnet = q(n.subnet());
        out.vni = n.vni();
        out.mtu = n.mtu();
        out.labels = getLabels(n.labels());
        out.internal = n.internal();
        out.encrypted = n.encrypted();
        out.keyRotationS = n.key_rotation_s();
        out.pos = getPosition(t, QStringLiteral("network/") + out.name);
        networkKeys.insert(out.name, out.key);
        d.networks.append(out);
    }
    for (const auto& e : t.endpoints()) {
        DesignEndpoint out;
        out.key = newKey();
        out.name = q(e.name());
        if (!e.network_name().empty()) {
            out.networkKey = networkKeys.value(q(e.network_name()));
            if (out.networkKey.isEmpty()) {
                *error = Tr::tr("endpoint %1 is on network %2, which the design does not have")
                             .arg(out.name, q(e.network_name()));
                return std::nullopt;
            }
        }
        out.hostName = q(e.host_name());
        if (!d.host(out.hostName)) d.hosts.append({out.hostName, {}});
        out.ip = q(e.ip()).section(QLatin1Char('/'), 0, 0);
        switch (e.netns_mode()) {
            case v1::NETNS_MODE_PATH:
                out.netnsMode = QStringLiteral("path");
                out.netnsPath = q(e.netns_path());
                break;
            case v1::NETNS_MODE_PID:
                out.netnsMode = QStringLiteral("pid");
                out.pid = e.pid();
                break;
            default:
                break;
        }
        out.labels = getLabels(e.labels());
        out.service = q(e.service());
        d.endpoints.append(out);
    }
    for (const auto& sv : t.services()) {
        DesignService out;
        out.key = newKey();
        out.name = q(sv.name());
        out.networkKey = networkKeys.value(q(sv.network_name()));
        if (out.networkKey.isEmpty()) {
            *error = Tr::tr("service %1 is on network %2, which the design does not have")
                         .arg(out.name, q(sv.network_name()));
            return std::nullopt;
        }
        out.vip = q(sv.vip()).section(QLatin1Char('/'), 0, 0);
        std::vector<model::ServicePort> ports;
        for (const auto& p : sv.ports()) {
            ports.push_back({p.port(), p.protocol() == v1::PROTOCOL_UDP ? model::Protocol::Udp
                                                                        : model::Protocol::Tcp});
        }
        out.ports = portsToText(ports);
        out.pos = getPosition(t, QStringLiteral("service/") + out.name);
        d.services.append(out);
    }
    return d;
}

bool saveDesign(const Design& design, const QString& path, QString* error) {
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly)) {
        *error = Tr::tr("cannot write %1: %2").arg(path, f.errorString());
        return false;
    }
    f.write(designToJson(design).toUtf8());
    if (!f.commit()) {
        *error = Tr::tr("cannot write %1: %2").arg(path, f.errorString());
        return false;
    }
    return true;
}

std::optional<Design> loadDesign(const QString& path, QString* error) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        *error = Tr::tr("cannot read %1: %2").arg(path, f.errorString());
        return std::nullopt;
    }
    if (f.size() > 64 * 1024 * 1024) {
        *error = Tr::tr("%1 is larger than 64 MiB; not a design").arg(path);
        return std::nullopt;
    }
    return designFromJson(QString::fromUtf8(f.readAll()), error);
}

}  // namespace loom::ui
