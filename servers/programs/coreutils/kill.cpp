// programs/coreutils — kill [-s SIGNAL | -SIGNAL | -N] PID... and
// kill -l [SIGNAL...] (coreutils' kill: names one per line; a number
// gives its name, a name its number). SIGNAL: a name with or without
// "SIG", or a number. Messages and status 1 as coreutils.
#include "programs/coreutils/util.h"
#include "trona/posix/errno.h"
#include "trona/posix/signal.h"

namespace cu {

namespace px = trona::posix;

namespace {

constexpr const char* kSignalNames[32] = {
    nullptr, "HUP",  "INT",  "QUIT", "ILL",  "TRAP", "ABRT", "BUS",    "FPE",  "KILL",  "USR1",
    "SEGV",  "USR2", "PIPE", "ALRM", "TERM", "STKFLT", "CHLD", "CONT", "STOP", "TSTP", "TTIN",
    "TTOU",  "URG",  "XCPU", "XFSZ", "VTALRM", "PROF", "WINCH", "POLL", "PWR", "SYS"};

// The signal number of a name or number; -1 if none.
int signal_number(Str s) {
  uint64_t n = 0;
  if (parse_uint(s, &n)) return n < 32 ? static_cast<int>(n) : (n > 128 && n - 128 < 32 ? static_cast<int>(n - 128) : -1);
  if (s.starts_with("SIG")) s = s.tail_from(3);
  for (int i = 1; i < 32; ++i)
    if (s == Str(kSignalNames[i])) return i;
  if (s == Str("IO")) return 29;
  if (s == Str("IOT")) return 6;
  return -1;
}

}  // namespace

int kill_main(Prog& p, int argc, char** argv) {
  int sig = 15;
  int i = 1;
  bool list = false;
  for (; i < argc; ++i) {
    Str a(argv[i]);
    if (a == Str("--")) {
      ++i;
      break;
    }
    if (a.size < 2 || a[0] != '-') break;
    if (a == Str("-l") || a == Str("-L") || a == Str("--list")) {
      list = true;
      ++i;
      break;
    }
    if (a == Str("-s") || a == Str("-n")) {
      if (i + 1 >= argc) return p.missing_arg('s', 1);
      sig = signal_number(Str(argv[++i]));
      if (sig < 0) {
        p.say(Quoted(argv[i]), ": invalid signal");
        return 1;
      }
      continue;
    }
    if (a[1] == '-') return p.bad_long_option(argv[i], 1);
    // -N or -NAME: a negative pid needs "--" first, as in coreutils.
    sig = signal_number(a.tail_from(1));
    if (sig < 0) {
      p.say(Quoted(a.tail_from(1)), ": invalid signal");
      return 1;
    }
    ++i;
    break;
  }
  if (list) {
    if (i >= argc) {
      for (int s = 1; s < 32; ++s) p.out.put(kSignalNames[s]).put('\n');
      return 0;
    }
    int status = 0;
    for (; i < argc; ++i) {
      Str a(argv[i]);
      int s = signal_number(a);
      uint64_t n = 0;
      if (s < 0) {
        p.say(Quoted(a), ": invalid signal");
        status = 1;
      } else if (parse_uint(a, &n)) {
        p.out.put(kSignalNames[s]).put('\n');
      } else {
        p.out.dec(static_cast<uint64_t>(s)).put('\n');
      }
    }
    return status;
  }
  if (i >= argc) return p.usage_error("no process ID specified", 1);
  int status = 0;
  for (; i < argc; ++i) {
    int64_t pid = 0;
    if (!parse_int(Str(argv[i]), &pid)) {
      p.say(Quoted(argv[i]), ": invalid process id");
      status = 1;
      continue;
    }
    if (px::kill(static_cast<int>(pid), sig) != 0) {
      p.say_errno(px::errno_ref(), argv[i]);
      status = 1;
    }
  }
  return status;
}

}  // namespace cu
