// programs/coreutils — cp [-r|-R] SOURCE DEST / cp SOURCE... DIRECTORY,
// and the copy mv falls back to across file systems (EXDEV). A plain copy
// follows links; -r copies links as links (GNU's -R implies -P), keeps
// modes of new files and directories; GNU's messages, status 1.
#include "programs/coreutils/copy.h"
#include "programs/coreutils/listing.h"
#include "trona/posix/errno.h"
#include "trona/posix/fd.h"
#include "uapi/linux_numbers.h"

namespace cu {

namespace px = trona::posix;

namespace {

bool same_file(const px::Stat& a, const px::Stat& b) { return a.st_dev == b.st_dev && a.st_ino == b.st_ino; }

int copy_data(const char* from, const char* to, uint32_t mode, int* failed_side) {
  int in = px::open(from, uapi::kO_RDONLY);
  if (in < 0) {
    *failed_side = 0;
    return px::errno_ref();
  }
  int out = px::open(to, uapi::kO_WRONLY | uapi::kO_CREAT | uapi::kO_TRUNC, mode & 07777);
  if (out < 0) {
    *failed_side = 1;
    int e = px::errno_ref();
    px::close(in);
    return e;
  }
  char buf[1024];
  int e = 0;
  for (;;) {
    long n = px::read(in, buf, sizeof buf);
    if (n < 0) {
      *failed_side = 0;
      e = px::errno_ref();
      break;
    }
    if (n == 0) break;
    if ((e = write_all(out, Str(buf, static_cast<size_t>(n)))) != 0) {
      *failed_side = 1;
      break;
    }
  }
  px::close(in);
  px::close(out);
  return e;
}

}  // namespace

bool copy_tree(Prog& p, const char* from, const char* to, bool recursive, bool links_as_links) {
  px::Stat st;
  int r = links_as_links ? px::lstat(from, &st) : px::stat(from, &st);
  if (r != 0) {
    p.say_errno(px::errno_ref(), "cannot stat ", Quoted(from));
    return false;
  }
  px::Stat dst;
  if (px::stat(to, &dst) == 0 && same_file(st, dst)) {
    p.say(Quoted(from), " and ", Quoted(to), " are the same file");
    return false;
  }
  const uint32_t fmt = st.st_mode & uapi::kS_IFMT;
  if (fmt == uapi::kS_IFLNK) {
    char target[256];
    long n = px::readlink(from, target, sizeof target - 1);
    if (n < 0) {
      p.say_errno(px::errno_ref(), "cannot read symbolic link ", Quoted(from));
      return false;
    }
    target[n] = '\0';
    if (px::symlink(target, to) != 0) {
      p.say_errno(px::errno_ref(), "cannot create symbolic link ", Quoted(to));
      return false;
    }
    return true;
  }
  if (fmt == uapi::kS_IFDIR) {
    if (!recursive) {
      p.say("-r not specified; omitting directory ", Quoted(from));
      return false;
    }
    Str f(from), t(to);
    while (f.size > 1 && f[f.size - 1] == '/') f = f.head(f.size - 1);
    if (t.starts_with(f) && t.size > f.size && t[f.size] == '/') {  // by name, as the operands say
      p.say("cannot copy a directory, ", Quoted(from), ", into itself, ", Quoted(to));
      return false;
    }
    bool made = px::mkdir(to, (st.st_mode & 07777) | 0700) == 0;
    if (!made && !(px::errno_ref() == uapi::kEEXIST && px::stat(to, &dst) == 0 &&
                   (dst.st_mode & uapi::kS_IFMT) == uapi::kS_IFDIR)) {
      p.say_errno(px::errno_ref(), "cannot create directory ", Quoted(to));
      return false;
    }
    DirList d;
    if (int e = d.read(from); e != 0) {
      p.say_errno(e, "cannot access ", Quoted(from));
      return false;
    }
    bool ok = true;
    Buf a, b;
    for (size_t i = 0; i < d.count; ++i) {
      join_path(&a, Str(from), Str(d.names[i]));
      join_path(&b, Str(to), Str(d.names[i]));
      Buf ka, kb;
      ka.append(a.str());
      kb.append(b.str());
      ok = copy_tree(p, ka.c_str(), kb.c_str(), recursive, links_as_links) && ok;
      ka.release();
      kb.release();
    }
    a.release();
    b.release();
    d.release();
    if (made) px::chmod(to, st.st_mode & 07777);
    return ok;
  }
  int side = 0;
  if (int e = copy_data(from, to, st.st_mode, &side); e != 0) {
    if (side == 0)
      p.say_errno(e, "cannot open ", Quoted(from), " for reading");
    else
      p.say_errno(e, "cannot create regular file ", Quoted(to));
    return false;
  }
  return true;
}

bool is_directory(const char* path) {
  px::Stat st;
  return px::stat(path, &st) == 0 && (st.st_mode & uapi::kS_IFMT) == uapi::kS_IFDIR;
}

int target_operands(Prog& p, const Opts& o, const char** dest, bool* into) {
  int n = o.operand_count();
  if (n == 0) return p.usage_error("missing file operand", 1);
  if (n == 1) return p.usage_error2("missing destination file operand after", o.operand(0), 1);
  *dest = o.operand(n - 1);
  *into = is_directory(*dest);
  if (n > 2 && !*into) {
    p.say("target ", Quoted(*dest), " is not a directory");
    return 1;
  }
  return 0;
}

int cp_main(Prog& p, int argc, char** argv) {
  bool recursive = false;
  Opts o(argc, argv, "rRPdfpv");
  for (int c; (c = o.next()) != 0;) {
    switch (c) {
      case 'r': case 'R': recursive = true; break;
      case 'P': case 'd': case 'f': case 'p': case 'v': break;
      case Opts::kLong:
        if (Str(o.long_opt()) == Str("--recursive")) { recursive = true; break; }
        return p.bad_long_option(o.long_opt(), 1);
      default: return p.bad_option(o.bad(), 1);
    }
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
    if (!copy_tree(p, src, to, recursive, recursive)) status = 1;
  }
  return status;
}

}  // namespace cu
