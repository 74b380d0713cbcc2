// A fake VFS server for the POSIX file layer's tests: a tiny in-memory
// file tree behind the kernel-abi.md §3.2 labels, served over real IPC by
// lib::serve in a simulated process. It keeps every request (so tests
// can check wire layouts, also of labels it does not implement: those get
// INVALID_OPERATION) and can be told to answer the next requests RESTART or
// INTERRUPTED, or to cap the bytes of each READ reply (short reads).
// Errors: NOT_FOUND, INVALID_CAPABILITY (bad fd), INSUFFICIENT_RIGHTS,
// ALREADY_EXISTS, INVALID_ARGUMENT, and errno statuses
// (trona::kVfsErrnoStatusBase + EISDIR/ENOTDIR/ENOTEMPTY). It can also
// hold a request until told to go on (transport RESTART/INTERRUPTED tests).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "lib/message.h"

namespace vfstest {

class FakeVfs {
 public:
  struct Node {
    bool dir = false;
    std::string data;
    std::uint64_t ino = 0;
    std::uint64_t mode = 0;  // permission bits (the type comes from `dir`)
    std::uint64_t uid = 1000, gid = 100;
    std::uint64_t mtime_ns = 0;
    std::size_t capacity = ~std::size_t{0};  // writes past it are cut short
  };
  struct Open {
    std::string path;
    std::uint64_t offset = 0;
    std::uint64_t flags = 0;
    std::size_t dir_pos = 0;
  };

  FakeVfs();
  Node& add_file(const std::string& path, std::string data, std::uint64_t mode = 0644);
  Node& add_dir(const std::string& path, std::uint64_t mode = 0755);

  static void handle(void* self, const lib::Request& rq, lib::Reply* rp);

  std::map<std::string, Node> nodes;
  std::map<int, Open> fds;
  std::vector<lib::Request> requests;  // every request, in order
  int restart_replies = 0;      // answer this many next requests RESTART
  int interrupted_replies = 0;  // then this many INTERRUPTED (after `interrupt_after` more requests)
  int interrupt_after = 0;
  std::size_t max_read_reply = 152;  // bytes per READ/PREAD reply at most
  // Hold the next `hold_requests` requests: signal the notification in
  // the server's slot `hold_go`, wait on `hold_go_on`, then answer (so a
  // test can catch a caller in ReplyWait, or another one in SendWait).
  int hold_requests = 0;
  std::uint64_t hold_go = 0, hold_go_on = 0;
  std::uint64_t last_create_mode = ~std::uint64_t{0};

  std::size_t count(std::uint64_t label) const;

 private:
  void dispatch(const lib::Request& rq, lib::Reply* rp);
  std::uint64_t next_ino_ = 2;
  int next_fd_ = 3;
};

}  // namespace vfstest
