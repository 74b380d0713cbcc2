// servers/drivers/console — the console server (server.rs CONSOLE_*, §3.8):
// COM1 and the PS/2 keyboard as one terminal line, interrupt-driven. Its
// interrupts arrive on the COM1 notification bound to its thread, so one
// receive loop takes both messages and interrupts. What it serves:
// README.md.
//
// Its state (about 13 KiB) lives on its own stack: the console starts
// first, before the pager that backs a heap, and several machines may run
// a console each in one simulator process.
#include "drivers/console/handler.h"
#include "drivers/console/trona_ops.h"
#include "trona/core/debug_put.h"
#include "trona/core/program.h"
#include "trona/core/readiness.h"
#include "trona/core/serve.h"

namespace {

int run(int /*argc*/, char** /*argv*/, char** /*envp*/) {
  console::TronaOps ops;
  console::Console con(ops);
  if (!ops.wire_interrupts()) {
    lib::debug_put("console: the device caps are missing (console.service: CopyCap=6:64 7:65 8:66 9:67 10:68)\n");
    return 1;
  }
  ops.find_ttysrv();
  con.init();
  trona::notify_ready();
  lib::serve_notified_state<console::Console, console::handle, console::on_notification>(
      {console::kServiceEndpointSlot, console::kRecvSlot, console::kProbeSlot}, con);
}

}  // namespace

TRONA_PROGRAM(console, run)
