#include "tests/support/lab_host.h"

#include <dirent.h>
#include <gtest/gtest.h>
#include <sys/mount.h>
#include <unistd.h>

#include <algorithm>

#include "tests/support/shell.h"

namespace loom::test {

LabHost::LabHost(unsigned underlayMtu) {
    m_prefix = "t" + randomSuffix(4);
    m_netnsName = m_prefix + "-host";
    m_dir = "/tmp/loom-test-" + m_prefix;
    // Without root there is nothing to build; the fixture skips the test (a failure here would
    // make every engine test fail instead of skip).
    m_built = ::geteuid() == 0;
    if (!m_built) return;
    std::string ns = "ip -n " + m_netnsName + " ";
    std::string mtu = std::to_string(underlayMtu);
    // A veth with its peer in the same namespace stands in for the host's NIC: carrier is up,
    // and nothing it sends leaves the namespace.
    auto r =
        run("set -e; mkdir -p " + netnsDir() + "; ip netns add " + m_netnsName + "; " + ns +
            "link set lo up; " + ns + "link add ul0 mtu " + mtu + " type veth peer name ulp0 mtu " +
            mtu + "; " + ns + "addr add 192.0.2.1/24 dev ul0; " + ns + "link set ul0 up; " + ns +
            "link set ulp0 up; " + ns + "route add default via 192.0.2.254 dev ul0");
    if (r.exitCode != 0) ADD_FAILURE() << "cannot build lab host: " << r.output;
}

LabHost::~LabHost() {
    if (!m_built) return;
    removeEngineNamespaces();
    for (const auto& name : m_extra) run("ip netns del " + name);
    run("ip netns del " + m_netnsName);
    run("rm -rf " + m_dir);
}

std::vector<std::string> LabHost::engineNamespaces() const {
    std::vector<std::string> out;
    if (DIR* d = ::opendir(netnsDir().c_str())) {
        while (dirent* e = ::readdir(d)) {
            std::string name = e->d_name;
            if (name != "." && name != "..") out.push_back(netnsDir() + "/" + name);
        }
        ::closedir(d);
    }
    std::sort(out.begin(), out.end());
    return out;
}

void LabHost::removeEngineNamespaces() const {
    auto all = engineNamespaces();
    // The engine's pool of ready namespaces lives beside its socket.
    std::string pool = m_dir + "/netns-pool." + m_prefix;
    if (DIR* d = ::opendir(pool.c_str())) {
        while (dirent* e = ::readdir(d)) {
            std::string name = e->d_name;
            if (name != "." && name != "..") all.push_back(pool + "/" + name);
        }
        ::closedir(d);
    }
    for (const auto& path : all) {
        ::umount2(path.c_str(), MNT_DETACH);
        ::unlink(path.c_str());
    }
}

std::string LabHost::addNamespace(const std::string& suffix) {
    std::string name = m_prefix + "-" + suffix;
    auto r = run("ip netns add " + name);
    if (r.exitCode != 0) ADD_FAILURE() << r.output;
    m_extra.push_back(name);
    return "/run/netns/" + name;
}

}  // namespace loom::test
