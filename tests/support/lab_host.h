#pragma once

#include <string>
#include <vector>

namespace loom::test {

// A simulated host: a network namespace with an underlay veth (ul0, 192.0.2.1/24, default
// route) and a directory for the engine's socket, state and namespaces. The prefix makes every
// name unique to this test; the destructor removes all of it, whatever the test did.
class LabHost {
public:
    explicit LabHost(unsigned underlayMtu = 1500);
    ~LabHost();
    LabHost(const LabHost&) = delete;
    LabHost& operator=(const LabHost&) = delete;

    const std::string& prefix() const { return m_prefix; }  // 5 chars, for --name-prefix
    std::string netnsPath() const { return "/run/netns/" + m_netnsName; }
    const std::string& netnsName() const { return m_netnsName; }
    const std::string& dir() const { return m_dir; }        // temp dir of this host
    std::string netnsDir() const { return m_dir + "/ns"; }  // where loomd mounts namespaces
    std::string socket() const { return m_dir + "/loomd.sock"; }

    // Namespace files the engine mounted (full paths).
    std::vector<std::string> engineNamespaces() const;
    // Unmounts and removes every namespace the engine mounted ("a reboot").
    void removeEngineNamespaces() const;

    // An extra namespace in /run/netns, removed with the host.
    std::string addNamespace(const std::string& suffix);

private:
    std::string m_prefix;
    std::string m_netnsName;
    std::string m_dir;
    bool m_built = false;
    std::vector<std::string> m_extra;
};

}  // namespace loom::test
