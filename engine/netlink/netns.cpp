#include "engine/netlink/netns.h"

#include "engine/common/log.h"

#include <dirent.h>
#include <fcntl.h>
#include <net/if.h>
#include <sched.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>

namespace loom::engine::netlink {

namespace {
constexpr long kNsfsMagic = 0x6e736673;
}

bool isNetns(const std::string& path) {
    struct statfs fs {};
    if (::statfs(path.c_str(), &fs) != 0) return false;
    return fs.f_type == kNsfsMagic;
}

Result<UniqueFd> openNetns(const std::string& path) {
    UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    if (!fd.valid()) return common::fromErrno(errno, "open namespace " + path);
    if (!isNetns(path)) return common::failedPrecondition(path + " is not a network namespace");
    return fd;
}

Status enterNetns(int fd, const std::string& what) {
    if (::setns(fd, CLONE_NEWNET) != 0) return common::fromErrno(errno, "enter " + what);
    return {};
}

void returnHomeOrDie(int home) {
    if (::setns(home, CLONE_NEWNET) == 0) return;
    int err = errno;
    LOOM_LOG(Error, "netns") << "a thread cannot return to the engine's own network namespace ("
                             << std::strerror(err)
                             << "); stopping rather than working in the wrong one";
    std::abort();
}

Status disableIpv6(const std::string& ifname) {
    std::string knob = "/proc/sys/net/ipv6/conf/" + ifname + "/disable_ipv6";
    UniqueFd fd(::open(knob.c_str(), O_WRONLY | O_CLOEXEC));
    if (!fd.valid()) {
        if (errno == ENOENT) return {};
        return common::fromErrno(errno, "open " + knob);
    }
    if (::write(fd.get(), "1", 1) != 1) return common::fromErrno(errno, "write " + knob);
    return {};
}

namespace {
constexpr const char* kBridgeNetfilterKnobs[] = {
    "/proc/sys/net/bridge/bridge-nf-call-iptables",
    "/proc/sys/net/bridge/bridge-nf-call-ip6tables",
    "/proc/sys/net/bridge/bridge-nf-call-arptables",
};
}  // namespace

bool bridgeFramesFiltered() {
    for (const char* knob : kBridgeNetfilterKnobs) {
        UniqueFd fd(::open(knob, O_RDONLY | O_CLOEXEC));
        if (!fd.valid()) continue;
        char c = '0';
        if (::read(fd.get(), &c, 1) == 1 && c != '0') return true;
    }
    return false;
}

Status unfilterBridgedFrames() {
    for (const char* knob : kBridgeNetfilterKnobs) {
        UniqueFd fd(::open(knob, O_WRONLY | O_CLOEXEC));
        if (!fd.valid()) {
            if (errno == ENOENT) continue;
            return common::fromErrno(errno, std::string("open ") + knob);
        }
        if (::write(fd.get(), "0", 1) != 1)
            return common::fromErrno(errno, std::string("write ") + knob);
    }
    return {};
}

namespace {
// lo up in the calling thread's namespace: an ioctl, no netlink socket needed.
Status loopbackUp() {
    UniqueFd sock(::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0));
    if (!sock.valid()) return common::fromErrno(errno, "socket for lo");
    ifreq ifr{};
    std::strncpy(ifr.ifr_name, "lo", IFNAMSIZ - 1);
    if (::ioctl(sock.get(), SIOCGIFFLAGS, &ifr) != 0)
        return common::fromErrno(errno, "get lo flags");
    ifr.ifr_flags = static_cast<short>(ifr.ifr_flags | IFF_UP);
    if (::ioctl(sock.get(), SIOCSIFFLAGS, &ifr) != 0)
        return common::fromErrno(errno, "bring lo up");
    return {};
}
}  // namespace

Status createNetns(const std::string& path, int home) {
    if (isNetns(path)) return {};
    UniqueFd file(::open(path.c_str(), O_RDONLY | O_CREAT | O_CLOEXEC, 0444));
    if (!file.valid()) return common::fromErrno(errno, "create " + path);
    file.reset();
    if (::unshare(CLONE_NEWNET) != 0) {
        int err = errno;
        ::unlink(path.c_str());
        return common::fromErrno(err, "unshare network namespace");
    }
    Status status = disableIpv6("default");
    if (status.isOk()) status = disableIpv6("all");
    if (status.isOk()) status = loopbackUp();
    if (status.isOk() &&
        ::mount("/proc/thread-self/ns/net", path.c_str(), "none", MS_BIND, nullptr) != 0) {
        status = common::fromErrno(errno, "bind-mount namespace at " + path);
    }
    returnHomeOrDie(home);
    if (!status.isOk()) ::unlink(path.c_str());
    return status;
}

Status deleteNetns(const std::string& path) {
    if (::umount2(path.c_str(), MNT_DETACH) != 0 && errno != EINVAL && errno != ENOENT) {
        return common::fromErrno(errno, "unmount " + path);
    }
    if (::unlink(path.c_str()) != 0 && errno != ENOENT) {
        return common::fromErrno(errno, "remove " + path);
    }
    return {};
}

std::vector<std::string> listNetns(const std::string& dir, const std::string& prefix) {
    std::vector<std::string> out;
    DIR* d = ::opendir(dir.c_str());
    if (!d) return out;
    while (dirent* entry = ::readdir(d)) {
        std::string name = entry->d_name;
        if (name.rfind(prefix, 0) == 0) out.push_back(dir + "/" + name);
    }
    ::closedir(d);
    std::sort(out.begin(), out.end());
    return out;
}

}  // namespace loom::engine::netlink
