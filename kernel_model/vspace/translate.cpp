// Address translation for user accesses: demand-zero pages materialise on
// first touch, COW pages resolve through the kernel COW pool when one is
// set, everything else that does not fit the access is a page fault with
// x86 error-code bits.
#include <cstring>

#include "kernel_model/kernel_context.h"

namespace kmodel {

std::uint8_t* Kernel::translate(VSpace& vs, Word va, Access a, Word& pf, Frame** frame_out) {
  Word access_bits = abi::PF_USER | (a == Access::Write ? abi::PF_WRITE : 0) | (a == Access::Execute ? abi::PF_INSTR : 0);
  pf = access_bits;
  if (frame_out) *frame_out = nullptr;
  if (va >= abi::kUserVaLimit) return nullptr;
  Pte* p = vs.find(va);
  if (!p) return nullptr;
  if (!p->frame) {  // demand-zero: the kernel fills it, no IPC
    Frame& f = pool_frame();
    Word flags = p->flags;
    vs_remove(vs, va / abi::kPageSize);
    vs_insert(vs, va & ~(abi::kPageSize - 1), &f, flags, true);
    p = vs.find(va);
  }
  pf = access_bits | abi::PF_PRESENT;
  if (a == Access::Write) {
    if (p->flags & abi::VM_COW) {
      if (!resolve_cow_fast(vs, va, *p)) return nullptr;
      p = vs.find(va);
    } else if (!(p->flags & abi::VM_WRITABLE)) {
      return nullptr;
    }
  }
  if (a == Access::Execute && !(p->flags & abi::VM_EXECUTABLE)) return nullptr;
  if (frame_out) *frame_out = p->frame;
  pf = 0;
  std::uint8_t* page = frame_bytes(*p->frame);
  return page ? page + va % abi::kPageSize : nullptr;
}

bool Kernel::resolve_cow_fast(VSpace& vs, Word va, Pte& pte) {
  if (vs.cow_pool.empty()) return false;
  Frame* nf = vs.cow_pool.front();
  vs.cow_pool.pop_front();
  if (std::uint8_t* src = frame_bytes(*pte.frame)) std::memcpy(frame_bytes(*nf), src, abi::kPageSize);
  Word flags = (pte.flags & ~abi::VM_COW) | abi::VM_WRITABLE;
  Word page_va = va & ~(abi::kPageSize - 1);
  vs_remove(vs, page_va / abi::kPageSize);
  vs_insert(vs, page_va, nf, flags, true);
  release(*nf);  // the pool's reference now belongs to the mapping
  // Tell the pager: ring record (va, new frame) and a signal.
  if (vs.cow_ring) {
    auto* ring = reinterpret_cast<Word*>(frame_bytes(*vs.cow_ring));
    if (ring) {
      constexpr Word kRecords = (abi::kPageSize / 8 - 2) / 2;
      Word head = ring[0]++;
      ring[2 + (head % kRecords) * 2] = page_va;
      ring[3 + (head % kRecords) * 2] = nf->paddr;
    }
  }
  if (vs.cow_ntfn) signal(*vs.cow_ntfn, vs.cow_ntfn_badge ? vs.cow_ntfn_badge : 1);
  return true;
}

std::uint8_t* Kernel::peek(VSpace& vs, Word va) {
  Pte* p = vs.find(va);
  if (!p || !p->frame) return nullptr;
  std::uint8_t* page = frame_bytes(*p->frame);
  return page ? page + va % abi::kPageSize : nullptr;
}

}  // namespace kmodel
