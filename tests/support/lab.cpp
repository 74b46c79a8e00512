#include "tests/support/lab.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <regex>
#include <sstream>

#include "tests/support/shell.h"

namespace loom::test {

namespace {
std::string labCommand(const std::string& args) {
    return "LOOM_BUILD=" LOOM_BUILD_DIR " LOOM_LAB_NO_BUILD=1 " LOOM_SOURCE_DIR "/scripts/lab " +
           args;
}

std::string readFile(const std::string& path) {
    std::ifstream in(path);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

// One string field of a flat JSON object written by scripts/lab.
std::string field(const std::string& json, const std::string& name) {
    std::smatch m;
    std::regex re("\"" + name + "\": \"([^\"]*)\"");
    return std::regex_search(json, m, re) ? m[1].str() : "";
}
}  // namespace

std::unique_ptr<Lab> Lab::up(int hosts, int leaseTtl, bool tls, int resyncSeconds) {
    std::unique_ptr<Lab> lab(new Lab);
    std::string suffix = randomSuffix(6);
    lab->m_name = "lt" + suffix;
    lab->m_dir = "/tmp/loom-lab-" + suffix;
    run(labCommand("sweep"));
    auto r = run(labCommand("up " + std::to_string(hosts) + " --name " + lab->m_name +
                            " --lease-ttl " + std::to_string(leaseTtl) + " --dir " + lab->m_dir +
                            " --owner " + std::to_string(::getpid()) + (tls ? " --tls" : "") +
                            " --resync " + std::to_string(resyncSeconds)));
    if (r.exitCode != 0) {
        ADD_FAILURE() << "scripts/lab up failed:\n" << r.output;
        return nullptr;
    }
    std::string json = readFile(lab->m_dir + "/lab.json");
    lab->m_etcdNetns = field(json, "etcd_netns");
    std::istringstream lines(json);
    std::string line;
    while (std::getline(lines, line)) {
        if (line.find("\"socket\"") == std::string::npos) continue;
        Host h;
        h.name = field(line, "name");
        h.netns = field(line, "netns");
        h.socket = field(line, "socket");
        h.vtep = field(line, "vtep");
        h.log = field(line, "log");
        auto channel = grpc::CreateChannel("unix:" + h.socket, grpc::InsecureChannelCredentials());
        h.networks = v1::NetworkService::NewStub(channel);
        h.endpoints = v1::EndpointService::NewStub(channel);
        h.host = v1::HostService::NewStub(channel);
        lab->m_hosts.push_back(std::move(h));
    }
    EXPECT_EQ(static_cast<int>(lab->m_hosts.size()), hosts) << json;
    return lab;
}

Lab::~Lab() {
    auto r = run(labCommand("down --dir " + m_dir));
    if (r.exitCode != 0) ADD_FAILURE() << "scripts/lab down failed:\n" << r.output;
}

bool Lab::lab(const std::string& args) {
    auto r = run(labCommand(args + " --dir " + m_dir));
    if (r.exitCode != 0) ADD_FAILURE() << "scripts/lab " << args << ":\n" << r.output;
    // An engine started again: a new channel to it. The old one may still hold the connection
    // to the engine that stopped, and its next call would fail ("Broken pipe") instead of
    // reaching the new one.
    int n = 0;
    char verb[16] = {};
    if (std::sscanf(args.c_str(), "engine %d %15s", &n, verb) == 2 && n >= 1 &&
        n <= static_cast<int>(m_hosts.size()) && std::string(verb) != "stop") {
        auto& h = m_hosts[static_cast<size_t>(n - 1)];
        auto channel = grpc::CreateChannel("unix:" + h.socket, grpc::InsecureChannelCredentials());
        h.networks = v1::NetworkService::NewStub(channel);
        h.endpoints = v1::EndpointService::NewStub(channel);
        h.host = v1::HostService::NewStub(channel);
    }
    return r.exitCode == 0;
}

std::string Lab::logs() const {
    std::string out;
    for (const auto& h : m_hosts) out += "--- " + h.name + " ---\n" + readFile(h.log);
    return out;
}

}  // namespace loom::test
