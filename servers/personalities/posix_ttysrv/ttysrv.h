// personalities/posix_ttysrv/ttysrv.h — the terminals posix_ttysrv keeps:
// the console line (tty 1, fed by the console server's INPUT_EVENT and
// printed through CONSOLE_WRITE) and up to 16 pseudo-terminals (slave tty
// ids 2..17 = /dev/pts/0..15, master ids 0x100..0x10F). Each has a Line
// (the line discipline), a window size, a session and its foreground
// process group; job control (SIGTTIN for a background read, SIGTTOU for
// a background write under TOSTOP), the signal characters and SIGWINCH go
// to process groups through procmgr. Calls that cannot be answered yet
// (a read with nothing to read, a pty write with the master's buffer
// full, a master read with nothing written) save the caller and are
// answered when the state changes or a VTIME timer fires. Freestanding.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "lib/allocator.h"
#include "lib/message.h"
#include "lib/ring_queue.h"
#include "lib/span.h"
#include "personalities/posix_ttysrv/line.h"
#include "personalities/posix_ttysrv/ops.h"
#include "uapi/termios.h"
#include "uapi/wire.h"

namespace posix_ttysrv {

inline constexpr int kDeferred = -1;
inline constexpr uint64_t kConsoleTty = uapi::termios::kTtyConsole;
inline constexpr size_t kMaxPtys = uapi::termios::kTtyMaxPtys;
inline constexpr uint64_t kFirstPtySlave = uapi::termios::kTtyFirstPtySlave;
inline constexpr uint64_t kFirstPtyMaster = uapi::termios::kTtyFirstPtyMaster;
inline constexpr size_t kMaxMessageBytes = 152;
inline constexpr size_t kMasterBytes = 4096;
inline constexpr size_t kMaxWaiting = 16;
inline constexpr uint64_t kNoDeadline = ~uint64_t{0};

struct Reader {
  uint64_t slot = 0;
  size_t max = 0;
  uint64_t deadline = kNoDeadline;  // VTIME
};
struct Writer {
  uint64_t slot = 0;
  size_t len = 0;
  char bytes[kMaxMessageBytes];
};
struct Collector {
  uint64_t slot = 0;
  size_t max = 0;
};

struct Tty {
  uint64_t id = 0;
  bool pty = false;
  Line line;
  uapi::Winsize ws{24, 80, 0, 0};
  uint64_t sid = 0, fg_pgrp = 0;  // 0: no session has it as its controlling terminal
  lib::RingQueue<Reader, kMaxWaiting> readers;
  // A pty: what the slave wrote (after output processing) for the master,
  // writers waiting for room, master reads waiting for bytes.
  bool master_open = false, slave_closed = false;
  lib::RingQueue<char, kMasterBytes> to_master;
  lib::RingQueue<Writer, 8> writers;
  lib::RingQueue<Collector, 4> collectors;
};

struct Counters {
  uint64_t reads = 0, writes = 0, input_bytes = 0, signals = 0, ptys_allocated = 0;
};

class Ttysrv {
 public:
  Ttysrv(const lib::Allocator& heap, Ops& ops);
  ~Ttysrv();  // the console and every pty go back to the heap
  Ttysrv(const Ttysrv&) = delete;
  Ttysrv& operator=(const Ttysrv&) = delete;

  // --- the slave / console side (tty 0 = the caller's controlling tty) ---
  int read(uint64_t badge, uint64_t tty, size_t max, bool nonblock, char* out, size_t* got);
  int write(uint64_t badge, uint64_t tty, lib::Str data, size_t* taken);
  int tcgetattr(uint64_t badge, uint64_t tty, uapi::Termios* t);
  int tcsetattr(uint64_t badge, uint64_t tty, uint64_t when, const uapi::Termios& t);
  int ioctl(uint64_t badge, uint64_t tty, uint64_t cmd, uint64_t arg, uint64_t out[4]);
  int poll(uint64_t badge, uint64_t id, uint64_t events, uint64_t* revents);
  // --- sessions ---
  int get_fg_pgrp(uint64_t badge, uint64_t tty, uint64_t* pgrp);
  int set_fg_pgrp(uint64_t badge, uint64_t tty, uint64_t pgrp);
  int set_ctty(uint64_t badge, uint64_t tty, bool steal);
  int drop_ctty(uint64_t badge, uint64_t tty);
  // --- pseudo-terminals ---
  int pty_alloc(uint64_t* master, uint64_t* slave);
  int pty_close(uint64_t id, uint64_t side);
  int pty_collect(uint64_t master, size_t max, char* out, size_t* got);
  int pty_master_write(uint64_t master, lib::Str data, size_t* taken);
  // --- the console server's input (badge 0 only: ttysrv's own endpoint) ---
  int input_event(uint64_t badge, lib::Str data);

  // VTIME timers.
  uint64_t next_deadline() const;
  void on_deadline(uint64_t now);

  const Counters& counters() const { return counters_; }
  Tty* find(uint64_t id);  // a slave/console tty id or a master id; nullptr: none

 private:
  Tty* resolve(uint64_t badge, uint64_t tty, int* err);
  int controlling(uint64_t badge, Tty** out, uint64_t* pgid, uint64_t* sid);
  bool session_alive(uint64_t sid);
  int job_control(Tty& t, uint64_t badge, int sig);
  void input(Tty& t, lib::Str data);
  void to_device(Tty& t, const char* data, size_t n);  // processed bytes: the console, or the master's buffer
  bool emit(Tty& t, lib::Str data);                    // output processing then to_device; false: no room (pty)
  size_t emitted_size(const Tty& t, lib::Str data) const;
  bool readable(const Tty& t, size_t max, uint64_t* deadline) const;
  void answer_reader(Tty& t, const Reader& r);
  void wake_readers(Tty& t);
  void wake_writers(Tty& t);
  void wake_collectors(Tty& t);
  void hang_up(Tty& t);
  void release(Tty* t);

  lib::Allocator heap_;
  Ops& ops_;
  Tty* console_ = nullptr;
  Tty* ptys_[kMaxPtys] = {};
  Counters counters_;
};

}  // namespace posix_ttysrv
