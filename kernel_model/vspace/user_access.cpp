// User memory access from simulated threads: read, write, atomics and
// instruction fetches, each through the thread's VSpace. A miss becomes a
// VMFault message to the thread's fault endpoint; an empty reply re-runs
// the access. Device frames without bytes go to the machine's MMIO.
#include <cstring>
#include <stdexcept>

#include "hw_model/machine_bus.h"
#include "kernel_model/kernel_context.h"
#include "kernel_model/objects/tcb/tcb.h"

namespace kmodel {

std::uint8_t* Kernel::user_page(Tcb& self, Word va, Access a, Frame** frame_out) {
  for (;;) {
    park_if_inactive(self);
    Word pf = 0;
    Frame* f = nullptr;
    std::uint8_t* p = self.vspace ? translate(*self.vspace, va, a, pf, &f) : nullptr;
    if (f) {
      if (frame_out) *frame_out = f;
      return p;  // nullptr here means MMIO
    }
    if (!self.vspace) pf = abi::PF_USER | (a == Access::Write ? abi::PF_WRITE : 0);
    if (grow_stack(self, va, a)) continue;
    Word mrs[4] = {va, pf, self.rip, a == Access::Execute ? Word{1} : Word{0}};
    deliver_fault(self, abi::FAULT_VM, mrs, 4);
  }
}

// §2.7 TCB_CONFIGURE: "user stack may auto-grow 1 MiB below rsp". A read
// or write of an unmapped page in the MiB below the configured rsp gets
// a demand-zero page (writable, user) instead of a fault.
bool Kernel::grow_stack(Tcb& self, Word va, Access a) {
  if (opts_.lenient_vm || !self.vspace || self.stack_top == 0 || a == Access::Execute) return false;
  if (va >= self.stack_top || self.stack_top - va > kStackGrowBytes || va >= abi::kUserVaLimit) return false;
  if (self.vspace->find(va)) return false;  // mapped: a protection fault, not growth
  vs_insert(*self.vspace, va & ~(abi::kPageSize - 1), nullptr, abi::VM_WRITABLE | abi::VM_USER, false);
  return true;
}

void Kernel::memcpy_user(Word va, void* buf, std::size_t n, bool to_user) {
  Tcb& self = self_or_throw();
  auto* b = static_cast<std::uint8_t*>(buf);
  while (n) {
    std::size_t off = va % abi::kPageSize;
    std::size_t chunk = std::min<std::size_t>(n, abi::kPageSize - off);
    Frame* f = nullptr;
    std::uint8_t* p = user_page(self, va, to_user ? Access::Write : Access::Read, &f);
    if (p) {
      if (to_user)
        std::memcpy(p, b, chunk);
      else
        std::memcpy(b, p, chunk);
    } else {
      // MMIO: one access of the natural size when aligned, else bytes.
      Word pa = f->paddr + off;
      unsigned size = (chunk == 1 || chunk == 2 || chunk == 4 || chunk == 8) && pa % chunk == 0 ? unsigned(chunk) : 1;
      for (std::size_t i = 0; i < chunk; i += size) {
        std::uint64_t v = 0;
        if (to_user) {
          std::memcpy(&v, b + i, size);
          if (bus_) bus_->mmio_write(pa + i, size, v);
        } else {
          if (!bus_ || !bus_->mmio_read(pa + i, size, v)) v = ~std::uint64_t{0};
          std::memcpy(b + i, &v, size);
        }
      }
    }
    va += chunk;
    b += chunk;
    n -= chunk;
  }
}

void Kernel::read(Word va, void* dst, std::size_t n) { memcpy_user(va, dst, n, false); }
void Kernel::write(Word va, const void* src, std::size_t n) { memcpy_user(va, const_cast<void*>(src), n, true); }

template <class F>
Word Kernel::atomic_rmw(Word va, unsigned size, F f) {
  if ((size != 4 && size != 8) || va % size) throw std::invalid_argument("atomic access must be an aligned 4- or 8-byte word");
  Tcb& self = self_or_throw();
  Frame* fr = nullptr;
  std::uint8_t* p = user_page(self, va, Access::Write, &fr);
  Word old = 0;
  if (p) {
    std::memcpy(&old, p, size);
    Word nv = f(old);
    std::memcpy(p, &nv, size);
  } else {
    Word pa = fr->paddr + va % abi::kPageSize;
    if (!bus_ || !bus_->mmio_read(pa, size, old)) old = ~Word{0};
    if (bus_) bus_->mmio_write(pa, size, f(old));
  }
  return old;
}

Word Kernel::atomic_cas(Word va, Word expected, Word desired, unsigned size) {
  Word mask = size == 8 ? ~Word{0} : 0xFFFFFFFFULL;
  return atomic_rmw(va, size, [&](Word old) { return (old & mask) == (expected & mask) ? desired & mask : old; });
}

Word Kernel::atomic_fetch_add(Word va, Word delta, unsigned size) {
  Word mask = size == 8 ? ~Word{0} : 0xFFFFFFFFULL;
  return atomic_rmw(va, size, [&](Word old) { return (old + delta) & mask; });
}

Word Kernel::atomic_exchange(Word va, Word value, unsigned size) {
  Word mask = size == 8 ? ~Word{0} : 0xFFFFFFFFULL;
  return atomic_rmw(va, size, [&](Word) { return value & mask; });
}

void Kernel::execute(Word va) {
  Tcb& self = self_or_throw();
  user_page(self, va, Access::Execute);
}

void Kernel::raise_exception(Word vector, Word error_code) {
  Tcb& self = self_or_throw();
  Word mrs[4] = {vector, error_code, self.rip, self.rsp};
  deliver_fault(self, abi::FAULT_USER_EXCEPTION, mrs, 4);
}

}  // namespace kmodel
