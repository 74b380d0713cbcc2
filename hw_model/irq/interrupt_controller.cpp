#include "hw_model/irq/interrupt_controller.h"

namespace hw {

void InterruptController::set_sink(std::function<void(unsigned)> sink) {
  sink_ = std::move(sink);
  for (unsigned l = 0; l < kLines; ++l)
    if (lines_[l].pending && !lines_[l].masked) deliver(l);
}

void InterruptController::raise(unsigned line) {
  if (line >= kLines) return;
  ++lines_[line].raised;
  if (lines_[line].masked || !sink_) {
    lines_[line].pending = true;
    return;
  }
  deliver(line);
}

void InterruptController::mask(unsigned line) {
  if (line < kLines) lines_[line].masked = true;
}

void InterruptController::unmask(unsigned line) {
  if (line >= kLines) return;
  lines_[line].masked = false;
  if (lines_[line].pending && sink_) deliver(line);
}

void InterruptController::deliver(unsigned line) {
  lines_[line].pending = false;
  ++lines_[line].delivered;
  sink_(line);
}

}  // namespace hw
