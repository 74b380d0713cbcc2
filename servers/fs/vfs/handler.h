// fs/vfs/handler.h — the VFS's message handler: the generated dispatch of
// vfs.idl and posix_vfs.idl onto fs/vfs/vfs.h. Labels without a wire
// format (sockets, SHM, xattrs, mounts, the backend pager) are
// refused with TRONA_INVALID_OPERATION — see README.md for the list.
#pragma once

#include "fs/vfs/vfs.h"
#include "lib/message.h"

namespace vfs {

void handle(Vfs& vfs, const lib::Request& rq, lib::Reply* reply);
// The serve loop's timer (poll/epoll timeouts on CLOCK_MONOTONIC).
uint64_t next_deadline(Vfs& vfs);
void on_deadline(Vfs& vfs, uint64_t now);

}  // namespace vfs
