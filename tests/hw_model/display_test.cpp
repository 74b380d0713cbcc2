// The framebuffer written through the display BAR comes out of `screenshot`
// pixel for pixel (read back with libpng); mode changes through DISPI.
#include <gtest/gtest.h>
#include <png.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <functional>

#include "hw_model/host_driver/pci_probe.h"
#include "hw_model/machine.h"

using namespace hostdrv;

namespace {
std::vector<std::uint8_t> read_png(const std::string& path, std::uint32_t& w, std::uint32_t& h) {
  png_image img{};
  img.version = PNG_IMAGE_VERSION;
  if (!png_image_begin_read_from_file(&img, path.c_str())) return {};
  img.format = PNG_FORMAT_RGB;
  std::vector<std::uint8_t> px(PNG_IMAGE_SIZE(img));
  if (!png_image_finish_read(&img, nullptr, px.data(), 0, nullptr)) return {};
  w = img.width;
  h = img.height;
  return px;
}

std::string temp_png(const char* tag) {
  return (std::filesystem::temp_directory_path() / (std::string("hw_") + tag + std::to_string(::getpid()) + ".png")).string();
}

std::uint32_t color_at(std::uint32_t x, std::uint32_t y) { return ((x * 7) & 0xFF) << 16 | ((y * 3) & 0xFF) << 8 | ((x ^ y) & 0xFF); }

// Writes one pixel as a driver would: through the page of the BAR.
void put(hw::MachineBus& bus, hw::PAddr fb, std::uint32_t pitch, std::uint32_t bpp, std::uint32_t x, std::uint32_t y,
         std::uint32_t v) {
  const hw::PAddr a = fb + std::uint64_t{y} * pitch + std::uint64_t{x} * (bpp / 8);
  std::uint8_t* page = bus.ram_page(a & ~(hw::kPageSize - 1));
  ASSERT_NE(page, nullptr);
  std::memcpy(page + (a & (hw::kPageSize - 1)), &v, bpp / 8);
}

void expect_png_matches(const std::string& path, std::uint32_t w, std::uint32_t h,
                        const std::function<std::uint32_t(std::uint32_t, std::uint32_t)>& expected) {
  std::uint32_t pw = 0, ph = 0;
  auto px = read_png(path, pw, ph);
  std::filesystem::remove(path);
  ASSERT_EQ(pw, w);
  ASSERT_EQ(ph, h);
  unsigned mismatches = 0;
  for (std::uint32_t y = 0; y < h; ++y)
    for (std::uint32_t x = 0; x < w; ++x) {
      const std::uint8_t* p = &px[(std::size_t{y} * w + x) * 3];
      const std::uint32_t got = (std::uint32_t{p[0]} << 16) | (std::uint32_t{p[1]} << 8) | p[2];
      mismatches += got != expected(x, y);
    }
  EXPECT_EQ(mismatches, 0u);
}
}  // namespace

TEST(Display, PatternWrittenThroughTheBarComesOutInThePng) {
  sim::VirtualClock clock;
  hw::MachineConfig cfg;
  cfg.display = hw::DisplayConfig{{320, 200, 32}};
  hw::Machine m(clock, sim::SeedSource(1), cfg);

  auto dev = find_pci(m, 0x1234, 0x1111);
  ASSERT_TRUE(dev);
  EXPECT_EQ(dev->class_code >> 16, 0x03u);
  const hw::FramebufferInfo& fbi = m.boot_info().framebuffer;
  EXPECT_EQ(fbi.base, dev->bars[0].addr);
  EXPECT_EQ(fbi.width, 320u);
  EXPECT_EQ(fbi.pitch, 320u * 4);
  EXPECT_EQ(dev->bars[0].size, 16u << 20);

  for (std::uint32_t y = 0; y < 200; ++y)
    for (std::uint32_t x = 0; x < 320; ++x) put(m, fbi.base, fbi.pitch, 32, x, y, color_at(x, y));
  const std::string path = temp_png("fb32");
  m.screenshot(path);
  expect_png_matches(path, 320, 200, color_at);
}

TEST(Display, ModeChangeThroughDispiRegisters) {
  sim::VirtualClock clock;
  hw::MachineConfig cfg;
  cfg.display = hw::DisplayConfig{};
  hw::Machine m(clock, sim::SeedSource(1), cfg);
  auto dev = find_pci(m, 0x1234, 0x1111);
  ASSERT_TRUE(dev);
  const hw::PAddr regs = dev->bars[2].addr + 0x500;
  std::uint64_t id = 0;
  ASSERT_TRUE(m.mmio_read(regs, 2, id));
  EXPECT_EQ(id, 0xB0C5u);
  m.mmio_write(regs + 2 * 4, 2, 0);  // disable
  m.mmio_write(regs + 2 * 1, 2, 64);
  m.mmio_write(regs + 2 * 2, 2, 48);
  m.mmio_write(regs + 2 * 3, 2, 16);
  m.mmio_write(regs + 2 * 4, 2, 1);  // enable: mode takes effect
  EXPECT_EQ(m.display_device()->mode_changes(), 1u);
  EXPECT_EQ(m.framebuffer()->pitch(), 128u);

  auto rgb565 = [](std::uint32_t x, std::uint32_t y) { return ((x & 31) << 11) | ((y & 63) << 5) | ((x + y) & 31); };
  for (std::uint32_t y = 0; y < 48; ++y)
    for (std::uint32_t x = 0; x < 64; ++x) put(m, dev->bars[0].addr, 128, 16, x, y, rgb565(x, y));
  const std::string path = temp_png("fb16");
  m.screenshot(path);
  expect_png_matches(path, 64, 48, [&](std::uint32_t x, std::uint32_t y) {
    const std::uint32_t v = rgb565(x, y), r = v >> 11, g = (v >> 5) & 63, b = v & 31;
    return (((r << 3) | (r >> 2)) << 16) | (((g << 2) | (g >> 4)) << 8) | ((b << 3) | (b >> 2));
  });
}

TEST(Display, BootFramebufferWithoutPciDevice) {
  sim::VirtualClock clock;
  hw::MachineConfig cfg;
  cfg.display = hw::DisplayConfig{{64, 32, 32}, 1 << 20, false};
  hw::Machine m(clock, sim::SeedSource(1), cfg);
  EXPECT_FALSE(find_pci(m, 0x1234, 0x1111));
  const auto& fbi = m.boot_info().framebuffer;
  ASSERT_NE(fbi.base, 0u);
  bool listed = false;
  for (const auto& r : m.boot_info().memory_map)
    listed |= r.kind == hw::RegionKind::Framebuffer && r.base == fbi.base && r.size == 1u << 20;
  EXPECT_TRUE(listed);
  for (std::uint32_t y = 0; y < 32; ++y)
    for (std::uint32_t x = 0; x < 64; ++x) put(m, fbi.base, fbi.pitch, 32, x, y, color_at(x, y));
  const std::string path = temp_png("boot");
  m.screenshot(path);
  expect_png_matches(path, 64, 32, color_at);
}
