// Video memory and the current linear mode (width, height, pitch, bpp) as
// a bootloader leaves it: real bytes the OS maps and writes. Pixels are
// little-endian XRGB8888 at 32 bpp, BGR at 24, RGB565 at 16.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace hw {

struct DisplayMode {
  std::uint32_t width = 1024, height = 768, bpp = 32;
  std::uint32_t pitch() const { return width * ((bpp + 7) / 8); }
};

class Framebuffer {
 public:
  explicit Framebuffer(std::uint64_t vram_bytes, DisplayMode mode = {});
  ~Framebuffer();
  Framebuffer(const Framebuffer&) = delete;
  Framebuffer& operator=(const Framebuffer&) = delete;

  std::uint8_t* vram() { return vram_; }
  std::uint64_t vram_size() const { return vram_size_; }
  const DisplayMode& mode() const { return mode_; }
  std::uint32_t pitch() const { return pitch_; }
  // False when the mode does not fit in video memory or bpp is unsupported.
  bool set_mode(const DisplayMode& m, std::uint32_t pitch = 0);

  // 0xRRGGBB of one pixel in the current mode.
  std::uint32_t pixel(std::uint32_t x, std::uint32_t y) const;
  // The visible picture as packed RGB rows.
  std::vector<std::uint8_t> rgb() const;
  // Writes the visible picture as PNG; throws std::runtime_error on failure.
  void screenshot(const std::string& path) const;

 private:
  std::uint8_t* vram_;
  std::uint64_t vram_size_;
  DisplayMode mode_;
  std::uint32_t pitch_ = 0;
};

}  // namespace hw
