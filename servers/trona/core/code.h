// trona/core/code.h — code addresses a program hands to the kernel or to a
// server: the entry of a thread it creates, the child entry of PM_FORK,
// its notification dispatcher (POSIX signals).
//
//   void worker(uint64_t arg) { ... }          // returns -> THREAD_EXIT
//   trona::EntryPoint e = trona::entry_point(worker, 42);
//   // new thread: rip = e.rip; the two words e.stack[0..1] at the top of
//   // its stack, rsp pointing at e.stack[0]
//
// Entry convention (both backends): a thread started at e.rip with rsp at
// the two words runs fn(arg); when fn returns the thread ends with
// THREAD_EXIT. A dispatcher runs on the interrupted thread with the
// kernel's frame (uapi::NotifFrame*) as its argument and ends with
// trona::notif_return(frame).
//
// Target backend: rip = trona_thread_entry (crt0.S), which pops arg and fn
// from the stack (stack = {arg, fn}); a dispatcher address is the
// function's own address (the kernel passes the frame in rdi).
// Simulator backend: a stable per-kernel address (Kernel::intern_entry)
// under which the kernel model runs the C++ function (stack = {arg, 0}):
// simulated code has no machine code to jump to, so a code address is a
// name for host code.
#pragma once

#include <stdint.h>

#include "uapi/kernel_abi.h"

namespace trona {

using ThreadEntry = void (*)(uint64_t arg);
using Dispatcher = void (*)(uapi::NotifFrame* frame);

}  // namespace trona

namespace trona {

struct EntryPoint {
  uint64_t rip = 0;
  uint64_t stack[2] = {};  // [rsp], [rsp + 8] of the new thread
};

}  // namespace trona

extern "C" trona::EntryPoint trona_backend_entry_point(trona::ThreadEntry fn, uint64_t arg);
extern "C" uint64_t trona_backend_dispatcher_address(trona::Dispatcher fn);

namespace trona {

inline EntryPoint entry_point(ThreadEntry fn, uint64_t arg) { return trona_backend_entry_point(fn, arg); }
inline uint64_t dispatcher_address(Dispatcher fn) { return trona_backend_dispatcher_address(fn); }

}  // namespace trona
