// procmgr/internal.h — what the PM_* handlers of the different areas
// share (handler.cpp dispatches to them in turn). Freestanding.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "lib/message.h"
#include "core/procmgr/state.h"
#include "uapi/procmgr.h"

namespace procmgr::detail {

// The area files speak in PM_* labels and TRONA_* statuses.
using namespace uapi::procmgr;
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

// What an area handler returns for a label that is not its own.
inline constexpr uint64_t kNotMine = ~uint64_t{0};

inline constexpr uint64_t kSignalCount = 32;  // NSIG: signals 1..31

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
// (else it stays suspended). On any failure c's entry is released (and
// what was built destroyed). lifecycle.cpp.
uint64_t adopt_objects(Procmgr& pm, Proc& c, uint64_t built, bool run);

// Records `sig` for `t` and acts on it. signals.cpp.
void deliver(Procmgr& pm, Proc& t, uint64_t sig);

// Bytes of an inline string: `len` bytes from MR[first..], 8 per word.
void read_bytes(const lib::Request& rq, size_t first, size_t len, char* out);
// Appends MR = len, then the bytes packed 8 per word.
void push_inline(lib::Reply* rp, const char* s, size_t len);

// One handler per area: the status of a label that is theirs, else kNotMine.
uint64_t handle_lifecycle(Procmgr& pm, Proc& me, const lib::Request& rq, lib::Reply* rp);
uint64_t handle_signals(Procmgr& pm, Proc& me, const lib::Request& rq, lib::Reply* rp);
uint64_t handle_identity(Procmgr& pm, Proc& me, const lib::Request& rq, lib::Reply* rp);
uint64_t handle_registry(Procmgr& pm, Proc& me, const lib::Request& rq, lib::Reply* rp);
uint64_t handle_itimers(Procmgr& pm, Proc& me, const lib::Request& rq, lib::Reply* rp);
uint64_t handle_threads(Procmgr& pm, Proc& me, const lib::Request& rq, lib::Reply* rp);

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
uint64_t handle_process_image(Procmgr& pm, Proc& me, const lib::Request& rq, lib::Reply* rp);

}  // namespace procmgr::detail
