// The host terminal of real-time mode, fed by a pipe (or a pseudo-terminal
// for raw mode) instead of stdin: chunks reach the callback inside Asio
// handlers that only wake threads, EOF closes it, it keeps an idle system
// waiting while open, and it gives the input back as it found it.
#include <gtest/gtest.h>

#include <boost/asio/steady_timer.hpp>

#include <chrono>
#include <string>

#include <fcntl.h>
#include <pty.h>
#include <termios.h>
#include <unistd.h>

#include "sim/host/terminal/host_terminal.h"
#include "sim/runtime/sched/scheduler.h"

using namespace sim;

namespace {

struct Pipe {
  int r = -1, w = -1;
  Pipe() {
    int fds[2];
    EXPECT_EQ(::pipe(fds), 0);
    r = fds[0];
    w = fds[1];
  }
  ~Pipe() {
    close_write();
    if (r >= 0) ::close(r);
  }
  void put(std::string_view s) { EXPECT_EQ(::write(w, s.data(), s.size()), static_cast<ssize_t>(s.size())); }
  void close_write() {
    if (w >= 0) ::close(w);
    w = -1;
  }
  std::string drain() {
    std::string out;
    char buf[256];
    int flags = fcntl(r, F_GETFL);
    fcntl(r, F_SETFL, flags | O_NONBLOCK);
    for (ssize_t n; (n = ::read(r, buf, sizeof buf)) > 0;) out.append(buf, static_cast<std::size_t>(n));
    fcntl(r, F_SETFL, flags);
    return out;
  }
};

struct Gate final : WaitTarget {
  Gate() : WaitTarget("host-io", 7) {}
};

struct Realtime {
  RealtimePacer pacer;  // outlives the scheduler and the terminal
  Scheduler s;
  Realtime() { s.set_realtime(&pacer); }
};

}  // namespace

TEST(HostTerminal, ChunksReachTheCallbackAndEofClosesIt) {
  Realtime rt;
  Pipe in, out;
  HostTerminal term(rt.pacer, {.input_fd = in.r, .output_fd = out.w});
  std::string got;
  int eofs = 0;
  term.start([&](std::string_view chunk) { got += chunk; }, [&] { ++eofs; });
  EXPECT_TRUE(term.is_open());
  EXPECT_FALSE(term.is_raw());  // a pipe is just read
  EXPECT_TRUE(rt.pacer.has_host_sources());
  in.put("hello ");
  in.put("world\n");
  in.close_write();
  EXPECT_EQ(rt.s.run(), RunResult::Idle);
  EXPECT_EQ(got, "hello world\n");
  EXPECT_EQ(eofs, 1);
  EXPECT_FALSE(term.is_open());
  EXPECT_FALSE(rt.pacer.has_host_sources());
}

TEST(HostTerminal, InputWakesAThreadAtTheWallClockTime) {
  Realtime rt;
  Pipe in, out;
  HostTerminal term(rt.pacer, {.input_fd = in.r, .output_fd = out.w});
  Gate gate;
  std::string pending;
  std::string seen;
  VTime woke_at = 0;
  Thread& reader = rt.s.spawn("reader", [&] {
    while (seen.find('\n') == std::string::npos) {
      if (pending.empty()) rt.s.block(&gate, WaitKind::Idle);
      seen += std::exchange(pending, {});
    }
    woke_at = rt.s.now();
    term.close();  // the scenario ends the session: nothing keeps the run waiting
  });
  term.start([&](std::string_view chunk) {
    pending += chunk;  // handler context: record and wake, nothing else
    rt.s.wake(reader);
  });
  // The "user" types 20 ms of wall time after the start.
  boost::asio::steady_timer typist(rt.pacer.io(), std::chrono::milliseconds(20));
  typist.async_wait([&](const boost::system::error_code&) { in.put("typed\n"); });
  EXPECT_EQ(rt.s.run(), RunResult::Idle);
  EXPECT_EQ(seen, "typed\n");
  EXPECT_GE(woke_at, 19 * kMs);
  EXPECT_FALSE(rt.pacer.has_host_sources());
}

