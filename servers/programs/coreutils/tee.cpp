// programs/coreutils — tee [-a] [FILE...]: stdin to stdout and to every
// FILE (-a appends). A file that cannot be opened is reported and the
// others still get the data (status 1), as GNU does.
#include "programs/coreutils/util.h"
#include "trona/posix/errno.h"
#include "uapi/linux_numbers.h"

namespace cu {

namespace px = trona::posix;

int tee_main(Prog& p, int argc, char** argv) {
  bool append = false;
  Opts o(argc, argv, "ai");
  for (int c; (c = o.next()) != 0;) {
    if (c == 'a') append = true;
    else if (c == 'i') continue;
    else if (c == Opts::kLong) return p.bad_long_option(o.long_opt(), 1);
    else return p.bad_option(o.bad(), 1);
  }
  int status = 0;
  int fds[32];
  const char* names[32];
  int n = 0;
  for (int i = 0; i < o.operand_count() && n < 32; ++i) {
    const char* f = o.operand(i);
    int flags = uapi::kO_WRONLY | uapi::kO_CREAT | (append ? uapi::kO_APPEND : uapi::kO_TRUNC);
    int fd = Str(f) == Str("-") ? 1 : px::open(f, static_cast<int>(flags), 0666);
    if (fd < 0) {
      p.say_errno(px::errno_ref(), f);
      status = 1;
      continue;
    }
    fds[n] = fd;
    names[n++] = f;
  }
  char buf[1024];
  for (;;) {
    long got = px::read(0, buf, sizeof buf);
    if (got < 0) {
      if (px::errno_ref() == uapi::kEINTR) continue;
      p.say_errno(px::errno_ref(), "read error");
      status = 1;
      break;
    }
    if (got == 0) break;
    Str chunk(buf, static_cast<size_t>(got));
    if (int e = write_all(1, chunk)) {
      p.say_errno(e, "standard output");
      status = 1;
    }
    for (int i = 0; i < n; ++i) {
      if (fds[i] < 0) continue;
      if (int e = write_all(fds[i], chunk)) {
        p.say_errno(e, names[i]);
        status = 1;
        fds[i] = -1;
      }
    }
  }
  for (int i = 0; i < n; ++i)
    if (fds[i] > 1) px::close(fds[i]);
  return status;
}

}  // namespace cu
