// programs/coreutils/account.h — what su and login share: checking a
// password against /etc/passwd and becoming a user.
//
// Passwords: the second field of /etc/passwd, compared as plain text (the
// simulated OS has no crypt(3) and no /etc/shadow). Empty = no password;
// "x", "*" or "!"-prefixed = the account cannot be entered with a
// password. Root (the caller's real uid 0) needs none.
#pragma once

#include "programs/coreutils/util.h"

namespace cu {

// One line from stdin (without the newline), at most cap - 1 bytes.
// False at end of file with nothing read.
bool read_line(int fd, char* buf, size_t cap);

// Whether `typed` opens account `w`.
bool password_ok(const PwEntry& w, Str typed);

// setgroups (the groups listing the user), setgid, setuid to `w`; 0 or
// the errno.
int become(const PwEntry& w);

// Runs `shell` (argv[0] = `arg0`, then `args`) with HOME, SHELL, USER,
// LOGNAME (and PATH kept or "/bin") set for `w`; `clean` starts from an
// empty environment but PATH and TERM. Returns the errno on failure.
int exec_shell(Prog& p, const PwEntry& w, const char* shell, const char* arg0, char* const* args, size_t nargs,
               bool clean);

}  // namespace cu
