// The server.rs stubs (trona/clients/device_clients.h: console, display, PCI,
// block driver, DNS, driver registry) put each field where
// servers/uapi/README.md ("server.rs protocols") says and read replies
// back, over real IPC with a stand-in server; argument checks refuse bad
// input without a call; statuses map to errno.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "lib/inline_string.h"
#include "stand_in.h"
#include "trona/clients/device_clients.h"
#include "trona/clients/ttysrv_client.h"
#include "uapi/linux_numbers.h"
#include "uapi/server.h"

namespace {

namespace srv = uapi::server;
using standin::bytes_of;
using standin::run_pair;
using standin::Seen;
using standin::Word;
constexpr Word kEp = standin::kServerEp;
constexpr Word kSpare = standin::kClientCap;  // a cap the client holds

TEST(TronaDeviceClients, ConsoleWriteReadAndAttributes) {
  std::vector<Seen> seen;
  std::string out;
  size_t written = 0, got = 0;
  char buf[200] = {};
  uapi::Termios t{};
  std::vector<int> errs;
  run_pair(
      5,
      [&](const Seen& s, Word* o, size_t* n) {
        switch (s.label) {
          case srv::CONSOLE_WRITE: out += bytes_of(s, 0), o[0] = s.mr[0], *n = 1; break;
          case srv::CONSOLE_READ: *n = lib::pack_inline(o, uapi::kMaxMessageRegisters, 0, "y\n"); break;
          case srv::CONSOLE_TCGETATTR: {
            uapi::Termios tt{};
            tt.c_lflag = 0xA;
            uapi::termios::to_words(tt, o);
            *n = uapi::termios::kTermiosWords;
            break;
          }
          case srv::CONSOLE_TCSETATTR: return s.mr.size() == 1 + uapi::termios::kTermiosWords ? uapi::TRONA_OK : uapi::TRONA_INVALID_ARGUMENT;
        }
        return uapi::TRONA_OK;
      },
      &seen, [&] {
        trona::ConsoleClient c(kEp);
        const std::string msg(300, 'm');
        errs.push_back(c.write(msg.data(), msg.size(), &written));  // 152 + 148
        errs.push_back(c.read(buf, sizeof buf, &got));
        errs.push_back(c.tcgetattr(&t));
        errs.push_back(c.tcsetattr(0, t));
        errs.push_back(c.tcsetattr(5, t));  // bad `when`: no call
      });
  EXPECT_EQ(errs, (std::vector<int>{0, 0, 0, 0, uapi::kEINVAL}));
  EXPECT_EQ(written, 300u);
  EXPECT_EQ(out, std::string(300, 'm'));
  EXPECT_EQ(std::string(buf, got), "y\n");
  EXPECT_EQ(t.c_lflag, 0xAu);
  ASSERT_EQ(seen.size(), 5u);
  EXPECT_EQ(seen[0].mr[0], trona::ConsoleClient::kChunk);
  EXPECT_EQ(seen[2].mr, (std::vector<Word>{trona::ConsoleClient::kChunk}));  // read: max clamped
  EXPECT_EQ(seen[4].mr[0], 0u);                                              // tcsetattr: when
}

TEST(TronaDeviceClients, DisplayInfoDrawingAndRing) {
  std::vector<Seen> seen;
  trona::DisplayInfo info;
  size_t drawn = 0, tw = 0;
  std::vector<int> errs;
  run_pair(
      6,
      [&](const Seen& s, Word* o, size_t* n) {
        if (s.label == srv::DISPLAY_GET_INFO) o[0] = 1024, o[1] = 768, o[2] = 4096, o[3] = 32, o[4] = 0, *n = 5;
        if (s.label == srv::DISPLAY_WRITE_TEXT) o[0] = bytes_of(s, 4).size() - 1, *n = 1;  // one clipped
        if (s.label == srv::DISPLAY_TERMINAL_WRITE) o[0] = s.mr[0], *n = 1;
        if (s.label == srv::DISPLAY_FILL_RECT && s.mr[2] == 0) return uapi::TRONA_INVALID_ARGUMENT;
        return uapi::TRONA_OK;
      },
      &seen, [&] {
        trona::DisplayClient d(kEp);
        errs.push_back(d.get_info(&info));
        errs.push_back(d.fill_rect(10, 20, 0, 5, 0xFF0000));
        errs.push_back(d.present(0, 0, 0, 0));
        errs.push_back(d.write_text(2, 3, 0xFFFFFF, 0, "hello", &drawn));
        errs.push_back(d.terminal_write("$ ", 2, &tw));
        errs.push_back(d.setup_ring(0x77, 4096, kSpare));
      });
  EXPECT_EQ(errs, (std::vector<int>{0, uapi::kEINVAL, 0, 0, 0, 0}));
  EXPECT_EQ(info.width, 1024u);
  EXPECT_EQ(info.pitch, 4096u);
  EXPECT_EQ(info.bpp, 32u);
  EXPECT_EQ(drawn, 4u);
  EXPECT_EQ(tw, 2u);
  ASSERT_EQ(seen.size(), 6u);
  EXPECT_EQ(seen[1].mr, (std::vector<Word>{10, 20, 0, 5, 0xFF0000}));
  EXPECT_EQ(seen[3].mr[0], 2u);
  EXPECT_EQ(seen[3].mr[3], 0u);
  EXPECT_EQ(bytes_of(seen[3], 4), "hello");
  EXPECT_EQ(seen[5].mr, (std::vector<Word>{0x77, 4096}));
  EXPECT_TRUE(seen[5].cap);   // the ring's notification
  EXPECT_FALSE(seen[4].cap);
}

TEST(TronaDeviceClients, PciFindCapsListConfigAndBars) {
  std::vector<Seen> seen;
  trona::PciDevice dev, listed[8];
  trona::PciBar bar;
  uint8_t ids[8] = {}, offs[8] = {};
  size_t ncaps = 0, nlist = 0;
  uint64_t next = 99;
  uint32_t v = 0;
  std::vector<int> errs;
  const uint64_t bdf = trona::pci_bdf(0, 3, 0);
  run_pair(
      7,
      [&](const Seen& s, Word* o, size_t* n) {
        switch (s.label) {
          case srv::PCI_FIND_DEVICE:
            if (s.mr[2] != 0) return uapi::TRONA_NOT_FOUND;
            o[0] = bdf, o[1] = 0x1AF4u << 16 | 0x1001, o[2] = 0x010000, o[3] = 11, *n = 4;
            break;
          case srv::PCI_GET_CAPS: o[0] = 2, o[1] = 0x09 | 0x40 << 8, o[2] = 0x11 | 0x98 << 8, *n = 3; break;
          case srv::PCI_LIST:
            o[0] = 2, o[1] = 0;
            o[2] = trona::pci_bdf(0, 0, 0), o[3] = 0x8086u << 16 | 0x1237, o[4] = 0x060000, o[5] = 0;
            o[6] = bdf, o[7] = 0x1AF4u << 16 | 0x1001, o[8] = 0x010000, o[9] = 11;
            *n = 10;
            break;
          case srv::PCI_READ_CONFIG32: o[0] = 0x10011AF4, *n = 1; break;
          case srv::PCI_GET_BAR_CAP: o[0] = 0xFEBC0000, o[1] = 0x1000, o[2] = 0, *n = 3; break;
        }
        return uapi::TRONA_OK;
      },
      &seen, [&] {
        trona::PciClient p(kEp);
        errs.push_back(p.find_device(0x1AF4, 0x1001, 0, &dev));
        errs.push_back(p.find_device(0x1AF4, 0x1001, 1, &dev));  // no second one
        errs.push_back(p.get_caps(bdf, ids, offs, 8, &ncaps));
        errs.push_back(p.list(0, listed, 8, &nlist, &next));
        errs.push_back(p.read_config32(bdf, 0, &v));
        errs.push_back(p.read_config32(bdf, 2, &v));     // unaligned: no call
        errs.push_back(p.write_config32(bdf, 256, 0));   // out of config space: no call
        errs.push_back(p.write_config32(bdf, 4, 0x7));
        errs.push_back(p.get_bar_cap(bdf, 6, kSpare, &bar));  // no BAR 6: no call
        errs.push_back(p.get_bar_cap(bdf, 1, kSpare, &bar));
      });
  EXPECT_EQ(errs, (std::vector<int>{0, uapi::kENOENT, 0, 0, 0, uapi::kEINVAL, uapi::kEINVAL, 0, uapi::kEINVAL, 0}));
  EXPECT_EQ(dev.bdf, bdf);
  EXPECT_EQ(dev.vendor, 0x1AF4u);
  EXPECT_EQ(dev.device, 0x1001u);
  EXPECT_EQ(dev.irq, 11u);
  EXPECT_EQ(ncaps, 2u);
  EXPECT_EQ(ids[1], 0x11);
  EXPECT_EQ(offs[1], 0x98);
  EXPECT_EQ(nlist, 2u);
  EXPECT_EQ(next, 0u);
  EXPECT_EQ(listed[0].vendor, 0x8086u);
  EXPECT_EQ(listed[1].class_code, 0x010000u);
  EXPECT_EQ(v, 0x10011AF4u);
  EXPECT_EQ(bar.base, 0xFEBC0000u);
  ASSERT_EQ(seen.size(), 7u);
  EXPECT_EQ(seen[3].mr, (std::vector<Word>{0, trona::PciClient::kPciListMax}));
  EXPECT_EQ(seen[5].mr, (std::vector<Word>{bdf, 4, 0x7}));
  EXPECT_EQ(seen[6].mr, (std::vector<Word>{bdf, 1}));
}

TEST(TronaDeviceClients, BlockDriverFollowsSection38) {
  std::vector<Seen> seen;
  uint64_t bytes = 0, sectors = 0, ssize = 0, shm = 0;
  std::vector<int> errs;
  run_pair(
      5,
      [&](const Seen& s, Word* o, size_t* n) {
        switch (s.label) {
          case srv::BLK_READ:
          case srv::BLK_WRITE: o[0] = s.mr[1] * 512, *n = 1; break;
          case srv::BLK_GET_INFO: o[0] = 2048, o[1] = 512, *n = 2; break;
          case srv::BLK_GET_SHM_ID: o[0] = 0x5151, *n = 1; break;
          case srv::BLK_FLUSH: return uapi::TRONA_BUSY;
        }
        return uapi::TRONA_OK;
      },
      &seen, [&] {
        trona::BlkClient b(kEp);
        errs.push_back(b.read(16, 8, 4096, &bytes));
        errs.push_back(b.write(0, 9, 0, &bytes));  // more than 4 KiB: no call
        errs.push_back(b.write(0, 0, 0, &bytes));  // nothing: no call
        errs.push_back(b.write(100, 1, 512, &bytes));
        errs.push_back(b.get_info(&sectors, &ssize));
        errs.push_back(b.flush());
        errs.push_back(b.get_shm_id(&shm));
      });
  EXPECT_EQ(errs, (std::vector<int>{0, uapi::kEINVAL, uapi::kEINVAL, 0, 0, uapi::kEBUSY, 0}));
  EXPECT_EQ(bytes, 512u);
  EXPECT_EQ(sectors, 2048u);
  EXPECT_EQ(ssize, 512u);
  EXPECT_EQ(shm, 0x5151u);
  ASSERT_EQ(seen.size(), 5u);
  EXPECT_EQ(seen[0].mr, (std::vector<Word>{16, 8, 4096}));
  EXPECT_EQ(seen[1].label, srv::BLK_WRITE);
  EXPECT_EQ(seen[1].mr, (std::vector<Word>{100, 1, 512}));
}

TEST(TronaDeviceClients, DnsAndDriverRegistry) {
  std::vector<Seen> seen;
  uapi::DnsResult res{};
  char name[64] = {};
  size_t name_len = 0;
  uint64_t id = 0;
  trona::DriverKind kind{};
  char dname[33] = {};
  size_t dlen = 0;
  std::vector<int> errs;
  run_pair(
      6,
      [&](const Seen& s, Word* o, size_t* n) {
        switch (s.label) {
          case srv::DNS_RESOLVE:
            if (bytes_of(s, 0) != "example.org") return uapi::TRONA_DNS_NXDOMAIN;
            o[0] = 2, o[1] = 300, o[2] = 0x5DB8D822, o[3] = 0x5DB8D823, *n = 4;
            break;
          case srv::DNS_REVERSE_LOOKUP: *n = lib::pack_inline(o, uapi::kMaxMessageRegisters, 0, "localhost"); break;
          case srv::DRIVER_REGISTER: o[0] = 7, *n = 1; break;
          case srv::DRIVER_GET_INFO:
            o[0] = 0;
            *n = lib::pack_inline(o, uapi::kMaxMessageRegisters, 1, "virtio-blk");
            break;
        }
        return uapi::TRONA_OK;
      },
      &seen, [&] {
        trona::DnsClient dns(kEp);
        errs.push_back(dns.resolve("example.org", &res));
        errs.push_back(dns.resolve("nope.invalid", &res));
        errs.push_back(dns.resolve("", &res));  // no call
        errs.push_back(dns.cache_flush());
        errs.push_back(dns.reverse_lookup(0x7F000001, name, sizeof name, &name_len));
        trona::DriverRegistryClient reg(kEp);
        errs.push_back(reg.register_driver(trona::DriverKind::kBlock, "virtio-blk", kSpare, &id));
        errs.push_back(reg.get_info(7, &kind, dname, 32, &dlen));
      });
  EXPECT_EQ(errs, (std::vector<int>{0, uapi::kENOENT, uapi::kEINVAL, 0, 0, 0, 0}));
  EXPECT_EQ(res.count, 2u);  // a failed lookup leaves the result untouched
  EXPECT_EQ(res.ttl, 300u);
  EXPECT_EQ(res.addrs[1], 0x5DB8D823u);
  EXPECT_EQ(std::string(name, name_len), "localhost");
  EXPECT_EQ(id, 7u);
  EXPECT_EQ(kind, trona::DriverKind::kBlock);
  EXPECT_EQ(std::string(dname, dlen), "virtio-blk");
  ASSERT_EQ(seen.size(), 6u);
  EXPECT_EQ(seen[3].mr, (std::vector<Word>{0x7F000001}));
  EXPECT_EQ(seen[4].mr[0], 0u);  // kind
  EXPECT_EQ(bytes_of(seen[4], 1), "virtio-blk");
  EXPECT_TRUE(seen[4].cap);  // the driver's endpoint
}

}  // namespace
