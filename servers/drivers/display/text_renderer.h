// drivers/display/text_renderer.h — draws a VtScreen into a linear 32-bpp
// framebuffer (XRGB8888, as the bochs display and the boot framebuffer
// have it): one 8x16 glyph per cell from the console font, the xterm
// 256-colour palette (0-15 the VGA colours), reverse video, bold as the
// bright colour of 0-7, underline on the last glyph row, and the cursor as
// an inverted cell when visible. Only the rows VtScreen marked dirty are
// drawn (then the marks are cleared); the cells past the screen's width
// or height and anything outside the framebuffer are never touched.
//
//   display::Surface s{pixels, 1024, 768, 1024};     // width, height, pitch in pixels
//   display::draw_dirty(vt, s);
//
// Freestanding.
#pragma once

#include <stdint.h>

#include "drivers/display/vt_screen.h"

namespace display {

struct Surface {
  uint32_t* pixels = nullptr;
  uint32_t width = 0, height = 0;  // in pixels
  uint32_t pitch = 0;             // pixels from one row to the next
};

inline constexpr uint32_t kDefaultFg = 0xAAAAAA, kDefaultBg = 0x000000;

// The palette entry `i` (0..255) as 0xRRGGBB.
uint32_t palette(uint8_t i);
// The colours a cell is drawn in (attributes applied).
void cell_colours(const Cell& c, uint32_t* fg, uint32_t* bg);
// Draws the dirty rows (all rows with `all`), clears the marks; returns rows drawn.
int draw_dirty(VtScreen& vt, const Surface& s, bool all = false);

}  // namespace display
