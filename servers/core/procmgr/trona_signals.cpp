// procmgr/trona_signals.cpp — the kernel side of signal delivery: each
// process that is sent a caught signal gets a notification in its window
// (win::kSignalNtfn), bound to its main TCB; raising signal n sets bit n,
// after (re)installing the dispatcher the process named in PM_SIGACTION
// (procmgr does it, so a forked child's new TCB gets it as well).
// The kernel then wakes a RECV or interrupts a CALL of that thread and
// runs its notification dispatcher (kernel-abi.md §2.4). Created lazily:
// a process that never catches a signal has none (and a server's RECV is
// never woken by one).
#include "core/procmgr/trona_ops.h"

namespace procmgr {

uint64_t TronaOps::raise_signal(size_t index, uint64_t sig, uint64_t dispatcher_va) {
  const uint64_t ntfn = window(index) + win::kSignalNtfn;
  const uint64_t bit = uint64_t{1} << sig;
  if (dispatcher_va != 0) inv(window(index) + win::kTcb, uapi::TCB_SET_NOTIFICATION_DISPATCHER, dispatcher_va);
  uint64_t st = trona::signal(ntfn, bit).error;
  if (st != uapi::TRONA_INVALID_CAPABILITY) return st;  // sent, or a real failure
  st = retype_for(index, uapi::OBJ_NOTIFICATION, 0, ntfn);  // charged to the process
  if (st != uapi::TRONA_OK) return st;
  st = inv(window(index) + win::kTcb, uapi::TCB_BIND_NOTIFICATION, ntfn);
  if (st != uapi::TRONA_OK) {  // e.g. ALREADY_BOUND: the process binds its own
    drop_signals(index);
    return st;
  }
  return trona::signal(ntfn, bit).error;
}

void TronaOps::drop_signals(size_t index) {
  inv(uapi::SLOT_SELF_CNODE, uapi::CNODE_DELETE, window(index) + win::kSignalNtfn);
}

uint64_t TronaOps::set_stopped(size_t index, bool stop) {
  return inv(window(index) + win::kTcb, stop ? uapi::TCB_SUSPEND : uapi::TCB_RESUME);
}

uint64_t TronaOps::set_thread_stopped(size_t t, bool stop) {
  return inv(thread_window(t) + tslot::kTcb, stop ? uapi::TCB_SUSPEND : uapi::TCB_RESUME);
}

uint64_t TronaOps::now_ns() { return trona::clock_gettime(uapi::kClockMonotonic).value; }

}  // namespace procmgr
