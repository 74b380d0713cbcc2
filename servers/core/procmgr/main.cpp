// servers/core/procmgr — the process manager (PM_*, kernel-abi.md §3.5; wire
// formats of 37–61: servers/uapi/README.md). Logic: state.{h,cpp} and
// handler.{h,cpp} and the area files; this file starts procmgr and serves
// SLOT_PROCMGR_EP with lib::serve.
//
// The kernel work (Ops) and procmgr's CSpace layout: trona_ops.{h,cpp}.
//
// Images: until the VFS exists, procmgr is given an in-memory table as its
// arguments: `--image <path> <bytes>` (any number); PM_SPAWN looks the path
// up there (a leading '/' is ignored).
//
// The table lives on the program's stack (several machines per host
// process in the simulator; a restarted procmgr starts afresh).
#include "trona/core/serve.h"
#include "core/procmgr/handler.h"
#include "core/procmgr/trona_ops.h"
#include "trona/core/image.h"
#include "trona/clients/mmsrv_client.h"
#include "trona/core/process_local.h"
#include "trona/core/program.h"
#include "trona/core/readiness.h"
#include "trona/core/syscall.h"
#include "uapi/procmgr.h"

namespace {

using namespace procmgr;

// The fault observer fired: every refused fault mmsrv reports is a
// SIGSEGV for its process (default action: terminate, status = signal).
void drain_faults(Procmgr& pm) {
  trona::MmsrvClient mm(kMmsrvSlot);
  for (int round = 0; round < 16; ++round) {
    trona::MmFaultReport reports[6];
    size_t n = 0, remaining = 0;
    if (mm.dump_pending(reports, 6, &n, &remaining) != 0) return;
    for (size_t i = 0; i < n; ++i) deliver_system_signal(pm, reports[i].pid, uapi::kSIGSEGV);
    if (remaining == 0) return;
  }
}

void handle_with_faults(Procmgr& pm, const lib::Request& rq, lib::Reply* rp) {
  if (rq.label == 0 && rq.length == 0 && (rq.badge & ~uint64_t{0xFF}) == kFaultBadge) {
    drain_faults(pm);
    rp->send = false;  // a notification: nobody to answer
    return;
  }
  handle(pm, rq, rp);
}

bool str_eq(const char* a, const char* b) {
  while (*a != '\0' && *a == *b) ++a, ++b;
  return *a == *b;
}

int run(int argc, char** argv, char** /*envp*/) {
  TronaOps ops;
  for (int i = 1; i < argc; ++i) {
    if (str_eq(argv[i], "--image") && i + 2 < argc && ops.image_count < kMaxImages) {
      ops.images[ops.image_count++] = {lib::Str(argv[i + 1]), lib::Str(argv[i + 2])};
      i += 2;
    }
  }
  ops.probe_pager();
  Procmgr pm(ops, trona::process_local<ProcStorage>());  // the table: too big for the stack
  pm.add_init();
  if (ops.has_pager && !ops.observe_faults()) trona::debug_putstr("procmgr: cannot observe the pager's faults\n");
  trona::notify_ready();  // Type=notify: init starts what is ordered after us now
  lib::serve_timed_state<Procmgr, handle_with_faults, next_timer_deadline, fire_timers>(
      {uapi::SLOT_PROCMGR_EP, kRecvSlot, kProbeSlot}, pm);
}

}  // namespace

TRONA_PROGRAM(procmgr, run)
