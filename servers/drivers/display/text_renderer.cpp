// display::draw_dirty and the palette (drivers/display/text_renderer.h).
#include "drivers/display/text_renderer.h"

#include "drivers/display/font.h"

namespace display {

namespace {

// The VGA text-mode colours (what the Linux console shows for 0..15).
constexpr uint32_t kVga[16] = {0x000000, 0xAA0000, 0x00AA00, 0xAA5500, 0x0000AA, 0xAA00AA, 0x00AAAA, 0xAAAAAA,
                               0x555555, 0xFF5555, 0x55FF55, 0xFFFF55, 0x5555FF, 0xFF55FF, 0x55FFFF, 0xFFFFFF};

void draw_cell(const Surface& s, uint32_t x0, uint32_t y0, const Cell& c, bool cursor) {
  uint32_t fg = 0, bg = 0;
  cell_colours(c, &fg, &bg);
  if (cursor) {
    const uint32_t t = fg;
    fg = bg, bg = t;
  }
  const uint8_t* rows = glyph(c.ch);
  for (uint32_t y = 0; y < kGlyphHeight && y0 + y < s.height; ++y) {
    uint8_t bits = rows[y];
    if ((c.attrs & kUnderline) && y == kGlyphHeight - 1) bits = 0xFF;
    uint32_t* line = s.pixels + static_cast<uint64_t>(y0 + y) * s.pitch;
    for (uint32_t x = 0; x < kGlyphWidth && x0 + x < s.width; ++x) line[x0 + x] = (bits & (0x80 >> x)) ? fg : bg;
  }
}

}  // namespace

uint32_t palette(uint8_t i) {
  if (i < 16) return kVga[i];
  if (i < 232) {  // the 6x6x6 cube
    const uint8_t n = static_cast<uint8_t>(i - 16);
    auto level = [](int v) { return static_cast<uint32_t>(v == 0 ? 0 : 55 + 40 * v); };
    return level(n / 36) << 16 | level(n / 6 % 6) << 8 | level(n % 6);
  }
  const uint32_t g = 8 + 10 * static_cast<uint32_t>(i - 232);  // the grey ramp
  return g << 16 | g << 8 | g;
}

void cell_colours(const Cell& c, uint32_t* fg, uint32_t* bg) {
  uint8_t f = c.fg;
  if ((c.attrs & kBold) && f < 8) f = static_cast<uint8_t>(f + 8);
  *fg = f == kDefaultColor ? ((c.attrs & kBold) ? 0xFFFFFF : kDefaultFg) : palette(f);
  *bg = c.bg == kDefaultColor ? kDefaultBg : palette(c.bg);
  if (c.attrs & kReverse) {
    const uint32_t t = *fg;
    *fg = *bg, *bg = t;
  }
}

int draw_dirty(VtScreen& vt, const Surface& s, bool all) {
  if (!s.pixels || s.pitch < s.width) return 0;
  int drawn = 0;
  for (int r = 0; r < vt.rows(); ++r) {
    if (!all && !vt.dirty_row(r)) continue;
    const uint32_t y0 = static_cast<uint32_t>(r) * kGlyphHeight;
    if (y0 >= s.height) break;
    for (int c = 0; c < vt.cols(); ++c) {
      const uint32_t x0 = static_cast<uint32_t>(c) * kGlyphWidth;
      if (x0 >= s.width) break;
      const bool cursor = vt.cursor_visible() && r == vt.cursor_row() && c == vt.cursor_col();
      draw_cell(s, x0, y0, vt.cell(r, c), cursor);
    }
    ++drawn;
  }
  vt.clear_damage();
  return drawn;
}

}  // namespace display
