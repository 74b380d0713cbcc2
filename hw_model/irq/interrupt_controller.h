// The interrupt controller of a PC (two cascaded 8259s / IO-APIC, modelled
// as one flat set of lines): a device raises a line, the controller hands
// it to the kernel model's sink unless the line is masked (then it stays
// pending until unmasked). Edge semantics: one delivery per raise.
#pragma once

#include <array>
#include <cstdint>
#include <functional>

namespace hw {

class InterruptController {
 public:
  static constexpr unsigned kLines = 24;

  void set_sink(std::function<void(unsigned)> sink);
  void raise(unsigned line);
  void mask(unsigned line);
  void unmask(unsigned line);
  bool masked(unsigned line) const { return line < kLines && lines_[line].masked; }

  std::uint64_t raised(unsigned line) const { return line < kLines ? lines_[line].raised : 0; }
  std::uint64_t delivered(unsigned line) const { return line < kLines ? lines_[line].delivered : 0; }

 private:
  struct Line {
    bool masked = false;
    bool pending = false;
    std::uint64_t raised = 0;
    std::uint64_t delivered = 0;
  };
  void deliver(unsigned line);

  std::array<Line, kLines> lines_{};
  std::function<void(unsigned)> sink_;
};

}  // namespace hw
