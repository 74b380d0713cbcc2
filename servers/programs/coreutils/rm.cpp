// programs/coreutils — rm [-r|-R] [-f] FILE...: GNU's messages; -f hides
// missing files and a missing operand; "." / ".." and "/" are refused.
#include "programs/coreutils/listing.h"
#include "trona/posix/errno.h"
#include "uapi/linux_numbers.h"

namespace cu {

namespace px = trona::posix;

namespace {

struct Rm {
  Prog& p;
  bool force = false, recursive = false;
  int status = 0;

  void fail(int e, const char* path) {
    p.say_errno(e, "cannot remove ", Quoted(path));
    status = 1;
  }

  // Removes path (lstat'ed as st).
  void remove(const char* path, const px::Stat& st) {
    if ((st.st_mode & uapi::kS_IFMT) != uapi::kS_IFDIR) {
      if (px::unlink(path) != 0) fail(px::errno_ref(), path);
      return;
    }
    if (!recursive) return fail(uapi::kEISDIR, path);
    DirList d;
    int e = d.read(path);
    if (e != 0) return fail(e, path);
    Buf child;
    for (size_t i = 0; i < d.count; ++i) {
      const char* c = join_path(&child, Str(path), Str(d.names[i]));
      px::Stat cs;
      if (px::lstat(c, &cs) != 0) {
        fail(px::errno_ref(), c);
        continue;
      }
      Buf keep;
      keep.append(Str(c));
      remove(keep.c_str(), cs);
      keep.release();
    }
    child.release();
    d.release();
    if (px::rmdir(path) != 0) fail(px::errno_ref(), path);
  }
};

}  // namespace

int rm_main(Prog& p, int argc, char** argv) {
  Rm rm{p};
  Opts o(argc, argv, "rRfiv");
  for (int c; (c = o.next()) != 0;) {
    switch (c) {
      case 'r': case 'R': rm.recursive = true; break;
      case 'f': rm.force = true; break;
      case 'i': case 'v': break;
      case Opts::kLong:
        if (Str(o.long_opt()) == Str("--recursive")) { rm.recursive = true; break; }
        if (Str(o.long_opt()) == Str("--force")) { rm.force = true; break; }
        return p.bad_long_option(o.long_opt(), 1);
      default: return p.bad_option(o.bad(), 1);
    }
  }
  if (o.operand_count() == 0) return rm.force ? 0 : p.usage_error("missing operand", 1);
  for (int i = 0; i < o.operand_count(); ++i) {
    const char* path = o.operand(i);
    Str b = base_name(Str(path));
    if (b == Str(".") || b == Str("..")) {
      p.say("refusing to remove '.' or '..' directory: skipping ", Quoted(path));
      rm.status = 1;
      continue;
    }
    if (rm.recursive && Str(path).trim() == Str("/")) {
      p.say("it is dangerous to operate recursively on '/'");
      p.say("use --no-preserve-root to override this failsafe");
      rm.status = 1;
      continue;
    }
    px::Stat st;
    if (px::lstat(path, &st) != 0) {
      int e = px::errno_ref();
      if (!(rm.force && e == uapi::kENOENT)) rm.fail(e, path);
      continue;
    }
    rm.remove(path, st);
  }
  return rm.status;
}

}  // namespace cu
