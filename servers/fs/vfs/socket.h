// fs/vfs/socket.h — an AF_UNIX socket (stream or datagram).
//
// A stream connection is two pipes: `rx` holds the bytes this end reads,
// `tx` is the peer's rx. Their reader/writer counts say who is still
// there (this end reads rx unless shut down for reading; the peer writes
// it unless it shut down for writing or closed), so EOF, EPIPE, blocking
// and poll/epoll readiness are the pipes' (vfs_pipes.cpp, vfs_poll.cpp).
// A datagram socket keeps framed messages in its rx ([u8 length lo, hi,
// fd count][bytes]); a listening socket keeps one byte in rx per queued
// connection (a doorbell, so accept waits and polls like a read). fds in
// flight (SCM_RIGHTS) wait in `passed` until a recvmsg takes them.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "fs/vfs/pipe.h"
#include "lib/allocator.h"
#include "lib/string.h"
#include "lib/vector.h"

namespace vfs {

struct Node;
struct OpenFile;

inline constexpr size_t kMaxDatagram = 128;  // what one RECVMSG can carry
inline constexpr size_t kMaxPassedFds = 2;

struct Socket {
  explicit Socket(lib::Allocator a) : path(a), backlog(a), passed(a) {}
  uint32_t type = 0;         // SOCK_STREAM or SOCK_DGRAM
  bool listening = false;
  bool connected = false;    // stream: has a peer (even one that left); dgram: a default peer
  bool shut_rd = false, shut_wr = false;
  Node* bound = nullptr;     // the node bind() made (holds an open_count)
  lib::String path;          // its path as bound (getsockname)
  Socket* peer = nullptr;    // stream: the other end while it exists
  Node* dgram_peer = nullptr;  // dgram: where send goes (holds an open_count)
  Pipe* rx = nullptr;
  Pipe* tx = nullptr;        // stream: the peer's rx
  lib::Vector<Socket*> backlog;  // listening: connections not yet accepted
  uint64_t backlog_max = 0;
  lib::Vector<OpenFile*> passed;  // SCM_RIGHTS in flight to this end (one reference each)
  OpenFile* file = nullptr;  // the open file description (nullptr while in a backlog)
  // Options kept for getsockopt.
  uint64_t reuseaddr = 0, sndbuf = 212992, rcvbuf = 212992, keepalive = 0, passcred = 0;
};

}  // namespace vfs
