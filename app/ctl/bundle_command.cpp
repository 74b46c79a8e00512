#include "app/ctl/bundle_command.h"

#include <sys/stat.h>
#include <unistd.h>

#include <google/protobuf/util/json_util.h>

#include <nlohmann/json.hpp>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>

#include "engine/bundle/bundle.h"
#include "loom/v1/loom.grpc.pb.h"

namespace loom::ctl {

namespace {

namespace bundle = engine::bundle;

int failed(const std::string& message) {
    std::fprintf(stderr, "loomctl: %s\n", message.c_str());
    return 1;
}

int usage(const std::string& message) {
    std::fprintf(stderr, "loomctl: %s (see loomctl --help)\n", message.c_str());
    return 2;
}

// A file's bytes, refused past `limit` before it is read.
std::optional<std::string> readFile(const std::string& path, size_t limit, std::string* error) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) {
        *error = "cannot read " + path + ": " + std::strerror(errno);
        return std::nullopt;
    }
    if (!S_ISREG(st.st_mode)) {
        *error = path + " is not a file";
        return std::nullopt;
    }
    if (static_cast<size_t>(st.st_size) > limit) {
        *error = path + " is " + std::to_string(st.st_size) + " bytes, over the " +
                 std::to_string(limit) + " it may have";
        return std::nullopt;
    }
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    if (!in) {
        *error = "cannot read " + path;
        return std::nullopt;
    }
    return ss.str();
}

std::string baseName(const std::string& path) {
    auto slash = path.rfind('/');
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

// Written beside, then renamed: a reader never sees half a bundle.
int writeOut(const std::string& out, const std::string& archive, size_t hosts, size_t networks,
             size_t endpoints) {
    const std::string partial = out + ".partial";
    {
        std::ofstream f(partial, std::ios::binary | std::ios::trunc);
        f.write(archive.data(), static_cast<std::streamsize>(archive.size()));
        f.close();
        if (!f) {
            std::remove(partial.c_str());
            return failed("cannot write " + out + ": " + std::strerror(errno));
        }
    }
    if (std::rename(partial.c_str(), out.c_str()) != 0) {
        const std::string why = std::strerror(errno);
        std::remove(partial.c_str());
        return failed("cannot write " + out + ": " + why);
    }
    std::printf("wrote %s: %zu host(s), %zu network(s), %zu endpoint(s), %zu bytes\n", out.c_str(),
                hosts, networks, endpoints, archive.size());
    return 0;
}

std::vector<std::string> splitList(const std::string& list) {
    std::vector<std::string> out;
    std::stringstream ss(list);
    for (std::string item; std::getline(ss, item, ',');) {
        if (!item.empty()) out.push_back(item);
    }
    return out;
}

int exportBundle(const Args& a, const std::shared_ptr<grpc::Channel>& channel,
                 const std::function<int(const grpc::Status&)>& fail) {
    if (a.has("design") == a.has("live"))
        return usage("bundle export needs --design FILE or --live");
    if (!a.has("output")) return usage("bundle export needs -o FILE");
    if (a.has("live")) {
        v1::ExportBundleRequest req;
        for (const auto& h : splitList(a.get("hosts"))) req.add_hosts(h);
        if (a.has("hosts") && req.hosts().empty()) return usage("--hosts needs host names");
        v1::ExportBundleResponse resp;
        grpc::ClientContext ctx;
        ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(120));
        auto s = v1::BundleService::NewStub(channel)->ExportBundle(&ctx, req, &resp);
        if (!s.ok()) return fail(s);
        return writeOut(a.get("output"), resp.bundle(), resp.hosts(), resp.networks(),
                        resp.endpoints());
    }
    if (a.has("hosts")) return usage("--hosts goes with --live");
    std::string error;
    auto text = readFile(a.get("design"), size_t{8} << 20, &error);
    if (!text) return failed(error);
    auto topology = bundle::topologyFromJson(*text);
    if (!topology) return failed(a.get("design") + ": " + topology.status().message());
    auto b = bundle::designBundle(*topology, baseName(a.get("design")));
    if (!b) return failed(a.get("design") + ": " + b.status().message());
    auto archive = bundle::writeBundle(*b);
    if (!archive) return failed(archive.status().message());
    return writeOut(a.get("output"), *archive, topology->hosts.size(), topology->networks.size(),
                    topology->endpoints.size());
}

