// trona/clients/device_clients.h — typed IPC stubs of the small server/driver
// protocols of server.rs: console server, display server, PCI enumeration
// server, block driver, DNS resolver and the driver registry. The
// protocol file names these labels without registers (BLK is given by
// kernel-abi.md §3.8); the formats designed for them are in
// servers/uapi/proto/{console,display,pci,blk,dns,driver}.idl (PROTOCOLS.md)
// and the bodies are facades over the generated stubs. SaltyFS and netsrv stubs
// come with those servers (later era B replaced the SALTYFS_* opcodes by
// BACKEND_* operations, so their format is decided there).
//
//   trona::ConsoleClient con;                      // SLOT_CONSOLE_EP (11)
//   size_t n; int e = con.write("boot\n", 5, &n);
//   trona::BlkClient blk(slot);
//   uint64_t bytes; e = blk.read(0, 8, 0, &bytes);  // sectors 0..7 into the SHM window
//
// Every call returns 0 or a Linux errno (trona/core/client.h).
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "lib/span.h"
#include "trona/clients/stub_util.h"
#include "uapi/kernel_abi.h"
#include "uapi/wire.h"

namespace trona {

class ConsoleClient {
 public:
  explicit constexpr ConsoleClient(uint64_t endpoint = uapi::SLOT_CONSOLE_EP) : ep_(endpoint) {}
  int write(const void* data, size_t len, size_t* written) const;     // chunked, stops at a short write
  int read(void* buf, size_t max, size_t* got) const;                 // one message, max clamped to kChunk
  int tcgetattr(uapi::Termios* t) const;
  int tcsetattr(uint64_t when, const uapi::Termios& t) const;          // TCSANOW 0, TCSADRAIN 1, TCSAFLUSH 2
  static constexpr size_t kChunk = stub::kChunk;

 private:
  uint64_t ep_;
};

struct DisplayInfo {
  uint64_t width = 0, height = 0, pitch = 0, bpp = 0;
  uint64_t format = 0;  // 0 = XRGB8888
};

class DisplayClient {
 public:
  explicit constexpr DisplayClient(uint64_t endpoint) : ep_(endpoint) {}
  int get_info(DisplayInfo* info) const;
  // The damaged rectangle; all zero = the whole screen.
  int present(uint64_t x, uint64_t y, uint64_t w, uint64_t h) const;
  int fill_rect(uint64_t x, uint64_t y, uint64_t w, uint64_t h, uint32_t xrgb) const;
  // Text at a character cell; *drawn = characters drawn (clipped at the edge).
  int write_text(uint64_t column, uint64_t row, uint32_t fg, uint32_t bg, lib::Str text, size_t* drawn) const;
  int terminal_write(const void* data, size_t len, size_t* written) const;  // chunked
  // A byte ring in SHM `shm_id` of `bytes`, with a notification (cap in
  // the caller's `ntfn_slot`, needs GRANT) the writer signals.
  int setup_ring(uint64_t shm_id, uint64_t bytes, uint64_t ntfn_slot) const;

 private:
  uint64_t ep_;
};

// bus << 8 | device << 3 | function
constexpr uint64_t pci_bdf(uint64_t bus, uint64_t dev, uint64_t fn) { return bus << 8 | dev << 3 | fn; }

struct PciDevice {
  uint64_t bdf = 0;
  uint64_t vendor = 0, device = 0;
  uint64_t class_code = 0;  // class << 16 | subclass << 8 | prog-if
  uint64_t irq = 0;         // interrupt line
};

struct PciBar {
  uint64_t base = 0, size = 0;
  uint64_t kind = 0;  // 0 memory, 1 I/O ports
};

class PciClient {
 public:
  explicit constexpr PciClient(uint64_t endpoint) : ep_(endpoint) {}
  // The `index`-th device with vendor:device; ENOENT when there is none.
  int find_device(uint64_t vendor, uint64_t device, uint64_t index, PciDevice* out) const;
  // Capability list: (id, config offset) pairs; *count ≤ max.
  int get_caps(uint64_t bdf, uint8_t* ids, uint8_t* offsets, size_t max, size_t* count) const;
  // Devices with bdf > cursor (start at 0), at most `max` (≤ kPciListMax
  // per message): *count of them, *next the cursor to go on from (0 = done).
  int list(uint64_t cursor, PciDevice* out, size_t max, size_t* count, uint64_t* next) const;
  static constexpr size_t kPciListMax = 7;  // 2 + 4·7 MRs
  int read_config32(uint64_t bdf, uint64_t offset, uint32_t* value) const;  // offset 4-aligned, < 256 (EINVAL)
  int write_config32(uint64_t bdf, uint64_t offset, uint32_t value) const;
  // BAR `bar` (0..5): its range, and a cap to it (device untyped or I/O
  // port range) in the caller's empty `dest_slot`.
  int get_bar_cap(uint64_t bdf, uint64_t bar, uint64_t dest_slot, PciBar* out) const;

 private:
  uint64_t ep_;
};

class BlkClient {
 public:
  explicit constexpr BlkClient(uint64_t endpoint) : ep_(endpoint) {}
  // kernel-abi.md §3.8: MR0 start sector, MR1 count (≤ 8: 4 KiB, else
  // EINVAL without a call), MR2 offset in the driver's SHM window.
  int read(uint64_t sector, uint64_t count, uint64_t shm_offset, uint64_t* bytes) const;
  int write(uint64_t sector, uint64_t count, uint64_t shm_offset, uint64_t* bytes) const;
  int get_info(uint64_t* sectors, uint64_t* sector_size) const;
  int flush() const;
  int get_shm_id(uint64_t* shm_id) const;

 private:
  uint64_t ep_;
};

class DnsClient {
 public:
  explicit constexpr DnsClient(uint64_t endpoint) : ep_(endpoint) {}
  // IPv4 addresses in host byte order (kernel-abi.md §3.2's deviation).
  int resolve(lib::Str name, uapi::DnsResult* out) const;
  int cache_flush() const;
  // The name of `ipv4` into out[0..max) (not NUL-terminated), *len bytes.
  int reverse_lookup(uint32_t ipv4, char* out, size_t max, size_t* len) const;

 private:
  uint64_t ep_;
};

// Driver classes at the registry.
enum class DriverKind : uint64_t { kBlock = 0, kNet = 1, kDisplay = 2, kConsole = 3, kInput = 4 };

class DriverRegistryClient {
 public:
  explicit constexpr DriverRegistryClient(uint64_t endpoint) : ep_(endpoint) {}
  // Registers the endpoint in the caller's `endpoint_slot` (GRANT) as a
  // driver of `kind` named `name` (≤ 32 bytes); *id = its driver id.
  int register_driver(DriverKind kind, lib::Str name, uint64_t endpoint_slot, uint64_t* id) const;
  int get_info(uint64_t id, DriverKind* kind, char* name, size_t max, size_t* name_len) const;

 private:
  uint64_t ep_;
};

}  // namespace trona
