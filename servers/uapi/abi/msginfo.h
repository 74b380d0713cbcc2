// uapi/abi/msginfo.h — §2.2 the message-info word: length 6:0, extra
// caps 11:7, label 51:12.
//
// Freestanding: only <stdint.h>/<stddef.h>.
#pragma once

#include <stddef.h>
#include <stdint.h>

namespace uapi {

inline constexpr unsigned kMsgLengthBits = 7;
inline constexpr unsigned kMsgCapsShift = 7;
inline constexpr unsigned kMsgCapsBits = 5;
inline constexpr unsigned kMsgLabelShift = 12;
inline constexpr unsigned kMsgLabelBits = 40;
inline constexpr size_t kMaxMessageRegisters = 32;  // kernel clamps length
inline constexpr size_t kMaxExtraCaps = 4;          // kernel clamps caps
inline constexpr size_t kRegisterMessageRegisters = 4;  // MR0..MR3 in registers

constexpr uint64_t msginfo(uint64_t label, uint64_t length, uint64_t extra_caps = 0) {
  return ((label & ((uint64_t{1} << kMsgLabelBits) - 1)) << kMsgLabelShift) |
         ((extra_caps & ((uint64_t{1} << kMsgCapsBits) - 1)) << kMsgCapsShift) |
         (length & ((uint64_t{1} << kMsgLengthBits) - 1));
}
constexpr uint64_t msginfo_label(uint64_t info) {
  return (info >> kMsgLabelShift) & ((uint64_t{1} << kMsgLabelBits) - 1);
}
// Raw fields; the kernel clamps length to 32 and caps to 4.
constexpr uint64_t msginfo_length(uint64_t info) { return info & ((uint64_t{1} << kMsgLengthBits) - 1); }
constexpr uint64_t msginfo_extra_caps(uint64_t info) {
  return (info >> kMsgCapsShift) & ((uint64_t{1} << kMsgCapsBits) - 1);
}

}  // namespace uapi
