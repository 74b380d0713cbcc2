// programs/coreutils — su [-|-l] [-s SHELL] [-c COMMAND] [USER]: becomes
// USER (default root) after the password (read from stdin; the caller
// root needs none, account.h) and runs USER's shell (or SHELL), with
// `-c COMMAND` as `shell -c COMMAND`. "-" / -l: a login shell (argv[0]
// "-sh", the home directory, a clean environment). Arguments after USER
// go to the shell after -c COMMAND, as util-linux passes them. util-linux's messages:
// status 1 for an unknown user or a failed authentication, 126/127 when
// the shell cannot run.
#include "programs/coreutils/account.h"
#include "trona/clients/procmgr_client.h"
#include "trona/posix/fd.h"

namespace cu {

namespace px = trona::posix;

int su_main(Prog& p, int argc, char** argv) {
  bool login = false;
  const char* command = nullptr;
  const char* shell = nullptr;
  const char* name = nullptr;
  int rest = argc;  // the operands after USER go to the shell
  for (int i = 1; i < argc; ++i) {
    Str a(argv[i]);
    if (a == Str("-") || a == Str("-l") || a == Str("--login")) {
      login = true;
    } else if (a == Str("-c") || a == Str("-s")) {
      if (i + 1 >= argc) return p.missing_arg(a[1], 1);
      (a == Str("-c") ? command : shell) = argv[++i];
    } else if (a.size > 1 && a[0] == '-') {
      if (a[1] == '-') return p.bad_long_option(argv[i], 1);
      return p.bad_option(a[1], 1);
    } else {
      name = argv[i];
    }
    if (name != nullptr && argv[i] == name) {
      rest = i + 1;  // further arguments go to the shell, as util-linux passes them
      break;
    }
  }
  if (name == nullptr) name = "root";
  PwEntry w;
  if (!pw_by_name(Str(name), &w)) {
    p.say("user ", name, " does not exist or the user entry does not contain all the required fields");
    return 1;
  }
  uint64_t ruid = 0;
  trona::ProcmgrClient().getuid(&ruid);
  if (ruid != 0) {
    char typed[64] = {};
    if (Str(w.passwd).size > 0) {
      p.err.put("Password: ");
      p.err.flush();
      read_line(0, typed, sizeof typed);
      p.err.put('\n');
    }
    if (!password_ok(w, Str(typed))) {
      p.say("Authentication failure");
      return 1;
    }
  }
  if (int e = become(w)) {
    p.say_errno(e, "cannot set user id");
    return 1;
  }
  const char* sh = shell ? shell : (w.shell[0] != '\0' ? w.shell : "/bin/sh");
  if (login && px::chdir(w.home) != 0) px::chdir("/");
  char* shell_args[14];
  size_t nargs = 0;
  if (command != nullptr) {
    shell_args[nargs++] = const_cast<char*>("-c");
    shell_args[nargs++] = const_cast<char*>(command);
  }
  for (int i = rest; i < argc && nargs < 14; ++i) shell_args[nargs++] = argv[i];
  Str base = base_name(Str(sh));
  char arg0[64];
  size_t n = 0;
  if (login) arg0[n++] = '-';
  for (size_t i = 0; i < base.size && n < 62; ++i) arg0[n++] = base[i];
  arg0[n] = '\0';
  int e = exec_shell(p, w, sh, arg0, shell_args, nargs, login);
  p.say_errno(e, "failed to execute ", sh);
  return e == 2 ? 127 : 126;
}

}  // namespace cu
