// programs/coreutils — chmod [-R] MODE FILE...: MODE octal or symbolic
// ([ugoa]*[-+=][rwxXst]*[,...]; no who = all, masked by the umask as GNU
// does). GNU's messages, status 1.
#include "programs/coreutils/listing.h"
#include "trona/posix/errno.h"
#include "trona/posix/fd.h"
#include "trona/posix/process.h"
#include "uapi/linux_numbers.h"

namespace cu {

namespace px = trona::posix;

namespace {

// The new mode of a file with mode `old` (is_dir for X); false when `spec`
// is not a mode.
bool apply_mode(Str spec, uint32_t old, bool is_dir, uint32_t umask, uint32_t* out) {
  if (spec.empty()) return false;
  if (spec[0] >= '0' && spec[0] <= '7') {
    uint32_t v = 0;
    for (char c : spec) {
      if (c < '0' || c > '7') return false;
      v = v * 8 + static_cast<uint32_t>(c - '0');
      if (v > 07777) return false;
    }
    *out = v;
    return true;
  }
  uint32_t mode = old & 07777;
  size_t i = 0;
  while (i <= spec.size) {
    uint32_t who = 0;
    for (; i < spec.size && (spec[i] == 'u' || spec[i] == 'g' || spec[i] == 'o' || spec[i] == 'a'); ++i)
      who |= spec[i] == 'u' ? 04700u : spec[i] == 'g' ? 02070u : spec[i] == 'o' ? 01007u : 07777u;
    bool masked = who == 0;
    if (masked) who = 07777;
    if (i >= spec.size || (spec[i] != '+' && spec[i] != '-' && spec[i] != '=')) return false;
    while (i < spec.size && (spec[i] == '+' || spec[i] == '-' || spec[i] == '=')) {
      char op = spec[i++];
      uint32_t perm = 0;
      for (; i < spec.size && spec[i] != ',' && spec[i] != '+' && spec[i] != '-' && spec[i] != '='; ++i) {
        switch (spec[i]) {
          case 'r': perm |= 0444; break;
          case 'w': perm |= 0222; break;
          case 'x': perm |= 0111; break;
          case 'X': if (is_dir || (old & 0111)) perm |= 0111; break;
          case 's': perm |= 06000; break;
          case 't': perm |= 01000; break;
          default: return false;
        }
      }
      uint32_t bits = perm & who;
      if (masked) bits &= ~umask | 07000;
      if (op == '+') mode |= bits;
      else if (op == '-') mode &= ~bits;
      else mode = (mode & ~who) | bits;
    }
    if (i < spec.size && spec[i] == ',') {
      ++i;
      continue;
    }
    break;
  }
  *out = mode;
  return true;
}

struct Chmod {
  Prog& p;
  Str spec;
  uint32_t umask;
  bool recursive;
  int status = 0;

  void one(const char* path) {
    px::Stat st;
    if (px::stat(path, &st) != 0) {
      p.say_errno(px::errno_ref(), "cannot access ", Quoted(path));
      status = 1;
      return;
    }
    bool dir = (st.st_mode & uapi::kS_IFMT) == uapi::kS_IFDIR;
    uint32_t mode = 0;
    apply_mode(spec, st.st_mode, dir, umask, &mode);
    if (px::chmod(path, mode) != 0) {
      p.say_errno(px::errno_ref(), "changing permissions of ", Quoted(path));
      status = 1;
    }
    if (recursive && dir) {
      DirList d;
      if (d.read(path) != 0) return;
      for (size_t i = 0; i < d.count; ++i) {
        Buf b;
        join_path(&b, Str(path), Str(d.names[i]));
        px::Stat cs;
        if (px::lstat(b.c_str(), &cs) == 0 && (cs.st_mode & uapi::kS_IFMT) == uapi::kS_IFLNK) continue;
        one(b.c_str());
        b.release();
      }
      d.release();
    }
  }
};

}  // namespace

int chmod_main(Prog& p, int argc, char** argv) {
  bool recursive = false;
  // A symbolic mode like "-w" looks like an option: take argv as it is.
  int i = 1;
  for (; i < argc && argv[i][0] == '-' && argv[i][1] != '\0'; ++i) {
    Str a(argv[i]);
    if (a == Str("--")) {
      ++i;
      break;
    }
    if (a == Str("-R") || a == Str("--recursive")) {
      recursive = true;
      continue;
    }
    uint32_t probe;
    if (apply_mode(a, 0, false, 0, &probe)) break;  // a mode such as -w
    if (a.starts_with("--")) return p.bad_long_option(argv[i], 1);
    return p.bad_option(a[1], 1);
  }
  if (i >= argc) return p.usage_error("missing operand", 1);
  if (i + 1 >= argc) return p.usage_error2("missing operand after", argv[i], 1);
  Str spec(argv[i]);
  uint32_t probe;
  if (!apply_mode(spec, 0, false, 0, &probe)) {
    p.say("invalid mode: ", Quoted(spec));
    p.err.put("Try 'chmod --help' for more information.\n");
    return 1;
  }
  uint32_t mask = px::umask(0);
  px::umask(mask);
  Chmod c{p, spec, mask, recursive};
  for (++i; i < argc; ++i) c.one(argv[i]);
  return c.status;
}

}  // namespace cu
