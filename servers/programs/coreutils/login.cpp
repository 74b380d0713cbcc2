// programs/coreutils — login [-f USER | USER]: asks "login: " when no USER
// is given and "Password: " when the account has one (account.h), then
// becomes the user, goes to the home directory and runs the user's shell
// as a login shell ("-sh"). -f (root only) skips the password. A wrong
// name or password: "Login incorrect", status 1 (util-linux retries; this
// login asks once, the caller — getty, a test — may run it again). Run by
// a non-root user: util-linux's message, status 1.
#include "programs/coreutils/account.h"
#include "trona/clients/procmgr_client.h"
#include "trona/posix/fd.h"

namespace cu {

namespace px = trona::posix;

int login_main(Prog& p, int argc, char** argv) {
  bool preauth = false;
  const char* name = nullptr;
  for (int i = 1; i < argc; ++i) {
    Str a(argv[i]);
    if (a == Str("-f")) {
      preauth = true;
    } else if (a == Str("-p")) {
      continue;
    } else if (a.size > 2 && a[0] == '-' && a[1] == '-') {
      return p.bad_long_option(argv[i], 1);
    } else if (a.size > 1 && a[0] == '-') {
      return p.bad_option(a[1], 1);
    } else {
      name = argv[i];
    }
  }
  uint64_t euid = 1;
  trona::ProcmgrClient().geteuid(&euid);
  if (euid != 0) {
    p.say("Cannot possibly work without effective root");
    return 1;
  }
  char typed_name[40];
  if (name == nullptr) {
    p.out.put("login: ");
    p.out.flush();
    if (!read_line(0, typed_name, sizeof typed_name)) return 1;
    name = typed_name;
  }
  PwEntry w;
  bool known = pw_by_name(Str(name), &w);
  char typed[64] = {};
  bool needs_password = !preauth && (!known || Str(w.passwd).size > 0);
  if (needs_password) {
    p.out.put("Password: ");
    p.out.flush();
    read_line(0, typed, sizeof typed);
    p.out.put('\n');
  }
  if (!known || (needs_password && !password_ok(w, Str(typed)))) {
    p.out.put("\nLogin incorrect\n");
    return 1;
  }
  if (int e = become(w)) {
    p.say_errno(e, "cannot set user id");
    return 1;
  }
  if (px::chdir(w.home) != 0) {
    p.out.put("No directory ").put(w.home).put("!\nLogging in with home = \"/\".\n");
    px::chdir("/");
  }
  const char* sh = w.shell[0] != '\0' ? w.shell : "/bin/sh";
  char arg0[64];
  Str base = base_name(Str(sh));
  size_t n = 0;
  arg0[n++] = '-';
  for (size_t i = 0; i < base.size && n < 62; ++i) arg0[n++] = base[i];
  arg0[n] = '\0';
  int e = exec_shell(p, w, sh, arg0, nullptr, 0, true);
  p.say_errno(e, "failed to execute ", sh);
  return 1;
}

}  // namespace cu
