// programs/coreutils — ln [-s] [-f] TARGET [LINK_NAME] / ln TARGET...
// DIRECTORY: hard links (linkat) or symbolic ones; GNU's messages.
#include "programs/coreutils/copy.h"
#include "trona/posix/errno.h"
#include "trona/posix/fd.h"
#include "uapi/linux_numbers.h"

namespace cu {

namespace px = trona::posix;

int ln_main(Prog& p, int argc, char** argv) {
  bool sym = false, force = false;
  Opts o(argc, argv, "sfnv");
  for (int c; (c = o.next()) != 0;) {
    switch (c) {
      case 's': sym = true; break;
      case 'f': force = true; break;
      case 'n': case 'v': break;
      case Opts::kLong:
        if (Str(o.long_opt()) == Str("--symbolic")) { sym = true; break; }
        return p.bad_long_option(o.long_opt(), 1);
      default: return p.bad_option(o.bad(), 1);
    }
  }
  int n = o.operand_count();
  if (n == 0) return p.usage_error("missing file operand", 1);
  const char* last = o.operand(n - 1);
  bool into = n == 1 || is_directory(last);
  if (n > 2 && !into) {
    p.say("target ", Quoted(last), " is not a directory");
    return 1;
  }
  int status = 0;
  int targets = n == 1 ? 1 : n - 1;
  Buf name;
  for (int i = 0; i < targets; ++i) {
    const char* target = o.operand(i);
    const char* link = n == 1 ? join_path(&name, Str("."), base_name(Str(target)))
                       : into ? join_path(&name, Str(last), base_name(Str(target)))
                              : last;
    if (n == 1) link += 2;  // "./name" -> "name" in messages
    if (force) px::unlink(link);
    int r = sym ? px::symlink(target, link) : px::link(target, link);
    if (r == 0) continue;
    int e = px::errno_ref();
    if (sym)
      p.say_errno(e, "failed to create symbolic link ", Quoted(link));
    else if (e == uapi::kENOENT && px::access(target, uapi::kF_OK) != 0)
      p.say_errno(e, "failed to access ", Quoted(target));
    else if (e == uapi::kEEXIST || e == uapi::kENOSPC || e == uapi::kEROFS)
      p.say_errno(e, "failed to create hard link ", Quoted(link));
    else
      p.say_errno(e, "failed to create hard link ", Quoted(link), " => ", Quoted(target));
    status = 1;
  }
  return status;
}

}  // namespace cu
