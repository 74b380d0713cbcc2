// programs/coreutils — mkdir [-p] [-m MODE] DIR..., rmdir DIR..., and
// mkfifo [-m MODE] NAME...: GNU's messages, status 1 on any failure.
// MODE is octal here (symbolic modes: chmod).
#include "programs/coreutils/util.h"
#include "trona/posix/errno.h"
#include "trona/posix/fd.h"
#include "uapi/linux_numbers.h"

namespace cu {

namespace px = trona::posix;

namespace {

bool parse_octal(const char* s, uint32_t* mode) {
  uint32_t v = 0;
  if (*s == '\0') return false;
  for (; *s != '\0'; ++s) {
    if (*s < '0' || *s > '7') return false;
    v = v * 8 + static_cast<uint32_t>(*s - '0');
    if (v > 07777) return false;
  }
  *mode = v;
  return true;
}

bool is_dir(const char* path) {
  px::Stat st;
  return px::stat(path, &st) == 0 && (st.st_mode & uapi::kS_IFMT) == uapi::kS_IFDIR;
}

// mkdir -p: every missing ancestor (mode 0777 & ~umask), then the last.
int make_parents(const char* path, uint32_t mode) {
  Buf b;
  Str s(path);
  for (size_t i = 1; i <= s.size; ++i) {
    if (i < s.size && s[i] != '/') continue;
    if (i < s.size && s[i - 1] == '/') continue;
    b.clear();
    b.append(s.head(i));
    const char* prefix = b.c_str();
    bool last = i == s.size || s.tail_from(i).trim() == Str("/");
    if (px::mkdir(prefix, last ? mode : 0777) == 0) continue;
    int e = px::errno_ref();
    if (e == uapi::kEEXIST && is_dir(prefix)) continue;
    return e;
  }
  return 0;
}

int parse_mode_opt(Prog& p, Opts& o, bool* parents, uint32_t* mode, bool allow_p) {
  for (int c; (c = o.next()) != 0;) {
    if (c == 'p' && allow_p) {
      *parents = true;
    } else if (c == 'm') {
      if (!parse_octal(o.arg(), mode)) {
        p.say("invalid mode ", Quoted(o.arg()));
        return 1;
      }
    } else if (c == ':') {
      return p.missing_arg(o.bad(), 1);
    } else if (c == Opts::kLong) {
      return p.bad_long_option(o.long_opt(), 1);
    } else {
      return p.bad_option(o.bad(), 1);
    }
  }
  return 0;
}

}  // namespace

int mkdir_main(Prog& p, int argc, char** argv) {
  bool parents = false;
  uint32_t mode = 0777;
  Opts o(argc, argv, "pm:");
  if (int st = parse_mode_opt(p, o, &parents, &mode, true)) return st;
  if (o.operand_count() == 0) return p.usage_error("missing operand", 1);
  int status = 0;
  for (int i = 0; i < o.operand_count(); ++i) {
    const char* d = o.operand(i);
    int e = parents ? make_parents(d, mode) : (px::mkdir(d, mode) == 0 ? 0 : px::errno_ref());
    if (e != 0) {
      p.say_errno(e, "cannot create directory ", Quoted(d));
      status = 1;
    } else if (mode != 0777 && px::chmod(d, mode) != 0) {  // -m is not masked by the umask
      p.say_errno(px::errno_ref(), "cannot set permissions of ", Quoted(d));
      status = 1;
    }
  }
  return status;
}

int rmdir_main(Prog& p, int argc, char** argv) {
  Opts o(argc, argv, "");
  for (int c; (c = o.next()) != 0;) {
    if (c == Opts::kLong) return p.bad_long_option(o.long_opt(), 1);
    return p.bad_option(o.bad(), 1);
  }
  if (o.operand_count() == 0) return p.usage_error("missing operand", 1);
  int status = 0;
  for (int i = 0; i < o.operand_count(); ++i)
    if (px::rmdir(o.operand(i)) != 0) {
      p.say_errno(px::errno_ref(), "failed to remove ", Quoted(o.operand(i)));
      status = 1;
    }
  return status;
}

int mkfifo_main(Prog& p, int argc, char** argv) {
  bool unused = false;
  uint32_t mode = 0666;
  Opts o(argc, argv, "m:");
  if (int st = parse_mode_opt(p, o, &unused, &mode, false)) return st;
  if (o.operand_count() == 0) return p.usage_error("missing operand", 1);
  int status = 0;
  for (int i = 0; i < o.operand_count(); ++i) {
    const char* f = o.operand(i);
    if (px::mkfifo(f, mode) != 0) {
      p.say_errno(px::errno_ref(), "cannot create fifo ", Quoted(f));
      status = 1;
    } else if (mode != 0666 && px::chmod(f, mode) != 0) {
      p.say_errno(px::errno_ref(), "cannot set permissions of ", Quoted(f));
      status = 1;
    }
  }
  return status;
}

}  // namespace cu
