// trona/core/backend_target/start.cpp — C++ half of the target start file:
// reads argc/argv/envp/auxv from the initial stack, records the IPC buffer
// (AT_TRONA_IPC_BUFFER), runs static constructors, calls the program's
// trona_program_main (trona/core/program.h) and ends the thread.
//
// Single-threaded for now: the IPC buffer pointer is one global. Threads
// created later will keep theirs in the TLS block (kernel-abi.md §7).
#include <stdint.h>

#include "trona/core/syscall.h"
#include "uapi/kernel_abi.h"

extern "C" int trona_program_main(int argc, char** argv, char** envp);

// Provided by the static linker's default script.
extern "C" void (*__init_array_start[])();
extern "C" void (*__init_array_end[])();

namespace {
uapi::IpcBuffer* g_ipc_buffer = nullptr;
}

extern "C" uapi::IpcBuffer* trona_backend_ipc_buffer() { return g_ipc_buffer; }

extern "C" [[noreturn]] void trona_target_start(uint64_t* sp) {
  const int argc = static_cast<int>(sp[0]);
  char** argv = reinterpret_cast<char**>(sp + 1);
  char** envp = argv + argc + 1;
  char** p = envp;
  while (*p != nullptr) ++p;
  for (const uint64_t* aux = reinterpret_cast<const uint64_t*>(p + 1); aux[0] != uapi::kAT_NULL; aux += 2) {
    if (aux[0] == uapi::AT_TRONA_IPC_BUFFER) g_ipc_buffer = reinterpret_cast<uapi::IpcBuffer*>(aux[1]);
  }
  for (void (**ctor)() = __init_array_start; ctor != __init_array_end; ++ctor) (*ctor)();
  trona_program_main(argc, argv, envp);
  trona::thread_exit();
}
