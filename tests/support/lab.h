#pragma once

#include <grpcpp/grpcpp.h>

#include <memory>
#include <string>
#include <vector>

#include "loom/v1/loom.grpc.pb.h"

namespace loom::test {

// A lab of simulated hosts made by scripts/lab (etcd plus one loomd per host), with its own
// name and directory so labs of tests running side by side never meet. Down in the destructor.
class Lab {
public:
    struct Host {
        std::string name, netns, socket, vtep, log;
        std::unique_ptr<v1::NetworkService::Stub> networks;
        std::unique_ptr<v1::EndpointService::Stub> endpoints;
        std::unique_ptr<v1::HostService::Stub> host;
    };

    // Nullptr (and a test failure) when `up` fails.
    static std::unique_ptr<Lab> up(int hosts, int leaseTtl = 10, bool tls = false,
                                   int resyncSeconds = 30);
    ~Lab();

    Host& host(int i) { return m_hosts.at(i - 1); }  // 1-based, as in the lab
    int size() const { return static_cast<int>(m_hosts.size()); }
    const std::string& dir() const { return m_dir; }
    const std::string& etcdNetns() const { return m_etcdNetns; }

    // scripts/lab <args> --dir <dir>; true when it exits 0.
    bool lab(const std::string& args);
    // Every engine's log, for a failing test's output.
    std::string logs() const;

private:
    Lab() = default;
    std::string m_dir, m_name, m_etcdNetns;
    std::vector<Host> m_hosts;
};

}  // namespace loom::test
