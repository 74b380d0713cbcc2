// servers/programs/hello — the default boot's first program: a line on the
// debug console, then (with a VFS) a file written and read back through it.
// Uses nothing but the trona interface (DEBUG_PUTSTR, trona::posix).
#include "trona/core/debug_put.h"
#include "trona/core/program.h"
#include "trona/posix/file.h"
#include "uapi/linux_numbers.h"

namespace {

namespace px = trona::posix;

int run(int /*argc*/, char** /*argv*/, char** /*envp*/) {
  lib::debug_put("hello: hello from the initrd\n");
  int fd = px::open("/tmp/hello.txt", uapi::kO_CREAT | uapi::kO_RDWR | uapi::kO_TRUNC, 0644);
  if (fd < 0) return 0;  // no VFS
  const char text[] = "hello through the VFS";
  char back[sizeof text] = {};
  bool ok = px::write(fd, text, sizeof text - 1) == static_cast<long>(sizeof text - 1) &&
            px::pread(fd, back, sizeof back, 0) == static_cast<long>(sizeof text - 1);
  px::close(fd);
  lib::debug_put(ok ? "hello: wrote /tmp/hello.txt and read it back: " : "hello: /tmp/hello.txt failed\n");
  if (ok) {
    lib::debug_put(back);
    lib::debug_put("\n");
  }
  return 0;
}

}  // namespace

TRONA_PROGRAM(hello, run)
