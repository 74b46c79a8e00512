#include "engine/netlink/nl_socket.h"

#include <netlink/errno.h>
#include <netlink/msg.h>
#include <netlink/netlink.h>
#include <netlink/socket.h>

#include <memory>

#include "engine/netlink/netns.h"

namespace loom::engine::netlink {

void NlSockDeleter::operator()(nl_sock* sk) const {
    nl_socket_free(sk);
}

Result<NlSocket> openRouteSocket(int target, int home) {
    NlSocket sk;
    Status s = inNetns(target, home, [&]() -> Status {
        sk.reset(nl_socket_alloc());
        if (!sk) return common::internal("out of memory for a netlink socket");
        int err = nl_connect(sk.get(), NETLINK_ROUTE);
        if (err < 0) return nlStatus(err, "connect netlink socket");
        return {};
    });
    if (!s.isOk()) return s;
    return sk;
}

Status dumpRequest(nl_sock* sk, int type, const void* header, size_t size,
                   int (*parse)(nl_msg*, void*), void* arg, const std::string& what) {
    std::unique_ptr<nl_msg, void (*)(nl_msg*)> msg(nlmsg_alloc_simple(type, NLM_F_DUMP),
                                                   nlmsg_free);
    if (!msg || nlmsg_append(msg.get(), const_cast<void*>(header), size, NLMSG_ALIGNTO) < 0) {
        return common::internal("build request: " + what);
    }
    int err = nl_send_auto(sk, msg.get());
    if (err >= 0) {
        std::unique_ptr<nl_cb, void (*)(nl_cb*)> cb(nl_cb_clone(nl_socket_get_cb(sk)), nl_cb_put);
        nl_cb_set(cb.get(), NL_CB_VALID, NL_CB_CUSTOM, parse, arg);
        err = nl_recvmsgs(sk, cb.get());
    }
    return err < 0 ? nlStatus(err, what) : Status{};
}

bool nlNotFound(int err) {
    err = err < 0 ? -err : err;
    return err == NLE_OBJ_NOTFOUND || err == NLE_NODEV || err == NLE_NOADDR;
}

Status nlStatus(int err, const std::string& what) {
    err = err < 0 ? -err : err;
    common::Code code = common::Code::Internal;
    switch (err) {
        case NLE_EXIST:
            code = common::Code::AlreadyExists;
            break;
        case NLE_OBJ_NOTFOUND:
        case NLE_NODEV:
        case NLE_NOADDR:
            code = common::Code::NotFound;
            break;
        case NLE_PERM:
            code = common::Code::PermissionDenied;
            break;
        case NLE_INVAL:
        case NLE_RANGE:
            code = common::Code::InvalidArgument;
            break;
        case NLE_BUSY:
        case NLE_AGAIN:
            code = common::Code::Unavailable;
            break;
        default:
            break;
    }
    return {code, what + ": " + nl_geterror(err)};
}

}  // namespace loom::engine::netlink
