#pragma once

#include <sstream>
#include <string>

namespace loom::engine::common {

enum class LogLevel { Debug = 0, Info = 1, Warning = 2, Error = 3 };

bool parseLogLevel(const std::string& text, LogLevel* out);
void setLogLevel(LogLevel level);
bool logEnabled(LogLevel level);
void logLine(LogLevel level, const char* category, const std::string& message);

// One category per module: LOOM_LOG(Info, "reconcile") << "created sandbox " << name;
class LogStream {
public:
    LogStream(LogLevel level, const char* category) : m_level(level), m_category(category) {}
    ~LogStream() { logLine(m_level, m_category, m_stream.str()); }
    template <typename T>
    LogStream& operator<<(const T& v) {
        m_stream << v;
        return *this;
    }

private:
    LogLevel m_level;
    const char* m_category;
    std::ostringstream m_stream;
};

}  // namespace loom::engine::common

#define LOOM_LOG(level, category)                                                       \
    if (!::loom::engine::common::logEnabled(::loom::engine::common::LogLevel::level)) { \
    } else                                                                              \
        ::loom::engine::common::LogStream(::loom::engine::common::LogLevel::level, category)
