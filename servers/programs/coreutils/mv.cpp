// programs/coreutils — mv SOURCE DEST / mv SOURCE... DIRECTORY: rename(2),
// or copy + remove across file systems (EXDEV); GNU's messages, status 1.
#include "programs/coreutils/copy.h"
#include "programs/coreutils/listing.h"
#include "trona/posix/errno.h"
#include "uapi/linux_numbers.h"

namespace cu {

namespace px = trona::posix;

namespace {

bool remove_tree(const char* path) {
  px::Stat st;
  if (px::lstat(path, &st) != 0) return false;
  if ((st.st_mode & uapi::kS_IFMT) != uapi::kS_IFDIR) return px::unlink(path) == 0;
  DirList d;
  if (d.read(path) != 0) return false;
  bool ok = true;
  for (size_t i = 0; i < d.count; ++i) {
    Buf b;
    ok = remove_tree(join_path(&b, Str(path), Str(d.names[i]))) && ok;
    b.release();
  }
  d.release();
  return px::rmdir(path) == 0 && ok;
}

}  // namespace

int mv_main(Prog& p, int argc, char** argv) {
  Opts o(argc, argv, "fiv");
  for (int c; (c = o.next()) != 0;) {
    if (c == 'f' || c == 'i' || c == 'v') continue;
    if (c == Opts::kLong) return p.bad_long_option(o.long_opt(), 1);
    return p.bad_option(o.bad(), 1);
  }
  const char* dest = nullptr;
  bool into = false;
  if (int st = target_operands(p, o, &dest, &into)) return st;
  const int n = o.operand_count();
  int status = 0;
  Buf target;
  for (int i = 0; i < n - 1; ++i) {
    const char* src = o.operand(i);
    const char* to = into ? join_path(&target, Str(dest), base_name(Str(src))) : dest;
    px::Stat st;
    if (px::lstat(src, &st) != 0) {
      p.say_errno(px::errno_ref(), "cannot stat ", Quoted(src));
      status = 1;
      continue;
    }
    if (px::rename(src, to) == 0) continue;
    int e = px::errno_ref();
    if (e == uapi::kEXDEV) {
      if (copy_tree(p, src, to, true, true) && remove_tree(src)) continue;
      status = 1;
      continue;
    }
    if (e == uapi::kEINVAL) {
      p.say("cannot move ", Quoted(src), " to a subdirectory of itself, ", Quoted(to));
    } else {
      p.say_errno(e, "cannot move ", Quoted(src), " to ", Quoted(to));
    }
    status = 1;
  }
  return status;
}

}  // namespace cu
