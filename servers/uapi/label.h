// uapi/label.h — the IPC label type and the X-macro helpers every label
// header uses.
//
// Each protocol header (vfs.h, procmgr.h, ...) lists its labels once, as an
// X-macro `UAPI_<PROTOCOL>_LABELS(X)` whose entries are `X(NAME, number)`.
// The same list defines the constants (UAPI_DEFINE_LABEL) and lets tests and
// dispatch tables enumerate every label by name. Freestanding: no host
// headers beyond <stdint.h>/<stddef.h>.
#pragma once

#include <stddef.h>
#include <stdint.h>

namespace uapi {

// A protocol label: the 40-bit label field of the message-info word
// (kernel_abi.h), carried by every SYS_CALL/SYS_SEND to a server endpoint.
using Label = uint64_t;

inline constexpr Label kLabelMask = (uint64_t{1} << 40) - 1;

namespace detail {

// True if no two entries of `v` are equal (labels of one endpoint).
template <size_t N>
constexpr bool distinct(const Label (&v)[N]) {
  for (size_t i = 0; i < N; ++i)
    for (size_t j = i + 1; j < N; ++j)
      if (v[i] == v[j]) return false;
  return true;
}

// True if no entry of `v` is one of the `reserved` (retired) numbers.
template <size_t N, size_t M>
constexpr bool avoids(const Label (&v)[N], const Label (&reserved)[M]) {
  for (size_t i = 0; i < N; ++i)
    for (size_t j = 0; j < M; ++j)
      if (v[i] == reserved[j]) return false;
  return true;
}

template <size_t N>
constexpr bool fit_label_field(const Label (&v)[N]) {
  for (size_t i = 0; i < N; ++i)
    if ((v[i] & ~kLabelMask) != 0) return false;
  return true;
}

}  // namespace detail
}  // namespace uapi

// X-macro adaptors.
#define UAPI_DEFINE_LABEL(name, value) inline constexpr ::uapi::Label name = value;
#define UAPI_LABEL_VALUE(name, value) name,

// Compile-time checks for one number domain (one server endpoint): every
// label fits the 40-bit field and no two labels share a number.
#define UAPI_CHECK_LABEL_DOMAIN(list)                                              \
  static_assert(::uapi::detail::distinct({list(UAPI_LABEL_VALUE)}),                \
                "two labels of " #list " share a number");                         \
  static_assert(::uapi::detail::fit_label_field({list(UAPI_LABEL_VALUE)}),         \
                "a label of " #list " does not fit the 40-bit label field")
