// IRQ handlers (one per line) and IoPort ranges.
#pragma once

#include "kernel_model/objects/object.h"

namespace kmodel {

class IrqHandler final : public KObject {
 public:
  // `control` marks the IrqControl object (init slot 11).
  IrqHandler(unsigned irq, bool control) : KObject(abi::OBJ_IRQ_HANDLER), irq(irq), control(control) {}
  unsigned irq;
  bool control;
  Notification* ntfn = nullptr;
  Word ntfn_badge = 0;
  bool masked = false;   // raised, not yet acknowledged
  bool pending = false;  // raised while masked
  Word raised = 0;       // how many times the line fired
};

class IoPort final : public KObject {
 public:
  IoPort() : KObject(abi::OBJ_IO_PORT) {}
  IoPort(std::uint16_t base, std::uint32_t count)
      : KObject(abi::OBJ_IO_PORT), base(base), count(count), configured(true) {}
  std::uint16_t base = 0;
  std::uint32_t count = 0;
  bool configured = false;
};

}  // namespace kmodel
