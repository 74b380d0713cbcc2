// cpio newc initrds: builder -> parser round trip, byte layout, errors, and
// reading the archive a machine was booted with through the boot info.
#include <gtest/gtest.h>

#include "hw_model/boot/cpio.h"
#include "hw_model/machine.h"

namespace {
hw::CpioBuilder sample() {
  hw::CpioBuilder b;
  std::vector<std::uint8_t> bin(5000);
  for (std::size_t i = 0; i < bin.size(); ++i) bin[i] = static_cast<std::uint8_t>(i * 31);
  b.add_dir("services")
      .add_file("/services/console.service", "[Unit]\nName=console\n")
      .add_file("sbin/init", bin, 0755)
      .add_file("empty", std::string_view{})
      .add_symlink("bin/sh", "/sbin/shell");
  return b;
}
}  // namespace

TEST(Initrd, BuilderOutputParsesBackToTheSameEntries) {
  const auto b = sample();
  const auto archive = b.build();
  EXPECT_EQ(archive.size() % 4, 0u);
  const auto entries = hw::parse_cpio(archive);
  ASSERT_EQ(entries.size(), 5u);
  EXPECT_EQ(entries, b.entries());
  EXPECT_EQ(entries[1].path, "services/console.service");  // leading "/" dropped
  EXPECT_TRUE(entries[0].is_dir());
  EXPECT_TRUE(entries[2].is_file());
  EXPECT_EQ(entries[2].mode, 0100755u);
  EXPECT_EQ(b.build(), archive);  // deterministic
}

TEST(Initrd, NewcHeaderLayout) {
  hw::CpioBuilder b;
  b.add_file("ab", "xyz");
  const auto a = b.build();
  const std::string s(a.begin(), a.end());
  EXPECT_EQ(s.substr(0, 6), "070701");
  EXPECT_EQ(s.substr(6, 8), "00000001");    // ino
  EXPECT_EQ(s.substr(14, 8), "000081A4");   // mode 0100644
  EXPECT_EQ(s.substr(54, 8), "00000003");   // filesize
  EXPECT_EQ(s.substr(94, 8), "00000003");   // namesize incl. NUL
  EXPECT_EQ(s.substr(110, 3), std::string("ab\0", 3));
  EXPECT_EQ(s.substr(113, 1), std::string(1, '\0'));  // 110 + 3 padded to 116
  EXPECT_EQ(s.substr(116, 3), "xyz");
  EXPECT_NE(s.find("TRAILER!!!"), std::string::npos);
}

TEST(Initrd, MalformedArchivesAreRejected) {
  auto a = sample().build();
  auto bad_magic = a;
  bad_magic[5] = '2';
  EXPECT_THROW(hw::parse_cpio(bad_magic), std::runtime_error);
  auto truncated = a;
  truncated.resize(300);
  EXPECT_THROW(hw::parse_cpio(truncated), std::runtime_error);
  auto bad_hex = a;
  bad_hex[20] = 'Z';
  EXPECT_THROW(hw::parse_cpio(bad_hex), std::runtime_error);
}

TEST(Initrd, MachinePlacesItInRamAndTheBootInfoFindsIt) {
  sim::VirtualClock clock;
  hw::MachineConfig cfg;
  cfg.initrd = sample().build();
  hw::Machine m(clock, sim::SeedSource(1), cfg);
  const hw::BootInfo& bi = m.boot_info();
  ASSERT_NE(bi.initrd_base, 0u);
  EXPECT_EQ(bi.initrd_base % hw::kPageSize, 0u);
  EXPECT_EQ(bi.initrd_size, cfg.initrd.size());
  std::vector<std::uint8_t> bytes;
  for (hw::PAddr p = bi.initrd_base; p < bi.initrd_base + bi.initrd_size; p += hw::kPageSize) {
    const std::uint8_t* page = m.ram_page(p);
    ASSERT_NE(page, nullptr);
    bytes.insert(bytes.end(), page, page + hw::kPageSize);
  }
  bytes.resize(bi.initrd_size);
  EXPECT_EQ(hw::parse_cpio(bytes), sample().entries());
  // The initrd is not free RAM.
  for (const auto& r : bi.memory_map) {
    if (r.kind == hw::RegionKind::Ram) {
      EXPECT_LE(r.base + r.size, bi.initrd_base);
    }
  }
}
