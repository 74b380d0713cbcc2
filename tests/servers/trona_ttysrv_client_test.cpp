// The posix_ttysrv stubs (trona/clients/ttysrv_client.h) and VFS_POSIX_ISATTY /
// FCNTL follow the formats designed in servers/uapi/README.md
// ("posix_ttysrv"), over real IPC with a stand-in server: words where the
// README puts them, termios round-trips through its 11 words, byte streams
// are chunked and stop at a short transfer, errors map to errno.
#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <vector>

#include "lib/inline_string.h"
#include "stand_in.h"
#include "trona/clients/ttysrv_client.h"
#include "uapi/linux_numbers.h"
#include "uapi/posix.h"

namespace {

namespace px = uapi::posix;
using standin::bytes_of;
using standin::run_pair;
using standin::Seen;
using standin::Word;
constexpr Word kTty = standin::kServerEp;

TEST(TronaTtysrvClient, TermiosWordsRoundTrip) {
  uapi::Termios t{};
  t.c_iflag = 0x500;
  t.c_oflag = 0x5;
  t.c_cflag = 0xBF;
  t.c_lflag = 0x8A3B;
  t.c_line = 2;
  for (size_t i = 0; i < uapi::kNccs; ++i) t.c_cc[i] = static_cast<uint8_t>(3 * i + 1);
  t.c_ispeed = 38400;
  t.c_ospeed = 9600;
  uint64_t w[uapi::termios::kTermiosWords];
  uapi::termios::to_words(t, w);
  EXPECT_EQ(w[4], 2u);
  EXPECT_EQ(w[5] & 0xFF, 1u);         // c_cc[0]
  EXPECT_EQ(w[8] >> 56, 3u * 31 + 1);  // c_cc[31]
  uapi::Termios back{};
  uapi::termios::from_words(w, &back);
  EXPECT_EQ(std::memcmp(&t, &back, sizeof t), 0);
}

TEST(TronaTtysrvClient, ControllingTerminalAndForegroundGroup) {
  std::vector<Seen> seen;
  uint64_t pgrp = 0;
  std::vector<int> errs;
  run_pair(
      4,
      [](const Seen& s, Word* out, size_t* n) {
        if (s.label == px::POSIX_TTYSRV_GET_FG_PGRP) {
          out[0] = 42;
          *n = 1;
        }
        if (s.label == px::POSIX_TTYSRV_SET_FG_PGRP && s.mr[1] == 7) return uapi::TRONA_INVALID_OPERATION;
        if (s.label == px::POSIX_TTYSRV_DROP_CTTY) return uapi::TRONA_NOT_FOUND;
        return uapi::TRONA_OK;
      },
      &seen, [&] {
        trona::TtysrvClient c(kTty);
        errs.push_back(c.get_fg_pgrp(0, &pgrp));
        errs.push_back(c.set_fg_pgrp(3, 7));
        errs.push_back(c.set_ctty(3, true));
        errs.push_back(c.drop_ctty(9));
      });
  EXPECT_EQ(errs, (std::vector<int>{0, uapi::kEPERM, 0, uapi::kENOENT}));
  EXPECT_EQ(pgrp, 42u);
  ASSERT_EQ(seen.size(), 4u);
  EXPECT_EQ(seen[0].mr, (std::vector<Word>{0}));
  EXPECT_EQ(seen[1].mr, (std::vector<Word>{3, 7}));
  EXPECT_EQ(seen[2].mr, (std::vector<Word>{3, 1}));
}

TEST(TronaTtysrvClient, PtyStreamsAttributesIoctlPoll) {
  std::vector<Seen> seen;
  std::string slave_in;
  uint64_t master = 0, slave = 0, revents = 0, ws[4] = {};
  size_t wrote = 0, got = 0, collected = 0;
  char buf[300] = {}, cbuf[64] = {};
  uapi::Termios t{};
  std::vector<int> errs;
  run_pair(
      11,
      [&](const Seen& s, Word* out, size_t* n) {
        switch (s.label) {
          case px::POSIX_TTYSRV_PTY_ALLOC: out[0] = 5, out[1] = 0x105, *n = 2; break;
          case px::POSIX_TTYSRV_PTY_MASTER_WRITE: {
            std::string b = bytes_of(s, 1);
            slave_in += b;
            out[0] = b.size(), *n = 1;
            break;
          }
          case px::POSIX_TTYSRV_PTY_READ:
            *n = lib::pack_inline(out, uapi::kMaxMessageRegisters, 0, lib::Str(slave_in.data(), s.mr[1]));
            break;
          case px::POSIX_TTYSRV_PTY_WRITE: out[0] = 0, *n = 1; break;  // nothing taken: a short write
          case px::POSIX_TTYSRV_PTY_COLLECT: *n = lib::pack_inline(out, uapi::kMaxMessageRegisters, 0, "$ "); break;
          case px::POSIX_TTYSRV_PTY_TCGETATTR: {
            uapi::Termios tt{};
            tt.c_lflag = 0x8A3B;
            tt.c_cc[0] = 3;
            uapi::termios::to_words(tt, out);
            *n = uapi::termios::kTermiosWords;
            break;
          }
          case px::POSIX_TTYSRV_PTY_TCSETATTR: return s.mr.size() == 2 + uapi::termios::kTermiosWords ? uapi::TRONA_OK
                                                                                             : uapi::TRONA_INVALID_ARGUMENT;
          case px::POSIX_TTYSRV_PTY_IOCTL: out[0] = 24, out[1] = 80, *n = 2; break;
          case px::POSIX_TTYSRV_PTY_POLL: out[0] = s.mr[1] & 1, *n = 1; break;
          case px::POSIX_TTYSRV_PTY_CLOSE: return s.mr[0] == 5 ? uapi::TRONA_OK : uapi::TRONA_INVALID_CAPABILITY;
          default: break;
        }
        return uapi::TRONA_OK;
      },
      &seen, [&] {
        trona::TtysrvClient c(kTty);
        const std::string cmd(200, 'a');
        errs.push_back(c.pty_alloc(&master, &slave));
        errs.push_back(c.pty_master_write(master, cmd.data(), cmd.size(), &wrote));  // 152 + 48: 2 messages
        errs.push_back(c.pty_read(master, buf, sizeof buf, false, &got));             // clamped to 152
        size_t w2 = 99;
        errs.push_back(c.pty_write(master, "x", 1, &w2));
        errs.push_back(w2 == 0 ? 0 : -1);
        errs.push_back(c.pty_collect(master, cbuf, sizeof cbuf, &collected));
        errs.push_back(c.pty_tcgetattr(master, &t));
        errs.push_back(c.pty_tcsetattr(master, 0, t));
        errs.push_back(c.pty_tcsetattr(master, 3, t));  // bad `when`: no call
        errs.push_back(c.pty_ioctl(master, 0x5413, 0, ws));
        errs.push_back(c.pty_poll(master, 1, &revents));
        errs.push_back(c.pty_close(master, trona::PtySide::kMaster));
      });
  EXPECT_EQ(errs, (std::vector<int>{0, 0, 0, 0, 0, 0, 0, 0, uapi::kEINVAL, 0, 0, 0}));
  EXPECT_EQ(master, 5u);
  EXPECT_EQ(slave, 0x105u);
  EXPECT_EQ(wrote, 200u);
  EXPECT_EQ(slave_in, std::string(200, 'a'));
  EXPECT_EQ(got, trona::TtysrvClient::kChunk);
  EXPECT_EQ(std::string(cbuf, collected), "$ ");
  EXPECT_EQ(t.c_lflag, 0x8A3Bu);
  EXPECT_EQ(t.c_cc[0], 3u);
  EXPECT_EQ(ws[0], 24u);
  EXPECT_EQ(ws[1], 80u);
  EXPECT_EQ(revents, 1u);
  ASSERT_EQ(seen.size(), 11u);
  EXPECT_EQ(seen[3].mr, (std::vector<Word>{5, trona::TtysrvClient::kChunk, 0}));  // the read: pty, max, nonblock
  EXPECT_EQ(seen[8].mr, (std::vector<Word>{5, 0x5413, 0}));                      // the ioctl
}

TEST(TronaTtysrvClient, InputEventClientExitIsattyFcntl) {
  std::vector<Seen> seen;
  bool yes = false;
  uint64_t flags = 0;
  std::vector<int> errs;
  run_pair(
      4,
      [](const Seen& s, Word* out, size_t* n) {
        if (s.label == px::VFS_POSIX_ISATTY) out[0] = s.mr[0] == 0 ? 1 : 0, *n = 1;
        if (s.label == px::VFS_POSIX_FCNTL) {
          if (s.mr[0] == 99) return uapi::TRONA_INVALID_CAPABILITY;  // no such fd
          out[0] = 0x802, *n = 1;
        }
        return uapi::TRONA_OK;
      },
      &seen, [&] {
        trona::TtysrvClient c(kTty);
        errs.push_back(c.input_event("ls\r", 3));
        errs.push_back(c.input_event(std::string(200, 'k').data(), 200));  // too long for one event: no call
        errs.push_back(c.client_exit(17));
        errs.push_back(trona::TtysrvClient::isatty(kTty, 0, &yes));
        errs.push_back(trona::TtysrvClient::fcntl(kTty, 3, 3, 0, &flags));
      });
  EXPECT_EQ(errs, (std::vector<int>{0, uapi::kEINVAL, 0, 0, 0}));
  EXPECT_TRUE(yes);
  EXPECT_EQ(flags, 0x802u);
  ASSERT_EQ(seen.size(), 4u);
  EXPECT_EQ(bytes_of(seen[0], 0), "ls\r");
  EXPECT_EQ(seen[1].mr, (std::vector<Word>{17}));
  EXPECT_EQ(seen[3].mr, (std::vector<Word>{3, 3, 0}));
}

}  // namespace
