// console::TronaOps (drivers/console/trona_ops.h).
#include "drivers/console/trona_ops.h"

#include "lib/message.h"
#include "proto/console.h"
#include "proto/posix_ttysrv.h"
#include "lib/proto_call.h"
#include "trona/core/client.h"
#include "trona/core/serve.h"
#include "trona/core/syscall.h"

namespace console {

namespace {

uint64_t port_slot(Device d) { return d == Device::kCom1 ? kCom1IoPortSlot : kKbdIoPortSlot; }

}  // namespace

bool TronaOps::wire_interrupts() {
  if (trona::invoke(kKbdIrqSlot, uapi::IRQ_HANDLER_SET_NOTIFICATION, kIrqNotificationSlot).error != uapi::TRONA_OK)
    return false;
  return trona::invoke(uapi::SLOT_SELF_TCB, uapi::TCB_BIND_NOTIFICATION, kIrqNotificationSlot).error ==
         uapi::TRONA_OK;
}

// A slot holds a cap iff it can be moved (MOVE needs no rights); moved back at once.
void TronaOps::find_ttysrv() {
  const uint64_t cn = uapi::SLOT_SELF_CNODE;
  forward_ = trona::invoke(cn, uapi::CNODE_MOVE, kScratchSlot, cn, kTtysrvSlot).error == uapi::TRONA_OK;
  if (forward_) trona::invoke(cn, uapi::CNODE_MOVE, kTtysrvSlot, cn, kScratchSlot);
}

bool TronaOps::push_input(const char* data, size_t n) {
  using proto::posix_ttysrv::PosixTtysrvInputEvent;
  return trona::typed_post<PosixTtysrvInputEvent>(kTtysrvSlot, PosixTtysrvInputEvent::Request{.data = lib::Str(data, n)});
}

uint8_t TronaOps::in8(Device d, uint16_t reg) {
  return static_cast<uint8_t>(trona::invoke(port_slot(d), uapi::IOPORT_IN8, reg).value);
}

void TronaOps::out8(Device d, uint16_t reg, uint8_t value) {
  trona::invoke(port_slot(d), uapi::IOPORT_OUT8, reg, value);
}

void TronaOps::ack(Device d) {
  trona::invoke(d == Device::kCom1 ? kCom1IrqSlot : kKbdIrqSlot, uapi::IRQ_HANDLER_ACK);
}

bool TronaOps::save_caller(uint64_t* slot) { return saved_.save(slot); }

// A caller that went away takes nothing: its bytes are gone with it.
void TronaOps::answer(uint64_t slot, const lib::Reply& rp) { saved_.answer(slot, rp); }

void TronaOps::answer_read(uint64_t slot, const char* data, size_t n) {
  proto::console::ConsoleRead::Reply out{};
  if (n > sizeof out.data_buf) n = sizeof out.data_buf;
  for (size_t i = 0; i < n; ++i) out.data_buf[i] = data[i];
  out.data_len = n;
  lib::Reply rp;
  proto::finish(uapi::TRONA_OK, false, out, &rp);
  answer(slot, rp);
}

void TronaOps::answer_write(uint64_t slot, size_t taken) {
  proto::console::ConsoleWrite::Reply out{};
  out.taken = taken;
  lib::Reply rp;
  proto::finish(uapi::TRONA_OK, false, out, &rp);
  answer(slot, rp);
}

}  // namespace console
