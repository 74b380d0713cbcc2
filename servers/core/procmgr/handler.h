// procmgr/handler.h — one PM_* request → reply (wire formats:
// servers/uapi/proto/procmgr.idl, tables in servers/uapi/PROTOCOLS.md).
// Status in the reply label; "no such process" is NOT_FOUND (the stubs map
// it to ESRCH, ECHILD for PM_WAIT), permission errors INVALID_OPERATION.
#pragma once

#include "lib/message.h"
#include "core/procmgr/state.h"

namespace procmgr {

void handle(Procmgr& pm, const lib::Request& rq, lib::Reply* rp);

// A signal the system sends (the pager's fault report: SIGSEGV), no
// permission check: recorded and its default action applied. False if
// `pid` is not a live process.
bool deliver_system_signal(Procmgr& pm, uint64_t pid, uint64_t sig);

// Linux default action of a signal: terminate unless it is one of the
// ignored-by-default (CHLD, CONT, URG, WINCH) or stop signals.
bool default_terminates(uint64_t sig);

// ITIMER_REAL (itimers.cpp), for the serve loop's timer: the earliest
// armed deadline (absolute CLOCK_MONOTONIC ns, lib::kNoDeadline if none),
// and firing every timer due at `now` (SIGALRM, periodic ones re-armed).
uint64_t next_timer_deadline(Procmgr& pm);
void fire_timers(Procmgr& pm, uint64_t now);

}  // namespace procmgr
