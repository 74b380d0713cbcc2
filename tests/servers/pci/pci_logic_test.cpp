// The PCI server's logic (servers/drivers/pci) against a register model of
// configuration space: enumeration (multi-function devices, missing ones),
// BAR sizing (I/O, 32- and 64-bit memory, decoding off while sizing), the
// capability list (and one that loops), listing with a cursor, the guarded
// config writes, and BAR caps made once.
#include <gtest/gtest.h>

#include <map>
#include <vector>

#include "drivers/pci/pci.h"
#include "uapi/linux_numbers.h"

namespace {

struct FakeFunction {
  std::map<uint32_t, uint32_t> regs;  // dword offset -> value
  uint32_t bar_size[6] = {};          // 0: no BAR; the size mask answers the all-ones write
  bool high_half[6] = {};             // the upper dword of a 64-bit BAR (all ones read back)
  bool sized_with_decoding_on = false;
};

struct FakeConfig final : pci::Ops {
  std::map<uint32_t, FakeFunction> fns;  // bdf -> function
  std::vector<std::pair<bool, uint64_t>> made;  // (io, base) of every cap made
  uint64_t next_slot = 500;

  uint32_t config_read(uint32_t bdf, uint32_t off) override {
    auto it = fns.find(bdf);
    if (it == fns.end()) return 0xFFFFFFFF;
    auto r = it->second.regs.find(off);
    return r == it->second.regs.end() ? 0 : r->second;
  }
  void config_write(uint32_t bdf, uint32_t off, uint32_t v) override {
    auto it = fns.find(bdf);
    if (it == fns.end()) return;
    FakeFunction& f = it->second;
    if (off >= 0x10 && off < 0x28) {
      const unsigned i = (off - 0x10) / 4;
      if (v == 0xFFFFFFFF) {
        if (f.regs[0x04] & 3) f.sized_with_decoding_on = true;
        if (f.high_half[i]) {  // a size below 4 GiB: every upper bit reads back as one
          f.regs[off] = 0xFFFFFFFF;
          return;
        }
        const uint32_t low_bits = f.regs[off] & 0xF;
        f.regs[off] = f.bar_size[i] ? (~(f.bar_size[i] - 1) & ~0xFu) | low_bits : 0;
        if (low_bits & 1) f.regs[off] = (~(f.bar_size[i] - 1) & ~3u) | 1;
        return;
      }
    }
    f.regs[off] = v;
  }
  int make_bar_cap(bool io, uint64_t base, uint64_t, uint64_t* slot) override {
    if (base == 0xFEB0'0000) return uapi::kEBUSY;  // as the boot framebuffer's range would be
    made.push_back({io, base});
    *slot = next_slot++;
    return 0;
  }

  FakeFunction& add(uint32_t bdf, uint16_t vendor, uint16_t device, uint32_t class_code, bool multi = false) {
    FakeFunction& f = fns[bdf];
    f.regs[0x00] = uint32_t{device} << 16 | vendor;
    f.regs[0x04] = 0x0000'0007;  // decoding and bus mastering on
    f.regs[0x08] = class_code << 8 | 0x01;
    f.regs[0x0C] = multi ? 0x0080'0000 : 0;
    f.regs[0x3C] = 0x0000'010B;  // pin A, line 11
    return f;
  }
};

constexpr uint32_t bdf(uint32_t dev, uint32_t fn = 0) { return dev << 3 | fn; }

struct PciLogic : ::testing::Test {
  FakeConfig cfg;
  pci::Pci p{cfg};
  void SetUp() override {
    FakeFunction& blk = cfg.add(bdf(1), 0x1AF4, 0x1042, 0x010000);
    blk.regs[0x10] = 0xFE00'0004;  // BAR0: 64-bit memory, 16 KiB at 0x1_FE00_0000
    blk.regs[0x14] = 0x0000'0001;
    blk.bar_size[0] = 0x4000;
    blk.high_half[1] = true;
    blk.regs[0x20] = 0x0000'C001;  // BAR4: 64 I/O ports at 0xC000
    blk.bar_size[4] = 0x40;
    blk.regs[0x04] |= 1u << 20;    // a capability list
    blk.regs[0x34] = 0x40;
    blk.regs[0x40] = 0x0000'5009;  // vendor-specific, next 0x50
    blk.regs[0x50] = 0x0000'0011;  // MSI-X, last
    FakeFunction& f0 = cfg.add(bdf(3, 0), 0x8086, 0x1234, 0x020000, true);
    f0.regs[0x18] = 0xFEB0'0000;  // BAR2: 32-bit memory, 4 KiB
    f0.bar_size[2] = 0x1000;
    cfg.add(bdf(3, 2), 0x8086, 0x1235, 0x020000);
    FakeFunction& loop = cfg.add(bdf(5), 0x1234, 0x1111, 0x030000);
    loop.regs[0x04] |= 1u << 20;
    loop.regs[0x34] = 0x40;
    loop.regs[0x40] = 0x0000'4001;  // points at itself
    cfg.add(bdf(7, 1), 0xDEAD, 0xBEEF, 0);  // function 1 of a device without function 0: not found
    ASSERT_EQ(p.enumerate(), 4u);
  }
};

TEST_F(PciLogic, EnumeratesBusZeroWithMultiFunctionDevices) {
  EXPECT_EQ(p.at(0)->bdf, bdf(1));
  EXPECT_EQ(p.at(1)->bdf, bdf(3, 0));
  EXPECT_EQ(p.at(2)->bdf, bdf(3, 2));
  EXPECT_EQ(p.at(3)->bdf, bdf(5));
  const pci::Device* d = p.find(0x1AF4, 0x1042, 0);
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->class_code, 0x010000u);
  EXPECT_EQ(d->irq, 11);
  EXPECT_EQ(p.find(0x8086, 0x1235, 0)->bdf, bdf(3, 2));
  EXPECT_EQ(p.find(0x1AF4, 0x1042, 1), nullptr);
  EXPECT_EQ(p.find(0xDEAD, 0xBEEF, 0), nullptr);
}

TEST_F(PciLogic, BarsAreSizedWithDecodingOffAndLeftWhereTheyWere) {
  const pci::Device* d = p.by_bdf(bdf(1));
  EXPECT_EQ(d->bars[0].kind, pci::BarKind::kMemory);
  EXPECT_TRUE(d->bars[0].is64);
  EXPECT_EQ(d->bars[0].base, 0x1'FE00'0000u);
  EXPECT_EQ(d->bars[0].size, 0x4000u);
  EXPECT_EQ(d->bars[1].kind, pci::BarKind::kNone);  // the high half
  EXPECT_EQ(d->bars[4].kind, pci::BarKind::kIo);
  EXPECT_EQ(d->bars[4].base, 0xC000u);
  EXPECT_EQ(d->bars[4].size, 0x40u);
  EXPECT_EQ(p.by_bdf(bdf(3))->bars[2].size, 0x1000u);
  EXPECT_FALSE(cfg.fns[bdf(1)].sized_with_decoding_on);
  EXPECT_EQ(cfg.fns[bdf(1)].regs[0x10], 0xFE00'0004u);  // restored
  EXPECT_EQ(cfg.fns[bdf(1)].regs[0x04] & 7, 7u);        // decoding back on
}

TEST_F(PciLogic, CapabilityListsAreWalkedAndALoopEnds) {
  uint64_t caps[31];
  size_t n = 0;
  ASSERT_EQ(p.caps(bdf(1), caps, 31, &n), 0);
  ASSERT_EQ(n, 2u);
  EXPECT_EQ(caps[0], 0x09u | 0x40u << 8);
  EXPECT_EQ(caps[1], 0x11u | 0x50u << 8);
  ASSERT_EQ(p.caps(bdf(5), caps, 31, &n), 0);
  EXPECT_EQ(n, 31u);  // bounded: the looping list stops at the reply's room
  ASSERT_EQ(p.caps(bdf(3), caps, 31, &n), 0);
  EXPECT_EQ(n, 0u);
  EXPECT_EQ(p.caps(bdf(9), caps, 31, &n), uapi::kENOENT);
}

TEST_F(PciLogic, ListingGoesOnFromTheCursor) {
  const pci::Device* out[7];
  uint64_t next = 0;
  ASSERT_EQ(p.list(0, 3, out, &next), 3u);
  EXPECT_EQ(out[2]->bdf, bdf(3, 2));
  ASSERT_NE(next, 0u);
  ASSERT_EQ(p.list(next, 3, out, &next), 1u);
  EXPECT_EQ(out[0]->bdf, bdf(5));
  EXPECT_EQ(next, 0u);
  ASSERT_EQ(p.list(0, 4, out, &next), 4u);
  EXPECT_EQ(next, 0u);  // exactly all: nothing left
}

TEST_F(PciLogic, ConfigAccessIsCheckedAndBarsCannotBeMoved) {
  uint32_t v = 0;
  ASSERT_EQ(p.read_config(bdf(1), 0, &v), 0);
  EXPECT_EQ(v, 0x1042'1AF4u);
  EXPECT_EQ(p.read_config(bdf(1), 2, &v), uapi::kEINVAL);
  EXPECT_EQ(p.read_config(bdf(1), 256, &v), uapi::kEINVAL);
  EXPECT_EQ(p.read_config(bdf(2), 0, &v), uapi::kENOENT);
  EXPECT_EQ(p.write_config(bdf(1), 0x10, 0), uapi::kEACCES);
  EXPECT_EQ(p.write_config(bdf(1), 0x24, 0), uapi::kEACCES);
  ASSERT_EQ(p.write_config(bdf(1), 0x04, 0x0000'0006), 0);  // the command register is the driver's
  EXPECT_EQ(cfg.fns[bdf(1)].regs[0x04] & 0xFFFF, 6u);
}

TEST_F(PciLogic, BarCapsAreMadeOnceAndAbsentBarsRefused) {
  const pci::Bar* b = nullptr;
  ASSERT_EQ(p.bar_cap(bdf(1), 0, &b), 0);
  const uint64_t slot = b->cap_slot;
  ASSERT_EQ(p.bar_cap(bdf(1), 0, &b), 0);
  EXPECT_EQ(b->cap_slot, slot);
  ASSERT_EQ(p.bar_cap(bdf(1), 4, &b), 0);
  ASSERT_EQ(cfg.made.size(), 2u);
  EXPECT_EQ(cfg.made[0], (std::pair<bool, uint64_t>{false, 0x1'FE00'0000}));
  EXPECT_EQ(cfg.made[1], (std::pair<bool, uint64_t>{true, 0xC000}));
  EXPECT_EQ(p.bar_cap(bdf(1), 1, &b), uapi::kENXIO);
  EXPECT_EQ(p.bar_cap(bdf(1), 6, &b), uapi::kEINVAL);
  EXPECT_EQ(p.bar_cap(bdf(9), 0, &b), uapi::kENOENT);
  EXPECT_EQ(p.bar_cap(bdf(3), 2, &b), uapi::kEBUSY);
  EXPECT_EQ(p.by_bdf(bdf(3))->bars[2].cap_slot, pci::kNoSlot);  // asked again next time
}

}  // namespace
