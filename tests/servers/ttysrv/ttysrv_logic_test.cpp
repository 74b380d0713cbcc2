// posix_ttysrv's logic (servers/personalities/posix_ttysrv) with a fake
// procmgr and console: canonical editing, echo, the signal characters to
// the foreground group only, a background read's SIGTTIN, VMIN/VTIME,
// window size and SIGWINCH, sessions, and a pty master/slave round trip.
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "lib/allocator.h"
#include "personalities/posix_ttysrv/line.h"
#include "personalities/posix_ttysrv/ttysrv.h"
#include "proto/posix_ttysrv.h"
#include "counting_heap.h"
#include "uapi/errno_status.h"
#include "uapi/linux_numbers.h"
#include "uapi/termios.h"

namespace {

using namespace posix_ttysrv;
using namespace uapi::termios;

struct Proc {
  uint64_t pgid, sid;
};

struct FakeSystem final : Ops {
  std::map<uint64_t, Proc> by_badge;  // badge -> ids
  std::map<uint64_t, uint64_t> sid_of;  // pid -> sid
  std::vector<std::pair<uint64_t, int>> signals;
  std::string console;
  uint64_t now = 1'000'000'000;
  uint64_t next_slot = 100;
  std::map<uint64_t, std::string> answered;  // slot -> data of a PTY_READ / COLLECT reply
  std::map<uint64_t, uint64_t> statuses;
  bool callers_gone = false;

