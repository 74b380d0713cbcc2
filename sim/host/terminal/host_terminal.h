// The host terminal in real-time mode: reads host input (stdin by default)
// through a Boost.Asio stream descriptor on the pacer's io_context and
// hands each chunk to a callback; writes bytes (a machine's serial output)
// to host output (stdout by default).
//
// While open it is a host source of the pacer, so an idle simulation waits
// for typing instead of ending; end of input (EOF) or close() closes it.
// An input that is a TTY is put in raw mode (no line editing, no local
// echo, no signals from ^C/^Z: every byte goes to the simulated machine;
// output processing stays on) until close() or destruction, also when the
// run ends by an exception. A pipe or a file is just read.
//
// The callbacks run inside Asio handlers, that is on the scheduler's host
// context while the pacer waits: they may record bytes and wake simulated
// threads, never block or move virtual time. (Feeding a device directly
// from the handler would stamp its events with the virtual time from before
// the wait; let a woken thread do it.) The pacer must outlive the terminal.
#pragma once

#include <boost/asio/posix/stream_descriptor.hpp>

#include <functional>
#include <memory>
#include <optional>
#include <string_view>

#include <termios.h>

#include "sim/runtime/realtime/realtime_pacer.h"

namespace sim {

class HostTerminal {
 public:
  struct Options {
    int input_fd = 0;   // read from here (dup'ed; the caller keeps it open)
    int output_fd = 1;  // write() goes here
    bool raw_if_tty = true;
  };
  using InputFn = std::function<void(std::string_view chunk)>;
  using EofFn = std::function<void()>;

  explicit HostTerminal(RealtimePacer& pacer) : HostTerminal(pacer, Options{}) {}
  HostTerminal(RealtimePacer& pacer, Options opts);
  ~HostTerminal();
  HostTerminal(const HostTerminal&) = delete;
  HostTerminal& operator=(const HostTerminal&) = delete;

  // Opens the input (raw mode if a TTY), registers a host source and starts
  // reading. Throws std::system_error when the input cannot be used.
  void start(InputFn on_input, EofFn on_eof = {});
  // Stops reading, unregisters the host source, restores the input's mode
  // and flags. Idempotent; safe from inside the callbacks. on_eof is not
  // called.
  void close();

  bool is_open() const { return open_; }
  bool is_raw() const { return saved_termios_.has_value(); }

  // Writes every byte to the output (waits while it would block). Output
  // errors (a closed pipe) are dropped: the simulation does not depend on
  // whether anybody reads it.
  void write(std::string_view bytes);

 private:
  struct Reader;
  void read_next();
  void restore_input();

  RealtimePacer& pacer_;
  Options opts_;
  std::optional<boost::asio::posix::stream_descriptor> input_;
  std::shared_ptr<Reader> reader_;  // shared with the pending read's handler
  std::optional<termios> saved_termios_;
  int saved_flags_ = -1;
  bool open_ = false;
  bool output_broken_ = false;
  InputFn on_input_;
  EofFn on_eof_;
};

}  // namespace sim
