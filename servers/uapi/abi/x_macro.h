// uapi/abi/x_macro.h — the callbacks that turn the ABI's X-macro lists
// (UAPI_SYSCALLS, UAPI_RIGHTS, ...) into constants.
//
// Freestanding: only <stdint.h>.
#pragma once

#include <stdint.h>

// X(name, value) -> uapi::name.
#define UAPI_ABI_CONSTANT(name, value) inline constexpr uint64_t name = value;
// X(name, value) -> uapi::kname (for names that are host macros, e.g.
// SYS_SEND in <linux/net.h>).
#define UAPI_ABI_K_CONSTANT(name, value) inline constexpr uint64_t k##name = value;
// X(name, value) -> +1: the length of a list, `0 UAPI_RIGHTS(UAPI_ABI_COUNT)`.
#define UAPI_ABI_COUNT(name, value) +1
