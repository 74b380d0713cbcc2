// drivers/console/console.h — the console server's state and policy: the
// COM1 16550 UART (8N1 at 115200, FIFOs, receive and transmit interrupts)
// and the PS/2 keyboard (scan codes through Keymap) as one terminal line.
// Input from both goes into one ring that CONSOLE_READ drains; output
// goes into a ring the UART's transmit interrupt empties 16 bytes (one
// FIFO) at a time. Nothing here blocks: a read with nothing typed and a
// write that does not fit save the caller (Ops::save_caller) and are
// answered from on_interrupt. The termios words are stored; of them the
// console itself applies only OPOST|ONLCR (NL → CR NL on output) and
// ICRNL / INLCR / IGNCR on input — the line discipline (ICANON, ECHO,
// ISIG) is posix_ttysrv's. With a terminal server (Ops::forwarding) what
// is typed goes to it instead of to CONSOLE_READ. Freestanding.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "drivers/console/keymap.h"
#include "drivers/console/ops.h"
#include "lib/ring_queue.h"
#include "lib/span.h"
#include "uapi/wire.h"

namespace console {

inline constexpr int kDeferred = -1;
inline constexpr size_t kRingBytes = 4096;
inline constexpr size_t kMaxWaiting = 16;     // saved readers, and saved writers
inline constexpr size_t kMaxMessageBytes = 152;  // CONSOLE_WRITE / READ payload

// The interrupt bits of the notification the IRQ handlers signal (an
// unbadged notification: bit = 1 << IRQ number).
inline constexpr uint64_t kCom1Bit = uint64_t{1} << 4;
inline constexpr uint64_t kKeyboardBit = uint64_t{1} << 1;

struct Counters {
  uint64_t rx_bytes = 0, key_bytes = 0, tx_bytes = 0, interrupts = 0, dropped_input = 0;
};

class Console {
 public:
  explicit Console(Ops& ops);
  // Programs the UART and the keyboard controller; drains what is pending.
  void init();
  // The bound notification fired with `bits`.
  void on_interrupt(uint64_t bits);

  // CONSOLE_WRITE: all of `data` (≤ 152 bytes) is taken, or the caller
  // waits (kDeferred) until it fits. 0 or a Linux errno.
  int write(lib::Str data, size_t* taken);
  // CONSOLE_READ: up to `max` (1..152) bytes typed so far; none: kDeferred.
  int read(size_t max, char* out, size_t* got);
  void get_termios(uapi::Termios* t) const { *t = termios_; }
  // `when`: TCSANOW 0, TCSADRAIN 1, TCSAFLUSH 2 (that one also drops unread input).
  int set_termios(uint64_t when, const uapi::Termios& t);

  const Counters& counters() const { return counters_; }
  size_t pending_input() const { return input_.size(); }
  size_t pending_output() const { return output_.size(); }

 private:
  struct Reader {
    uint64_t slot = 0;
    size_t max = 0;
  };
  struct Writer {
    uint64_t slot = 0;
    size_t len = 0;
    char bytes[kMaxMessageBytes];
  };
  void com1_interrupt();
  void keyboard_interrupt();
  void input_byte(char c);
  bool queue_output(lib::Str data);  // false when it does not fit (nothing queued)
  size_t output_room(lib::Str data) const;
  void transmit();  // fills the UART's FIFO from the output ring
  void wake_readers();
  void forward_input();
  void wake_writers();

  Ops& ops_;
  Keymap keymap_;
  uapi::Termios termios_{};
  lib::RingQueue<char, kRingBytes> input_, output_;
  lib::RingQueue<Reader, kMaxWaiting> readers_;
  lib::RingQueue<Writer, kMaxWaiting> writers_;
  char pushing_[kMaxMessageBytes];  // taken from input_, not yet taken by the terminal server
  size_t pushing_len_ = 0;
  bool tx_idle_ = true;  // no transmit interrupt is coming: the next write starts the FIFO itself
  Counters counters_;
};

}  // namespace console
