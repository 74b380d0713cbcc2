// trona/core/backend_target/raw_syscall.h — target backend: one era-B system
// call as an inline `syscall` instruction (kernel-abi.md §2.1, x86-64):
//   in:  rax = number, rdi = a0 (cap), rsi = a1 (msginfo/label),
//        rdx = a2 (MR0), r10 = a3 (MR1), r8 = a4 (MR2), r9 = a5 (MR3)
//   out: rax = error, rdx = value; rcx and r11 are clobbered.
// The argument registers are treated as clobbered as well (the ABI does not
// promise to preserve them). Included by trona/core/backend.h only.
#pragma once

#include <stdint.h>

#if !defined(__x86_64__)
#error "the trona target backend is x86-64 only (aarch64: svc #0, x8 = number, x0/x1 out)"
#endif

namespace trona::backend {

inline SysResult raw_syscall(uint64_t number, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4,
                             uint64_t a5) {
  uint64_t rax = number;
  uint64_t rdi = a0;
  uint64_t rsi = a1;
  uint64_t rdx = a2;
  register uint64_t r10 asm("r10") = a3;
  register uint64_t r8 asm("r8") = a4;
  register uint64_t r9 asm("r9") = a5;
  asm volatile("syscall"
               : "+a"(rax), "+D"(rdi), "+S"(rsi), "+d"(rdx), "+r"(r10), "+r"(r8), "+r"(r9)
               :
               : "rcx", "r11", "memory");
  return SysResult{rax, rdx};
}

}  // namespace trona::backend
