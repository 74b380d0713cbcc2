// uapi/abi/faults.h — §2.11 fault messages: the label of the message the
// kernel sends the fault handler. VMFault MRs: address, x86 PF error code,
// pc, 1 if instruction fetch. UserException MRs: vector, error code, pc, sp.
//
// Freestanding: only <stdint.h>.
#pragma once

#include <stdint.h>

#include "uapi/abi/x_macro.h"

#define UAPI_FAULT_LABELS(X)       \
  X(FAULT_NULL, 0)                 \
  X(FAULT_CAP, 1)                  \
  X(FAULT_VM, 2)                   \
  X(FAULT_UNKNOWN_SYSCALL, 3)      \
  X(FAULT_USER_EXCEPTION, 4)

namespace uapi {

UAPI_FAULT_LABELS(UAPI_ABI_CONSTANT)

// x86 page-fault error-code bits carried in VMFault MR1.
inline constexpr uint64_t PF_PRESENT = 1u << 0;
inline constexpr uint64_t PF_WRITE = 1u << 1;
inline constexpr uint64_t PF_USER = 1u << 2;
inline constexpr uint64_t PF_INSTR = 1u << 4;
// UserException vector of an undefined instruction (#UD).
inline constexpr uint64_t kVectorInvalidOpcode = 6;

}  // namespace uapi
