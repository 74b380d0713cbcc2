// trona/core/debug_put.h — DEBUG_PUTSTR of any string of the program.
//
// DEBUG_PUTSTR takes a user VA. A string in the program's image or on its
// stack is at such a VA on the target, but in the simulator program code
// runs on the host and its strings are host memory. The one page both
// sides share is the IPC buffer (trona::ipc_buffer(), mapped at
// kIpcBufferVa for init and every spawned program, kernel-abi.md §1.3
// step 4): the text is copied into its reserved area and printed from
// there. Do not use while reserved-area data of an IPC is still needed.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "lib/span.h"
#include "trona/core/image.h"
#include "trona/core/syscall.h"

namespace lib {

inline void debug_put(Str s) {
  uapi::IpcBuffer* ipc = trona::ipc_buffer();
  auto* dst = reinterpret_cast<char*>(ipc->reserved);
  const uint64_t dst_va = trona::image::kIpcBufferVa + static_cast<uint64_t>(dst - reinterpret_cast<char*>(ipc));
  const size_t room = sizeof ipc->reserved;
  while (!s.empty()) {
    size_t n = s.size < room ? s.size : room;
    for (size_t i = 0; i < n; ++i) dst[i] = s[i];
    trona::debug_putstr(reinterpret_cast<const char*>(static_cast<uintptr_t>(dst_va)), n);
    s = s.tail_from(n);
  }
}

}  // namespace lib
