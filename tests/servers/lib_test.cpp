// servers/lib: the freestanding support library.
#include <gtest/gtest.h>

#include <cstdint>
#include <string>

#include "lib/arena.h"
#include "lib/bitmap.h"
#include "lib/diagnostics.h"
#include "lib/fixed_map.h"
#include "lib/fixed_string.h"
#include "lib/fixed_vector.h"
#include "lib/format.h"
#include "lib/inline_string.h"
#include "lib/parse.h"
#include "lib/ring_queue.h"
#include "lib/split.h"

namespace {

using lib::Str;

std::string s(Str v) { return std::string(v.data, v.size); }

TEST(LibStr, CompareTrimFind) {
  Str a("  Hello World \t");
  EXPECT_EQ(s(a.trim()), "Hello World");
  EXPECT_TRUE(Str("Type").equals_nocase("tYPE"));
  EXPECT_FALSE(Str("Type").equals("type"));
  EXPECT_EQ(Str("a.b.c").rfind('.'), 3u);
  EXPECT_EQ(Str("abc").find('z'), Str::npos);
  EXPECT_LT(Str("abc").compare("abd"), 0);
  EXPECT_LT(Str("ab").compare("abc"), 0);
  EXPECT_EQ(Str("abc").compare("abc"), 0);
  EXPECT_TRUE(Str("vfs.service").ends_with(".service"));
  EXPECT_EQ(s(Str("abc").sub(5)), "");
}

TEST(LibSplit, WordsLinesSplitAt) {
  lib::Words w(" a, b  c ", true);
  std::string out;
  for (Str f; w.next(&f);) out += s(f) + "|";
  EXPECT_EQ(out, "a|b|c|");
  lib::Lines l("one\r\ntwo\n\nfour");
  std::string lines;
  for (Str f; l.next(&f);) lines += std::to_string(l.number()) + ":" + s(f) + ";";
  EXPECT_EQ(lines, "1:one;2:two;3:;4:four;");
  Str left, right;
  EXPECT_TRUE(lib::split_at("k=v=w", '=', &left, &right));
  EXPECT_EQ(s(left), "k");
  EXPECT_EQ(s(right), "v=w");
  EXPECT_FALSE(lib::split_at("kv", '=', &left, &right));
}

TEST(LibParse, NumbersWithOverflowCheck) {
  uint64_t v = 0;
  EXPECT_EQ(lib::parse_u64("18446744073709551615", &v), lib::ParseError::kOk);
  EXPECT_EQ(v, UINT64_MAX);
  EXPECT_EQ(lib::parse_u64("18446744073709551616", &v), lib::ParseError::kOverflow);
  EXPECT_EQ(lib::parse_u64("0x1F", &v), lib::ParseError::kOk);
  EXPECT_EQ(v, 31u);
  EXPECT_EQ(lib::parse_u64("0x", &v), lib::ParseError::kBadDigit);
  EXPECT_EQ(lib::parse_u64("", &v), lib::ParseError::kEmpty);
  EXPECT_EQ(lib::parse_u64("12a", &v), lib::ParseError::kBadDigit);
  EXPECT_EQ(lib::parse_u64("-1", &v), lib::ParseError::kBadDigit);
  EXPECT_EQ(lib::parse_u64_max("17", 16, &v), lib::ParseError::kOverflow);
  bool b = false;
  EXPECT_TRUE(lib::parse_bool("YES", &b));
  EXPECT_TRUE(b);
  EXPECT_TRUE(lib::parse_bool("off", &b));
  EXPECT_FALSE(b);
  EXPECT_FALSE(lib::parse_bool("maybe", &b));
}

TEST(LibContainers, FixedVectorMapQueueBitmapString) {
  lib::FixedVector<int, 3> v;
  EXPECT_TRUE(v.push_back(1) && v.push_back(2) && v.push_back(3));
  EXPECT_FALSE(v.push_back(4));
  v.erase(0);
  EXPECT_EQ(v.size(), 2u);
  EXPECT_EQ(v[0], 2);

  lib::FixedMap<int, int, 2> m;
  *m.get_or_insert(5) = 50;
  *m.get_or_insert(6) = 60;
  EXPECT_EQ(m.get_or_insert(7), nullptr);
  EXPECT_EQ(*m.find(6), 60);
  EXPECT_TRUE(m.erase(5));
  EXPECT_EQ(m.find(5), nullptr);

  lib::RingQueue<int, 2> q;
  int x = 0;
  EXPECT_TRUE(q.push(1) && q.push(2));
  EXPECT_FALSE(q.push(3));
  EXPECT_TRUE(q.pop(&x));
  EXPECT_EQ(x, 1);
  EXPECT_TRUE(q.push(3));
  EXPECT_TRUE(q.pop(&x) && q.pop(&x));
  EXPECT_EQ(x, 3);
  EXPECT_FALSE(q.pop(&x));

  lib::Bitmap<130> bm;
  EXPECT_EQ(bm.allocate(), 0u);
  bm.set(1);
  bm.set(129);
  EXPECT_EQ(bm.allocate(), 2u);
  EXPECT_EQ(bm.count(), 4u);
  bm.clear(1);
  EXPECT_EQ(bm.find_clear(), 1u);
  EXPECT_FALSE(bm.test(500));

  lib::FixedString<4> fs;
  EXPECT_TRUE(fs.assign("abcd"));
  EXPECT_FALSE(fs.assign("abcde"));
  EXPECT_EQ(std::string(fs.c_str()), "abcd");
}

TEST(LibArena, AllocateFreeCoalesce) {
  alignas(16) static unsigned char mem[4096];
  lib::Arena a(mem, sizeof mem);
  size_t total = a.bytes_free();
  EXPECT_EQ(total, 4096u);
  void* p = a.allocate(100);
  void* q = a.allocate(200);
  void* r = a.allocate(300);
  ASSERT_TRUE(p && q && r);
  EXPECT_EQ(reinterpret_cast<uintptr_t>(q) % 16, 0u);
  EXPECT_EQ(a.allocate(8000), nullptr);
  a.free(q);
  EXPECT_EQ(a.allocate(200), q);  // first fit reuses the hole
  a.free(p);
  a.free(r);
  a.free(q);
  EXPECT_EQ(a.bytes_free(), total);                  // all coalesced
  EXPECT_NE(a.allocate(4096 - 32), nullptr);  // one block again
}

TEST(LibFormat, TruncatesSafely) {
  char buf[8];
  lib::Formatter f(buf, sizeof buf);
  f.put("ab").dec(1234).hex(255);
  EXPECT_EQ(std::string(buf), "ab12340");
  EXPECT_TRUE(f.truncated());
  char big[40];
  lib::Formatter g(big, sizeof big);
  g.dec(0).put(' ').hex(0xdeadbeef).put(' ').dec(UINT64_MAX);
  EXPECT_EQ(std::string(big), "0 0xdeadbeef 18446744073709551615");
}

TEST(LibInlineString, PackUnpackRoundTrip) {
  uint64_t mr[20] = {};
  EXPECT_EQ(lib::pack_inline(mr, 20, 1, "console-service"), 1u + 1 + 2);
  EXPECT_EQ(mr[1], 15u);
  EXPECT_EQ(mr[2], 0x2d656c6f736e6f63ULL);  // "console-" little-endian
  char out[32];
  size_t len = 0;
  EXPECT_EQ(lib::unpack_inline(mr, 4, 1, out, sizeof out, &len), lib::UnpackError::kOk);
  EXPECT_EQ(std::string(out, len), "console-service");
  EXPECT_EQ(lib::unpack_inline(mr, 3, 1, out, sizeof out, &len), lib::UnpackError::kTruncated);
  EXPECT_EQ(lib::unpack_inline(mr, 4, 1, out, 8, &len), lib::UnpackError::kTooLong);
  EXPECT_EQ(lib::pack_inline(mr, 3, 0, std::string(24, 'x').c_str()), 0u);  // does not fit
}

TEST(LibDiagnostics, PrefixesAndCounts) {
  lib::Diagnostics d;
  d.error("a.service", 3).put("bad");
  d.warning("a.service", 0).put("meh");
  EXPECT_EQ(d.errors(), 1u);
  EXPECT_EQ(d.warnings(), 1u);
  EXPECT_EQ(std::string(d[0].text), "a.service:3: bad");
  EXPECT_EQ(std::string(d[1].text), "a.service: warning: meh");
  EXPECT_EQ(s(d.first_error()), "a.service:3: bad");
  for (int i = 0; i < 40; ++i) d.error("x", 1).put("more");
  EXPECT_EQ(d.size(), lib::Diagnostics::kMax);
  EXPECT_EQ(d.errors(), 41u);
}

}  // namespace
