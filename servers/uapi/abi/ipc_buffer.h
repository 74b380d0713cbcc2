// uapi/abi/ipc_buffer.h — §2.3 the IPC buffer, §2.4 the notification
// frame and the endpoint's PM_EXEC payload copy.
//
// Freestanding: only <stdint.h>/<stddef.h>.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "uapi/abi/msginfo.h"

namespace uapi {

// One 4 KiB page per thread. msg[] = [label, length, MR0..MR31]; on
// receive the kernel writes the whole message here. On send MR4.. are
// taken from msg[6..].
inline constexpr size_t kIpcBufferSize = 4096;
inline constexpr size_t kIpcMsgWords = 34;
inline constexpr size_t kIpcReservedWords = 465;
inline constexpr size_t kIpcMsgLabel = 0;    // msg[] index of the label
inline constexpr size_t kIpcMsgLength = 1;   // msg[] index of the length
inline constexpr size_t kIpcMsgMr0 = 2;      // msg[] index of MR0
// Byte offsets of the fields after msg[].
inline constexpr size_t kIpcOffBadge = 0x110;
inline constexpr size_t kIpcOffCaps = 0x118;
inline constexpr size_t kIpcOffRecvCnode = 0x138;
inline constexpr size_t kIpcOffRecvIndex = 0x140;
inline constexpr size_t kIpcOffRecvDepth = 0x148;
inline constexpr size_t kIpcOffTimeout = 0x150;
inline constexpr size_t kIpcOffReserved = 0x158;

struct IpcBuffer {
  uint64_t msg[kIpcMsgWords];
  uint64_t badge;
  uint64_t caps[kMaxExtraCaps];
  uint64_t receive_cnode;
  uint64_t receive_index;
  uint64_t receive_depth;
  uint64_t timeout_ns;
  uint64_t reserved[kIpcReservedWords];
  uint64_t tail[4];  // §2.3 lists 465 reserved words; the page has 4 more


  uint64_t& mr(size_t i) { return msg[kIpcMsgMr0 + i]; }
  uint64_t mr(size_t i) const { return msg[kIpcMsgMr0 + i]; }
};

static_assert(sizeof(IpcBuffer) == kIpcBufferSize);
static_assert(offsetof(IpcBuffer, msg) == 0x000);
static_assert(offsetof(IpcBuffer, badge) == kIpcOffBadge);
static_assert(offsetof(IpcBuffer, caps) == kIpcOffCaps);
static_assert(offsetof(IpcBuffer, receive_cnode) == kIpcOffRecvCnode);
static_assert(offsetof(IpcBuffer, receive_index) == kIpcOffRecvIndex);
static_assert(offsetof(IpcBuffer, receive_depth) == kIpcOffRecvDepth);
static_assert(offsetof(IpcBuffer, timeout_ns) == kIpcOffTimeout);
static_assert(offsetof(IpcBuffer, reserved) == kIpcOffReserved);
static_assert(kIpcMsgWords == 2 + kMaxMessageRegisters);

// The frame the kernel pushes for a notification dispatcher (§2.4): all
// GPRs (x86_64 order rax, rbx, rcx, rdx, rsi, rdi, rbp, rsp, r8..r15),
// rip, rflags, the notification bits, the interrupted syscall number, its
// cap and msginfo, restart (1: the call never reached the server and is
// re-issued after NOTIF_RETURN), the magic, the FPU state.
inline constexpr uint64_t kNotifFrameMagic = 0x5A17'5349'4746'524DULL;
inline constexpr size_t kNotifFrameFpuBytesX86 = 832;
inline constexpr size_t kNotifFrameFpuBytesArm = 528;
struct NotifFrame {
  uint64_t gprs[16];
  uint64_t rip, rflags;
  uint64_t bits, syscall, cap, msginfo, restart;
  uint64_t magic;
  alignas(64) uint8_t fpu[kNotifFrameFpuBytesX86];
};

// §2.4 PM_EXEC payload: a message with this label and MR0 (path length)
// at most kPmExecMaxPath also carries `reserved` (the total-bytes word
// inside the message says how much).
inline constexpr uint64_t kPmExecLabel = 6;
inline constexpr uint64_t kPmExecMaxPath = 64;

}  // namespace uapi