TEST(HostTerminal, CloseFromTheCallbackStopsReading) {
  Realtime rt;
  Pipe in, out;
  HostTerminal term(rt.pacer, {.input_fd = in.r, .output_fd = out.w});
  int chunks = 0, eofs = 0;
  term.start([&](std::string_view) { ++chunks, term.close(); }, [&] { ++eofs; });
  in.put("quit\n");  // the pipe stays open: only close() can end the run
  EXPECT_EQ(rt.s.run(), RunResult::Idle);
  EXPECT_EQ(chunks, 1);
  EXPECT_EQ(eofs, 0);
  EXPECT_FALSE(rt.pacer.has_host_sources());
}

TEST(HostTerminal, WritesGoToTheOutput) {
  Realtime rt;
  Pipe in, out;
  HostTerminal term(rt.pacer, {.input_fd = in.r, .output_fd = out.w});
  term.write("HELLO\r\n");
  term.write("");
  EXPECT_EQ(out.drain(), "HELLO\r\n");
}

TEST(HostTerminal, AClosedOutputNeitherKillsNorBlocks) {
  Realtime rt;
  Pipe in, out;
  HostTerminal term(rt.pacer, {.input_fd = in.r, .output_fd = out.w});
  ::close(out.r);
  out.r = -1;
  term.write("nobody reads this");  // EPIPE, not SIGPIPE
  term.write("or this");
  SUCCEED();
}

TEST(HostTerminal, InputFlagsAreRestoredOnClose) {
  Realtime rt;
  Pipe in, out;
  const int before = fcntl(in.r, F_GETFL);
  {
    HostTerminal term(rt.pacer, {.input_fd = in.r, .output_fd = out.w});
    term.start([](std::string_view) {});
    EXPECT_TRUE(fcntl(in.r, F_GETFL) & O_NONBLOCK);  // Asio's reading made the shared description non-blocking
  }  // destroyed while open: closes itself
  EXPECT_FALSE(before & O_NONBLOCK);
  EXPECT_EQ(fcntl(in.r, F_GETFL), before);
  EXPECT_FALSE(rt.pacer.has_host_sources());
}

TEST(HostTerminal, ATtyIsRawWhileOpenAndRestoredAfter) {
  int master = -1, slave = -1;
  ASSERT_EQ(openpty(&master, &slave, nullptr, nullptr, nullptr), 0);
  termios before{};
  ASSERT_EQ(tcgetattr(slave, &before), 0);
  ASSERT_TRUE(before.c_lflag & ICANON);
  {
    Realtime rt;
    HostTerminal term(rt.pacer, {.input_fd = slave, .output_fd = slave});
    std::string got;
    term.start([&](std::string_view chunk) {
      got += chunk;
      if (got.find('\r') != std::string::npos) term.close();
    });
    EXPECT_TRUE(term.is_raw());
    termios during{};
    ASSERT_EQ(tcgetattr(slave, &during), 0);
    EXPECT_FALSE(during.c_lflag & (ICANON | ECHO | ISIG));
    EXPECT_TRUE(during.c_oflag & OPOST);  // output processing stays on
    // Raw: the bytes arrive as typed, without waiting for a line, and CR
    // is not turned into NL.
    ASSERT_EQ(::write(master, "a\x03\r", 3), 3);
    EXPECT_EQ(rt.s.run(), RunResult::Idle);
    EXPECT_EQ(got, "a\x03\r");
    EXPECT_FALSE(term.is_raw());
  }
  termios after{};
  ASSERT_EQ(tcgetattr(slave, &after), 0);
  EXPECT_EQ(after.c_lflag, before.c_lflag);
  EXPECT_EQ(after.c_iflag, before.c_iflag);
  EXPECT_EQ(after.c_oflag, before.c_oflag);
  EXPECT_EQ(after.c_cflag, before.c_cflag);
  ::close(master);
  ::close(slave);
}

TEST(HostTerminal, AnExceptionDuringTheRunStillRestoresTheTty) {
  int master = -1, slave = -1;
  ASSERT_EQ(openpty(&master, &slave, nullptr, nullptr, nullptr), 0);
  termios before{};
  ASSERT_EQ(tcgetattr(slave, &before), 0);
  try {
    RealtimePacer pacer;
    HostTerminal term(pacer, {.input_fd = slave, .output_fd = slave});
    term.start([](std::string_view) {});
    throw std::runtime_error("scenario failed");
  } catch (const std::runtime_error&) {
  }
  termios after{};
  ASSERT_EQ(tcgetattr(slave, &after), 0);
  EXPECT_EQ(after.c_lflag, before.c_lflag);
  EXPECT_EQ(after.c_iflag, before.c_iflag);
  ::close(master);
  ::close(slave);
}
