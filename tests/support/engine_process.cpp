#include "tests/support/engine_process.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sched.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <grpcpp/grpcpp.h>
#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>

namespace loom::test {

std::unique_ptr<grpc::ClientContext> deadline(int seconds) {
    auto ctx = std::make_unique<grpc::ClientContext>();
    ctx->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(seconds));
    return ctx;
}

EngineProcess::EngineProcess(const LabHost& host, std::vector<std::string> extraFlags)
    : m_hostNs(host), m_flags(std::move(extraFlags)) {}

EngineProcess::~EngineProcess() {
    if (m_pid > 0) kill(SIGKILL);
}

bool EngineProcess::start() {
    std::vector<std::string> args = {std::string(LOOM_BIN_DIR) + "/loomd", "--socket",
                                     m_hostNs.socket(), "--state-dir", m_hostNs.dir() + "/state",
                                     "--netns-dir", m_hostNs.netnsDir(), "--name-prefix",
                                     m_hostNs.prefix(),
                                     // The host's own resolv.conf names servers the lab cannot
                                     // reach; a test that forwards names gives its own.
                                     "--netns-etc-dir", m_hostNs.dir() + "/etc", "--dns-upstream",
                                     "none", "--log-level", "debug"};
    args.insert(args.end(), m_flags.begin(), m_flags.end());
    args.insert(args.begin(), m_wrapper.begin(), m_wrapper.end());
    std::string logPath = m_hostNs.dir() + "/loomd.log";
    std::string nsPath = m_hostNs.netnsPath();
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);

    ::unlink(m_hostNs.socket().c_str());  // a killed engine leaves its socket behind
    m_pid = ::fork();
    if (m_pid == 0) {
        int ns = ::open(nsPath.c_str(), O_RDONLY | O_CLOEXEC);
        if (ns < 0 || ::setns(ns, CLONE_NEWNET) != 0) _exit(120);
        int log = ::open(logPath.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
        if (log >= 0) {
            ::dup2(log, 1);
            ::dup2(log, 2);
        }
        ::execv(argv[0], argv.data());
        _exit(121);
    }
    // A channel that fails its first connection backs off for seconds: wait for the socket.
    auto until = std::chrono::steady_clock::now() + std::chrono::seconds(15);
    while (::access(m_hostNs.socket().c_str(), F_OK) != 0 &&
           std::chrono::steady_clock::now() < until) {
        int status = 0;
        if (::waitpid(m_pid, &status, WNOHANG) == m_pid) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    grpc::ChannelArguments channelArgs;
    channelArgs.SetInt(GRPC_ARG_INITIAL_RECONNECT_BACKOFF_MS, 50);
    channelArgs.SetInt(GRPC_ARG_MIN_RECONNECT_BACKOFF_MS, 50);
    channelArgs.SetInt(GRPC_ARG_MAX_RECONNECT_BACKOFF_MS, 200);
    m_channel = grpc::CreateCustomChannel("unix:" + m_hostNs.socket(),
                                          grpc::InsecureChannelCredentials(), channelArgs);
    m_networks = v1::NetworkService::NewStub(m_channel);
    m_endpoints = v1::EndpointService::NewStub(m_channel);
    m_host = v1::HostService::NewStub(m_channel);
    while (std::chrono::steady_clock::now() < until) {
        int status = 0;
        if (::waitpid(m_pid, &status, WNOHANG) == m_pid) {
            m_pid = -1;
            ADD_FAILURE() << "loomd exited at start:\n" << log();
            return false;
        }
        v1::Host h;
        auto ctx = deadline(1);
        if (m_host->GetHost(ctx.get(), {}, &h).ok()) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    ADD_FAILURE() << "loomd did not answer within 15 s:\n" << log();
    return false;
}

void EngineProcess::kill(int signal) {
    if (m_pid <= 0) return;
    ::kill(m_pid, signal);
    int status = 0;
    ::waitpid(m_pid, &status, 0);
    m_pid = -1;
}

std::string EngineProcess::log() const {
    std::ifstream in(m_hostNs.dir() + "/loomd.log");
    std::stringstream s;
    s << in.rdbuf();
    std::string all = s.str();
    return all.size() > 6000 ? all.substr(all.size() - 6000) : all;
}

}  // namespace loom::test
