// trona/core/backend_target/code.cpp — code addresses on the real target
// (trona/core/code.h): thread entries go through trona_thread_entry (crt0.S),
// dispatchers are called by the kernel directly.
#include "trona/core/code.h"
#include "trona/core/syscall.h"

extern "C" void trona_thread_entry();

extern "C" trona::EntryPoint trona_backend_entry_point(trona::ThreadEntry fn, uint64_t arg) {
  trona::EntryPoint e;
  e.rip = reinterpret_cast<uint64_t>(&trona_thread_entry);
  e.stack[0] = arg;
  e.stack[1] = reinterpret_cast<uint64_t>(fn);
  return e;
}

extern "C" uint64_t trona_backend_dispatcher_address(trona::Dispatcher fn) { return reinterpret_cast<uint64_t>(fn); }

// Where trona_thread_entry goes when the entry function returns.
extern "C" [[noreturn]] void trona_thread_return() { trona::thread_exit(); }
