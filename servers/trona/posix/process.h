// trona/posix/process.h — the POSIX process calls over procmgr (PM_*):
// fork (as fork_to), execve, waitpid, _exit, ids, process groups,
// sessions, umask. Each returns what POSIX says, -1 with errno
// (trona/posix/errno.h) on failure.
//
// fork_to(child, arg) is this runtime's fork. It differs from POSIX fork
// in exactly one way: the child does not return from the call. It starts
// with a fresh thread that runs child(arg) and then _exit(0); the parent
// gets the child's pid (or -1 with errno) as fork() would. Everything else
// is fork's: the child is a new process (new pid, parent = the caller,
// same process group and session), with the caller's credentials, umask,
// rlimits, signal dispositions and exe path, and a copy of its memory —
// heap, mmap and stack copy-on-write (writes on either side stay private),
// MAP_SHARED/SHM mappings shared, the process-local storage copied. Why:
// in the simulator a process's code is host C++ on a host fiber, and a
// C++ call cannot return twice into two fibers; a caller that needs the
// classic shape writes `if (pid == 0)` code as the `child` function. The
// fd table is not copied yet (there is no VFS server; procmgr would ask
// it, servers/core/procmgr/README.md).
//
// Only processes procmgr built (spawned or forked) can fork or exec: init
// and the services init started itself get EPERM.
#pragma once

#include <stdint.h>

namespace trona::posix {

using pid_t = int32_t;
using uid_t = uint32_t;
using gid_t = uint32_t;
using mode_t = uint32_t;

// waitpid options (Linux values).
inline constexpr int kWNOHANG = 1;

// The child runs child(arg), then _exit(0). Returns the child's pid; -1
// with errno EAGAIN (process table full), ENOMEM, EPERM (see above).
pid_t fork_to(void (*child)(uint64_t), uint64_t arg);
// Replaces the caller's image; returns only on failure (-1: ENOENT,
// ENOEXEC, E2BIG, ENAMETOOLONG, ...). argv and envp NULL-terminated.
int execve(const char* path, char* const argv[], char* const envp[]);
// pid -1 any child, > 0 that child, 0 own group, < -1 group -pid. The
// child's pid (0 with WNOHANG and none ready), *status its wait status.
pid_t waitpid(pid_t pid, int* status, int options);
[[noreturn]] void _exit(int status);

pid_t getpid();
pid_t getppid();
uid_t getuid();
uid_t geteuid();
gid_t getgid();
gid_t getegid();
int setpgid(pid_t pid, pid_t pgid);
pid_t getpgid(pid_t pid);
pid_t getpgrp();
pid_t setsid();
pid_t getsid(pid_t pid);
// Sets the file-creation mask (& 0777); returns the previous one.
mode_t umask(mode_t mask);

}  // namespace trona::posix
