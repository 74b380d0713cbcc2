// programs/coreutils/exec_path.h — execvp for env, su and login: a name
// without '/' is looked for in $PATH (default "/bin") of `envp`.
#pragma once

#include "programs/coreutils/util.h"

namespace cu {

// The caller must hold no trona-heap object (Buf, DirList, ...) on its
// stack: a successful exec unwinds it after the old heap is gone.
// Returns only on failure: the errno (ENOENT when no PATH entry had it).
int exec_path(const char* name, char* const* argv, char* const* envp);

}  // namespace cu
