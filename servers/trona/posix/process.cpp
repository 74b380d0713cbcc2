// trona/posix/process.cpp — POSIX process calls over trona::ProcmgrClient
// (process.h; fork_to's design: servers/uapi/README.md, PM_FORK).
#include "trona/posix/process.h"

#include <stddef.h>

#include "trona/core/code.h"
#include "trona/core/image.h"
#include "trona/posix/errno.h"
#include "trona/posix/file_internal.h"
#include "trona/clients/procmgr_client.h"
#include "trona/core/syscall.h"
#include "uapi/linux_numbers.h"

namespace trona::posix {

namespace {

// fork_to's record for the child, in the last words of the caller's IPC
// buffer (reserved[]): procmgr gives the child a copy of that page, so the
// child finds it in its own. Words: the two entry-stack words of
// trona::entry_point (the simulator's child thread starts with rsp here),
// the child function, its argument.
constexpr size_t kRecordWord = uapi::kIpcReservedWords - 4;
enum : size_t { kEntryWord0, kEntryWord1, kChildFn, kChildArg };

uint64_t* fork_record() { return &ipc_buffer()->reserved[kRecordWord]; }

// The child's first code: read the record from the copied IPC buffer, run
// the child function, exit as a returning main would.
void fork_child_start(uint64_t /*unused*/) {
  const uint64_t* r = fork_record();
  auto child = reinterpret_cast<void (*)(uint64_t)>(r[kChildFn]);
  const uint64_t arg = r[kChildArg];
  detail::forget_bulk_window();  // the parent's SHM window is not this process's
  child(arg);
  _exit(0);
}

pid_t pid_or_fail(int err, uint64_t v) { return result_or<pid_t>(err, static_cast<pid_t>(v)); }

template <int (ProcmgrClient::*Get)(uint64_t*) const>
uint64_t get() {
  uint64_t v = 0;
  (ProcmgrClient().*Get)(&v);  // cannot fail for a process procmgr knows
  return v;
}

}  // namespace

pid_t fork_to(void (*child)(uint64_t), uint64_t arg) {
  const EntryPoint e = entry_point(fork_child_start, 0);
  uint64_t* r = fork_record();
  r[kEntryWord0] = e.stack[0];
  r[kEntryWord1] = e.stack[1];
  r[kChildFn] = reinterpret_cast<uint64_t>(child);
  r[kChildArg] = arg;
#if defined(TRONA_BACKEND_TARGET)
  // A real thread runs on its stack: the two entry words go on ours (the
  // child's copy has them at the same address and grows below them).
  alignas(16) volatile uint64_t words[2] = {e.stack[0], e.stack[1]};
  const uint64_t rsp = reinterpret_cast<uint64_t>(&words[0]);
#else
  // The simulator's entry only reads its argument at rsp: the copy of the
  // record in the child's IPC buffer serves (simulated code cannot write
  // its simulated stack).
  const uint64_t rsp = image::kIpcBufferVa + offsetof(uapi::IpcBuffer, reserved) + 8 * kRecordWord;
#endif
  uint64_t pid = 0;
  int err = ProcmgrClient().fork(e.rip, rsp, &pid);
  return pid_or_fail(err, pid);
}

int execve(const char* path, char* const argv[], char* const envp[]) {
  if (path == nullptr) return fail(uapi::kEFAULT);
  return result(ProcmgrClient().exec(lib::Str(path), argv, envp));  // returns only on failure
}

pid_t waitpid(pid_t pid, int* status, int options) {
  uint64_t child = 0;
  int st = 0;
  int err = ProcmgrClient().wait(pid, static_cast<uint64_t>(options), &st, &child);
  if (err == 0 && status != nullptr) *status = st;
  return pid_or_fail(err, child);
}

void _exit(int status) {
  ProcmgrClient().exit(status);
  for (;;) thread_exit();  // procmgr tears the thread down; never reached
}

pid_t getpid() { return static_cast<pid_t>(get<&ProcmgrClient::getpid>()); }
pid_t getppid() { return static_cast<pid_t>(get<&ProcmgrClient::getppid>()); }
uid_t getuid() { return static_cast<uid_t>(get<&ProcmgrClient::getuid>()); }
uid_t geteuid() { return static_cast<uid_t>(get<&ProcmgrClient::geteuid>()); }
gid_t getgid() { return static_cast<gid_t>(get<&ProcmgrClient::getgid>()); }
gid_t getegid() { return static_cast<gid_t>(get<&ProcmgrClient::getegid>()); }

int setpgid(pid_t pid, pid_t pgid) {
  if (pid < 0 || pgid < 0) return fail(uapi::kEINVAL);
  return result(ProcmgrClient().setpgid(static_cast<uint64_t>(pid), static_cast<uint64_t>(pgid)));
}

pid_t getpgid(pid_t pid) {
  if (pid < 0) return fail<pid_t>(uapi::kESRCH);
  uint64_t v = 0;
  int err = ProcmgrClient().getpgid(static_cast<uint64_t>(pid), &v);
  return pid_or_fail(err, v);
}

pid_t getpgrp() { return getpgid(0); }

pid_t setsid() {
  uint64_t v = 0;
  int err = ProcmgrClient().setsid(&v);
  return pid_or_fail(err, v);
}

pid_t getsid(pid_t pid) {
  if (pid < 0) return fail<pid_t>(uapi::kESRCH);
  uint64_t v = 0;
  int err = ProcmgrClient().getsid(static_cast<uint64_t>(pid), &v);
  return pid_or_fail(err, v);
}

mode_t umask(mode_t mask) {
  uint64_t old = 0;
  ProcmgrClient().umask(mask & 0777, &old);
  return static_cast<mode_t>(old);
}

}  // namespace trona::posix
