// FUTEX (§2.1): WAIT / WAIT_TIMEOUT compare a 32-bit word of simulated
// memory and sleep; WAKE wakes up to `val` waiters. Waiters are keyed by
// the physical address, so shared mappings meet.
#include <algorithm>
#include <cstring>

#include "kernel_model/kernel_context.h"
#include "kernel_model/objects/tcb/tcb.h"

namespace kmodel {

SysResult Kernel::sys_futex(Tcb& self, Word addr, Word op, Word val, Word timeout_ns) {
  if (op != abi::FUTEX_OP_WAIT && op != abi::FUTEX_OP_WAKE && op != abi::FUTEX_OP_WAIT_TIMEOUT) return fail(abi::INVALID_ARGUMENT);
  if (addr % 4 != 0) return fail(abi::INVALID_ARGUMENT);
  if (addr >= abi::kUserVaLimit) return fail(abi::BAD_ADDRESS);
  Frame* f = nullptr;
  std::uint8_t* page = user_page(self, addr, Access::Read, &f);
  if (!f) return fail(abi::BAD_ADDRESS);
  Word key = f->paddr + addr % abi::kPageSize;
  if (op == abi::FUTEX_OP_WAKE) {
    auto it = futex_waiters_.find(key);
    Word woken = 0;
    while (it != futex_waiters_.end() && !it->second.empty() && woken < val) {
      Tcb* t = it->second.front();
      dequeue(*t);
      complete(*t, abi::OK, 0);
      ++woken;
      it = futex_waiters_.find(key);
    }
    return okv(woken);
  }
  std::uint32_t cur = 0;
  if (page) std::memcpy(&cur, page, sizeof cur);  // page already points at addr
  if (cur != static_cast<std::uint32_t>(val)) return fail(abi::WOULD_BLOCK);
  std::optional<sim::VTime> deadline;
  if (op == abi::FUTEX_OP_WAIT_TIMEOUT) {
    deadline = timeout_deadline(timeout_ns);
    if (deadline && *deadline <= sched_.now()) return fail(abi::CANCELLED);
  }
  futex_waiters_[key].push_back(&self);
  self.futex_key = key;
  self.state = TcbState::BlockedFutex;
  self.done = false;
  if (!wait_done(self, sim::WaitKind::Dependent, deadline)) {
    dequeue(self);
    self.state = TcbState::Running;
    return fail(abi::CANCELLED);
  }
  return SysResult{self.result_error, self.result_value};
}

}  // namespace kmodel
