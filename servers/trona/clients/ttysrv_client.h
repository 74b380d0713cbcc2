// trona/clients/ttysrv_client.h — typed IPC stubs of posix_ttysrv (the
// POSIX_TTYSRV_* labels of posix.rs) and of the two POSIX labels VFS
// serves (VFS_POSIX_ISATTY 34, VFS_POSIX_FCNTL 35). The protocol file
// names these labels without registers; the formats designed for them are
// in servers/uapi/proto/posix_ttysrv.idl and posix_vfs.idl (PROTOCOLS.md).
// The bodies are facades over the generated stubs (proto/*_client.h).
//
//   trona::TtysrvClient tty(slot);                   // no well-known slot
//   uint64_t master, slave; int e = tty.pty_alloc(&master, &slave);
//   size_t n; e = tty.pty_master_write(master, "ls\n", 3, &n);
//
// Every call returns 0 or a Linux errno (trona/core/client.h).
#pragma once

#include "uapi/termios_wire.h"

#include <stddef.h>
#include <stdint.h>

#include "trona/clients/stub_util.h"
#include "uapi/kernel_abi.h"
#include "uapi/wire.h"

namespace trona {

// Where a PTY byte stream is used from.
enum class PtySide : uint64_t { kMaster = 0, kSlave = 1 };

class TtysrvClient {
 public:
  explicit constexpr TtysrvClient(uint64_t endpoint) : ep_(endpoint) {}

  // Foreground process group and controlling terminal (tcgetpgrp,
  // tcsetpgrp, TIOCSCTTY, TIOCNOTTY). `tty` 0 = the caller's controlling
  // terminal.
  int get_fg_pgrp(uint64_t tty, uint64_t* pgrp) const;
  int set_fg_pgrp(uint64_t tty, uint64_t pgrp) const;
  int set_ctty(uint64_t tty, bool steal) const;
  int drop_ctty(uint64_t tty) const;

  // PTY pairs: alloc gives the master id and the slave's tty id.
  int pty_alloc(uint64_t* master, uint64_t* slave_tty) const;
  // Slave side I/O (≤ kChunk per message; write loops, read is one message).
  int pty_read(uint64_t pty, void* buf, size_t max, bool nonblock, size_t* got) const;
  int pty_write(uint64_t pty, const void* data, size_t len, size_t* written) const;
  int pty_close(uint64_t pty, PtySide side) const;
  int pty_tcgetattr(uint64_t pty, uapi::Termios* t) const;
  // `when`: TCSANOW 0, TCSADRAIN 1, TCSAFLUSH 2.
  int pty_tcsetattr(uint64_t pty, uint64_t when, const uapi::Termios& t) const;
  // An ioctl with one word in and up to four words out (TIOCGWINSZ gives
  // rows, cols, xpixel, ypixel).
  int pty_ioctl(uint64_t pty, uint64_t request, uint64_t arg, uint64_t out[4]) const;
  int pty_poll(uint64_t pty, uint64_t events, uint64_t* revents) const;
  // Master side: what the slave wrote (one message), and input to the slave.
  int pty_collect(uint64_t pty, void* buf, size_t max, size_t* got) const;
  int pty_master_write(uint64_t pty, const void* data, size_t len, size_t* written) const;
  // The console driver's input bytes (one message, ≤ kChunk).
  int input_event(const void* data, size_t len) const;
  // A process ended: ttysrv drops what it held for it.
  int client_exit(uint64_t pid) const;

  // Through VFS (labels 34/35 on the VFS endpoint).
  static int isatty(uint64_t vfs_ep, uint64_t fd, bool* yes);
  static int fcntl(uint64_t vfs_ep, uint64_t fd, uint64_t cmd, uint64_t arg, uint64_t* result);

  // Data bytes one message carries (like VFS READ).
  static constexpr size_t kChunk = stub::kChunk;

  uint64_t endpoint() const { return ep_; }

 private:
  uint64_t ep_;
};

// Termios on the wire: uapi/termios_wire.h (uapi::termios::to_words, to_fields, ...).

}  // namespace trona
