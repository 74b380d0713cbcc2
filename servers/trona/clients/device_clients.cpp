#include "trona/clients/device_clients.h"

#include "proto/blk_client.h"
#include "proto/console_client.h"
#include "proto/display_client.h"
#include "proto/dns_client.h"
#include "proto/driver_client.h"
#include "proto/pci_client.h"
#include "trona/clients/ttysrv_client.h"
#include "uapi/linux_numbers.h"
#include "uapi/server.h"

namespace trona {

namespace srv = uapi::server;

// --- console ------------------------------------------------------------------

int ConsoleClient::write(const void* data, size_t len, size_t* written) const {
  using proto::console::ConsoleWrite;
  return stub::chunked_write(data, len, written, [this](lib::Str piece, uint64_t* taken) {
    ConsoleWrite::Reply out;
    int e = proto::console::call(ep_, ConsoleWrite::Request{.data = piece}, &out);
    *taken = out.taken;
    return e;
  });
}

int ConsoleClient::read(void* buf, size_t max, size_t* got) const {
  using proto::console::ConsoleRead;
  if (max > kChunk) max = kChunk;
  ConsoleRead::Reply out;
  int e = proto::console::call(ep_, ConsoleRead::Request{.max = max}, &out);
  return e != 0 ? e : stub::copy_reply(out.data_buf, out.data_len, buf, max, got);
}

int ConsoleClient::tcgetattr(uapi::Termios* t) const {
  using proto::console::ConsoleTcgetattr;
  ConsoleTcgetattr::Reply out;
  int e = proto::console::call(ep_, ConsoleTcgetattr::Request{}, &out);
  if (e == 0) uapi::termios::from_fields(out, t);
  return e;
}

int ConsoleClient::tcsetattr(uint64_t when, const uapi::Termios& t) const {
  using proto::console::ConsoleTcsetattr;
  if (when > 2) return uapi::kEINVAL;
  ConsoleTcsetattr::Request m{.when = when};
  uapi::termios::to_fields(t, &m);
  return proto::console::call(ep_, m);
}

// --- display ------------------------------------------------------------------

int DisplayClient::get_info(DisplayInfo* info) const {
  using proto::display::DisplayGetInfo;
  DisplayGetInfo::Reply out;
  int e = proto::display::call(ep_, DisplayGetInfo::Request{}, &out);
  if (e == 0) *info = {out.width, out.height, out.pitch, out.bpp, out.format};
  return e;
}

int DisplayClient::present(uint64_t x, uint64_t y, uint64_t w, uint64_t h) const {
  using proto::display::DisplayPresent;
  return proto::display::call(ep_, DisplayPresent::Request{.x = x, .y = y, .w = w, .h = h});
}

int DisplayClient::fill_rect(uint64_t x, uint64_t y, uint64_t w, uint64_t h, uint32_t xrgb) const {
  using proto::display::DisplayFillRect;
  return proto::display::call(ep_, DisplayFillRect::Request{.x = x, .y = y, .w = w, .h = h, .xrgb = xrgb});
}

int DisplayClient::write_text(uint64_t column, uint64_t row, uint32_t fg, uint32_t bg, lib::Str text,
                              size_t* drawn) const {
  using proto::display::DisplayWriteText;
  DisplayWriteText::Reply out;
  int e = proto::display::call(ep_, DisplayWriteText::Request{.column = column, .row = row, .fg = fg, .bg = bg, .text = text},
                               &out);
  if (e == 0) *drawn = out.drawn;
  return e;
}

int DisplayClient::terminal_write(const void* data, size_t len, size_t* written) const {
  using proto::display::DisplayTerminalWrite;
  return stub::chunked_write(data, len, written, [this](lib::Str piece, uint64_t* taken) {
    DisplayTerminalWrite::Reply out;
    int e = proto::display::call(ep_, DisplayTerminalWrite::Request{.data = piece}, &out);
    *taken = out.taken;
    return e;
  });
}

int DisplayClient::setup_ring(uint64_t shm_id, uint64_t bytes, uint64_t ntfn_slot) const {
  using proto::display::DisplaySetupRing;
  return proto::display::call(ep_, DisplaySetupRing::Request{.shm_id = shm_id, .bytes = bytes, .ntfn = ntfn_slot});
}

// --- PCI ----------------------------------------------------------------------

namespace {

// A device's 4 words: bdf, vendor << 16 | device, class code, irq.
PciDevice device_from(uint64_t bdf, uint64_t ids, uint64_t class_code, uint64_t irq) {
  return {bdf, ids >> 16 & 0xFFFF, ids & 0xFFFF, class_code, irq};
}

bool config_offset_ok(uint64_t off) { return off < 256 && off % 4 == 0; }

}  // namespace

int PciClient::find_device(uint64_t vendor, uint64_t device, uint64_t index, PciDevice* out) const {
  using proto::pci::PciFindDevice;
  PciFindDevice::Reply r;
  int e = proto::pci::call(ep_, PciFindDevice::Request{.vendor = vendor, .device = device, .index = index}, &r);
  if (e == 0) *out = device_from(r.bdf, r.ids, r.class_code, r.irq);
  return e;
}

int PciClient::get_caps(uint64_t bdf, uint8_t* ids, uint8_t* offsets, size_t max, size_t* count) const {
  using proto::pci::PciGetCaps;
  PciGetCaps::Reply r;
  int e = proto::pci::call(ep_, PciGetCaps::Request{.bdf = bdf}, &r);
  if (e != 0) return e;
  size_t n = r.caps_count < max ? r.caps_count : max;
  for (size_t i = 0; i < n; ++i) {
    ids[i] = static_cast<uint8_t>(r.caps[i]);           // capability id
    offsets[i] = static_cast<uint8_t>(r.caps[i] >> 8);  // its config-space offset
  }
  *count = n;
  return 0;
}

int PciClient::list(uint64_t cursor, PciDevice* out, size_t max, size_t* count, uint64_t* next) const {
  using proto::pci::PciList;
  if (max == 0) return uapi::kEINVAL;
  if (max > kPciListMax) max = kPciListMax;
  PciList::Reply r;
  int e = proto::pci::call(ep_, PciList::Request{.cursor = cursor, .max = max}, &r);
  if (e != 0) return e;
  // The count is MR0, not a count word before the list (pci.idl: `rest`).
  if (r.count > max || 4 * r.count > r.devices_count) return uapi::kEIO;
  const uint64_t* d = r.devices;
  for (size_t i = 0; i < r.count; ++i) out[i] = device_from(d[4 * i], d[4 * i + 1], d[4 * i + 2], d[4 * i + 3]);
  *count = r.count;
  *next = r.next;
  return 0;
}

int PciClient::read_config32(uint64_t bdf, uint64_t offset, uint32_t* value) const {
  using proto::pci::PciReadConfig32;
  if (!config_offset_ok(offset)) return uapi::kEINVAL;
  PciReadConfig32::Reply r;
  int e = proto::pci::call(ep_, PciReadConfig32::Request{.bdf = bdf, .offset = offset}, &r);
  if (e == 0) *value = r.value;
  return e;
}

int PciClient::write_config32(uint64_t bdf, uint64_t offset, uint32_t value) const {
  using proto::pci::PciWriteConfig32;
  if (!config_offset_ok(offset)) return uapi::kEINVAL;
  return proto::pci::call(ep_, PciWriteConfig32::Request{.bdf = bdf, .offset = offset, .value = value});
}

int PciClient::get_bar_cap(uint64_t bdf, uint64_t bar, uint64_t dest_slot, PciBar* out) const {
  using proto::pci::PciGetBarCap;
  if (bar > 5) return uapi::kEINVAL;
  PciGetBarCap::Reply r;
  int e = proto::pci::call(ep_, PciGetBarCap::Request{.bdf = bdf, .bar = bar, .receive_slot = dest_slot}, &r);
  if (e == 0) *out = {r.base, r.size, r.kind};
  return e;
}

// --- block driver ---------------------------------------------------------------

namespace {

// BLK_READ and BLK_WRITE share a layout; only READ is idempotent (blk.idl).
template <class Op>
int blk_rw(uint64_t ep, uint64_t sector, uint64_t count, uint64_t shm_offset, uint64_t* bytes) {
  if (count == 0 || count > srv::kBlkMaxSectorsPerRequest) return uapi::kEINVAL;
  typename Op::Reply r;
  int e = proto::blk::call(ep, typename Op::Request{.sector = sector, .count = count, .shm_offset = shm_offset}, &r);
  if (e == 0) *bytes = r.bytes;
  return e;
}

}  // namespace

int BlkClient::read(uint64_t sector, uint64_t count, uint64_t shm_offset, uint64_t* bytes) const {
  return blk_rw<proto::blk::BlkRead>(ep_, sector, count, shm_offset, bytes);
}

int BlkClient::write(uint64_t sector, uint64_t count, uint64_t shm_offset, uint64_t* bytes) const {
  return blk_rw<proto::blk::BlkWrite>(ep_, sector, count, shm_offset, bytes);
}

int BlkClient::get_info(uint64_t* sectors, uint64_t* sector_size) const {
  using proto::blk::BlkGetInfo;
  BlkGetInfo::Reply r;
  int e = proto::blk::call(ep_, BlkGetInfo::Request{}, &r);
  if (e == 0) {
    *sectors = r.sectors;
    *sector_size = r.sector_size;
  }
  return e;
}

int BlkClient::flush() const { return proto::blk::call(ep_, proto::blk::BlkFlush::Request{}); }

int BlkClient::get_shm_id(uint64_t* shm_id) const {
  using proto::blk::BlkGetShmId;
  BlkGetShmId::Reply r;
  int e = proto::blk::call(ep_, BlkGetShmId::Request{}, &r);
  if (e == 0) *shm_id = r.shm_id;
  return e;
}

// --- DNS ------------------------------------------------------------------------

int DnsClient::resolve(lib::Str name, uapi::DnsResult* out) const {
  using proto::dns::DnsResolve;
  if (name.empty()) return uapi::kEINVAL;
  DnsResolve::Reply r;
  int e = proto::dns::call(ep_, DnsResolve::Request{.name = name}, &r);
  if (e != 0) return e;
  // The count is MR0, not a count word before the list (dns.idl: `rest`).
  if (r.count > uapi::kDnsMaxAddrs || r.addrs_count < r.count) return uapi::kEIO;
  *out = {};
  out->count = static_cast<uint32_t>(r.count);
  out->ttl = static_cast<uint32_t>(r.ttl);
  for (size_t i = 0; i < r.count; ++i) out->addrs[i] = static_cast<uint32_t>(r.addrs[i]);
  return 0;
}

int DnsClient::cache_flush() const { return proto::dns::call(ep_, proto::dns::DnsCacheFlush::Request{}); }

int DnsClient::reverse_lookup(uint32_t ipv4, char* out, size_t max, size_t* len) const {
  using proto::dns::DnsReverseLookup;
  DnsReverseLookup::Reply r;
  int e = proto::dns::call(ep_, DnsReverseLookup::Request{.ipv4 = ipv4}, &r);
  return e != 0 ? e : stub::copy_reply(r.name_buf, r.name_len, out, max, len);
}

// --- driver registry ------------------------------------------------------------

int DriverRegistryClient::register_driver(DriverKind kind, lib::Str name, uint64_t endpoint_slot,
                                          uint64_t* id) const {
  using proto::driver::DriverRegister;
  if (name.empty() || name.size > 32) return uapi::kEINVAL;
  DriverRegister::Reply r;
  int e = proto::driver::call(
      ep_, DriverRegister::Request{.kind = static_cast<uint64_t>(kind), .name = name, .endpoint = endpoint_slot}, &r);
  if (e == 0) *id = r.id;
  return e;
}

int DriverRegistryClient::get_info(uint64_t id, DriverKind* kind, char* name, size_t max, size_t* name_len) const {
  using proto::driver::DriverGetInfo;
  DriverGetInfo::Reply r;
  int e = proto::driver::call(ep_, DriverGetInfo::Request{.id = id}, &r);
  if (e != 0) return e;
  *kind = static_cast<DriverKind>(r.kind);
  return stub::copy_reply(r.name_buf, r.name_len, name, max, name_len);
}

}  // namespace trona
