// trap: commands run on a caught signal (between commands, as dash) and
// at exit (EXIT / 0); "" ignores the signal, "-" restores the default.
#include "programs/sh/shell.h"
#include "trona/posix/signal.h"

namespace sh {

namespace px = trona::posix;

namespace {

constexpr int kMaxSig = 64;

void on_signal(int sig) {
  if (sig > 0 && sig <= kMaxSig) S().trap_pending |= uint64_t{1} << (sig - 1);
}

// "EXIT", "0", "INT", "SIGINT", "2" -> 0..64; -1 unknown.
int trap_number(const char* name) {
  if (seq(name, "EXIT")) return 0;
  const int n = signal_number(name);
  return n >= 0 && n <= kMaxSig ? n : -1;
}

void run_trap_text(const char* text) {
  Sh& s = S();
  const int saved = s.status;
  const bool was = s.in_trap;
  s.in_trap = true;
  run_string(text, slen(text), nullptr);
  s.in_trap = was;
  s.status = saved;
}

}  // namespace

int builtin_trap(int argc, char** argv) {
  Sh& s = S();
  if (argc == 1) {
    Buf b;
    for (int i = 0; i <= kMaxSig; ++i) {
      if (s.traps[i] == nullptr) continue;
      b.puts("trap -- ");
      quote_value(&b, s.traps[i]);
      b.put(' ');
      b.puts(i == 0 ? "EXIT" : signal_name(i) != nullptr ? signal_name(i) : "?");
      b.put('\n');
    }
    return flush_out(b);
  }
  int i = 1;
  if (seq(argv[i], "--")) ++i;
  if (i >= argc) return 0;
  // A first operand that is a signal number means "reset these".
  const char* action = argv[i];
  long dummy = 0;
  const bool reset = seq(action, "-") || (parse_int(action, &dummy) && i + 1 == argc);
  if (!parse_int(action, &dummy) || seq(action, "-")) ++i;
  int st = 0;
  for (; i < argc; ++i) {
    const int n = trap_number(argv[i]);
    if (n < 0) {
      // dash prints this one without the "sh: N: " prefix.
      out(2, "trap: ");
      out(2, argv[i]);
      out(2, ": bad trap\n");
      st = 1;
      continue;
    }
    xfree(s.traps[n]);
    s.traps[n] = reset ? nullptr : xstrdup(action);
    if (n == 0 || n == 9 || n == 19) continue;  // EXIT; KILL and STOP cannot be caught
    if (reset) px::signal(n, nullptr);
    else if (action[0] == '\0') px::signal(n, px::ignored_handler());
    else px::signal(n, on_signal);
  }
  return st;
}

void run_pending_traps() {
  Sh& s = S();
  if (s.in_trap) return;
  while (s.trap_pending != 0) {
    int sig = 1;
    while ((s.trap_pending & (uint64_t{1} << (sig - 1))) == 0) ++sig;
    s.trap_pending &= ~(uint64_t{1} << (sig - 1));
    if (s.traps[sig] != nullptr && s.traps[sig][0] != '\0') run_trap_text(s.traps[sig]);
  }
}

void run_exit_trap(int status) {
  Sh& s = S();
  char* t = s.traps[0];
  if (t == nullptr || s.in_trap) return;
  s.traps[0] = nullptr;  // once
  s.status = status;
  run_trap_text(t);
}

void reset_traps_for_child() {
  Sh& s = S();
  for (int i = 0; i <= kMaxSig; ++i) {
    if (s.traps[i] == nullptr) continue;
    if (s.traps[i][0] == '\0') {
      s.traps[i] = xstrdup("");  // still ignored (the inherited string is the parent's)
      continue;
    }
    s.traps[i] = nullptr;
    if (i != 0 && i != 9 && i != 19) px::signal(i, nullptr);
  }
  s.trap_pending = 0;
}

}  // namespace sh
