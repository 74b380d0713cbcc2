// The Win32 csrss stubs (trona/clients/win32_client.h) put each field where the
// protocol file says (W32_* 0x100–0x106) and read the replies back, over
// real IPC with a stand-in csrss: console bytes round-trip in chunks, a
// short write stops the loop, handles are checked, statuses map to errno.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "lib/inline_string.h"
#include "stand_in.h"
#include "trona/clients/win32_client.h"
#include "uapi/win32.h"

namespace {

namespace w32 = uapi::win32;
using standin::bytes_of;
using standin::run_pair;
using standin::Seen;
using standin::Word;
constexpr Word kCsrss = standin::kServerEp;

TEST(TronaWin32Client, ResolveImportSendsLengthHintAndName) {
  std::vector<Seen> seen;
  uint64_t rva = 1, missing = 1;
  int e1 = -1, e2 = -1, e_empty = -1;
  run_pair(
      2,
      [](const Seen& s, Word* out, size_t* n) {
        Seen name = s;  // the length is at MR0, the bytes from MR2: unpack as (MR1 = length, MR2..)
        name.mr[1] = s.mr[0];
        out[0] = bytes_of(name, 1) == "ExitProcess" ? 0x1234 : 0;
        *n = 1;
        return uapi::TRONA_OK;
      },
      &seen, [&] {
        trona::Win32Client c(kCsrss);
        e1 = c.resolve_import("ExitProcess", 7, &rva);
        e2 = c.resolve_import("NoSuchExport", 0, &missing);
        e_empty = c.resolve_import("", 0, &missing);
      });
  EXPECT_EQ(e1, 0);
  EXPECT_EQ(rva, 0x1234u);
  EXPECT_EQ(e2, 0);
  EXPECT_EQ(missing, 0u);  // not found is RVA 0, not an error
  EXPECT_EQ(e_empty, uapi::kEINVAL);
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen[0].label, w32::W32_RESOLVE_IMPORT);
  EXPECT_EQ(seen[0].mr[0], 11u);  // name_len
  EXPECT_EQ(seen[0].mr[1], 7u);   // ordinal hint
  EXPECT_EQ(seen[0].mr.size(), 2u + 2u);  // 11 bytes = 2 words after the two header words
}

TEST(TronaWin32Client, ConsoleWriteGoesInChunksAndStopsAtAShortWrite) {
  std::vector<Seen> seen;
  std::string got;
  size_t written = 0, written_short = 0;
  int e1 = -1, e2 = -1;
  const std::string text(400, 'x');
  run_pair(
      4,
      [&](const Seen& s, Word* out, size_t* n) {
        std::string b = bytes_of(s, 0);
        // The first three messages (one 400-byte write) are taken whole;
        // the next write gets a short answer after its first message.
        size_t take = seen.size() <= 3 ? b.size() : 10;
        got += b.substr(0, take);
        out[0] = take;
        *n = 1;
        return uapi::TRONA_OK;
      },
      &seen, [&] {
        trona::Win32Client c(kCsrss);
        e1 = c.console_write(text.data(), text.size(), &written);
        e2 = c.console_write(text.data(), 200, &written_short);
      });
  EXPECT_EQ(e1, 0);
  EXPECT_EQ(written, 400u);
  EXPECT_EQ(e2, 0);
  EXPECT_EQ(written_short, 10u);
  ASSERT_EQ(seen.size(), 4u);  // 152 + 152 + 96, then one message of the short write
  EXPECT_EQ(seen[0].mr[0], trona::Win32Client::kConsoleChunk);
  EXPECT_EQ(seen[2].mr[0], 96u);
  EXPECT_EQ(got, std::string(410, 'x'));
}

TEST(TronaWin32Client, ConsoleReadModesRegisterExitAndErrors) {
  std::vector<Seen> seen;
  char buf[200] = {};
  size_t got = 0;
  uint64_t mode = 0;
  std::vector<int> errs;
  run_pair(
      6,
      [&](const Seen& s, Word* out, size_t* n) {
        switch (s.label) {
          case w32::W32_CONSOLE_READ:
            *n = lib::pack_inline(out, uapi::kMaxMessageRegisters, 0, "dir\r\n");
            return uapi::TRONA_OK;
          case w32::W32_GET_CONSOLE_MODE:
            out[0] = s.mr[0] == w32::kConsoleHandleInput ? w32::DEFAULT_INPUT_MODE : w32::DEFAULT_OUTPUT_MODE;
            *n = 1;
            return uapi::TRONA_OK;
          case w32::W32_SET_CONSOLE_MODE: return s.mr[1] > 7 ? uapi::TRONA_INVALID_ARGUMENT : uapi::TRONA_OK;
          case w32::W32_CLIENT_EXIT: return uapi::TRONA_NOT_FOUND;  // never registered, say
          default: return uapi::TRONA_OK;
        }
      },
      &seen, [&] {
        trona::Win32Client c(kCsrss);
        errs.push_back(c.console_read(buf, 500, &got));  // clamped to one chunk
        errs.push_back(c.get_console_mode(w32::kConsoleHandleInput, &mode));
        errs.push_back(c.set_console_mode(w32::kConsoleHandleOutput, 0x3));
        errs.push_back(c.set_console_mode(w32::kConsoleHandleOutput, 0x100));
        errs.push_back(c.set_console_mode(9, 0));  // no such handle: no call
        errs.push_back(c.client_register());
        errs.push_back(c.client_exit(3));
      });
  EXPECT_EQ(errs, (std::vector<int>{0, 0, 0, uapi::kEINVAL, uapi::kEINVAL, 0, uapi::kENOENT}));
  EXPECT_EQ(std::string(buf, got), "dir\r\n");
  EXPECT_EQ(mode, w32::DEFAULT_INPUT_MODE);
  ASSERT_EQ(seen.size(), 6u);
  EXPECT_EQ(seen[0].label, w32::W32_CONSOLE_READ);
  EXPECT_EQ(seen[0].mr, (std::vector<Word>{trona::Win32Client::kConsoleChunk}));
  EXPECT_EQ(seen[2].mr, (std::vector<Word>{w32::kConsoleHandleOutput, 0x3}));
  EXPECT_EQ(seen[4].label, w32::W32_CLIENT_REGISTER);
  EXPECT_TRUE(seen[4].mr.empty());
  EXPECT_EQ(seen[5].mr, (std::vector<Word>{3}));
}

}  // namespace
