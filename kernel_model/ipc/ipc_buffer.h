// The IPC buffer page of a thread, at the ABI's offsets (§2.3).
#pragma once

#include <cstddef>
#include <cstdint>

#include "kernel_model/abi.h"

namespace kmodel {

struct IpcBuffer {
  std::uint64_t msg[abi::kIpcMsgWords];  // [label, length, MR0..MR31]
  std::uint64_t badge;
  std::uint64_t caps[abi::kMaxExtraCaps];
  std::uint64_t receive_cnode;
  std::uint64_t receive_index;
  std::uint64_t receive_depth;
  std::uint64_t timeout_ns;
  std::uint64_t reserved[abi::kIpcReservedWords];

  std::uint64_t& mr(std::size_t i) { return msg[abi::kIpcMsgMr0 + i]; }
  std::uint64_t label() const { return msg[abi::kIpcMsgLabel]; }
  std::uint64_t length() const { return msg[abi::kIpcMsgLength]; }
};

static_assert(offsetof(IpcBuffer, badge) == abi::kIpcOffBadge);
static_assert(offsetof(IpcBuffer, caps) == abi::kIpcOffCaps);
static_assert(offsetof(IpcBuffer, receive_cnode) == abi::kIpcOffRecvCnode);
static_assert(offsetof(IpcBuffer, receive_index) == abi::kIpcOffRecvIndex);
static_assert(offsetof(IpcBuffer, receive_depth) == abi::kIpcOffRecvDepth);
static_assert(offsetof(IpcBuffer, timeout_ns) == abi::kIpcOffTimeout);
static_assert(offsetof(IpcBuffer, reserved) == abi::kIpcOffReserved);
static_assert(sizeof(IpcBuffer) <= abi::kPageSize);

// Message-info word helpers (§2.2).
struct MsgInfo {
  std::uint64_t label = 0;
  std::uint64_t length = 0;  // clamped to 32
  std::uint64_t extra_caps = 0;  // clamped to 4

  static MsgInfo decode(std::uint64_t w) {
    MsgInfo m;
    m.length = w & abi::kMsgLengthMask;
    if (m.length > abi::kMaxMsgLength) m.length = abi::kMaxMsgLength;
    m.extra_caps = (w >> abi::kMsgCapsShift) & abi::kMsgCapsMask;
    if (m.extra_caps > abi::kMaxExtraCaps) m.extra_caps = abi::kMaxExtraCaps;
    m.label = (w >> abi::kMsgLabelShift) & abi::kMsgLabelMask;
    return m;
  }
  static std::uint64_t encode(std::uint64_t label, std::uint64_t length, std::uint64_t extra_caps = 0) {
    return ((label & abi::kMsgLabelMask) << abi::kMsgLabelShift) |
           ((extra_caps & abi::kMsgCapsMask) << abi::kMsgCapsShift) | (length & abi::kMsgLengthMask);
  }
};

}  // namespace kmodel
