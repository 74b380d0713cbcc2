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

}  // namespace trona::posix::detail
