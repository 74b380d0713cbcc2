// drivers/pci/ops.h — what the PCI logic needs from the machine, as a seam:
// configuration space (mechanism #1, ports 0xCF8/0xCFC) and the capability
// for a BAR's range. trona_ops.cpp implements it with trona calls; tests use
// their own.
#pragma once

#include <stdint.h>

namespace pci {

struct Ops {
  // 32-bit configuration read / write of bus:dev.fn `bdf` at 4-aligned `offset` (< 256).
  virtual uint32_t config_read(uint32_t bdf, uint32_t offset) = 0;
  virtual void config_write(uint32_t bdf, uint32_t offset, uint32_t value) = 0;
  // A new capability for [base, base + size): a device untyped (memory) or an
  // I/O port range, in a slot of the server's own CSpace. 0, EBUSY when the
  // range was handed out another way already (the boot framebuffer is
  // init's slot 13), ENOMEM when the kernel refuses it otherwise.
  virtual int make_bar_cap(bool io, uint64_t base, uint64_t size, uint64_t* slot) = 0;

 protected:
  ~Ops() = default;
};

}  // namespace pci
