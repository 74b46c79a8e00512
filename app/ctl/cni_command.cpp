// loomctl cni config|install: the network config a container runtime loads to use loom-cni.
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "app/ctl/ctl.h"
#include "loom/v1/loom.grpc.pb.h"

namespace loom::ctl {

namespace {

// A conflist: the form every runtime loads (podman reads nothing else); its one plugin is
// loom-cni, on the engine this loomctl talks to.
std::string conflist(const v1::Network& n, const std::string& socket) {
    nlohmann::ordered_json plugin = {
        {"type", "loom-cni"}, {"network", n.name()}, {"socket", socket}};
    nlohmann::ordered_json out = {{"cniVersion", "1.0.0"},
                                  {"name", n.name()},
                                  {"plugins", nlohmann::ordered_json::array({plugin})}};
    return out.dump(2) + "\n";
}

}  // namespace

int cniCommand(Ctl& c, const Args& a) {
    std::string verb = a.words.size() > 1 ? a.words[1] : "";
    if ((verb != "config" && verb != "install") || a.words.size() != 3) {
        return usageError("cni config NETWORK | cni install NETWORK [--dir DIR]");
    }
    if (a.has("server")) {
        return usageError("cni: a runtime's plugin talks to its own host's engine; use --socket");
    }
    // The network must exist: a config naming no network fails every container start later.
    auto stub = v1::NetworkService::NewStub(c.channel);
    v1::GetNetworkRequest req;
    req.set_network(a.words[2]);
    v1::Network n;
    auto s = stub->GetNetwork(c.context().get(), req, &n);
    if (!s.ok()) return c.fail(s);
    // Absolute: the runtime runs the plugin from a directory of its own.
    std::string text = conflist(n, std::filesystem::absolute(c.socket).string());
    if (verb == "config") {
        std::fputs(text.c_str(), stdout);
        return 0;
    }
    std::string dir = a.has("dir") ? a.get("dir") : "/etc/cni/net.d";
    struct stat st {};
    if (::stat(dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) {
        std::fprintf(stderr, "loomctl: cni install: %s is not a directory\n", dir.c_str());
        return 1;
    }
    // Written whole, then renamed into place: a runtime never reads half a file.
    std::string path = dir + "/loom-" + n.name() + ".conflist";
    std::string tmp = path + ".tmp";
    {
        std::ofstream out(tmp, std::ios::trunc);
        out << text;
        out.close();
        if (!out) {
            std::fprintf(stderr, "loomctl: cni install: cannot write %s: %s\n", tmp.c_str(),
                         std::strerror(errno));
            ::unlink(tmp.c_str());
            return 1;
        }
    }
    ::chmod(tmp.c_str(), 0644);
    if (::rename(tmp.c_str(), path.c_str()) != 0) {
        std::fprintf(stderr, "loomctl: cni install: cannot write %s: %s\n", path.c_str(),
                     std::strerror(errno));
        ::unlink(tmp.c_str());
        return 1;
    }
    std::printf("%s\n", path.c_str());
    return 0;
}

}  // namespace loom::ctl
