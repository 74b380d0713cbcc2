#include "sim/host/terminal/host_terminal.h"

#include <boost/asio/buffer.hpp>
#include <boost/asio/error.hpp>

#include <array>
#include <cerrno>
#include <csignal>
#include <ctime>
#include <system_error>

#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <unistd.h>

#include "sim/runtime/log/log.h"

namespace sim {

// State the pending read's handler shares with the terminal: the buffer
// and whether the terminal is still open (the handler of a read cancelled
// by close() or destruction must not touch the terminal).
struct HostTerminal::Reader {
  bool alive = true;
  std::array<char, 4096> buf{};
};

namespace {

[[noreturn]] void throw_errno(const char* what) {
  throw std::system_error(errno, std::generic_category(), what);
}

// Raw input as a serial line wants it: bytes as typed, no line editing,
// echo or signal keys; output processing (\n -> \r\n) stays on.
termios raw_mode(termios t) {
  t.c_iflag &= ~static_cast<tcflag_t>(IGNBRK | BRKINT | PARMRK | ISTRIP | INLCR | IGNCR | ICRNL | IXON);
  t.c_lflag &= ~static_cast<tcflag_t>(ECHO | ECHONL | ICANON | ISIG | IEXTEN);
  t.c_cflag &= ~static_cast<tcflag_t>(CSIZE | PARENB);
  t.c_cflag |= CS8;
  t.c_cc[VMIN] = 1;
  t.c_cc[VTIME] = 0;
  return t;
}

// Blocks SIGPIPE while writing, so a reader that went away (`| head`)
// yields EPIPE instead of killing the process with the terminal still raw.
class SigpipeBlock {
 public:
  SigpipeBlock() {
    sigemptyset(&pipe_);
    sigaddset(&pipe_, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &pipe_, &old_);
    sigset_t pending;
    sigpending(&pending);
    was_pending_ = sigismember(&pending, SIGPIPE) == 1;
  }
  ~SigpipeBlock() {
    if (raised_ && !was_pending_) {
      timespec zero{};
      while (sigtimedwait(&pipe_, nullptr, &zero) < 0 && errno == EINTR) {
      }
    }
    pthread_sigmask(SIG_SETMASK, &old_, nullptr);
  }
  SigpipeBlock(const SigpipeBlock&) = delete;
  SigpipeBlock& operator=(const SigpipeBlock&) = delete;
  void raised() { raised_ = true; }

 private:
  sigset_t pipe_{}, old_{};
  bool was_pending_ = false;
  bool raised_ = false;
};

}  // namespace

HostTerminal::HostTerminal(RealtimePacer& pacer, Options opts) : pacer_(pacer), opts_(opts) {}

HostTerminal::~HostTerminal() { close(); }

void HostTerminal::start(InputFn on_input, EofFn on_eof) {
  if (open_) throw std::logic_error("HostTerminal::start: already open");
  on_input_ = std::move(on_input);
  on_eof_ = std::move(on_eof);
  saved_flags_ = fcntl(opts_.input_fd, F_GETFL);
  if (saved_flags_ < 0) throw_errno("host terminal: input");
  int fd = fcntl(opts_.input_fd, F_DUPFD_CLOEXEC, 0);
  if (fd < 0) throw_errno("host terminal: dup input");
  if (opts_.raw_if_tty && isatty(opts_.input_fd)) {
    termios t{};
    if (tcgetattr(opts_.input_fd, &t) == 0) {
      saved_termios_ = t;
      termios raw = raw_mode(t);
      if (tcsetattr(opts_.input_fd, TCSANOW, &raw) != 0) saved_termios_.reset();
    }
  }
  try {
    input_.emplace(pacer_.io(), fd);  // owns fd from here on
  } catch (...) {
    ::close(fd);
    restore_input();
    throw;
  }
  reader_ = std::make_shared<Reader>();
  open_ = true;
  pacer_.add_host_source();
  read_next();
}

void HostTerminal::read_next() {
  input_->async_read_some(boost::asio::buffer(reader_->buf),
                          [this, r = reader_](const boost::system::error_code& ec, std::size_t n) {
                            if (!r->alive) return;
                            if (n > 0 && on_input_) on_input_(std::string_view(r->buf.data(), n));
                            if (!r->alive) return;  // the callback closed us
                            if (!ec) {
                              read_next();
                              return;
                            }
                            if (ec != boost::asio::error::eof)
                              log::get("terminal")->warn("host input: {}; closing it", ec.message());
                            EofFn eof = on_eof_;
                            close();
                            if (eof) eof();
                          });
}

void HostTerminal::close() {
  if (!open_) return;
  open_ = false;
  reader_->alive = false;
  reader_.reset();
  boost::system::error_code ignored;
  input_->close(ignored);  // cancels the pending read
  input_.reset();
  restore_input();
  pacer_.remove_host_source();
}

void HostTerminal::restore_input() {
  if (saved_termios_) {
    tcsetattr(opts_.input_fd, TCSADRAIN, &*saved_termios_);
    saved_termios_.reset();
  }
  // Asio made the shared file description non-blocking; give it back as
  // it was (stdin and stdout are often one terminal).
  if (saved_flags_ >= 0) {
    fcntl(opts_.input_fd, F_SETFL, saved_flags_);
    saved_flags_ = -1;
  }
}

void HostTerminal::write(std::string_view bytes) {
  if (output_broken_ || bytes.empty()) return;
  SigpipeBlock no_sigpipe;
  while (!bytes.empty()) {
    ssize_t n = ::write(opts_.output_fd, bytes.data(), bytes.size());
    if (n > 0) {
      bytes.remove_prefix(static_cast<std::size_t>(n));
    } else if (n < 0 && errno == EINTR) {
      continue;
    } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      pollfd p{opts_.output_fd, POLLOUT, 0};
      ::poll(&p, 1, -1);
    } else {
      if (n < 0 && errno == EPIPE) no_sigpipe.raised();
      output_broken_ = true;
      log::get("terminal")->warn("host output closed; serial output is no longer shown");
      return;
    }
  }
}

}  // namespace sim
