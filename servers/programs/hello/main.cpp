// servers/programs/hello — placeholder program proving the portability rule: it
// uses nothing but the trona syscall interface (DEBUG_PUTSTR, then the
// start file ends the thread with THREAD_EXIT).
#include "trona/core/program.h"
#include "trona/core/syscall.h"

namespace {

int run(int argc, char** /*argv*/, char** /*envp*/) {
  trona::debug_putstr("hello from a trona server\n");
  return argc >= 0 ? 0 : 1;
}

}  // namespace

TRONA_PROGRAM(hello, run)
