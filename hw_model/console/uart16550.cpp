#include "hw_model/console/uart16550.h"

#include "sim/runtime/log/log.h"

namespace hw {

namespace {
// Register offsets and bits.
constexpr unsigned kData = 0, kIer = 1, kIirFcr = 2, kLcr = 3, kMcr = 4, kLsr = 5, kMsr = 6, kScr = 7;
constexpr std::uint8_t kIerRda = 1, kIerThre = 2, kIerRls = 4;
constexpr std::uint8_t kLcrDlab = 0x80;
constexpr std::uint8_t kMcrDtr = 1, kMcrRts = 2, kMcrOut1 = 4, kMcrOut2 = 8, kMcrLoop = 0x10;
constexpr std::uint8_t kLsrDr = 1, kLsrOe = 2, kLsrThre = 0x20, kLsrTemt = 0x40;
constexpr std::uint8_t kIirNone = 1, kIirRls = 6, kIirRda = 4, kIirThre = 2, kIirFifo = 0xC0;
}  // namespace

Uart16550::Uart16550(sim::VirtualClock& clock, InterruptController& irqs, std::string name, unsigned irq,
                     UartConfig cfg)
    : events_(clock), irqs_(irqs), name_(std::move(name)), irq_(irq), cfg_(cfg) {}

sim::VDuration Uart16550::char_time() const {
  if (cfg_.char_time) return cfg_.char_time;
  return 10 * sim::kSec * (divisor_ ? divisor_ : 1) / 115200;
}

std::uint8_t Uart16550::iir() {
  std::uint8_t id = kIirNone;
  if ((ier_ & kIerRls) && overrun_) {
    id = kIirRls;
  } else if ((ier_ & kIerRda) && !rx_fifo_.empty()) {
    id = kIirRda;
  } else if ((ier_ & kIerThre) && thre_pending_) {
    id = kIirThre;
  }
  return static_cast<std::uint8_t>(id | ((fcr_ & 1) ? kIirFifo : 0));
}

void Uart16550::update_irq() {
  const bool pending = !(iir() & kIirNone);
  if (pending && !line_high_) {
    ++counters_.interrupts;
    irqs_.raise(irq_);  // the ISA line is edge-triggered at the PIC
  }
  line_high_ = pending;
}

std::uint64_t Uart16550::read(std::uint64_t offset, unsigned /*size*/) {
  const bool dlab = lcr_ & kLcrDlab;
  std::uint8_t v = 0;
  switch (offset) {
    case kData:
      if (dlab) return divisor_ & 0xFF;
      if (!rx_fifo_.empty()) {
        v = rx_fifo_.front();
        rx_fifo_.pop_front();
        start_rx();
      }
      break;
    case kIer:
      return dlab ? divisor_ >> 8 : ier_;
    case kIirFcr:
      v = iir();
      if ((v & 0x0F) == kIirThre) thre_pending_ = false;  // reading IIR clears THRE
      break;
    case kLcr:
      return lcr_;
    case kMcr:
      return mcr_;
    case kLsr:
      v = static_cast<std::uint8_t>((rx_fifo_.empty() ? 0 : kLsrDr) | (overrun_ ? kLsrOe : 0) |
                                    (tx_fifo_.empty() ? kLsrThre : 0) | (tx_fifo_.empty() && !tx_busy_ ? kLsrTemt : 0));
      overrun_ = false;
      break;
    case kMsr:
      if (mcr_ & kMcrLoop) {
        // Loopback: CTS=RTS, DSR=DTR, RI=OUT1, DCD=OUT2.
        return ((mcr_ & kMcrRts) ? 0x10 : 0) | ((mcr_ & kMcrDtr) ? 0x20 : 0) | ((mcr_ & kMcrOut1) ? 0x40 : 0) |
               ((mcr_ & kMcrOut2) ? 0x80 : 0);
      }
      return 0xB0;  // CTS, DSR, DCD: a terminal is attached
    case kScr:
      return scr_;
    default:
      return 0xFF;
  }
  update_irq();
  return v;
}

void Uart16550::write(std::uint64_t offset, unsigned /*size*/, std::uint64_t value) {
  const auto v = static_cast<std::uint8_t>(value);
  const bool dlab = lcr_ & kLcrDlab;
  switch (offset) {
    case kData:
      if (dlab) {
        divisor_ = static_cast<std::uint16_t>((divisor_ & 0xFF00) | v);
        return;
      }
      thre_pending_ = false;
      if (tx_fifo_.size() < kFifo) tx_fifo_.push_back(v);
      start_tx();
      break;
    case kIer:
      if (dlab) {
        divisor_ = static_cast<std::uint16_t>((divisor_ & 0x00FF) | (v << 8));
        return;
      }
      // Enabling THRE with an empty transmitter interrupts at once.
      if ((v & kIerThre) && !(ier_ & kIerThre) && tx_fifo_.empty()) thre_pending_ = true;
      ier_ = v & 0x0F;
      break;
    case kIirFcr:
      fcr_ = v;
      if (v & 2) rx_fifo_.clear();
      if (v & 4) tx_fifo_.clear();
      break;
    case kLcr:
      lcr_ = v;
      return;
    case kMcr:
      mcr_ = v & 0x1F;
      break;
    case kScr:
      scr_ = v;
      return;
    default:
      return;
  }
  update_irq();
}

void Uart16550::start_tx() {
  if (tx_busy_ || tx_fifo_.empty()) return;
  tx_busy_ = true;
  events_.after(char_time(), [this] {
    tx_busy_ = false;
    const std::uint8_t b = tx_fifo_.front();
    tx_fifo_.pop_front();
    ++counters_.tx_bytes;
    if (mcr_ & kMcrLoop) {
      receive_byte(b);
    } else {
      emit(b);
    }
    if (tx_fifo_.empty()) thre_pending_ = true;
    start_tx();
    update_irq();
  });
}

void Uart16550::emit(std::uint8_t b) {
  output_.push_back(static_cast<char>(b));
  if (on_output_) on_output_(static_cast<char>(b));
  if (b == '\n') {
    sim::log::get("uart")->info("{}: {}", name_, line_);
    line_.clear();
  } else if (b != '\r') {
    line_.push_back(static_cast<char>(b));
  }
}

void Uart16550::receive_byte(std::uint8_t b) {
  if (rx_fifo_.size() >= kFifo) {
    overrun_ = true;
    ++counters_.overruns;
    return;
  }
  rx_fifo_.push_back(b);
  ++counters_.rx_bytes;
}

void Uart16550::type(std::string_view bytes) {
  host_input_.insert(host_input_.end(), bytes.begin(), bytes.end());
  start_rx();
}

void Uart16550::start_rx() {
  // Typed bytes are flow-controlled: none is lost to a full FIFO.
  if (rx_busy_ || host_input_.empty() || rx_fifo_.size() >= kFifo || (mcr_ & kMcrLoop)) return;
  rx_busy_ = true;
  events_.after(char_time(), [this] {
    rx_busy_ = false;
    if (!(mcr_ & kMcrLoop) && rx_fifo_.size() < kFifo && !host_input_.empty()) {
      receive_byte(host_input_.front());
      host_input_.pop_front();
    }
    start_rx();
    update_irq();
  });
}

std::string Uart16550::take_output() {
  std::string s;
  s.swap(output_);
  return s;
}

}  // namespace hw
