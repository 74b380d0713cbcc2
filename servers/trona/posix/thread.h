// trona/posix/thread.h — minimal POSIX threads on procmgr's PM_THREAD_*
// (namespace trona::posix): create, join, detach, exit, self. They return
// 0 or an errno, as POSIX threads do.
//
//   void* work(void* arg) { return arg; }
//   trona::posix::pthread_t t;
//   trona::posix::pthread_create(&t, nullptr, work, some_ptr);
//   void* ret;
//   trona::posix::pthread_join(t, &ret);     // ret == some_ptr
//
// pthread_t is procmgr's tid (the main thread's is the pid). A created
// thread knows its tid from the word procmgr wrote into its IPC buffer
// (uapi::procmgr::kThreadIdOffset; 0 in the main thread). Attributes are
// not supported (attr must be null; stacks are kThreadStackPages).
// Limits: at most 32 threads at once in the whole system (procmgr's
// table); on the target backend the runtime has no per-thread IPC-buffer
// pointer yet (no TLS), so only the simulator runs several threads.
#pragma once

#include <stdint.h>

namespace trona::posix {

using pthread_t = uint64_t;
using ThreadFunction = void* (*)(void*);

// Stack pages of a created thread.
inline constexpr uint64_t kThreadStackPages = 4;

int pthread_create(pthread_t* thread, const void* attr, ThreadFunction fn, void* arg);
int pthread_join(pthread_t thread, void** value);
int pthread_detach(pthread_t thread);
// A created thread ends (its value for pthread_join); the main thread
// ends the process with status 0 (no waiting for the other threads).
[[noreturn]] void pthread_exit(void* value);
pthread_t pthread_self();

}  // namespace trona::posix
