// trona/posix/file_internal.h — what file.cpp and file_at.cpp share: the
// create mode after the umask and the end of a stat call.
#pragma once

#include "trona/posix/file.h"
#include "uapi/wire.h"

namespace trona::posix::detail {

// mode & 07777 & ~umask (the umask from procmgr, 022 without it).
mode_t create_mode(mode_t mode);
// *st = the stat block when err == 0; returns 0 or -1 with errno = err.
int finish_stat(int err, const uapi::TronaStat& w, Stat* st);

// The bulk path (bulk_window.cpp): transfers of more than kBulkMin bytes
// on files and devices go through the process's SHM window. false: not
// taken (no window, or the VFS refused this fd) — use the inline path;
// true: *done bytes moved, *err the error when none moved.
inline constexpr size_t kBulkMin = 512;       // reads
inline constexpr size_t kBulkMinWrite = 144;  // writes: one inline message
bool bulk_read(int fd, void* buf, size_t count, size_t* done, int* err);
bool bulk_write(int fd, const void* buf, size_t count, size_t* done, int* err);
// A forked child: the parent's window is not its own.
void forget_bulk_window();

}  // namespace trona::posix::detail
