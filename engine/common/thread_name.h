#pragma once

#include <pthread.h>

// Names the calling thread (at most 15 characters), so `top -H` and /proc/PID/task/*/comm
// show what each of the engine's threads is.
namespace loom::engine::common {

inline void nameThisThread(const char* name) {
    pthread_setname_np(pthread_self(), name);
}

}  // namespace loom::engine::common
