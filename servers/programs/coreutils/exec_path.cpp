// programs/coreutils/exec_path.cpp — see exec_path.h.
#include "programs/coreutils/exec_path.h"

#include "trona/posix/errno.h"
#include "trona/posix/process.h"
#include "uapi/linux_numbers.h"

namespace cu {

namespace px = trona::posix;

int exec_path(const char* name, char* const* argv, char* const* envp) {
  Str n(name);
  if (n.find('/') != Str::npos) {
    px::execve(name, argv, envp);
    return px::errno_ref();
  }
  Str path("/bin");
  for (char* const* e = envp; e != nullptr && *e != nullptr; ++e)
    if (Str(*e).starts_with("PATH=")) path = Str(*e + 5);
  int err = uapi::kENOENT;
  size_t start = 0;
  for (size_t i = 0; i <= path.size; ++i) {
    if (i < path.size && path[i] != ':') continue;
    Str dir = path.sub(start, i - start);
    start = i + 1;
    char full[256];  // not a Buf: a successful exec unwinds this frame without its heap
    if (dir.empty()) dir = Str(".");
    if (dir.size + n.size + 2 > sizeof full) continue;
    size_t len = 0;
    for (size_t j = 0; j < dir.size; ++j) full[len++] = dir[j];
    if (dir[dir.size - 1] != '/') full[len++] = '/';
    for (size_t j = 0; j < n.size; ++j) full[len++] = n[j];
    full[len] = '\0';
    px::execve(full, argv, envp);
    if (px::errno_ref() != uapi::kENOENT) err = px::errno_ref();
  }
  return err;
}

}  // namespace cu
