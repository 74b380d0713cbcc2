// trona/clients/procmgr_client.h — typed IPC stubs of the process manager, one per
// implemented PM_* label (kernel-abi.md §3.5; every wire format and the
// choices where §3.5 is silent: servers/uapi/proto/procmgr.idl, tables in
// servers/uapi/PROTOCOLS.md). Facades over the generated proto::procmgr::call.
//
//   trona::ProcmgrClient pm;                         // SLOT_PROCMGR_EP
//   uint64_t pid;
//   const char* args[] = {"-v", "x"};
//   int e = pm.spawn("bin/hello", args, 2, &pid);    // argv = {"bin/hello", "-v", "x"}
//   int status; uint64_t who;
//   e = pm.wait(static_cast<int32_t>(pid), 0, &status, &who);
//
// Every call returns 0 or a Linux errno. procmgr answers "no such process"
// with NOT_FOUND, which these stubs report as ESRCH (PM_WAIT: ECHILD;
// PM_SPAWN: ENOENT = no such image), and a malformed image with
// INVALID_ARGUMENT, reported by spawn as ENOEXEC. Permission errors are
// EPERM. Getters are resent after INTERRUPTED, everything else is EINTR.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "lib/span.h"
#include "trona/core/code.h"
#include "uapi/kernel_abi.h"

namespace trona {

struct SpawnOptions {
  uint64_t policy = 0;      // spawn_policy word (uapi::procmgr::spawn_policy)
  uint64_t flags = 0;       // kSpawnFlag*; START_SUSPENDED: resume with resume()
  uint64_t timeout_ns = 0;  // readiness timeout (notify readiness)
  uint64_t service_ep_slot = ~uint64_t{0};  // with kSpawnFlagUsePreEp: a cap sent as cap[0]
};

struct ProcInfo {
  uint64_t pid = 0, ppid = 0, pgid = 0, sid = 0;
  uint64_t uid = 0, euid = 0, gid = 0, egid = 0;
  uint64_t state = 0;  // 0 running, 1 zombie, 2 spawned suspended, 3 stopped (job control)
  uint64_t pending_signals = 0;
  uint64_t umask = 0;
  size_t path_len = 0;
  char path[65] = {};  // NUL-terminated
};

struct ProcCreds {
  uint64_t uid = 0, euid = 0, gid = 0, egid = 0, pid = 0;
};

// PM_SIGACTION words: handler 0 SIG_DFL, 1 SIG_IGN, else a code address;
// dispatcher: the notification dispatcher procmgr installs on the main
// thread when it raises a caught signal (0 keeps the one it has).
struct SigActionWords {
  uint64_t handler = 0, flags = 0, mask = 0, dispatcher = 0;
};

// An interval timer in nanoseconds (value 0 = disarmed).
struct ItimerNs {
  uint64_t value_ns = 0, interval_ns = 0;
};

// PM_DUMP_PENDING: one caller procmgr holds a saved reply for.
struct PendingWaiter {
  uint64_t kind = 0;  // 1 PM_WAIT, 2 PM_THREAD_JOIN
  uint64_t pid = 0;   // the waiting process
  uint64_t what = 0;  // the PM_WAIT pid word / the joined tid
};

class ProcmgrClient {
 public:
  explicit constexpr ProcmgrClient(uint64_t endpoint = uapi::SLOT_PROCMGR_EP) : ep_(endpoint) {}

