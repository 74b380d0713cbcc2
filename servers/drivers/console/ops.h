// drivers/console/ops.h — the console server's seam to the kernel: port
// I/O on the COM1 and keyboard IoPort caps, interrupt acknowledgement,
// saved reply caps (a read with nothing typed, a write with the output
// ring full, answer later). TronaOps (trona_ops.h) is the real one; the
// tests drive Console with a fake. Freestanding.
#pragma once

#include <stddef.h>
#include <stdint.h>


namespace console {

enum class Device : uint8_t { kCom1, kKeyboard };

class Ops {
 public:
  // `reg`: the offset in the device's port range (COM1 0..7; keyboard 0 = data 0x60, 4 = status/command 0x64).
  virtual uint8_t in8(Device d, uint16_t reg) = 0;
  virtual void out8(Device d, uint16_t reg, uint8_t value) = 0;
  // IRQ_HANDLER_ACK: the line may signal again.
  virtual void ack(Device d) = 0;
  // CNODE_SAVE_CALLER into a free slot; false when none is free.
  virtual bool save_caller(uint64_t* slot) = 0;
  // Answer a saved caller (and free its slot): CONSOLE_READ's bytes, CONSOLE_WRITE's count.
  virtual void answer_read(uint64_t slot, const char* data, size_t n) = 0;
  virtual void answer_write(uint64_t slot, size_t taken) = 0;
  // With a terminal server (posix_ttysrv) the typed bytes go to it
  // (POSIX_TTYSRV_INPUT_EVENT, queued without waiting); false when it took
  // nothing (its queue is full), to be tried again at the next interrupt.
  virtual bool forwarding() const { return false; }
  virtual bool push_input(const char* data, size_t n) {
    (void)data, (void)n;
    return false;
  }

 protected:
  ~Ops() = default;
};

}  // namespace console
