// programs/coreutils — stat [-L] [-c FORMAT] FILE...: GNU's default
// layout, or FORMAT with %n %N %s %b %B %f %a %A %F %u %U %g %G %h %i %d
// %x %y %z %X %Y %Z %o %%. Times are UTC with nanoseconds ("+0000").
// st_atim and st_ctim are the mtime (trona/posix/file.h: only the mtime is
// on the wire); birth is unknown ("-").
#include "programs/coreutils/util.h"
#include "trona/posix/errno.h"
#include "uapi/linux_numbers.h"

namespace cu {

namespace px = trona::posix;

namespace {

void put_time(Out& o, const uapi::Timespec& t) {
  Tm tm = gmtime(static_cast<int64_t>(t.tv_sec));
  o.padnum(static_cast<uint64_t>(tm.year), 4, '0').put('-').padnum(static_cast<uint64_t>(tm.mon + 1), 2, '0');
  o.put('-').padnum(static_cast<uint64_t>(tm.mday), 2, '0').put(' ').padnum(static_cast<uint64_t>(tm.hour), 2, '0');
  o.put(':').padnum(static_cast<uint64_t>(tm.min), 2, '0').put(':').padnum(static_cast<uint64_t>(tm.sec), 2, '0');
  o.put('.').padnum(t.tv_nsec, 9, '0').put(" +0000");
}

void put_octal(Out& o, uint64_t v) {
  char b[24];
  size_t n = 0;
  do {
    b[n++] = static_cast<char>('0' + (v & 7));
    v >>= 3;
  } while (v != 0);
  while (n > 0) o.put(b[--n]);
}

void put_hex(Out& o, uint64_t v) {
  char b[24];
  size_t n = 0;
  do {
    b[n++] = "0123456789abcdef"[v & 15];
    v >>= 4;
  } while (v != 0);
  while (n > 0) o.put(b[--n]);
}

const char* type_name(const px::Stat& st) {
  if ((st.st_mode & uapi::kS_IFMT) == uapi::kS_IFREG && st.st_size == 0) return "regular empty file";
  return file_type_name(st.st_mode);
}

void user_name(Out& o, uint32_t uid) {
  PwEntry w;
  if (pw_by_uid(uid, &w)) o.put(w.name);
  else o.put("UNKNOWN");
}

void group_name(Out& o, uint32_t gid) {
  GrEntry g;
  if (gr_by_gid(gid, &g)) o.put(g.name);
  else o.put("UNKNOWN");
}

void name_with_link(Out& o, const char* path, const px::Stat& st, bool quoted) {
  if (quoted) o.put(Str(Quoted(path)));
  else o.put(path);
  if ((st.st_mode & uapi::kS_IFMT) == uapi::kS_IFLNK) {
    char t[256];
    long n = px::readlink(path, t, sizeof t - 1);
    if (n >= 0) {
      t[n] = '\0';
      o.put(" -> ");
      if (quoted) o.put(Str(Quoted(t)));
      else o.put(Str(t, static_cast<size_t>(n)));
    }
  }
}

void format(Prog& p, Str f, const char* path, const px::Stat& st) {
  Out& o = p.out;
  for (size_t i = 0; i < f.size; ++i) {
    char c = f[i];
    if (c == '\\' && i + 1 < f.size) {
      bool stop = false;
      i = put_escape(o, f, i, false, &stop) - 1;
      continue;
    }
    if (c != '%' || i + 1 >= f.size) {
      o.put(c);
      continue;
    }
    char m[11];
    switch (f[++i]) {
      case '%': o.put('%'); break;
      case 'n': o.put(path); break;
      case 'N': name_with_link(o, path, st, true); break;
      case 's': o.sdec(st.st_size); break;
      case 'b': o.sdec(st.st_blocks); break;
      case 'B': o.dec(512); break;
      case 'o': o.dec(static_cast<uint64_t>(st.st_blksize)); break;
      case 'f': put_hex(o, st.st_mode); break;
      case 'a': put_octal(o, st.st_mode & 07777); break;
      case 'A': mode_string(st.st_mode, m); o.put(m); break;
      case 'F': o.put(type_name(st)); break;
      case 'u': o.dec(st.st_uid); break;
      case 'U': user_name(o, st.st_uid); break;
      case 'g': o.dec(st.st_gid); break;
      case 'G': group_name(o, st.st_gid); break;
      case 'h': o.dec(st.st_nlink); break;
      case 'i': o.dec(st.st_ino); break;
      case 'd': o.dec(st.st_dev); break;
      case 'x': put_time(o, st.st_atim); break;
      case 'y': put_time(o, st.st_mtim); break;
      case 'z': put_time(o, st.st_ctim); break;
      case 'w': o.put('-'); break;
      case 'X': o.dec(st.st_atim.tv_sec); break;
      case 'Y': o.dec(st.st_mtim.tv_sec); break;
      case 'Z': o.dec(st.st_ctim.tv_sec); break;
      default: o.put('?'); break;
    }
  }
  o.put('\n');
}

void standard(Prog& p, const char* path, const px::Stat& st) {
  Out& o = p.out;
  o.put("  File: ");
  name_with_link(o, path, st, false);
  o.put("\n  Size: ");
  char b[24];
  Str size(b, utoa(static_cast<uint64_t>(st.st_size), b));
  o.pad(size, 10, true).put("\tBlocks: ");
  char c[24];
  o.pad(Str(c, utoa(static_cast<uint64_t>(st.st_blocks), c)), 10, true).put(" IO Block: ");
  char d[24];
  o.pad(Str(d, utoa(static_cast<uint64_t>(st.st_blksize), d)), 6, true).put(' ').put(type_name(st)).put('\n');
  o.put("Device: ").dec(st.st_dev >> 8).put(',').dec(st.st_dev & 0xff).put("\tInode: ");
  char e[24];
  o.pad(Str(e, utoa(st.st_ino, e)), 11, true).put(" Links: ").dec(st.st_nlink).put('\n');
  char m[11];
  mode_string(st.st_mode, m);
  o.put("Access: (");
  for (int sh = 9; sh >= 0; sh -= 3) o.put(static_cast<char>('0' + ((st.st_mode >> sh) & 7)));
  o.put('/').put(m).put(")  Uid: (");
  o.padnum(st.st_uid, 5).put('/');
  {
    PwEntry w;
    Str n = pw_by_uid(st.st_uid, &w) ? Str(w.name) : Str("UNKNOWN");
    o.pad(n, 8).put(")   Gid: (").padnum(st.st_gid, 5).put('/');
  }
  {
    GrEntry g;
    Str n = gr_by_gid(st.st_gid, &g) ? Str(g.name) : Str("UNKNOWN");
    o.pad(n, 8).put(")\n");
  }
  o.put("Access: ");
  put_time(o, st.st_atim);
  o.put("\nModify: ");
  put_time(o, st.st_mtim);
  o.put("\nChange: ");
  put_time(o, st.st_ctim);
  o.put("\n Birth: -\n");
}

}  // namespace

int stat_main(Prog& p, int argc, char** argv) {
  bool follow = false;
  const char* fmt = nullptr;
  Opts o(argc, argv, "Lc:");
  for (int c; (c = o.next()) != 0;) {
    if (c == Opts::kLong) {
      Str l(o.long_opt());
      if (l.starts_with("--format=")) fmt = o.long_opt() + 9;
      else if (l == Str("--dereference")) follow = true;
      else return p.bad_long_option(o.long_opt(), 1);
    } else if (c == 'L') {
      follow = true;
    } else if (c == 'c') {
      fmt = o.arg();
    } else if (c == ':') {
      return p.missing_arg('c', 1);
    } else {
      return p.bad_option(o.bad(), 1);
    }
  }
  if (o.operand_count() == 0) return p.usage_error("missing operand", 1);
  int status = 0;
  for (int i = 0; i < o.operand_count(); ++i) {
    const char* path = o.operand(i);
    px::Stat st;
    if ((follow ? px::stat(path, &st) : px::lstat(path, &st)) != 0) {
      p.say_errno(px::errno_ref(), "cannot statx ", Quoted(path));
      status = 1;
      continue;
    }
    if (fmt != nullptr) format(p, Str(fmt), path, st);
    else standard(p, path, st);
  }
  return status;
}

}  // namespace cu