  bool save_caller(uint64_t* slot) override {
    *slot = next_slot++;
    return true;
  }
  bool reply_saved(uint64_t slot, const lib::Reply& rp) override {
    if (callers_gone) return false;
    statuses[slot] = rp.label;
    proto::posix_ttysrv::PosixTtysrvPtyRead::Reply r;
    // PTY_READ and PTY_COLLECT replies have the same shape (count, bytes).
    if (rp.label == uapi::TRONA_OK && rp.length > 0 && proto::posix_ttysrv::decode(rp.mr, rp.length, &r))
      answered[slot] = std::string(r.data_buf, r.data_len);
    return true;
  }
  int ids_of(uint64_t badge, uint64_t* pgid, uint64_t* sid) override {
    auto it = by_badge.find(badge);
    if (it == by_badge.end()) return uapi::kESRCH;
    *pgid = it->second.pgid;
    *sid = it->second.sid;
    return 0;
  }
  int sid_of_pid(uint64_t pid, uint64_t* sid) override {
    auto it = sid_of.find(pid);
    if (it == sid_of.end()) return uapi::kESRCH;
    *sid = it->second;
    return 0;
  }
  void kill_pgrp(uint64_t pgrp, int sig) override { signals.emplace_back(pgrp, sig); }
  void console_write(const char* data, size_t n) override { console.append(data, n); }
  uint64_t monotonic_ns() override { return now; }
};

// The shell (badge 10, pid 10) leads session 10; a foreground job in group
// 20 (badge 20) and a background job in group 30 (badge 30), same session.
struct TtysrvLogic : ::testing::Test {
  FakeSystem sys;
  CountingHeap heap;
  Ttysrv tty{heap.allocator(), sys};
  void SetUp() override {
    sys.by_badge[10] = {10, 10};
    sys.by_badge[20] = {20, 10};
    sys.by_badge[30] = {30, 10};
    sys.by_badge[40] = {40, 40};  // another session
    sys.sid_of = {{10, 10}, {20, 10}, {30, 10}, {40, 40}};
  }
  void type(const std::string& s) { ASSERT_EQ(tty.input_event(0, lib::Str(s.data(), s.size())), 0); }
  int read(uint64_t badge, std::string* out, size_t max = 152, bool nonblock = false, uint64_t id = kConsoleTty) {
    char buf[152];
    size_t got = 0;
    int e = tty.read(badge, id, max, nonblock, buf, &got);
    *out = std::string(buf, got);
    return e;
  }
  void take_session() { ASSERT_EQ(tty.set_ctty(10, kConsoleTty, false), 0); }
  void set_lflag(uint32_t on, uint32_t off, uint64_t id = kConsoleTty) {
    uapi::Termios t;
    ASSERT_EQ(tty.tcgetattr(10, id, &t), 0);
    t.c_lflag = (t.c_lflag | on) & ~off;
    ASSERT_EQ(tty.tcsetattr(10, id, kTCSANOW, t), 0);
  }
};

TEST_F(TtysrvLogic, CanonicalEditingEraseKillAndEndOfFile) {
  type("lx\x7fs -l\r");
  std::string got;
  ASSERT_EQ(read(10, &got), 0);
  EXPECT_EQ(got, "ls -l\n");
  EXPECT_EQ(sys.console, "lx\b \bs -l\r\n");  // ECHOE erases on screen; NL echoed as CR NL
  sys.console.clear();
  type("wrong\x15right\r");  // ^U kills the line (ECHOKE: erased on screen)
  ASSERT_EQ(read(10, &got), 0);
  EXPECT_EQ(got, "right\n");
  EXPECT_EQ(sys.console.substr(0, 5), "wrong");
  EXPECT_NE(sys.console.find("\b \b\b \b\b \b\b \b\b \b"), std::string::npos);
  type("half\x04");  // ^D ends the line without a newline
  ASSERT_EQ(read(10, &got), 0);
  EXPECT_EQ(got, "half");
  type("\x04");  // ^D on an empty line: end of file
  ASSERT_EQ(read(10, &got), 0);
  EXPECT_EQ(got, "");
  type("one two\x17three\r");  // ^W erases a word
  ASSERT_EQ(read(10, &got), 0);
  EXPECT_EQ(got, "one three\n");
}

TEST_F(TtysrvLogic, AReadTakesOneLineAtATimeAndAtMostItsMax) {
  type("first\rsecond\r");
  std::string got;
  ASSERT_EQ(read(10, &got, 3), 0);
  EXPECT_EQ(got, "fir");
  ASSERT_EQ(read(10, &got), 0);
  EXPECT_EQ(got, "st\n");
  ASSERT_EQ(read(10, &got), 0);
  EXPECT_EQ(got, "second\n");
  EXPECT_EQ(read(10, &got, 152, true), uapi::kEAGAIN);  // nothing: O_NONBLOCK
}

TEST_F(TtysrvLogic, AWaitingReaderIsAnsweredWhenTheLineEnds) {
  std::string got;
  ASSERT_EQ(read(10, &got), kDeferred);
  type("abc");
  EXPECT_TRUE(sys.answered.empty());  // no line yet
  type("\r");
  ASSERT_EQ(sys.answered.size(), 1u);
  EXPECT_EQ(sys.answered.begin()->second, "abc\n");
}

TEST_F(TtysrvLogic, AReaderThatWentAwayLosesNothing) {
  std::string got;
  ASSERT_EQ(read(10, &got), kDeferred);
  sys.callers_gone = true;
  type("kept\r");
  sys.callers_gone = false;
  ASSERT_EQ(read(10, &got), 0);
  EXPECT_EQ(got, "kept\n");
}

TEST_F(TtysrvLogic, EchoOffAndEchoNl) {
  set_lflag(kECHONL, kECHO);
  type("secret\r");
  EXPECT_EQ(sys.console, "\r\n");
  std::string got;
  ASSERT_EQ(read(10, &got), 0);
  EXPECT_EQ(got, "secret\n");
}

TEST_F(TtysrvLogic, ControlCharactersSignalOnlyTheForegroundGroup) {
  take_session();
  ASSERT_EQ(tty.set_fg_pgrp(10, kConsoleTty, 20), 0);
  type("typed\x03");
  type("\x1c");
  type("\x1a");
  ASSERT_EQ(sys.signals.size(), 3u);
  EXPECT_EQ(sys.signals[0], std::make_pair(uint64_t{20}, uapi::kSIGINT));
  EXPECT_EQ(sys.signals[1], std::make_pair(uint64_t{20}, uapi::kSIGQUIT));
  EXPECT_EQ(sys.signals[2], std::make_pair(uint64_t{20}, uapi::kSIGTSTP));
  EXPECT_NE(sys.console.find("^C"), std::string::npos);  // ECHOCTL
  std::string got;
  EXPECT_EQ(read(20, &got, 152, true), uapi::kEAGAIN);  // ^C flushed "typed"
  set_lflag(0, kISIG);
  type("\x03\r");  // without ISIG it is just a byte
  ASSERT_EQ(read(20, &got), 0);
  EXPECT_EQ(got, "\x03\n");
  EXPECT_EQ(sys.signals.size(), 3u);
}

TEST_F(TtysrvLogic, ABackgroundReadGetsSigttinAndATostopWriteSigttou) {
  take_session();
  ASSERT_EQ(tty.set_fg_pgrp(10, kConsoleTty, 20), 0);
  std::string got;
  EXPECT_EQ(read(30, &got), uapi::kEINTR);
  ASSERT_EQ(sys.signals.size(), 1u);
  EXPECT_EQ(sys.signals[0], std::make_pair(uint64_t{30}, uapi::kSIGTTIN));
  size_t taken = 0;
  EXPECT_EQ(tty.write(30, kConsoleTty, lib::Str("bg\n"), &taken), 0);  // no TOSTOP: background output is allowed
  set_lflag(kTOSTOP, 0);
  EXPECT_EQ(tty.write(30, kConsoleTty, lib::Str("bg\n"), &taken), uapi::kEINTR);
  EXPECT_EQ(sys.signals.back(), std::make_pair(uint64_t{30}, uapi::kSIGTTOU));
  EXPECT_EQ(read(40, &got, 152, true), uapi::kEAGAIN);  // another session: no job control, just no data
  EXPECT_EQ(sys.console, "bg\r\n");
}

TEST_F(TtysrvLogic, SessionsAndTheForegroundGroup) {
  uint64_t pgrp = 0;
  EXPECT_EQ(tty.get_fg_pgrp(10, 0, &pgrp), uapi::kENOTTY);  // no controlling tty yet
  take_session();
  ASSERT_EQ(tty.get_fg_pgrp(20, 0, &pgrp), 0);
  EXPECT_EQ(pgrp, 10u);  // the leader's group
  EXPECT_EQ(tty.set_ctty(40, kConsoleTty, false), uapi::kEPERM);  // another session's terminal
  EXPECT_EQ(tty.set_fg_pgrp(10, 0, 40), uapi::kEPERM);            // a group of another session
  EXPECT_EQ(tty.set_fg_pgrp(40, kConsoleTty, 40), uapi::kENOTTY);  // not its controlling terminal
  ASSERT_EQ(tty.set_fg_pgrp(10, 0, 30), 0);
  uint64_t out[4];
  ASSERT_EQ(tty.ioctl(20, kConsoleTty, uapi::kTIOCGPGRP, 0, out), 0);
  EXPECT_EQ(out[0], 30u);
  ASSERT_EQ(tty.ioctl(10, kConsoleTty, uapi::kTIOCGSID, 0, out), 0);
  EXPECT_EQ(out[0], 10u);
  EXPECT_EQ(tty.ioctl(10, kConsoleTty, 0x1234, 0, out), uapi::kENOTTY);
  ASSERT_EQ(tty.drop_ctty(10, 0), 0);
  EXPECT_EQ(tty.get_fg_pgrp(10, 0, &pgrp), uapi::kENOTTY);
  ASSERT_EQ(tty.set_ctty(40, kConsoleTty, false), 0);  // free again
}

TEST_F(TtysrvLogic, WindowSizeAndSigwinch) {
  take_session();
  uint64_t out[4];
  ASSERT_EQ(tty.ioctl(10, kConsoleTty, uapi::kTIOCGWINSZ, 0, out), 0);
  EXPECT_EQ(out[0], 24u);
  EXPECT_EQ(out[1], 80u);
  const uint64_t ws = 50 | (uint64_t{132} << 16);
  ASSERT_EQ(tty.ioctl(10, kConsoleTty, uapi::kTIOCSWINSZ, ws, out), 0);
  ASSERT_EQ(sys.signals.size(), 1u);
  EXPECT_EQ(sys.signals[0], std::make_pair(uint64_t{10}, uapi::kSIGWINCH));
  ASSERT_EQ(tty.ioctl(10, kConsoleTty, uapi::kTIOCSWINSZ, ws, out), 0);  // unchanged: no signal
  EXPECT_EQ(sys.signals.size(), 1u);
  ASSERT_EQ(tty.ioctl(10, kConsoleTty, uapi::kTIOCGWINSZ, 0, out), 0);
  EXPECT_EQ(out[0], 50u);
  EXPECT_EQ(out[1], 132u);
}

TEST_F(TtysrvLogic, RawModeVminAndVtime) {
  uapi::Termios t;
  ASSERT_EQ(tty.tcgetattr(10, kConsoleTty, &t), 0);
  t.c_lflag &= ~(kICANON | kECHO);
  t.c_cc[kVMIN] = 3;
  t.c_cc[kVTIME] = 0;
  ASSERT_EQ(tty.tcsetattr(10, kConsoleTty, kTCSANOW, t), 0);
  std::string got;
  ASSERT_EQ(read(10, &got), kDeferred);
  type("ab");
  EXPECT_TRUE(sys.answered.empty());
  type("c\r");
  ASSERT_EQ(sys.answered.size(), 1u);
  EXPECT_EQ(sys.answered.begin()->second, "abc\n");  // ICRNL still applies
  EXPECT_EQ(sys.console, "");                          // ECHO off
  // VMIN 0, VTIME 5: a read waits at most 0.5 s.
  t.c_cc[kVMIN] = 0;
  t.c_cc[kVTIME] = 5;
  ASSERT_EQ(tty.tcsetattr(10, kConsoleTty, kTCSANOW, t), 0);
  sys.answered.clear();
  ASSERT_EQ(read(10, &got), kDeferred);
  EXPECT_EQ(tty.next_deadline(), sys.now + 500'000'000);
  sys.now += 500'000'000;
  tty.on_deadline(sys.now);
  ASSERT_EQ(sys.answered.size(), 1u);
  EXPECT_EQ(sys.answered.begin()->second, "");  // timed out with nothing
  // VMIN 0, VTIME 0: a poll.
  t.c_cc[kVTIME] = 0;
  ASSERT_EQ(tty.tcsetattr(10, kConsoleTty, kTCSANOW, t), 0);
  EXPECT_EQ(read(10, &got), 0);
  EXPECT_EQ(got, "");
}

TEST_F(TtysrvLogic, APtyCarriesOutputToTheMasterAndMasterInputToTheSlave) {
  uint64_t master = 0, slave = 0;
  ASSERT_EQ(tty.pty_alloc(&master, &slave), 0);
  EXPECT_EQ(master, kFirstPtyMaster);
  EXPECT_EQ(slave, kFirstPtySlave);
  size_t taken = 0;
  ASSERT_EQ(tty.write(10, slave, lib::Str("hi\n"), &taken), 0);
  char buf[152];
  size_t got = 0;
  ASSERT_EQ(tty.pty_collect(master, sizeof buf, buf, &got), 0);
  EXPECT_EQ(std::string(buf, got), "hi\r\n");
  ASSERT_EQ(tty.pty_master_write(master, lib::Str("echo\r"), &taken), 0);
  EXPECT_EQ(taken, 5u);
  std::string line;
  ASSERT_EQ(read(10, &line, 152, false, slave), 0);
  EXPECT_EQ(line, "echo\n");
  ASSERT_EQ(tty.pty_collect(master, sizeof buf, buf, &got), 0);
  EXPECT_EQ(std::string(buf, got), "echo\r\n");  // the slave's echo
  // A master read with nothing waits; the slave's write answers it.
  ASSERT_EQ(tty.pty_collect(master, sizeof buf, buf, &got), kDeferred);
  ASSERT_EQ(tty.write(10, slave, lib::Str("later"), &taken), 0);
  ASSERT_EQ(sys.answered.size(), 1u);
  EXPECT_EQ(sys.answered.begin()->second, "later");
  uint64_t rev = 0;
  ASSERT_EQ(tty.poll(10, slave, uapi::kPOLLIN | uapi::kPOLLOUT, &rev), 0);
  EXPECT_EQ(rev, static_cast<uint64_t>(uapi::kPOLLOUT));
  // Closing the master hangs the slave up: end of file, EIO on write.
  ASSERT_EQ(tty.pty_close(master, 0), 0);
  ASSERT_EQ(read(10, &line, 152, false, slave), 0);
  EXPECT_EQ(line, "");
  EXPECT_EQ(tty.write(10, slave, lib::Str("x"), &taken), uapi::kEIO);
  ASSERT_EQ(tty.pty_close(slave, 1), 0);
  EXPECT_EQ(tty.find(slave), nullptr);  // both sides closed: free
  EXPECT_EQ(tty.pty_close(slave, 1), uapi::kEBADF);
}

TEST_F(TtysrvLogic, PtysRunOutWithEnospcAndBadIdsAreRefused) {
  uint64_t m, s;
  for (size_t i = 0; i < kMaxPtys; ++i) ASSERT_EQ(tty.pty_alloc(&m, &s), 0);
  EXPECT_EQ(tty.pty_alloc(&m, &s), uapi::kENOSPC);
  std::string got;
  EXPECT_EQ(read(10, &got, 152, false, 50), uapi::kENXIO);
  EXPECT_EQ(read(10, &got, 152, false, kFirstPtyMaster), uapi::kENOTTY);
  EXPECT_EQ(tty.input_event(10, lib::Str("x")), uapi::kEPERM);  // only the console (badge 0)
  uapi::Termios t{};
  EXPECT_EQ(tty.tcsetattr(10, kConsoleTty, 3, t), uapi::kEINVAL);
}

}  // namespace