  // PM_SPAWN: the image at `path` with argv = {path, args...}; *pid = child.
  int spawn(lib::Str path, const char* const* args, size_t nargs, uint64_t* pid, const SpawnOptions& opt = {}) const;
  // PM_EXIT: does not return when procmgr takes it (the thread is torn
  // down); returns the errno if the call failed.
  int exit(int status) const;
  // PM_WAIT: pid -1 any child, > 0 that child, 0 own group, < -1 group
  // -pid; options WNOHANG/WUNTRACED/WCONTINUED. *child = 0 with WNOHANG
  // and nothing to reap. ECHILD: no matching child.
  int wait(int32_t pid, uint64_t options, int* status, uint64_t* child) const;
  int getpid(uint64_t* v) const;
  int getppid(uint64_t* v) const;
  int getuid(uint64_t* v) const;
  int getgid(uint64_t* v) const;
  int geteuid(uint64_t* v) const;
  int getegid(uint64_t* v) const;
  // PM_KILL: pid > 0, 0 (own group), -1 (every process it may signal but
  // init and itself), < -1 (group -pid). ESRCH, EPERM, EINVAL (signal).
  int kill(int32_t pid, int sig) const;
  int kill_pgrp(uint64_t pgid, int sig) const;  // PM_KILL_PGID
  int setpgid(uint64_t pid, uint64_t pgid) const;
  int getpgid(uint64_t pid, uint64_t* pgid) const;
  int setsid(uint64_t* sid) const;
  int getsid(uint64_t pid, uint64_t* sid) const;
  int getpgid_by_badge(uint64_t badge, uint64_t* pgid) const;
  int getsid_by_badge(uint64_t badge, uint64_t* sid) const;
  // PM_INJECT_CAP: copies the cap in the caller's `cap_slot` into the
  // child's `dest_slot` (parent or init only).
  int inject_cap(uint64_t pid, uint64_t dest_slot, uint64_t cap_slot) const;
  int resume(uint64_t pid) const;  // PM_RESUME
  // PM_FORK: a server-level clone of the caller (servers/uapi/README.md,
  // PM_FORK): the child's thread starts at `entry_rip` with its stack
  // pointer at `entry_rsp` (words the caller placed in memory the child gets
  // a copy of, see trona/core/code.h); *pid = the child. EAGAIN: table full.
  int fork(uint64_t entry_rip, uint64_t entry_rsp, uint64_t* pid) const;
  // PM_EXEC: replaces the caller's image with the one at `path`, argv and
  // envp NULL-terminated (envp may be null). Does not return on success.
  // ENOENT no such image, ENOEXEC malformed, E2BIG argv + envp too large,
  // ENAMETOOLONG path > 64 bytes.
  int exec(lib::Str path, const char* const* argv, const char* const* envp) const;
  // PM_REGISTER (init only): a process init started itself, by its badge;
  // cap[0] = its CNode. *pid = the pid procmgr gave it.
  int register_process(uint64_t badge, uint64_t cnode_slot, uint64_t* pid = nullptr) const;
  // Credentials (uid_t -1 = 0xFFFFFFFF leaves an id unchanged).
  int setuid(uint64_t uid) const;
  int setgid(uint64_t gid) const;
  int seteuid(uint64_t uid) const;
  int setegid(uint64_t gid) const;
  int setreuid(uint64_t ruid, uint64_t euid) const;
  int setregid(uint64_t rgid, uint64_t egid) const;
  int setresuid(uint64_t r, uint64_t e, uint64_t s) const;
  int setresgid(uint64_t r, uint64_t e, uint64_t s) const;
  int getresuid(uint64_t* r, uint64_t* e, uint64_t* s) const;
  int getresgid(uint64_t* r, uint64_t* e, uint64_t* s) const;
  int setgroups(const uint64_t* gids, size_t n) const;
  int getgroups(uint64_t* gids, size_t max, size_t* n) const;
  int get_creds_by_badge(uint64_t badge, ProcCreds* out) const;
  int umask(uint64_t mask, uint64_t* old) const;
  int getrlimit(uint64_t resource, uint64_t* cur, uint64_t* max) const;
  int setrlimit(uint64_t resource, uint64_t cur, uint64_t max) const;
  int set_session_tty(uint64_t tty) const;
  int clear_session_tty() const;
  int set_session_tty_pgrp(uint64_t pgrp) const;
  // PM_LIST_PIDS: pids > cursor, ascending, at most 30 per call; *next = 0
  // when done, else the cursor for the next call.
  int list_pids(uint64_t cursor, uint64_t* pids, size_t max, size_t* n, uint64_t* next) const;
  int get_proc_info(uint64_t pid, ProcInfo* out) const;  // pid 0 = self
  int get_exe_path(uint64_t pid, char* buf, size_t size, size_t* len) const;  // NUL-terminated
  // Boot hand-over (init only): one service definition / a provider endpoint.
  int register_service_def(uint64_t policy, lib::Str name, lib::Str binary) const;
  int register_provider(lib::Str name, uint64_t endpoint_slot) const;

  // Signals, timers, debug (procmgr_client_signals.cpp).
  // PM_SIGACTION: `act` null only reads the disposition into *old.
  // EINVAL: bad signal, or a new action for SIGKILL/SIGSTOP.
  int sigaction(int sig, const SigActionWords* act, SigActionWords* old) const;
  // PM_SETITIMER / PM_GETITIMER: ITIMER_REAL only (others EINVAL).
  int setitimer(int which, const ItimerNs& value, ItimerNs* old) const;
  int getitimer(int which, ItimerNs* cur) const;
  // PM_DUMP_PENDING (euid 0): entries after `skip`; *left = not shown.
  int dump_pending(uint64_t skip, PendingWaiter* out, size_t max, size_t* n, uint64_t* left) const;
  // PM_REGISTER_PERSONALITY_PROVIDER (init only): subsystem id + endpoint.
  int register_personality_provider(uint64_t subsystem, uint64_t endpoint_slot) const;

  // Threads of the calling process (procmgr_client_threads.cpp). tids of
  // created threads are >= 0x10000; the main thread's tid is the pid.
  // PM_THREAD_CREATE: a thread started at `entry` (trona::entry_point)
  // with a stack of `stack_pages` (0 = 1, <= 16). EAGAIN: table full.
  int thread_create(const EntryPoint& entry, uint64_t stack_pages, uint64_t* tid) const;
  // PM_THREAD_EXIT: `tid` = the calling thread's own. Does not return
  // when procmgr takes it; the errno otherwise.
  int thread_exit(uint64_t tid, uint64_t value) const;
  // PM_THREAD_JOIN: blocks until `tid` exits; self_tid = the caller's tid
  // (0 = the main thread). ESRCH unknown, EINVAL detached or already
  // joined, EDEADLK itself. Resent after a signal handler ran.
  int thread_join(uint64_t tid, uint64_t self_tid, uint64_t* value) const;
  int thread_detach(uint64_t tid) const;
  // PM_THREAD_LIST: as list_pids, over the caller's threads.
  int thread_list(uint64_t cursor, uint64_t* tids, size_t max, size_t* n, uint64_t* next) const;
  // PM_GET_THREAD_CAPS: the thread's TCB, its SC and the VSpace into
  // receive_slot, +1, +2 (must be empty); *count = how many (2 without SC).
  int get_thread_caps(uint64_t tid, uint64_t receive_slot, size_t* count) const;

  uint64_t endpoint() const { return ep_; }

 private:
  uint64_t ep_;
};

}  // namespace trona
