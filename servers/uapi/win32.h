// uapi/win32.h — labels between PE processes and win32_csrss (trona
// uapi/protocol/win32.rs, era B), and the console mode flags they exchange.
// Wire formats of 0x100–0x106 are given by the protocol file (see README).
#pragma once

#include "uapi/label.h"

#include "proto/win32_labels.h"  // UAPI_WIN32_LABELS: servers/uapi/proto/win32.idl

// Console mode flags (input and output sides share bit values).
#define UAPI_WIN32_CONSTANTS(X)           \
  X(ENABLE_PROCESSED_INPUT, 0x0001)       \
  X(ENABLE_LINE_INPUT, 0x0002)            \
  X(ENABLE_ECHO_INPUT, 0x0004)            \
  X(ENABLE_PROCESSED_OUTPUT, 0x0001)      \
  X(ENABLE_WRAP_AT_EOL_OUTPUT, 0x0002)    \
  X(DEFAULT_INPUT_MODE, 0x0007)           \
  X(DEFAULT_OUTPUT_MODE, 0x0003)

namespace uapi::win32 {

UAPI_WIN32_LABELS(UAPI_DEFINE_LABEL)
UAPI_WIN32_CONSTANTS(UAPI_DEFINE_LABEL)

static_assert(DEFAULT_INPUT_MODE == (ENABLE_PROCESSED_INPUT | ENABLE_LINE_INPUT | ENABLE_ECHO_INPUT));
static_assert(DEFAULT_OUTPUT_MODE == (ENABLE_PROCESSED_OUTPUT | ENABLE_WRAP_AT_EOL_OUTPUT));

// W32_GET/SET_CONSOLE_MODE regs[0].
inline constexpr uint64_t kConsoleHandleInput = 0;
inline constexpr uint64_t kConsoleHandleOutput = 1;

}  // namespace uapi::win32

namespace uapi::win32::detail {
using namespace ::uapi::win32;
UAPI_CHECK_LABEL_DOMAIN(UAPI_WIN32_LABELS);
}  // namespace uapi::win32::detail
