#pragma once

#include <sys/types.h>

#include <memory>
#include <string>
#include <vector>

#include "loom/v1/loom.grpc.pb.h"
#include "tests/support/lab_host.h"

namespace loom::test {

// loomd started inside a LabHost's namespace (setns in the child, not `ip netns exec`, so the
// namespaces it mounts are visible to everyone). The destructor kills it.
class EngineProcess {
public:
    explicit EngineProcess(const LabHost& host, std::vector<std::string> extraFlags = {});
    ~EngineProcess();

    // A command that starts loomd (its argv before loomd's), e.g. setpriv with fewer
    // capabilities.
    void setWrapper(std::vector<std::string> wrapper) { m_wrapper = std::move(wrapper); }
    // Starts loomd and waits until it answers; false (with a test failure) if it does not.
    bool start();
    void kill(int signal);  // sends it and waits for the process to end
    bool running() const { return m_pid > 0; }
    pid_t pid() const { return m_pid; }
    std::string log() const;

    v1::NetworkService::Stub& networks() { return *m_networks; }
    v1::EndpointService::Stub& endpoints() { return *m_endpoints; }
    v1::HostService::Stub& host() { return *m_host; }
    std::shared_ptr<grpc::Channel> channel() const { return m_channel; }

private:
    const LabHost& m_hostNs;
    std::vector<std::string> m_flags;
    std::vector<std::string> m_wrapper;
    pid_t m_pid = -1;
    std::shared_ptr<grpc::Channel> m_channel;
    std::unique_ptr<v1::NetworkService::Stub> m_networks;
    std::unique_ptr<v1::EndpointService::Stub> m_endpoints;
    std::unique_ptr<v1::HostService::Stub> m_host;
};

// A client context with a deadline.
std::unique_ptr<grpc::ClientContext> deadline(int seconds = 30);

}  // namespace loom::test
