// servers/core/mmsrv — the memory manager and system pager (MM_*, kernel-abi.md
// §3.6; Role=pager). Logic (pure): memory.h (the state) with clients.cpp,
// regions.cpp, pages.cpp, shm.cpp, fork.cpp, handler.{h,cpp} (MM_* and
// fault messages); the kernel work behind its Ops seam (ops.h):
// trona_ops.{h,cpp}.
//
// CSpace (flat, CNodeBits >= 12; trona_ops.h Layout): untypeds at slot 7 (the
// child untyped of a server) and 16..31, the service endpoint at 64 (the
// first injected slot), transferred caps land in 59..62 and cap[0] is
// probed into 63, the fault observer (MM_REGISTER_PAGER_EP) at 65, the
// zero frame at 66 (mapped read-only at 0x1FFF_8000, the zeroing window),
// client VSpaces at 128 + i, frames at 1024 + i. Clients' TCBs have the
// service endpoint, minted with the client's badge, as fault handler: VM
// faults arrive here as label-2 messages with that badge.
//
// State lives on the program's stack (several machines in one host
// process; a restarted mmsrv starts empty).
#include "trona/core/serve.h"
#include "core/mmsrv/handler.h"
#include "core/mmsrv/trona_ops.h"
#include "trona/core/program.h"
#include "trona/core/readiness.h"
#include "trona/core/syscall.h"

namespace {

inline constexpr uint64_t kRecvSlot = 59;
inline constexpr uint64_t kProbeSlot = 63;
static_assert(kRecvSlot + uapi::kMaxExtraCaps <= kProbeSlot);

int run(int /*argc*/, char** /*argv*/, char** /*envp*/) {
  mmsrv::Layout layout;
  mmsrv::TronaOps ops(layout);
  mmsrv::Memory memory(ops);
  if (memory.init() != uapi::TRONA_OK) trona::debug_putstr("mmsrv: no frame for the zero page\n");
  trona::notify_ready();  // Type=notify: init starts what is ordered after us now
  lib::serve_state<mmsrv::Memory, mmsrv::handle>({layout.service_ep, kRecvSlot, kProbeSlot}, memory);
}

}  // namespace

TRONA_PROGRAM(mmsrv, run)
