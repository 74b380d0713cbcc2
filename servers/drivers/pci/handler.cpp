#include "drivers/pci/handler.h"

#include "proto/pci_server.h"
#include "uapi/errno_status.h"
#include "uapi/linux_numbers.h"

namespace pci {

namespace {

using namespace proto::pci;

constexpr size_t kListMax = 7;

// pci.idl declares no errno statuses: the kernel's codes (the stub maps them back).
uint64_t status_of(int e) {
  switch (e) {
    case uapi::kENXIO: return uapi::TRONA_NOT_FOUND;  // a BAR that is not there
    case uapi::kEBUSY: return uapi::TRONA_ALREADY_EXISTS;  // its range is held another way
    default: return uapi::status_from_errno(e);
  }
}  // 4 words a device after count and next (pci.idl)

void put_device(const Device& d, uint64_t* w) {
  w[0] = d.bdf;
  w[1] = d.ids();
  w[2] = d.class_code;
  w[3] = d.irq;
}

struct Service {
  Pci& pci;

  uint64_t pci_find_device(const PciFindDevice::In& in, PciFindDevice::Reply& out, proto::Call&) {
    if (in.vendor > 0xFFFF || in.device > 0xFFFF) return uapi::TRONA_INVALID_ARGUMENT;
    const Device* d = pci.find(static_cast<uint16_t>(in.vendor), static_cast<uint16_t>(in.device), in.index);
    if (!d) return uapi::TRONA_NOT_FOUND;
    uint64_t w[4];
    put_device(*d, w);
    out.bdf = w[0], out.ids = w[1], out.class_code = w[2], out.irq = w[3];
    return uapi::TRONA_OK;
  }
  uint64_t pci_get_caps(const PciGetCaps::In& in, PciGetCaps::Reply& out, proto::Call&) {
    return status_of(pci.caps(in.bdf, out.caps, sizeof out.caps / sizeof out.caps[0], &out.caps_count));
  }
  uint64_t pci_list(const PciList::In& in, PciList::Reply& out, proto::Call&) {
    if (in.max == 0) return uapi::TRONA_INVALID_ARGUMENT;
    const Device* found[kListMax];
    out.count = pci.list(in.cursor, in.max < kListMax ? in.max : kListMax, found, &out.next);
    for (size_t i = 0; i < out.count; ++i) put_device(*found[i], &out.devices[4 * i]);
    out.devices_count = 4 * out.count;
    return uapi::TRONA_OK;
  }
  uint64_t pci_read_config32(const PciReadConfig32::In& in, PciReadConfig32::Reply& out, proto::Call&) {
    return status_of(pci.read_config(in.bdf, in.offset, &out.value));
  }
  uint64_t pci_write_config32(const PciWriteConfig32::In& in, PciWriteConfig32::Reply&, proto::Call&) {
    return status_of(pci.write_config(in.bdf, in.offset, in.value));
  }
  uint64_t pci_get_bar_cap(const PciGetBarCap::In& in, PciGetBarCap::Reply& out, proto::Call&) {
    const Bar* b = nullptr;
    if (int e = pci.bar_cap(in.bdf, in.bar, &b); e != 0) return status_of(e);
    out.base = b->base;
    out.size = b->size;
    out.kind = b->kind == BarKind::kIo ? 1 : 0;
    out.bar_cap = b->cap_slot;  // a copy goes; the server keeps its own
    return uapi::TRONA_OK;
  }
};

}  // namespace

void handle(Pci& p, const lib::Request& rq, lib::Reply* reply) {
  *reply = lib::Reply();
  Service s{p};
  dispatch(s, rq, reply);
}

}  // namespace pci
