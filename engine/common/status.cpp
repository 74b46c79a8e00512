#include "engine/common/status.h"

#include <cstring>

namespace loom::engine::common {

const char* codeName(Code code) {
    switch (code) {
        case Code::Ok:
            return "OK";
        case Code::Cancelled:
            return "CANCELLED";
        case Code::Unknown:
            return "UNKNOWN";
        case Code::InvalidArgument:
            return "INVALID_ARGUMENT";
        case Code::DeadlineExceeded:
            return "DEADLINE_EXCEEDED";
        case Code::NotFound:
            return "NOT_FOUND";
        case Code::AlreadyExists:
            return "ALREADY_EXISTS";
        case Code::PermissionDenied:
            return "PERMISSION_DENIED";
        case Code::ResourceExhausted:
            return "RESOURCE_EXHAUSTED";
        case Code::FailedPrecondition:
            return "FAILED_PRECONDITION";
        case Code::Aborted:
            return "ABORTED";
        case Code::OutOfRange:
            return "OUT_OF_RANGE";
        case Code::Unimplemented:
            return "UNIMPLEMENTED";
        case Code::Internal:
            return "INTERNAL";
        case Code::Unavailable:
            return "UNAVAILABLE";
    }
    return "UNKNOWN";
}

std::string Status::toString() const {
    if (isOk()) return "OK";
    return std::string(codeName(m_code)) + ": " + m_message;
}

Status Status::withContext(const std::string& context) const {
    if (isOk()) return *this;
    return {m_code, context + ": " + m_message};
}

Status fromErrno(int err, const std::string& what) {
    Code code = Code::Internal;
    switch (err) {
        case ENOENT:
        case ENODEV:
        case ESRCH:
            code = Code::NotFound;
            break;
        case EEXIST:
            code = Code::AlreadyExists;
            break;
        case EPERM:
        case EACCES:
            code = Code::PermissionDenied;
            break;
        case EINVAL:
        case ERANGE:
            code = Code::InvalidArgument;
            break;
        case EBUSY:
        case EAGAIN:
            code = Code::Unavailable;
            break;
        default:
            break;
    }
    return {code, what + ": " + std::strerror(err)};
}

}  // namespace loom::engine::common
