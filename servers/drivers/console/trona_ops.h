// drivers/console/trona_ops.h — console::Ops on the trona interface: port
// I/O and IRQ acknowledgement through the device caps init copies in
// (console.service: CopyCap=6:64 7:65 8:66 9:67 10:68), reply caps saved
// into a small range of the own CSpace. Built with the program, not the
// logic.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "drivers/console/ops.h"
#include "lib/message.h"
#include "trona/core/saved_callers.h"

namespace console {

// The console's CSpace: 32 the service endpoint (init's pre-created one),
// 27..30 receive slots, 31 the probe slot, 64.. the device caps, saved
// reply caps from 128 (a reader and a writer queue of kMaxWaiting each).
inline constexpr uint64_t kServiceEndpointSlot = 32;
inline constexpr uint64_t kRecvSlot = 27;
inline constexpr uint64_t kProbeSlot = 31;
inline constexpr uint64_t kKbdIoPortSlot = 64;
inline constexpr uint64_t kKbdIrqSlot = 65;
inline constexpr uint64_t kCom1IoPortSlot = 66;
inline constexpr uint64_t kCom1IrqSlot = 67;
inline constexpr uint64_t kIrqNotificationSlot = 68;  // init's COM1 notification; the keyboard's IRQ signals it too
inline constexpr uint64_t kTtysrvSlot = 69;           // NeedEP=ttysrv:69 (optional): typed bytes go there
inline constexpr uint64_t kScratchSlot = 70;
inline constexpr uint64_t kSavedSlotBase = 128;
inline constexpr size_t kSavedSlots = 32;

class TronaOps final : public Ops {
 public:
  // Points the keyboard's IRQ at the COM1 notification (COM1's is wired to
  // it already) and binds that notification to the calling thread. False
  // when a cap is missing.
  bool wire_interrupts();
  // Whether the unit gave it posix_ttysrv's endpoint (kTtysrvSlot).
  void find_ttysrv();

  uint8_t in8(Device d, uint16_t reg) override;
  void out8(Device d, uint16_t reg, uint8_t value) override;
  void ack(Device d) override;
  bool save_caller(uint64_t* slot) override;
  void answer_read(uint64_t slot, const char* data, size_t n) override;
  void answer_write(uint64_t slot, size_t taken) override;
  bool forwarding() const override { return forward_; }
  bool push_input(const char* data, size_t n) override;

 private:
  void answer(uint64_t slot, const lib::Reply& rp);
  trona::SavedCallers<kSavedSlotBase, kSavedSlots> saved_;
  bool forward_ = false;
};

}  // namespace console