int inspectBundle(const Args& a, bool json) {
    if (a.words.size() != 3) return usage("bundle inspect needs a FILE");
    const std::string path = a.words[2];
    const bundle::Limits limits;
    std::string error;
    auto data = readFile(path, limits.maxArchiveBytes, &error);
    if (!data) return failed(error);
    auto b = bundle::readBundle(*data, limits);
    if (!b) return failed(path + ": " + b.status().message());
    auto t = bundle::topologyOf(*b);
    if (!t) return failed(path + ": " + t.status().message());
    const auto& m = b->manifest;
    if (json) {
        nlohmann::json o;
        o["format"] = m.format;
        o["loom_version"] = m.loomVersion;
        o["created"] = m.created;
        o["source"] = m.source;
        o["origin"] = m.origin;
        for (const auto& [member, content] : b->members)
            o["members"][member] = {{"bytes", content.size()}, {"sha256", m.sha256.at(member)}};
        o["hosts"] = t->hosts.size();
        o["networks"] = t->networks.size();
        o["endpoints"] = t->endpoints.size();
        o["services"] = t->services.size();
        std::printf("%s\n", o.dump().c_str());
        return 0;
    }
    std::printf("%s: a Loom bundle, format %d, made by Loom %s on %s from %s %s\n", path.c_str(),
                m.format, m.loomVersion.c_str(), m.created.c_str(),
                m.source == "design" ? "the design" : "the live cluster at", m.origin.c_str());
    std::printf("every member matches its checksum; the topology follows Loom's rules\n\n");
    std::printf("%-40s %10s\n", "MEMBER", "BYTES");
    for (const auto& [member, content] : b->members)
        std::printf("%-40s %10zu\n", member.c_str(), content.size());
    std::printf("\n%-20s %-18s %8s %6s %10s\n", "NETWORK", "SUBNET", "VNI", "MTU", "ENDPOINTS");
    for (const auto& n : t->networks) {
        size_t endpoints = 0;
        for (const auto& e : t->endpoints) endpoints += e.networkName == n.name ? 1 : 0;
        std::printf("%-20s %-18s %8s %6s %10zu\n", n.name.c_str(), n.subnet.c_str(),
                    n.vni ? std::to_string(n.vni).c_str() : "auto",
                    n.mtu ? std::to_string(n.mtu).c_str() : "auto", endpoints);
    }
    std::printf("\n%-20s %-16s %10s\n", "HOST", "UNDERLAY", "ENDPOINTS");
    for (const auto& h : t->hosts) {
        size_t endpoints = 0;
        for (const auto& e : t->endpoints) endpoints += e.hostName == h.name ? 1 : 0;
        std::printf("%-20s %-16s %10zu\n", h.name.c_str(),
                    h.vtepIp.empty() ? "-" : h.vtepIp.c_str(), endpoints);
    }
    if (t->services.empty()) return 0;
    std::printf("\n%-20s %-16s %-16s %-20s %8s\n", "SERVICE", "NETWORK", "VIP", "PORTS", "BEHIND");
    for (const auto& s : t->services) {
        size_t behind = 0;
        for (const auto& e : t->endpoints) {
            behind += e.networkName == s.networkName && e.service == s.name ? 1 : 0;
        }
        std::string ports;
        for (const auto& p : s.ports) {
            ports += (ports.empty() ? "" : ",") + std::to_string(p.port) +
                     (p.protocol == "PROTOCOL_UDP" ? "/udp" : "/tcp");
        }
        std::printf("%-20s %-16s %-16s %-20s %8zu\n", s.name.c_str(), s.networkName.c_str(),
                    s.vip.empty() ? "auto" : s.vip.c_str(),
                    ports.empty() ? "every port" : ports.c_str(), behind);
    }
    return 0;
}

