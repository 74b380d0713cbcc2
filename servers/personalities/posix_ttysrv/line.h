// personalities/posix_ttysrv/line.h — the line discipline of one terminal
// (Linux n_tty's rules): input translation (ICRNL, INLCR, IGNCR, ISTRIP),
// canonical editing (VERASE, VKILL, VWERASE, VEOF, VEOL, VEOL2 with the
// ECHOE / ECHOK / ECHOKE echo), ECHO / ECHONL / ECHOCTL, the signal
// characters (VINTR, VQUIT, VSUSP under ISIG), and output processing
// (OPOST with ONLCR and OCRNL; no column is kept, so not ONOCR/ONLRET/tabs). Pure state: input goes in a
// byte at a time, what a read may take comes out, and the echo collects
// in an Echo buffer the caller sends to the device. Freestanding.
//
//   posix_ttysrv::Line l;              // a Linux serial line's defaults
//   posix_ttysrv::Echo e;
//   l.input('l', &e); l.input('s', &e); l.input('\r', &e);   // "ls\n" readable, "ls\r\n" echoed
//   char buf[8]; size_t n = l.take(buf, sizeof buf);           // 3
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "lib/ring_queue.h"
#include "lib/span.h"
#include "uapi/wire.h"

namespace posix_ttysrv {

inline constexpr size_t kInputBytes = 4096;  // the line being edited plus the lines not yet read (as Linux's N_TTY_BUF_SIZE)
inline constexpr size_t kEchoBytes = 512;

// Bytes to send to the device after an input byte (echo) or a write.
struct Echo {
  char bytes[kEchoBytes];
  size_t len = 0;
  void put(char c) {
    if (len < kEchoBytes) bytes[len++] = c;
  }
};

class Line {
 public:
  Line();

  const uapi::Termios& termios() const { return termios_; }
  // TCSAFLUSH also drops unread input. Switching ICANON off makes the line
  // being edited readable; switching it on starts a new line.
  void set_termios(const uapi::Termios& t, bool flush);

  // One byte from the device. Returns the signal it raises (SIGINT,
  // SIGQUIT, SIGTSTP under ISIG) or 0; the echo goes to *echo.
  int input(char c, Echo* echo);
  // Output processing of `data` (OPOST) into *out: how many bytes of
  // `data` fitted (out fills up to kEchoBytes).
  size_t output(lib::Str data, Echo* out);

  // Canonical: a complete line (or an end-of-file) is waiting. Raw: the
  // number of bytes waiting is `available()`.
  bool line_ready() const { return !lines_.empty(); }
  size_t available() const { return canonical() ? pending_line_bytes() : ready_; }
  bool canonical() const;
  // A read: canonical — at most one line (0 for an end-of-file, which it
  // consumes); raw — up to `max` waiting bytes. The caller checked that
  // one may read (line_ready / available).
  size_t take(char* out, size_t max);
  // A read undone (its caller was gone): mark() before take(), restore() after.
  struct Mark {
    size_t head, count, ready, consumed;
    lib::RingQueue<uint16_t, 256> lines;
  };
  Mark mark() const { return Mark{head_, count_, ready_, consumed_, lines_}; }
  void restore(const Mark& m) {
    head_ = m.head, count_ = m.count, ready_ = m.ready, consumed_ = m.consumed;
    lines_ = m.lines;
  }
  // Drops everything not yet read (and the line being edited).
  void flush_input();
  uint64_t dropped() const { return dropped_; }

 private:
  void echo_char(char c, Echo* e) const;
  void erase_one(Echo* e);
  bool put_byte(char c);
  size_t pending_line_bytes() const;
  void complete_line();

  uapi::Termios termios_;
  // All input bytes in order: the first ready_ are readable (complete
  // lines in canonical mode, everything otherwise), the rest are the line
  // being edited.
  char buf_[kInputBytes];
  size_t head_ = 0, count_ = 0, ready_ = 0;
  // Canonical: the lengths of the complete lines in buf_ (0 = an end of
  // file without bytes).
  lib::RingQueue<uint16_t, 256> lines_;
  size_t consumed_ = 0;  // bytes of lines_.front() already read
  uint64_t dropped_ = 0;
};

}  // namespace posix_ttysrv
