// drivers/display/font.h — the console font: 8-pixel-wide glyphs from the
// PSF font read at build time (servers/CMakeLists.txt: Debian's
// Uni2-VGA16.psf.gz through tools/fontgen), looked up by code point.
//
//   const uint8_t* rows = display::glyph(U'é');   // kGlyphHeight bytes, bit 7 = leftmost pixel
//
// A code point the font lacks draws as U+FFFD (or '?'). Freestanding.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "font/console_font.h"

namespace display {

inline constexpr unsigned kGlyphWidth = font_data::kWidth, kGlyphHeight = font_data::kHeight;

// The glyph index of `cp`, or -1 when the font has none.
inline int glyph_index(uint32_t cp) {
  size_t lo = 0, hi = sizeof font_data::kCodePoints / sizeof font_data::kCodePoints[0];
  while (lo < hi) {
    const size_t mid = (lo + hi) / 2;
    if (font_data::kCodePoints[mid].cp < cp) lo = mid + 1;
    else hi = mid;
  }
  const bool hit = lo < sizeof font_data::kCodePoints / sizeof font_data::kCodePoints[0] &&
                   font_data::kCodePoints[lo].cp == cp;
  return hit ? font_data::kCodePoints[lo].glyph : -1;
}

inline const uint8_t* glyph(uint32_t cp) {
  int g = glyph_index(cp);
  if (g < 0) g = glyph_index(0xFFFD);
  if (g < 0) g = glyph_index('?');
  if (g < 0) g = 0;
  return &font_data::kBitmaps[static_cast<size_t>(g) * kGlyphHeight];
}

}  // namespace display
