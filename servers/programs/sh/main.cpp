// servers/programs/sh — /bin/sh: options, -c, scripts, stdin (read in
// chunks and run command by command, as dash), and the interactive loop
// with job control and the line editor (README.md).
#include "programs/sh/shell.h"
#include "trona/core/program.h"
#include "trona/posix/errno.h"
#include "trona/posix/fd.h"
#include "trona/posix/file.h"
#include "trona/posix/process.h"
#include "trona/posix/signal.h"
#include "trona/posix/termios.h"
#include "uapi/linux_numbers.h"

namespace sh {

namespace px = trona::posix;

namespace {

bool set_option(char c, bool on) {
  Sh& s = S();
  switch (c) {
    case 'e': s.opt_e = on; return true;
    case 'x': s.opt_x = on; return true;
    case 'u': s.opt_u = on; return true;
    case 'f': s.opt_f = on; return true;
    case 'n': s.opt_n = on; return true;
    case 'v': s.opt_v = on; return true;
    case 'i': s.interactive = on; return true;
    case 'm': s.job_control = on; return true;
    case 's': return true;
    default: return false;
  }
}

void defaults() {
  Sh& s = S();
  if (getvar("PATH") == nullptr) setvar("PATH", "/bin");
  if (getvar("PS1") == nullptr) setvar("PS1", px::geteuid() == 0 ? "# " : "$ ");
  if (getvar("PS2") == nullptr) setvar("PS2", "> ");
  if (getvar("PS4") == nullptr) setvar("PS4", "+ ");
  char cwd[256];
  if (getvar("PWD") == nullptr && px::getcwd(cwd, sizeof cwd) != nullptr) setvar("PWD", cwd, true);
  Buf b;
  b.num(px::getppid());
  setvar("PPID", b.c_str());
  b.release();
  s.shell_pid = px::getpid();
}

// Runs what of `text` parses completely; `*used` is how far it got.
// Returns 3 when the rest needs more input.
int run_complete(const char* text, size_t len, size_t* used, int* line, bool more_ok) {
  Sh& s = S();
  for (;;) {
    int ps = 0;
    size_t pos = *used;
    int ln = *line;
    Node* n = parse_command(text, len, &pos, &ln, more_ok, &ps);
    if (ps == 3) return 3;
    *used = pos;
    *line = ln;
    if (ps == 1) return 1;
    if (ps == 2) {
      s.status = 2;
      if (!s.interactive) exit_shell(2);
      continue;
    }
    if (n == nullptr) continue;
    if (!s.opt_n) run_node(n);
    free_node(n);
    if (s.returning && s.func_depth == 0) exit_shell(s.status);
  }
}

[[noreturn]] void run_fd(int fd) {
  Buf text;
  size_t used = 0;
  int line = 1;
  bool eof = false;
  char buf[4096];
  for (;;) {
    if (!eof) {
      long r = px::read(fd, buf, sizeof buf);
      if (r < 0 && px::errno_ref() == uapi::kEINTR) continue;
      if (r <= 0) eof = true;
      else text.put(buf, static_cast<size_t>(r));
    }
    const int st = run_complete(text.c_str(), text.n, &used, &line, !eof);
    if (st == 1 && eof) break;
    // Drop what ran; keep the incomplete rest.
    if (used > 0) {
      size_t k = 0;
      for (size_t q = used; q < text.n; ++q) text.p[k++] = text.p[q];
      text.n = k;
      used = 0;
    }
  }
  exit_shell(S().status);
}

void start_job_control() {
  Sh& s = S();
  s.tty_fd = 0;
  if (px::tcgetpgrp(0) < 0) {
    s.job_control = false;
    return;
  }
  // Wait to be in the foreground (a background start stops on SIGTTIN).
  for (int tries = 0; tries < 100; ++tries) {
    const long fg = px::tcgetpgrp(0);
    if (fg == px::getpgrp()) break;
    px::kill(0, uapi::kSIGTTIN);
  }
  for (int sig : kJobSignals) px::signal(sig, px::ignored_handler());
  const int pid = px::getpid();
  if (px::getpgrp() != pid) px::setpgid(0, pid);
  s.shell_pgid = pid;
  px::tcsetpgrp(0, pid);
  s.job_control = true;
}

[[noreturn]] void interactive_loop() {
  Sh& s = S();
  start_job_control();
  Buf text;
  int line = 1;
  for (;;) {
    reap_jobs(true);
    // The prompt: PS1 (PS2 inside an unfinished command), parameters expanded.
    const char* ps = getvar(text.n == 0 ? "PS1" : "PS2");
    char* prompt = expand_one(ps != nullptr ? ps : (text.n == 0 ? "$ " : "> "));
    Buf got;
    int r = read_line_edit(prompt != nullptr ? prompt : "$ ", &got);
    xfree(prompt);
    if (r == 0) {
      if (text.n == 0) break;
      text.clear();
      continue;
    }
    if (r < 0) {
      text.clear();
      got.release();
      s.status = 130;
      continue;
    }
    text.put(got.p, got.n);
    got.release();
    size_t used = 0;
    const int st = run_complete(text.c_str(), text.n, &used, &line, true);
    if (st == 3) continue;
    hist_add(text.c_str(), text.n);
    text.clear();
  }
  exit_shell(s.status);
}

int run(int argc, char** argv, char** envp) {
  Sh& s = S();
  s.arg0 = xstrdup(argc > 0 && argv[0] != nullptr ? argv[0] : "sh");
  import_env(envp);
  defaults();
  int i = 1;
  const char* command = nullptr;
  bool have_c = false, force_stdin = false;
  for (; i < argc; ++i) {
    const char* a = argv[i];
    if (seq(a, "--") || seq(a, "-")) {
      ++i;
      break;
    }
    if ((a[0] != '-' && a[0] != '+') || a[1] == '\0') break;
    const bool on = a[0] == '-';
    for (const char* c = a + 1; *c != '\0'; ++c) {
      if (*c == 'c') {
        have_c = true;
        continue;
      }
      if (*c == 's') force_stdin = true;
      if (*c == 'o' && i + 1 < argc) {
        ++i;
        continue;
      }
      if (!set_option(*c, on)) {
        char o[2] = {*c, '\0'};
        s.line = 0;
        error_msg("Illegal option -", o);
        return 2;
      }
    }
  }
  s.line = 1;
  if (have_c) {
    if (i >= argc) {
      s.line = 0;
      error_msg("-c requires an argument");
      return 2;
    }
    command = argv[i++];
    if (i < argc) s.arg0 = xstrdup(argv[i++]);
    set_positional(argc - i, argv + i);
    size_t used = 0;
    int line = 1;
    run_complete(command, slen(command), &used, &line, false);
    exit_shell(s.status);
  }
  if (i < argc && !force_stdin) {
    const char* file = argv[i++];
    s.arg0 = xstrdup(file);
    set_positional(argc - i, argv + i);
    int fd = px::open(file, uapi::kO_RDONLY | uapi::kO_CLOEXEC);
    if (fd < 0) {
      const int e = px::errno_ref();
      s.line = 0;
      s.arg0 = xstrdup(argv[0] != nullptr ? argv[0] : "sh");
      error_msg("cannot open ", file, ": ", errno_text(e));
      (void)e;
      return 2;
    }
    run_fd(fd);
  }
  set_positional(argc - i, argv + i);
  if (!s.interactive && px::isatty(0) == 1 && px::isatty(2) == 1) s.interactive = true;
  if (s.interactive) interactive_loop();
  run_fd(0);
}

}  // namespace

}  // namespace sh

namespace {
int sh_main(int argc, char** argv, char** envp) { return sh::run(argc, argv, envp); }
}  // namespace

TRONA_PROGRAM(sh, sh_main)
