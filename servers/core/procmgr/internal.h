// procmgr/internal.h — what the PM_* handlers of the different areas
// share: the Service the generated dispatch (proto/procmgr_server.h, from
// uapi/proto/procmgr.idl) calls, one method per label, each defined in the
// area file that owns the label. Freestanding.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "lib/message.h"
#include "lib/proto_call.h"
#include "core/procmgr/state.h"
#include "proto/procmgr.h"
#include "uapi/procmgr.h"

namespace procmgr::detail {

// The area files speak in PM_* labels, their structs (PmSpawn::In, ...)
// and TRONA_* statuses.
using namespace uapi::procmgr;
using namespace proto::procmgr;
using uapi::TRONA_ALREADY_EXISTS;
using uapi::TRONA_BUSY;
using uapi::TRONA_DEADLOCK;
using uapi::TRONA_INVALID_ARGUMENT;
using uapi::TRONA_INVALID_CAPABILITY;
using uapi::TRONA_INVALID_OPERATION;
using uapi::TRONA_NOT_FOUND;
using uapi::TRONA_OK;
using uapi::TRONA_OUT_OF_MEMORY;
using uapi::TRONA_OUT_OF_RANGE;
using uapi::TRONA_WOULD_BLOCK;

inline constexpr uint64_t kSignalCount = 32;  // NSIG: signals 1..31

// A one-word reply: `word` = v, OK.
inline uint64_t answer(uint64_t& word, uint64_t v) {
  word = v;
  return TRONA_OK;
}

inline bool is_root(const Proc& p) { return p.creds.euid == 0; }
inline bool alive(const Proc& p) { return p.state == ProcState::kRunning; }

// The caller may act on `t` as its parent (spawn-time operations): its
// parent, or init.
inline bool parent_or_init(const Proc& caller, const Proc& t) { return t.ppid == caller.pid || caller.pid == 1; }

// pid 0 = the caller itself.
inline Proc* self_or(Procmgr& pm, Proc& caller, uint64_t pid) { return pid == 0 ? &caller : pm.by_pid(pid); }

inline void release(Proc& p) { p.state = ProcState::kFree; }

// Ends `p` (objects torn down, a zombie with `status` for its parent;
// orphans go to init). lifecycle.cpp.
void terminate(Procmgr& pm, Proc& p, uint64_t status);

// The end of a spawn or fork: `built` is the status of building c's
// objects; on success c owns them and, with `run`, its thread is resumed
// (else it stays suspended). Before it can run, the VFS hears of it
// (vfs_clients.cpp; `fork_parent` set: its fds are the parent's). On any
// failure c's entry is released (and what was built destroyed).
// lifecycle.cpp.
uint64_t adopt_objects(Procmgr& pm, Proc& c, uint64_t built, bool run, const Proc* fork_parent = nullptr);

// The VFS side of the process table (vfs_clients.cpp): the provider slot
// of "vfs" (kNoSlot: none registered), what VFS_CLIENT_REGISTER says of p,
// and the announcements procmgr makes (attach before p runs, update after
// a credential change, detach when it ends).
uint64_t vfs_provider_slot(const Procmgr& pm);
VfsClientInfo vfs_info(const Proc& p, uint64_t vfs_slot, uint64_t parent_badge);
uint64_t vfs_attach(Procmgr& pm, Proc& c, const Proc* fork_parent);
void vfs_update(Procmgr& pm, const Proc& p);
void vfs_detach(Procmgr& pm, Proc& p);
void vfs_exec(Procmgr& pm, const Proc& p);  // VFS_CLIENT_EXEC after a successful PM_EXEC

// The well-known service slots beside the VFS's (service_slots.cpp): for
// each provider init registered under a well-known name, c's slot gets its
// endpoint minted with c's badge (a missing provider: the slot stays empty).
uint64_t give_service_slots(Procmgr& pm, Proc& c);

// Records `sig` for `t` and acts on it. signals.cpp.
void deliver(Procmgr& pm, Proc& t, uint64_t sig);

// The PM_* labels procmgr serves, by the file that handles them: X(method, Label class).
#define PROCMGR_LIFECYCLE_LABELS(X) \
  X(pm_spawn, PmSpawn) X(pm_exit, PmExit) X(pm_wait, PmWait) X(pm_getpid, PmGetpid) X(pm_getppid, PmGetppid) \
  X(pm_resume, PmResume) X(pm_inject_cap, PmInjectCap) X(pm_register, PmRegister)
#define PROCMGR_SIGNALS_LABELS(X) X(pm_kill, PmKill) X(pm_kill_pgid, PmKillPgid) X(pm_sigaction, PmSigaction)
#define PROCMGR_IDENTITY_LABELS(X)                                                                                  \
  X(pm_getuid, PmGetuid) X(pm_getgid, PmGetgid) X(pm_geteuid, PmGeteuid) X(pm_getegid, PmGetegid)                  \
  X(pm_getgroups, PmGetgroups) X(pm_setpgid, PmSetpgid) X(pm_getpgid, PmGetpgid) X(pm_getsid, PmGetsid)            \
  X(pm_getpgid_badge, PmGetpgidBadge) X(pm_getsid_badge, PmGetsidBadge) X(pm_setsid, PmSetsid)                    \
  X(pm_umask, PmUmask) X(pm_setuid, PmSetuid) X(pm_setgid, PmSetgid) X(pm_seteuid, PmSeteuid)                      \
  X(pm_setegid, PmSetegid) X(pm_setreuid, PmSetreuid) X(pm_setregid, PmSetregid) X(pm_setresuid, PmSetresuid)      \
  X(pm_setresgid, PmSetresgid) X(pm_getresuid, PmGetresuid) X(pm_getresgid, PmGetresgid)                          \
  X(pm_setgroups, PmSetgroups) X(pm_get_creds_by_badge, PmGetCredsByBadge) X(pm_getrlimit, PmGetrlimit)            \
  X(pm_setrlimit, PmSetrlimit) X(pm_set_session_tty, PmSetSessionTty) X(pm_clear_session_tty, PmClearSessionTty)  \
  X(pm_set_session_tty_pgrp, PmSetSessionTtyPgrp)
#define PROCMGR_IMAGE_LABELS(X) X(pm_fork, PmFork) X(pm_exec, PmExec)
#define PROCMGR_REGISTRY_LABELS(X)                                                                         \
  X(pm_list_pids, PmListPids) X(pm_get_proc_info, PmGetProcInfo) X(pm_get_exe_path, PmGetExePath)        \
  X(pm_register_service_defs, PmRegisterServiceDefs) X(pm_register_provider, PmRegisterProvider)        \
  X(pm_dump_pending, PmDumpPending) X(pm_register_personality_provider, PmRegisterPersonalityProvider)
#define PROCMGR_ITIMER_LABELS(X) X(pm_setitimer, PmSetitimer) X(pm_getitimer, PmGetitimer)
#define PROCMGR_THREAD_LABELS(X)                                                                                 \
  X(pm_get_thread_caps, PmGetThreadCaps) X(pm_thread_create, PmThreadCreate) X(pm_thread_exit, PmThreadExit) \
  X(pm_thread_join, PmThreadJoin) X(pm_thread_detach, PmThreadDetach) X(pm_thread_list, PmThreadList)

// The handlers of the generated dispatch (handler.cpp): one call from the
// running process `me`; the init-only labels were refused to others before.
struct Service {
  Procmgr& pm;
  Proc& me;

#define PROCMGR_DECLARE_HANDLER(method, Label) \
  uint64_t method(const proto::procmgr::Label::In& in, proto::procmgr::Label::Reply& out, proto::Call& call);
  PROCMGR_LIFECYCLE_LABELS(PROCMGR_DECLARE_HANDLER)
  PROCMGR_SIGNALS_LABELS(PROCMGR_DECLARE_HANDLER)
  PROCMGR_IDENTITY_LABELS(PROCMGR_DECLARE_HANDLER)
  PROCMGR_IMAGE_LABELS(PROCMGR_DECLARE_HANDLER)
  PROCMGR_REGISTRY_LABELS(PROCMGR_DECLARE_HANDLER)
  PROCMGR_ITIMER_LABELS(PROCMGR_DECLARE_HANDLER)
  PROCMGR_THREAD_LABELS(PROCMGR_DECLARE_HANDLER)
#undef PROCMGR_DECLARE_HANDLER
};

// Process teardown of what signals and threads added: every thread of `p`
// destroyed (joiners answered ESRCH), the signal notification deleted, the
// itimer disarmed. terminate() calls it. threads.cpp.
void end_threads_and_signals(Procmgr& pm, Proc& p);
// Suspends / resumes every running thread of `p` (job control). threads.cpp.
void stop_threads(Procmgr& pm, Proc& p, bool stop);
// exec (POSIX): caught signals go back to SIG_DFL, ignored stay ignored;
// the itimer survives. signals.cpp.
void reset_handlers_for_exec(Proc& p);
// `c` stopped or continued (c.job_status set): its parent's PM_WAIT with
// WUNTRACED / WCONTINUED hears of it (now if it waits). lifecycle.cpp.
void job_changed(Procmgr& pm, Proc& c);

}  // namespace procmgr::detail
