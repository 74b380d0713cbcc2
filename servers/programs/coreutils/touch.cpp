// programs/coreutils — touch [-c] FILE...: creates a missing file (mode
// 0666 & ~umask) or sets both times of an existing one to now; -c does
// not create. GNU's message, status 1.
#include "programs/coreutils/util.h"
#include "trona/posix/errno.h"
#include "trona/posix/fd.h"
#include "uapi/linux_numbers.h"

namespace cu {

namespace px = trona::posix;

int touch_main(Prog& p, int argc, char** argv) {
  bool no_create = false;
  Opts o(argc, argv, "cam");
  for (int c; (c = o.next()) != 0;) {
    if (c == 'c') no_create = true;
    else if (c == 'a' || c == 'm') continue;
    else if (c == Opts::kLong) return p.bad_long_option(o.long_opt(), 1);
    else return p.bad_option(o.bad(), 1);
  }
  if (o.operand_count() == 0) return p.usage_error("missing file operand", 1);
  int status = 0;
  for (int i = 0; i < o.operand_count(); ++i) {
    const char* f = o.operand(i);
    if (px::utimensat(uapi::kAT_FDCWD, f, nullptr, 0) == 0) continue;
    int e = px::errno_ref();
    if (e == uapi::kENOENT && no_create) continue;
    if (e == uapi::kENOENT) {
      int fd = px::open(f, uapi::kO_WRONLY | uapi::kO_CREAT, 0666);
      if (fd >= 0) {
        px::close(fd);
        continue;
      }
      e = px::errno_ref();
    }
    p.say_errno(e, "cannot touch ", Quoted(f));
    status = 1;
  }
  return status;
}

}  // namespace cu
