// servers/personalities/posix_ttysrv — the POSIX terminal server
// (posix.rs POSIX_TTYSRV_*): the console line and pseudo-terminals with
// the line discipline, sessions and job control. Every process reaches it
// at SLOT_TTYSRV_EP (procmgr mints it with the process's badge, which
// ttysrv turns into a process group and session through procmgr); the
// console server pushes what is typed with INPUT_EVENT on the unbadged
// endpoint. What it serves: README.md.
#include "personalities/posix_ttysrv/handler.h"
#include "personalities/posix_ttysrv/trona_ops.h"
#include "trona/core/debug_put.h"
#include "trona/core/heap_allocator.h"
#include "trona/core/program.h"
#include "trona/core/readiness.h"
#include "trona/core/serve.h"

namespace {

int run(int /*argc*/, char** /*argv*/, char** /*envp*/) {
  const lib::Allocator heap = trona::heap_allocator();
  posix_ttysrv::TronaOps* ops = heap.make<posix_ttysrv::TronaOps>();
  posix_ttysrv::Ttysrv* t = ops ? heap.make<posix_ttysrv::Ttysrv>(heap, *ops) : nullptr;
  if (!t || !t->find(posix_ttysrv::kConsoleTty)) {
    lib::debug_put("ttysrv: no memory\n");
    return 1;
  }
  ops->console_raw();
  trona::notify_ready();
  lib::serve_timed_state<posix_ttysrv::Ttysrv, posix_ttysrv::handle, posix_ttysrv::next_deadline,
                         posix_ttysrv::on_deadline>(
      {posix_ttysrv::kServiceEndpointSlot, posix_ttysrv::kRecvSlot, posix_ttysrv::kProbeSlot}, *t);
}

}  // namespace

TRONA_PROGRAM(ttysrv, run)
