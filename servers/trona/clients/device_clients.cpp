#include "trona/clients/device_clients.h"

#include "lib/inline_string.h"
#include "trona/core/client.h"
#include "trona/clients/ttysrv_client.h"
#include "uapi/linux_numbers.h"
#include "uapi/server.h"

namespace trona {

namespace srv = uapi::server;
using stub::words;

// --- console ------------------------------------------------------------------

int ConsoleClient::write(const void* data, size_t len, size_t* written) const {
  return stub::chunked_write(ep_, srv::CONSOLE_WRITE, nullptr, 0, data, len, written);
}

int ConsoleClient::read(void* buf, size_t max, size_t* got) const {
  if (max > kChunk) max = kChunk;
  const uint64_t in[] = {max};
  ClientReply rp;
  int e = words(ep_, srv::CONSOLE_READ, in, 1, false, &rp);
  return e != 0 ? e : stub::inline_reply(rp, 0, buf, max, got);
}

int ConsoleClient::tcgetattr(uapi::Termios* t) const {
  ClientReply rp;
  int e = words(ep_, srv::CONSOLE_TCGETATTR, nullptr, 0, true, &rp);
  if (e != 0) return e;
  if (rp.length < kTermiosWords) return uapi::kEIO;
  termios_from_words(rp.mr, t);
  return 0;
}

int ConsoleClient::tcsetattr(uint64_t when, const uapi::Termios& t) const {
  if (when > 2) return uapi::kEINVAL;
  uint64_t in[1 + kTermiosWords] = {when};
  termios_to_words(t, in + 1);
  ClientReply rp;
  return words(ep_, srv::CONSOLE_TCSETATTR, in, 1 + kTermiosWords, true, &rp);
}

// --- display ------------------------------------------------------------------

int DisplayClient::get_info(DisplayInfo* info) const {
  ClientReply rp;
  int e = words(ep_, srv::DISPLAY_GET_INFO, nullptr, 0, true, &rp);
  if (e != 0) return e;
  *info = {rp.get(0), rp.get(1), rp.get(2), rp.get(3), rp.get(4)};
  return 0;
}

int DisplayClient::present(uint64_t x, uint64_t y, uint64_t w, uint64_t h) const {
  const uint64_t in[] = {x, y, w, h};
  ClientReply rp;
  return words(ep_, srv::DISPLAY_PRESENT, in, 4, true, &rp);
}

int DisplayClient::fill_rect(uint64_t x, uint64_t y, uint64_t w, uint64_t h, uint32_t xrgb) const {
  const uint64_t in[] = {x, y, w, h, xrgb};
  ClientReply rp;
  return words(ep_, srv::DISPLAY_FILL_RECT, in, 5, true, &rp);
}

int DisplayClient::write_text(uint64_t column, uint64_t row, uint32_t fg, uint32_t bg, lib::Str text,
                              size_t* drawn) const {
  const uint64_t head[] = {column, row, fg, bg};
  ClientReply rp;
  int e = stub::with_bytes(ep_, srv::DISPLAY_WRITE_TEXT, head, 4, text.data, text.size, &rp);
  if (e == 0) *drawn = rp.get(0);
  return e;
}

int DisplayClient::terminal_write(const void* data, size_t len, size_t* written) const {
  return stub::chunked_write(ep_, srv::DISPLAY_TERMINAL_WRITE, nullptr, 0, data, len, written);
}

int DisplayClient::setup_ring(uint64_t shm_id, uint64_t bytes, uint64_t ntfn_slot) const {
  ClientRequest rq(srv::DISPLAY_SETUP_RING);
  rq.push(shm_id);
  rq.push(bytes);
  rq.push_cap(ntfn_slot);
  ClientReply rp;
  return server_call(ep_, rq, &rp);
}

// --- PCI ----------------------------------------------------------------------

namespace {

// A device in the reply words: bdf, vendor << 16 | device, class code, irq.
PciDevice device_from(const uint64_t* w) {
  return {w[0], w[1] >> 16 & 0xFFFF, w[1] & 0xFFFF, w[2], w[3]};
}

bool config_offset_ok(uint64_t off) { return off < 256 && off % 4 == 0; }

}  // namespace

int PciClient::find_device(uint64_t vendor, uint64_t device, uint64_t index, PciDevice* out) const {
  const uint64_t in[] = {vendor, device, index};
  ClientReply rp;
  int e = words(ep_, srv::PCI_FIND_DEVICE, in, 3, true, &rp);
  if (e != 0) return e;
  if (rp.length < 4) return uapi::kEIO;
  *out = device_from(rp.mr);
  return 0;
}

int PciClient::get_caps(uint64_t bdf, uint8_t* ids, uint8_t* offsets, size_t max, size_t* count) const {
  ClientReply rp;
  int e = words(ep_, srv::PCI_GET_CAPS, &bdf, 1, true, &rp);
  if (e != 0) return e;
  size_t n = rp.get(0);
  if (n + 1 > rp.length) return uapi::kEIO;
  if (n > max) n = max;
  for (size_t i = 0; i < n; ++i) {
    ids[i] = static_cast<uint8_t>(rp.mr[1 + i]);           // capability id
    offsets[i] = static_cast<uint8_t>(rp.mr[1 + i] >> 8);  // its config-space offset
  }
  *count = n;
  return 0;
}

int PciClient::list(uint64_t cursor, PciDevice* out, size_t max, size_t* count, uint64_t* next) const {
  if (max == 0) return uapi::kEINVAL;
  if (max > kPciListMax) max = kPciListMax;
  const uint64_t in[] = {cursor, max};
  ClientReply rp;
  int e = words(ep_, srv::PCI_LIST, in, 2, true, &rp);
  if (e != 0) return e;
  size_t n = rp.get(0);
  if (n > max || 2 + 4 * n > rp.length) return uapi::kEIO;
  for (size_t i = 0; i < n; ++i) out[i] = device_from(rp.mr + 2 + 4 * i);
  *count = n;
  *next = rp.get(1);
  return 0;
}

int PciClient::read_config32(uint64_t bdf, uint64_t offset, uint32_t* value) const {
  if (!config_offset_ok(offset)) return uapi::kEINVAL;
  const uint64_t in[] = {bdf, offset};
  ClientReply rp;
  int e = words(ep_, srv::PCI_READ_CONFIG32, in, 2, true, &rp);
  if (e == 0) *value = static_cast<uint32_t>(rp.get(0));
  return e;
}

int PciClient::write_config32(uint64_t bdf, uint64_t offset, uint32_t value) const {
  if (!config_offset_ok(offset)) return uapi::kEINVAL;
  const uint64_t in[] = {bdf, offset, value};
  ClientReply rp;
  return words(ep_, srv::PCI_WRITE_CONFIG32, in, 3, true, &rp);
}

int PciClient::get_bar_cap(uint64_t bdf, uint64_t bar, uint64_t dest_slot, PciBar* out) const {
  if (bar > 5) return uapi::kEINVAL;
  ClientRequest rq(srv::PCI_GET_BAR_CAP);
  rq.push(bdf);
  rq.push(bar);
  rq.receive_slot = dest_slot;
  ClientReply rp;
  int e = server_call(ep_, rq, &rp);
  if (e == 0) *out = {rp.get(0), rp.get(1), rp.get(2)};
  return e;
}

// --- block driver ---------------------------------------------------------------

namespace {

int blk_rw(uint64_t ep, uint64_t label, uint64_t sector, uint64_t count, uint64_t shm_offset, uint64_t* bytes) {
  if (count == 0 || count > srv::kBlkMaxSectorsPerRequest) return uapi::kEINVAL;
  const uint64_t in[] = {sector, count, shm_offset};
  ClientReply rp;
  int e = words(ep, label, in, 3, label == srv::BLK_READ, &rp);  // a read may be resent, a write not
  if (e == 0) *bytes = rp.get(0);
  return e;
}

}  // namespace

int BlkClient::read(uint64_t sector, uint64_t count, uint64_t shm_offset, uint64_t* bytes) const {
  return blk_rw(ep_, srv::BLK_READ, sector, count, shm_offset, bytes);
}

int BlkClient::write(uint64_t sector, uint64_t count, uint64_t shm_offset, uint64_t* bytes) const {
  return blk_rw(ep_, srv::BLK_WRITE, sector, count, shm_offset, bytes);
}

int BlkClient::get_info(uint64_t* sectors, uint64_t* sector_size) const {
  ClientReply rp;
  int e = words(ep_, srv::BLK_GET_INFO, nullptr, 0, true, &rp);
  if (e == 0) {
    *sectors = rp.get(0);
    *sector_size = rp.get(1);
  }
  return e;
}

int BlkClient::flush() const {
  ClientReply rp;
  return words(ep_, srv::BLK_FLUSH, nullptr, 0, true, &rp);
}

int BlkClient::get_shm_id(uint64_t* shm_id) const {
  ClientReply rp;
  int e = words(ep_, srv::BLK_GET_SHM_ID, nullptr, 0, true, &rp);
  if (e == 0) *shm_id = rp.get(0);
  return e;
}

// --- DNS ------------------------------------------------------------------------

int DnsClient::resolve(lib::Str name, uapi::DnsResult* out) const {
  if (name.empty()) return uapi::kEINVAL;
  ClientReply rp;
  int e = stub::with_bytes(ep_, srv::DNS_RESOLVE, nullptr, 0, name.data, name.size, &rp);
  if (e != 0) return e;
  uint64_t n = rp.get(0);
  if (n > uapi::kDnsMaxAddrs || rp.length < 2 + n) return uapi::kEIO;
  *out = {};
  out->count = static_cast<uint32_t>(n);
  out->ttl = static_cast<uint32_t>(rp.get(1));
  for (size_t i = 0; i < n; ++i) out->addrs[i] = static_cast<uint32_t>(rp.mr[2 + i]);
  return 0;
}

int DnsClient::cache_flush() const {
  ClientReply rp;
  return words(ep_, srv::DNS_CACHE_FLUSH, nullptr, 0, true, &rp);
}

int DnsClient::reverse_lookup(uint32_t ipv4, char* out, size_t max, size_t* len) const {
  const uint64_t in[] = {ipv4};
  ClientReply rp;
  int e = words(ep_, srv::DNS_REVERSE_LOOKUP, in, 1, true, &rp);
  return e != 0 ? e : stub::inline_reply(rp, 0, out, max, len);
}

// --- driver registry ------------------------------------------------------------

int DriverRegistryClient::register_driver(DriverKind kind, lib::Str name, uint64_t endpoint_slot,
                                          uint64_t* id) const {
  if (name.empty() || name.size > 32) return uapi::kEINVAL;
  ClientRequest rq(srv::DRIVER_REGISTER);
  rq.push(static_cast<uint64_t>(kind));
  rq.push_inline(name);
  rq.push_cap(endpoint_slot);
  ClientReply rp;
  int e = server_call(ep_, rq, &rp);
  if (e == 0) *id = rp.get(0);
  return e;
}

int DriverRegistryClient::get_info(uint64_t id, DriverKind* kind, char* name, size_t max, size_t* name_len) const {
  ClientReply rp;
  int e = words(ep_, srv::DRIVER_GET_INFO, &id, 1, true, &rp);
  if (e != 0) return e;
  *kind = static_cast<DriverKind>(rp.get(0));
  return stub::inline_reply(rp, 1, name, max, name_len);
}

}  // namespace trona
