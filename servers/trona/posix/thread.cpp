#include "trona/posix/thread.h"

#include "trona/core/code.h"
#include "trona/core/process_local.h"
#include "trona/clients/procmgr_client.h"
#include "trona/core/syscall.h"
#include "uapi/linux_numbers.h"
#include "uapi/procmgr.h"

namespace trona::posix {

namespace {

constexpr size_t kStarts = 32;

// What a created thread runs, filled by its creator before PM_THREAD_CREATE
// (so the thread never waits for its creator); the entry argument is the
// index.
struct StartBlock {
  ThreadFunction fn;
  void* arg;
  bool used;
};
struct Starts {
  StartBlock block[kStarts];
};

Starts& starts() { return process_local<Starts>(); }

void thread_main(uint64_t index) {
  StartBlock& b = starts().block[index];
  ThreadFunction fn = b.fn;
  void* arg = b.arg;
  b.used = false;
  pthread_exit(fn(arg));
}

uint64_t own_tid_word() {
  return *reinterpret_cast<const uint64_t*>(reinterpret_cast<const uint8_t*>(ipc_buffer()) +
                                            uapi::procmgr::kThreadIdOffset);
}

}  // namespace

int pthread_create(pthread_t* thread, const void* attr, ThreadFunction fn, void* arg) {
  if (attr != nullptr || fn == nullptr || thread == nullptr) return uapi::kEINVAL;
  Starts& s = starts();
  size_t i = 0;
  while (i < kStarts && s.block[i].used) ++i;
  if (i == kStarts) return uapi::kEAGAIN;
  s.block[i] = StartBlock{fn, arg, true};
  uint64_t tid = 0;
  int e = ProcmgrClient().thread_create(entry_point(thread_main, i), kThreadStackPages, &tid);
  if (e != 0) {
    s.block[i].used = false;
    return e == uapi::kEINTR ? uapi::kEAGAIN : e;
  }
  *thread = tid;
  return 0;
}

int pthread_join(pthread_t thread, void** value) {
  uint64_t v = 0;
  int e = ProcmgrClient().thread_join(thread, own_tid_word(), &v);
  if (e == 0 && value != nullptr) *value = reinterpret_cast<void*>(v);
  return e;
}

int pthread_detach(pthread_t thread) { return ProcmgrClient().thread_detach(thread); }

void pthread_exit(void* value) {
  ProcmgrClient pm;
  uint64_t tid = own_tid_word();
  if (tid == 0) pm.exit(0);
  else pm.thread_exit(tid, reinterpret_cast<uint64_t>(value));
  thread_exit();  // procmgr refused: at least stop this thread
}

pthread_t pthread_self() {
  uint64_t tid = own_tid_word();
  if (tid == 0) ProcmgrClient().getpid(&tid);
  return tid;
}

}  // namespace trona::posix
