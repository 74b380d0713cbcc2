// servers/fs/vfs — the virtual file system server (kernel-abi.md §3.2): a
// tmpfs root with /tmp and /dev, per-client fd tables, pipes and FIFOs,
// on the endpoint init pre-created for it (slot 32). procmgr hands every
// process it starts a badged copy (SLOT_VFS_EP) and registers it first
// (VFS_CLIENT_REGISTER). What it serves and refuses: README.md.
//
// The state lives in the program's own heap (several machines may run a
// VFS each in one simulator process) and is never destroyed: the process
// ends with its address space, and with it the heap (in the simulator a
// killed fiber's unwinding must not call into the heap).
#include "fs/vfs/handler.h"
#include "fs/vfs/trona_ops.h"
#include "trona/core/debug_put.h"
#include "trona/core/heap_allocator.h"
#include "trona/core/program.h"
#include "trona/core/readiness.h"
#include "trona/core/serve.h"
#include "trona/core/syscall.h"

namespace {

int run(int argc, char** argv, char** /*envp*/) {
  const lib::Allocator heap = trona::heap_allocator();
  vfs::TronaOps* ops = heap.make<vfs::TronaOps>();
  vfs::Vfs* v = ops ? heap.make<vfs::Vfs>(heap, *ops) : nullptr;
  if (!v || v->init() != 0) {
    lib::debug_put("vfs: no memory for the root file system\n");
    return 1;
  }
  for (int i = 1; i < argc; ++i)
    if (lib::Str(argv[i]).equals("--ttysrv")) v->serve_ttys_elsewhere();
  trona::notify_ready();
  lib::serve_timed_state<vfs::Vfs, vfs::handle, vfs::next_deadline, vfs::on_deadline>({vfs::kServiceEndpointSlot, vfs::kRecvSlot, vfs::kProbeSlot}, *v);
}

}  // namespace

TRONA_PROGRAM(vfs, run)
