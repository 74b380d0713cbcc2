// The small syscalls: YIELD, clocks and sleep on virtual time, GETRANDOM
// from the seed, the debug console into the machine log, SHUTDOWN,
// THREAD_EXIT.
#include <algorithm>

#include "kernel_model/kernel_context.h"
#include "kernel_model/objects/tcb/tcb.h"
#include "sim/runtime/log/log.h"

namespace kmodel {

void Kernel::debug_putc(char c) {
  debug_out_.push_back(c);
  if (c == '\n') {
    static auto console = sim::log::get("console");
    console->info("{}", debug_line_);
    debug_line_.clear();
  } else {
    debug_line_.push_back(c);
  }
}

// NANOSLEEP blocks as BlockedSleep until the deadline, or until the bound
// notification interrupts it (INTERRUPTED, notification.cpp). 0 returns
// at once.
SysResult Kernel::sys_nanosleep(Tcb& self, Word ns) {
  if (ns == 0) return okv();
  std::optional<sim::VTime> deadline = timeout_deadline(ns);
  TcbState before = self.state;
  self.state = TcbState::BlockedSleep;
  self.done = false;
  if (!wait_done(self, sim::WaitKind::Idle, deadline)) {
    if (self.state == TcbState::BlockedSleep) self.state = before;
    return okv();
  }
  return SysResult{self.result_error, self.result_value};
}

SysResult Kernel::sys_misc(Tcb& self, Word no, Word a0, Word a1) {
  switch (no) {
    case abi::SYS_YIELD: sched_.yield(); return okv();
    case abi::SYS_DEBUG_PUTCHAR: debug_putc(static_cast<char>(a0)); return okv();
    case abi::SYS_DEBUG_PUTSTR:
    case abi::SYS_DEBUG_PUTBUF: {
      // (va, length); PUTSTR with length 0 stops at NUL (at most a page).
      Word len = a1 ? std::min<Word>(a1, 1 << 20) : abi::kPageSize;
      for (Word i = 0; i < len; ++i) {
        char c = 0;
        read(a0 + i, &c, 1);
        if (no == abi::SYS_DEBUG_PUTSTR && a1 == 0 && c == 0) break;
        debug_putc(c);
      }
      return okv(len);
    }
    case abi::SYS_DEBUG_DUMP_STATE: log().info("{}", waits_report()); return okv();
    case abi::SYS_DEBUG_CONSOLE_CONTROL: return okv();
    case abi::SYS_CLOCK_GETTIME:
      if (a0 == abi::CLOCK_ID_REALTIME) return okv(opts_.realtime_epoch_ns + sched_.now());
      if (a0 == abi::CLOCK_ID_MONOTONIC) return okv(sched_.now());
      return fail(abi::INVALID_ARGUMENT);
    case abi::SYS_GETRANDOM: return okv(random_.next());
    case abi::SYS_SHUTDOWN:
      shutdown_ = true;
      log().info("shutdown requested by '{}'", self.name);
      sched_.stop();
      self.state = TcbState::Inactive;
      self.exited = true;
      sched_.exit_current();
    case abi::SYS_THREAD_EXIT:
      self.state = TcbState::Inactive;
      self.exited = true;
      sched_.exit_current();
    default: return fail(abi::INVALID_OPERATION);
  }
}

}  // namespace kmodel
