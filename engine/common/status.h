#pragma once

#include <optional>
#include <string>
#include <utility>

namespace loom::engine::common {

// The same numbers as grpc::StatusCode, so the API maps them one to one.
enum class Code {
    Ok = 0,
    Cancelled = 1,
    Unknown = 2,
    InvalidArgument = 3,
    DeadlineExceeded = 4,
    NotFound = 5,
    AlreadyExists = 6,
    PermissionDenied = 7,
    ResourceExhausted = 8,
    FailedPrecondition = 9,
    Aborted = 10,
    OutOfRange = 11,
    Unimplemented = 12,
    Internal = 13,
    Unavailable = 14,
};

const char* codeName(Code code);

// [[nodiscard]]: a Status that nobody reads is an error forgotten. There is no static ok():
// `named.ok()` on a Status would call it and always be true.
class [[nodiscard]] Status {
public:
    Status() = default;
    Status(Code code, std::string message) : m_code(code), m_message(std::move(message)) {}

    bool isOk() const { return m_code == Code::Ok; }
    explicit operator bool() const { return isOk(); }
    Code code() const { return m_code; }
    const std::string& message() const { return m_message; }
    std::string toString() const;

    // Prefixes the message with what was being done ("create veth lmv1234: ").
    Status withContext(const std::string& context) const;

private:
    Code m_code = Code::Ok;
    std::string m_message;
};

inline Status invalidArgument(const std::string& field, const std::string& what) {
    return {Code::InvalidArgument, field + ": " + what};
}
inline Status notFound(std::string m) {
    return {Code::NotFound, std::move(m)};
}
inline Status alreadyExists(std::string m) {
    return {Code::AlreadyExists, std::move(m)};
}
inline Status failedPrecondition(std::string m) {
    return {Code::FailedPrecondition, std::move(m)};
}
inline Status internal(std::string m) {
    return {Code::Internal, std::move(m)};
}
inline Status unavailable(std::string m) {
    return {Code::Unavailable, std::move(m)};
}

// errno text as a Status: "what: No such device".
Status fromErrno(int err, const std::string& what);

template <typename T>
class [[nodiscard]] Result {
public:
    Result(T value) : m_value(std::move(value)) {}
    Result(Status status) : m_status(std::move(status)) {}

    bool isOk() const { return m_status.isOk(); }
    explicit operator bool() const { return isOk(); }
    const Status& status() const { return m_status; }
    T& value() { return *m_value; }
    const T& value() const { return *m_value; }
    T* operator->() { return &*m_value; }
    const T* operator->() const { return &*m_value; }
    T& operator*() { return *m_value; }
    const T& operator*() const { return *m_value; }

private:
    std::optional<T> m_value;
    Status m_status;
};

}  // namespace loom::engine::common

#define LOOM_RETURN_IF_ERROR(expr)                  \
    do {                                            \
        ::loom::engine::common::Status s_ = (expr); \
        if (!s_.isOk()) return s_;                  \
    } while (0)
