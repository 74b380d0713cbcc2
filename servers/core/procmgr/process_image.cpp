// procmgr/process_image.cpp — PM_FORK (a server-level clone of the caller
// that starts at an entry the caller gives) and PM_EXEC (the caller's image
// replaced, same pid). Wire formats and the differences from POSIX:
// servers/uapi/proto/procmgr.idl (PROTOCOLS.md, PM_FORK / PM_EXEC).
#include "lib/inline_string.h"
#include "core/procmgr/internal.h"
#include "trona/core/image.h"
#include "uapi/procmgr.h"

namespace procmgr::detail {

namespace {

// The most PM_EXEC payload the kernel copies (IPC-buffer reserved[], §2.4).
constexpr size_t kMaxExecPayload = 465 * 8;

// Only processes procmgr built itself (PM_SPAWN or PM_FORK) have the
// window objects a clone or an image replacement works on; init and
// PM_REGISTERed services do not (cnode_bits stays 0 for them).
bool built_by_procmgr(const Proc& p) { return p.has_objects && p.cnode_bits != 0; }

// The child starts as a copy of the parent's entry (credentials, umask,
// rlimits, pgid/sid, exe path, signal dispositions and whatever else a
// process carries), then gets its own identity and a clean run state:
// POSIX fork gives it no pending signals, no wait in progress, no
// controlling-terminal ownership (it is not the session leader), no
// armed itimer; only the calling thread exists in it.
void inherit(Proc& child, const Proc& parent, uint64_t pid, uint64_t badge) {
  child = parent;
  child.pid = pid;
  child.ppid = parent.pid;
  child.badge = badge;
  child.state = ProcState::kRunning;
  child.wait_status = 0;
  child.pending_signals = 0;
  child.has_objects = false;
  child.suspended = false;
  child.waiting = false;
  child.wait_pid = child.wait_options = 0;
  child.tty = child.tty_pgrp = 0;
  child.alarm_deadline = child.alarm_interval = 0;
  child.stopped = false;
  child.job_status = 0;
}

}  // namespace

// The other register words of §3.5 are accepted and ignored (procmgr.idl).
uint64_t Service::pm_fork(const PmFork::In& in, PmFork::Reply& out, proto::Call&) {
  Proc& parent = me;
  if (!built_by_procmgr(parent)) return TRONA_INVALID_OPERATION;
  const uint64_t rsp = in.rsp, rip = in.rip;
  if (rip == 0 || rsp == 0) return TRONA_INVALID_ARGUMENT;
  uint64_t pid = pm.new_pid();
  Proc* c = pid == 0 ? nullptr : pm.alloc(pid, kChildBadgeBase + pid);
  if (c == nullptr) return TRONA_WOULD_BLOCK;  // EAGAIN: process table full
  inherit(*c, parent, pid, kChildBadgeBase + pid);
  ForkSpec spec;
  spec.parent_index = pm.index_of(&parent);
  spec.index = pm.index_of(c);
  spec.pid = pid;
  spec.badge = c->badge;
  spec.parent_badge = parent.badge;
  spec.cnode_bits = parent.cnode_bits;
  spec.memory_kib = parent.memory_kib;
  spec.entry_rip = rip;
  spec.entry_rsp = rsp;
  uint64_t st = adopt_objects(pm, *c, pm.ops.fork(spec), true, &parent);
  if (st == TRONA_OK) out.pid = pid;
  return st;
}

namespace {

// Splits the payload into `count` NUL-terminated strings from `at`;
// returns the bytes they take, or 0 when they run past `end`.
size_t strings_span(const char* at, size_t avail, size_t count) {
  size_t n = 0;
  for (size_t i = 0; i < count; ++i) {
    while (n < avail && at[n] != '\0') ++n;
    if (n == avail) return 0;
    ++n;  // the NUL
  }
  return count == 0 ? 0 : n;
}

}  // namespace

// The strings are in the payload (procmgr's reserved[]).
uint64_t Service::pm_exec(const PmExec::In& in, PmExec::Reply&, proto::Call& call) {
  const size_t path_len = in.path.size;  // too long or truncated: the decode said so
  if (path_len == 0) return TRONA_INVALID_ARGUMENT;
  // The message must hold counts and total: a short one must not read as
  // an exec with no strings (the decode reads missing words as 0).
  if (call.rq.length < 1 + lib::inline_words(path_len) + 2) return TRONA_INVALID_ARGUMENT;
  const uint64_t counts = in.counts, total = in.total;
  const size_t argc = counts >> 32, envc = counts & 0xFFFFFFFF;
  if (total > kMaxExecPayload) return TRONA_OUT_OF_RANGE;  // E2BIG
  const char* path = in.path.data;
  for (size_t i = 0; i < path_len; ++i)
    if (path[i] == '\0') return TRONA_INVALID_ARGUMENT;
  // The payload first: any kernel work may reuse procmgr's IPC buffer.
  char payload[kMaxExecPayload];
  uint64_t st = pm.ops.exec_payload(payload, total);
  if (st != TRONA_OK) return st;
  const size_t argv_len = strings_span(payload, total, argc);
  const size_t envp_len = strings_span(payload + argv_len, total - argv_len, envc);
  if ((argc != 0 && argv_len == 0) || (envc != 0 && envp_len == 0) || argv_len + envp_len != total)
    return TRONA_INVALID_ARGUMENT;  // the counts do not describe the payload
  if (!built_by_procmgr(me)) return TRONA_INVALID_OPERATION;
  lib::Str p(path, path_len);
  while (!p.empty() && p[0] == '/') p = p.tail_from(1);
  lib::Str bytes;
  st = pm.ops.find_image(p, &bytes);
  if (st != TRONA_OK) return st;  // ENOENT
  trona::image::Header h;
  if (trona::image::parse(bytes, &h) != trona::image::Error::kOk) return TRONA_INVALID_ARGUMENT;  // ENOEXEC

  ExecSpec spec;
  spec.index = pm.index_of(&me);
  spec.pid = me.pid;
  spec.badge = me.badge;
  spec.cnode_bits = me.cnode_bits;
  spec.stack_pages = h.stack_pages;
  spec.image = bytes;
  spec.argv_bytes = payload;
  spec.argv_len = argv_len;
  spec.argc = argc;
  spec.envp_bytes = payload + argv_len;
  spec.envp_len = envp_len;
  spec.envc = envc;
  bool lost = false;
  st = pm.ops.exec(spec, &lost);
  if (st != TRONA_OK && !lost) return st;  // the caller keeps its image and gets the error
  call.defer();  // the caller's old image (and the CALL it made) is gone
  if (st != TRONA_OK) {
    terminate(pm, me, uapi::wait_status_signaled(uapi::kSIGKILL));  // past the point of no return (Linux: SIGKILL)
    return TRONA_OK;
  }
  vfs_exec(pm, me);  // its FD_CLOEXEC fds close before the new image asks anything
  for (size_t i = 0; i < path_len; ++i) me.path[i] = path[i];
  me.path_len = path_len;
  reset_handlers_for_exec(me);
  // POSIX: the other threads end; pending signals and the itimer survive
  // (the teardown helper also disarms the itimer and drops the signal
  // notification, which is made again on the next caught signal).
  const uint64_t alarm_deadline = me.alarm_deadline, alarm_interval = me.alarm_interval;
  end_threads_and_signals(pm, me);
  me.alarm_deadline = alarm_deadline;
  me.alarm_interval = alarm_interval;
  // A PM_WAIT the old main thread was blocked in (another thread exec'ed)
  // went with its image.
  if (me.waiting) pm.ops.drop_saved(spec.index);
  me.waiting = false;
  return TRONA_OK;
}

}  // namespace procmgr::detail
