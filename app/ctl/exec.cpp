#include "app/ctl/exec.h"

#include <fcntl.h>
#include <sched.h>
#include <sys/mount.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace loom::ctl {

int execIn(const v1::Endpoint& e, const std::vector<std::string>& command) {
    int fd = ::open(e.netns_path().c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0 || ::setns(fd, CLONE_NEWNET) != 0) {
        std::fprintf(stderr, "loomctl: cannot enter %s: %s%s\n", e.netns_path().c_str(),
                     std::strerror(errno), errno == EPERM ? " (exec needs root)" : "");
        return 1;
    }
    ::close(fd);
    // As `ip netns exec` does: a private mount namespace with the endpoint's own sysfs, so
    // /sys/class/net shows the endpoint's interfaces, not the machine's.
    if (::unshare(CLONE_NEWNS) != 0 || ::mount("", "/", nullptr, MS_SLAVE | MS_REC, nullptr) != 0) {
        std::fprintf(stderr, "loomctl: cannot make a private mount namespace: %s\n",
                     std::strerror(errno));
        return 1;
    }
    if (::umount2("/sys", MNT_DETACH) != 0 && errno != EINVAL) {
        std::fprintf(stderr, "loomctl: cannot unmount /sys: %s\n", std::strerror(errno));
        return 1;
    }
    if (::mount("sysfs", "/sys", "sysfs", 0, nullptr) != 0) {
        std::fprintf(stderr, "loomctl: cannot mount the endpoint's /sys: %s\n",
                     std::strerror(errno));
        return 1;
    }
    // The resolver Loom wrote for the endpoint over /etc/resolv.conf, in this mount namespace
    // only (as `ip netns exec` does with /etc/netns/NAME/).
    if (!e.resolv_conf().empty() && ::access(e.resolv_conf().c_str(), R_OK) == 0 &&
        ::mount(e.resolv_conf().c_str(), "/etc/resolv.conf", nullptr, MS_BIND, nullptr) != 0) {
        std::fprintf(stderr, "loomctl: cannot bind %s over /etc/resolv.conf: %s\n",
                     e.resolv_conf().c_str(), std::strerror(errno));
        return 1;
    }
    std::vector<char*> argv;
    for (const auto& s : command) argv.push_back(const_cast<char*>(s.c_str()));
    argv.push_back(nullptr);
    ::execvp(argv[0], argv.data());
    std::fprintf(stderr, "loomctl: cannot run %s: %s\n", argv[0], std::strerror(errno));
    return 127;
}

}  // namespace loom::ctl
