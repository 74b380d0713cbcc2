// servers/programs/getty — opens a terminal, makes it the controlling
// terminal of a new session on fds 0, 1 and 2, asks for a login name and
// runs /bin/login NAME (as agetty does). init starts it from
// services/getty.service (Restart=always: a new prompt after each logout).
//
//   getty [--autologin USER] [--login PROGRAM] [--issue TEXT] TTY
//
// --autologin skips the question (login -f USER). Exit status: 1 for a bad
// command line or a terminal that cannot be opened, 0 at end of input.
#include "lib/format.h"
#include "lib/span.h"
#include "trona/core/debug_put.h"
#include "trona/core/program.h"
#include "trona/posix/errno.h"
#include "trona/posix/fd.h"
#include "trona/posix/file.h"
#include "trona/posix/process.h"
#include "trona/posix/termios.h"
#include "uapi/linux_numbers.h"

namespace px = trona::posix;

namespace {

constexpr size_t kMaxName = 32;

// To fd; a message for stderr also goes to the system log while getty has
// no terminal yet (fd 2 not open).
void put(int fd, lib::Str s) {
  if (px::write(fd, s.data, s.size) < 0 && fd == 2) lib::debug_put(s);
}

// "getty: <what> '<arg>' (errno N)" on stderr; 1.
int fail(const char* what, const char* arg) {
  char buf[160];
  lib::Formatter f(buf, sizeof buf);
  f.put("getty: ").put(what).put(" '").put(arg).put("' (errno ").dec(static_cast<uint64_t>(px::errno_ref())).put(")\n");
  put(2, f.str());
  return 1;
}

int usage(const char* why) {
  char buf[160];
  lib::Formatter f(buf, sizeof buf);
  f.put("getty: ").put(why).put("\nusage: getty [--autologin USER] [--login PROGRAM] [--issue TEXT] TTY\n");
  put(2, f.str());
  return 1;
}

// The terminal as fds 0, 1, 2 and the controlling terminal of a new session.
bool take_terminal(const char* tty) {
  (void)px::setsid();  // fails only for a group leader, which keeps its session
  int fd = px::open(tty, uapi::kO_RDWR);
  if (fd < 0) return fail("cannot open", tty) == 0;
  if (px::ioctl(fd, uapi::kTIOCSCTTY, nullptr) != 0) return fail("cannot make the controlling terminal", tty) == 0;
  for (int n = 0; n < 3; ++n)
    if (fd != n && px::dup2(fd, n) < 0) return fail("cannot dup2", tty) == 0;
  if (fd > 2) px::close(fd);
  return true;
}

// One login name: printable, no leading '-' (it would be an option of login).
// 1: got one; 0: empty line (ask again); -1: end of input.
int read_name(char* name) {
  size_t n = 0;
  for (;;) {
    char c = 0;
    px::ssize_t got = px::read(0, &c, 1);
    if (got <= 0) return n == 0 ? -1 : 1;
    if (c == '\n' || c == '\r') break;
    if (n < kMaxName) name[n++] = c;
  }
  while (n > 0 && name[n - 1] == ' ') --n;
  size_t start = 0;
  while (start < n && name[start] == ' ') ++start;
  size_t len = n - start;
  for (size_t i = 0; i < len; ++i) name[i] = name[start + i];
  name[len] = '\0';
  if (len == 0) return 0;
  if (name[0] == '-') return 0;
  return 1;
}

int run(int argc, char** argv, char** envp) {
  const char* autologin = nullptr;
  const char* login = "/bin/login";
  const char* issue = "\nsaltysim login: ";  // ONLCR makes the \n a CR NL
  const char* tty = nullptr;
  for (int i = 1; i < argc; ++i) {
    lib::Str a(argv[i]);
    bool takes_value = a.equals("--autologin") || a.equals("--login") || a.equals("--issue");
    if (takes_value && i + 1 >= argc) return usage("an option needs a value");
    if (a.equals("--autologin")) autologin = argv[++i];
    else if (a.equals("--login")) login = argv[++i];
    else if (a.equals("--issue")) issue = argv[++i];
    else if (!a.empty() && a[0] == '-') return usage("unknown option");
    else if (tty) return usage("one terminal only");
    else tty = argv[i];
  }
  if (!tty) return usage("no terminal named");
  if (!take_terminal(tty)) return 1;

  char name[kMaxName + 1];
  if (autologin) {
    char* args[] = {const_cast<char*>("login"), const_cast<char*>("-f"), const_cast<char*>(autologin), nullptr};
    px::execve(login, args, envp);
    return fail("cannot run", login);
  }
  for (;;) {
    put(1, issue);
    int got = read_name(name);
    if (got < 0) return 0;
    if (got == 0) continue;
    char* args[] = {const_cast<char*>("login"), name, nullptr};  // a name never starts with a dash
    px::execve(login, args, envp);
    return fail("cannot run", login);
  }
}

}  // namespace

TRONA_PROGRAM(getty, run)
