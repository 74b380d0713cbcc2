#include "hw_model/display/framebuffer.h"

#include <sys/mman.h>

#include <new>

#include "hw_model/display/png_writer.h"

namespace hw {

Framebuffer::Framebuffer(std::uint64_t vram_bytes, DisplayMode mode) : vram_size_(vram_bytes) {
  void* p = ::mmap(nullptr, vram_bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (p == MAP_FAILED) throw std::bad_alloc();
  vram_ = static_cast<std::uint8_t*>(p);
  if (!set_mode(mode)) throw std::invalid_argument("framebuffer: mode does not fit in video memory");
}

Framebuffer::~Framebuffer() { ::munmap(vram_, vram_size_); }

bool Framebuffer::set_mode(const DisplayMode& m, std::uint32_t pitch) {
  if (m.bpp != 16 && m.bpp != 24 && m.bpp != 32) return false;
  if (m.width == 0 || m.height == 0) return false;
  const std::uint32_t p = pitch ? pitch : m.pitch();
  if (p < m.pitch() || std::uint64_t{p} * m.height > vram_size_) return false;
  mode_ = m;
  pitch_ = p;
  return true;
}

std::uint32_t Framebuffer::pixel(std::uint32_t x, std::uint32_t y) const {
  const std::uint8_t* p = vram_ + std::uint64_t{y} * pitch_ + std::uint64_t{x} * ((mode_.bpp + 7) / 8);
  switch (mode_.bpp) {
    case 32:
    case 24:
      return (std::uint32_t{p[2]} << 16) | (std::uint32_t{p[1]} << 8) | p[0];
    case 16: {
      const std::uint32_t v = p[0] | (std::uint32_t{p[1]} << 8);
      const std::uint32_t r = (v >> 11) & 0x1F, g = (v >> 5) & 0x3F, b = v & 0x1F;
      return (((r << 3) | (r >> 2)) << 16) | (((g << 2) | (g >> 4)) << 8) | ((b << 3) | (b >> 2));
    }
    default:
      return 0;
  }
}

std::vector<std::uint8_t> Framebuffer::rgb() const {
  std::vector<std::uint8_t> out;
  out.reserve(std::size_t{mode_.width} * mode_.height * 3);
  for (std::uint32_t y = 0; y < mode_.height; ++y)
    for (std::uint32_t x = 0; x < mode_.width; ++x) {
      const std::uint32_t c = pixel(x, y);
      out.push_back(static_cast<std::uint8_t>(c >> 16));
      out.push_back(static_cast<std::uint8_t>(c >> 8));
      out.push_back(static_cast<std::uint8_t>(c));
    }
  return out;
}

void Framebuffer::screenshot(const std::string& path) const { write_png_rgb(path, mode_.width, mode_.height, rgb()); }

}  // namespace hw
