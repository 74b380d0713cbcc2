// programs/coreutils — cat [FILE...]: the files (or stdin, also for "-")
// in order. A file that cannot be read is reported and skipped (status 1).
#include "programs/coreutils/util.h"
#include "trona/posix/errno.h"
#include "uapi/linux_numbers.h"

namespace cu {

namespace px = trona::posix;

namespace {

// Copies fd to stdout; 0, or the errno of a failed read (negative: of the write).
int copy_fd(Prog& p, int fd) {
  char buf[1024];
  for (;;) {
    long n = px::read(fd, buf, sizeof buf);
    if (n < 0) {
      if (px::errno_ref() == uapi::kEINTR) continue;
      return px::errno_ref();
    }
    if (n == 0) return 0;
    p.out.put(Str(buf, static_cast<size_t>(n)));
    if (p.out.failed()) return -p.out.error();
  }
}

}  // namespace

int cat_main(Prog& p, int argc, char** argv) {
  Opts o(argc, argv, "u");
  for (int c; (c = o.next()) != 0;) {
    if (c == Opts::kLong) return p.bad_long_option(o.long_opt(), 1);
    if (c == '?') return p.bad_option(o.bad(), 1);
  }
  int status = 0;
  int n = o.operand_count();
  for (int i = 0; i < (n == 0 ? 1 : n); ++i) {
    const char* name = n == 0 ? "-" : o.operand(i);
    bool is_stdin = Str(name) == Str("-");
    int fd = is_stdin ? 0 : px::open(name, uapi::kO_RDONLY);
    if (fd < 0) {
      p.say_errno(px::errno_ref(), name);
      status = 1;
      continue;
    }
    int e = copy_fd(p, fd);
    if (!is_stdin) px::close(fd);
    if (e < 0) {
      p.say_errno(-e, "write error");
      return 1;
    }
    if (e != 0) {
      p.say_errno(e, name);
      status = 1;
    }
  }
  p.out.flush();
  return status;
}

}  // namespace cu