// The plan as the console shows it: numbered steps in order, each with the host it runs on
// and why, then what is left out or alone.
void printPlan(const std::string& path, const v1::PlanBundleResponse& plan) {
    std::printf("importing %s: %d step(s), run in this order\n", path.c_str(), plan.steps_size());
    int i = 0;
    for (const auto& s : plan.steps()) {
        std::printf("%3d. %-52s %-12s %s\n", ++i, s.what().c_str(),
                    s.host().empty() ? "all hosts" : s.host().c_str(), s.why().c_str());
    }
    for (const auto& n : plan.notes()) std::printf("note: %s\n", n.c_str());
}

int planOrApply(const Args& a, bool json, bool apply, const std::shared_ptr<grpc::Channel>& channel,
                const std::function<int(const grpc::Status&)>& fail) {
    const std::string verb = apply ? "apply" : "plan";
    if (a.words.size() != 3) return usage("bundle " + verb + " needs a FILE");
    const std::string path = a.words[2];
    std::string error;
    auto data = readFile(path, bundle::Limits{}.maxArchiveBytes, &error);
    if (!data) return failed(error);
    auto stub = v1::BundleService::NewStub(channel);
    auto context = [] {
        auto ctx = std::make_unique<grpc::ClientContext>();
        ctx->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(600));
        return ctx;
    };
    v1::PlanBundleRequest req;
    req.set_bundle(*data);
    v1::PlanBundleResponse plan;
    auto s = stub->PlanBundle(context().get(), req, &plan);
    if (!s.ok()) return fail(s);
    if (!apply || !json) {
        if (json) {
            std::string out;
            google::protobuf::util::JsonPrintOptions o;
            o.preserve_proto_field_names = true;
            (void)google::protobuf::util::MessageToJsonString(plan, &out, o);
            std::printf("%s\n", out.c_str());
        } else {
            printPlan(path, plan);
        }
    }
    if (!apply) return 0;
    if (plan.steps().empty()) {
        if (!json) std::printf("nothing to do: the cluster already matches the bundle\n");
        return 0;
    }
    if (!a.has("yes")) {
        if (!::isatty(STDIN_FILENO))
            return usage("bundle apply needs --yes when not asked on a terminal");
        std::printf("apply these %d step(s)? [y/N] ", plan.steps_size());
        std::fflush(stdout);
        std::string answer;
        std::getline(std::cin, answer);
        if (answer != "y" && answer != "yes") {
            std::printf("nothing applied\n");
            return 1;
        }
    }
    v1::ApplyBundleRequest applyReq;
    applyReq.set_bundle(*data);
    applyReq.set_digest(plan.digest());
    v1::ApplyBundleResponse done;
    s = stub->ApplyBundle(context().get(), applyReq, &done);
    if (!s.ok()) return fail(s);
    if (json) {
        std::printf("{\"steps_done\": %u}\n", done.steps_done());
    } else {
        std::printf("applied %u step(s)\n", done.steps_done());
    }
    return 0;
}

}  // namespace

int bundleCommand(const Args& a, bool json, const std::shared_ptr<grpc::Channel>& channel,
                  const std::function<int(const grpc::Status&)>& fail) {
    const std::string verb = a.words.size() > 1 ? a.words[1] : "";
    if (verb == "export") return exportBundle(a, channel, fail);
    if (verb == "inspect") return inspectBundle(a, json);
    if (verb == "plan" || verb == "apply") {
        return planOrApply(a, json, verb == "apply", channel, fail);
    }
    return usage(
        "try: bundle export --design FILE -o OUT, bundle export --live -o OUT, bundle inspect "
        "FILE, bundle plan FILE, or bundle apply FILE [--yes]");
}

}  // namespace loom::ctl
