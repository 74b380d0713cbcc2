// programs/coreutils/account.cpp — see account.h.
#include "programs/coreutils/account.h"

#include "programs/coreutils/exec_path.h"
#include "trona/clients/procmgr_client.h"
#include "trona/posix/file.h"

namespace cu {

namespace px = trona::posix;

bool read_line(int fd, char* buf, size_t cap) {
  size_t n = 0;
  bool any = false;
  for (;;) {
    char c;
    long r = px::read(fd, &c, 1);
    if (r <= 0) break;
    any = true;
    if (c == '\n') break;
    if (n + 1 < cap) buf[n++] = c;
  }
  buf[n] = '\0';
  return any;
}

bool password_ok(const PwEntry& w, Str typed) {
  Str pw(w.passwd);
  if (pw.empty()) return true;
  if (pw == Str("x") || pw == Str("*") || pw[0] == '!') return false;
  return pw == typed;
}

int become(const PwEntry& w) {
  trona::ProcmgrClient pm;
  uint32_t g[32];
  size_t n = groups_of(Str(w.name), g, 32);
  uint64_t gids[32];
  for (size_t i = 0; i < n; ++i) gids[i] = g[i];
  if (int e = pm.setgroups(gids, n)) return e;
  if (int e = pm.setgid(w.gid)) return e;
  return pm.setuid(w.uid);
}

// Copies "key" + value into out (NUL-terminated, truncated to cap).
char* put_var(char* out, size_t cap, Str key, Str value) {
  size_t n = 0;
  for (size_t i = 0; i < key.size && n + 1 < cap; ++i) out[n++] = key[i];
  for (size_t i = 0; i < value.size && n + 1 < cap; ++i) out[n++] = value[i];
  out[n] = '\0';
  return out;
}

// No trona-heap object may be alive here: a successful exec unwinds this
// stack after the old address space (and its heap) is gone.
int exec_shell(Prog& p, const PwEntry& w, const char* shell, const char* arg0, char* const* args, size_t nargs,
               bool clean) {
  char home[112], sh[80], user[48], logname[48], path[160];
  const char* keep_path = p.getenv("PATH");
  char* env[64];
  size_t k = 0;
  env[k++] = put_var(home, sizeof home, "HOME=", w.home);
  env[k++] = put_var(sh, sizeof sh, "SHELL=", shell);
  env[k++] = put_var(user, sizeof user, "USER=", w.name);
  env[k++] = put_var(logname, sizeof logname, "LOGNAME=", w.name);
  env[k++] = put_var(path, sizeof path, "PATH=", keep_path ? keep_path : "/bin");
  for (char** e = p.envp; e != nullptr && *e != nullptr && k < 63; ++e) {
    Str s(*e);
    bool ours = s.starts_with("HOME=") || s.starts_with("SHELL=") || s.starts_with("USER=") ||
                s.starts_with("LOGNAME=") || s.starts_with("PATH=");
    if (ours || (clean && !s.starts_with("TERM="))) continue;
    env[k++] = *e;
  }
  env[k] = nullptr;
  char* argv[16];
  size_t a = 0;
  argv[a++] = const_cast<char*>(arg0);
  for (size_t i = 0; i < nargs && a < 15; ++i) argv[a++] = args[i];
  argv[a] = nullptr;
  p.out.flush();
  p.err.flush();
  return exec_path(shell, argv, env);
}

}  // namespace cu
