// The text renderer (servers/drivers/display/text_renderer): glyphs from
// the build-time console font in the cell's colours, attributes, the
// cursor, the xterm palette, damage-driven redraws and clipping.
#include <gtest/gtest.h>

#include <vector>

#include "counting_heap.h"
#include "drivers/display/font.h"
#include "drivers/display/text_renderer.h"

namespace {

using display::kGlyphHeight;
using display::kGlyphWidth;

// Whether the cell at (row, col) of `px` shows `cp` in fg on bg.
bool shows(const std::vector<uint32_t>& px, uint32_t pitch, int row, int col, uint32_t cp, uint32_t fg, uint32_t bg,
           bool underline = false) {
  const uint8_t* g = display::glyph(cp);
  for (uint32_t y = 0; y < kGlyphHeight; ++y)
    for (uint32_t x = 0; x < kGlyphWidth; ++x) {
      const bool on = (g[y] & (0x80 >> x)) || (underline && y == kGlyphHeight - 1);
      const uint32_t want = on ? fg : bg;
      if (px[(row * kGlyphHeight + y) * pitch + col * kGlyphWidth + x] != want) return false;
    }
  return true;
}

struct Render : ::testing::Test {
  CountingHeap heap;
  display::VtScreen vt{heap.allocator()};
};

TEST(ConsoleFont, ComesFromThePsfFontWithItsUnicodeTable) {
  EXPECT_EQ(kGlyphWidth, 8u);
  EXPECT_EQ(kGlyphHeight, 16u);
  EXPECT_GE(display::glyph_index('A'), 0);
  EXPECT_GE(display::glyph_index(0xE9), 0);  // é
  EXPECT_NE(display::glyph_index('A'), display::glyph_index('B'));
  const uint8_t* a = display::glyph('A');
  int lit = 0;
  for (unsigned y = 0; y < kGlyphHeight; ++y) lit += __builtin_popcount(a[y]);
  EXPECT_GT(lit, 10);  // a real glyph, not a blank
  EXPECT_EQ(display::glyph_index(0x10FFFF), -1);
  EXPECT_EQ(display::glyph(0x10FFFF), display::glyph(0xFFFD));  // the replacement glyph
}

TEST(ConsoleFont, PaletteIsXterms) {
  EXPECT_EQ(display::palette(1), 0xAA0000u);
  EXPECT_EQ(display::palette(9), 0xFF5555u);
  EXPECT_EQ(display::palette(16), 0x000000u);
  EXPECT_EQ(display::palette(21), 0x0000FFu);
  EXPECT_EQ(display::palette(196), 0xFF0000u);
  EXPECT_EQ(display::palette(231), 0xFFFFFFu);
  EXPECT_EQ(display::palette(232), 0x080808u);
  EXPECT_EQ(display::palette(255), 0xEEEEEEu);
}

TEST_F(Render, CellsAreDrawnInTheirColoursAndAttributes) {
  ASSERT_TRUE(vt.init(2, 4, 0));
  vt.write("\x1b[?25lA\x1b[7mB\x1b[0;4mC\x1b[0;1;31mD");
  const uint32_t pitch = 4 * kGlyphWidth + 3;  // a pitch wider than the picture
  std::vector<uint32_t> px(pitch * 2 * kGlyphHeight, 0x12345678);
  display::Surface s{px.data(), 4 * kGlyphWidth, 2 * kGlyphHeight, pitch};
  EXPECT_EQ(display::draw_dirty(vt, s, true), 2);
  EXPECT_TRUE(shows(px, pitch, 0, 0, 'A', display::kDefaultFg, display::kDefaultBg));
  EXPECT_TRUE(shows(px, pitch, 0, 1, 'B', display::kDefaultBg, display::kDefaultFg));  // reverse
  EXPECT_TRUE(shows(px, pitch, 0, 2, 'C', display::kDefaultFg, display::kDefaultBg, true));
  EXPECT_TRUE(shows(px, pitch, 0, 3, 'D', 0xFF5555, display::kDefaultBg));  // bold red: bright red
  EXPECT_TRUE(shows(px, pitch, 1, 0, ' ', display::kDefaultFg, display::kDefaultBg));
  EXPECT_EQ(px[4 * kGlyphWidth], 0x12345678u);  // past the width, inside the pitch: untouched
}

TEST_F(Render, OnlyDirtyRowsAreRedrawnAndTheCursorFollows) {
  ASSERT_TRUE(vt.init(3, 4, 0));
  const uint32_t pitch = 4 * kGlyphWidth;
  std::vector<uint32_t> px(pitch * 3 * kGlyphHeight);
  display::Surface s{px.data(), pitch, 3 * kGlyphHeight, pitch};
  vt.write("ab");
  display::draw_dirty(vt, s, true);
  EXPECT_TRUE(shows(px, pitch, 0, 2, ' ', display::kDefaultBg, display::kDefaultFg));  // the cursor: inverted
  EXPECT_EQ(display::draw_dirty(vt, s), 0);
  vt.write("\x1b[3;1Hz");
  EXPECT_EQ(display::draw_dirty(vt, s), 2);  // the row left and the row written
  EXPECT_TRUE(shows(px, pitch, 0, 2, ' ', display::kDefaultFg, display::kDefaultBg));  // no cursor there now
  EXPECT_TRUE(shows(px, pitch, 2, 0, 'z', display::kDefaultFg, display::kDefaultBg));
  EXPECT_TRUE(shows(px, pitch, 2, 1, ' ', display::kDefaultBg, display::kDefaultFg));
}

TEST_F(Render, ASmallerFramebufferIsNeverWrittenPast) {
  ASSERT_TRUE(vt.init(4, 10, 0));
  vt.write("0123456789\r\n0123456789\r\n0123456789\r\n0123456789");
  const uint32_t w = 20, h = 20, pitch = 20;
  std::vector<uint32_t> px(pitch * h + 64, 0xDEADBEEF);  // a guard after the picture
  display::Surface s{px.data(), w, h, pitch};
  display::draw_dirty(vt, s, true);
  for (size_t i = pitch * h; i < px.size(); ++i) ASSERT_EQ(px[i], 0xDEADBEEFu) << i;
  display::Surface bad{px.data(), 30, 20, 20};  // pitch below the width: refused
  EXPECT_EQ(display::draw_dirty(vt, bad, true), 0);
}

}  // namespace
