// console::TronaOps (drivers/console/trona_ops.h).
#include "drivers/console/trona_ops.h"

#include "lib/message.h"
#include "proto/console.h"
#include "lib/proto_call.h"
#include "trona/core/serve.h"
#include "trona/core/syscall.h"

namespace console {

namespace {

uint64_t port_slot(Device d) { return d == Device::kCom1 ? kCom1IoPortSlot : kKbdIoPortSlot; }

uint64_t self_cnode(uint64_t label, uint64_t a0) { return trona::invoke(uapi::SLOT_SELF_CNODE, label, a0).error; }

}  // namespace

bool TronaOps::wire_interrupts() {
  if (trona::invoke(kKbdIrqSlot, uapi::IRQ_HANDLER_SET_NOTIFICATION, kIrqNotificationSlot).error != uapi::TRONA_OK)
    return false;
  return trona::invoke(uapi::SLOT_SELF_TCB, uapi::TCB_BIND_NOTIFICATION, kIrqNotificationSlot).error ==
         uapi::TRONA_OK;
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

bool TronaOps::save_caller(uint64_t* slot) {
  size_t i = used_.find_clear();
  if (i == lib::Bitmap<kSavedSlots>::npos) return false;
  const uint64_t s = kSavedSlotBase + i;
  self_cnode(uapi::CNODE_DELETE, s);
  if (self_cnode(uapi::CNODE_SAVE_CALLER, s) != uapi::TRONA_OK) return false;
  used_.set(i);
  *slot = s;
  return true;
}

void TronaOps::answer(uint64_t slot, const lib::Reply& rp) {
  lib::send_to_saved(slot, rp);  // a caller that went away takes nothing: its bytes are gone with it
  self_cnode(uapi::CNODE_DELETE, slot);
  if (slot >= kSavedSlotBase && slot < kSavedSlotBase + kSavedSlots) used_.clear(slot - kSavedSlotBase);
}

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
