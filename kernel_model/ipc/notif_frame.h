// The notification frame (§2.4). The kernel writes it on the interrupted
// thread's user stack (through its VSpace, so a missing stack page faults
// as on the target) and NOTIF_RETURN reads it back from there; the bytes
// are `uapi::NotifFrame`'s. `NotifFrame` is the host view handed to the
// dispatcher function registered for the TCB's dispatcher address: those
// bytes as they were read from the stack, plus where they live.
#pragma once

#include <cstdint>

#include "kernel_model/abi.h"
#include "kernel_model/types.h"

namespace kmodel {

// General registers, x86_64 order (uapi::NotifFrame::gprs).
enum NotifGpr : unsigned { kRax = 0, kRbx, kRcx, kRdx, kRsi, kRdi, kRbp, kRsp, kR8, kR9, kR10 };

// Bytes skipped below the interrupted rsp before the frame: the x86_64
// System V red zone, which Linux also leaves alone for its signal frame.
inline constexpr Word kNotifFrameRedZone = 128;
inline constexpr Word kNotifFrameAlign = 64;
inline constexpr Word kNotifFrameBytes = sizeof(::uapi::NotifFrame);

// Where the kernel puts a frame for a thread interrupted at `rsp`.
constexpr Word notif_frame_va(Word rsp) { return (rsp - kNotifFrameRedZone - kNotifFrameBytes) & ~(kNotifFrameAlign - 1); }

struct NotifFrame : ::uapi::NotifFrame {
  Word va = 0;            // the frame's user address
  bool returned = false;  // NOTIF_RETURN read the frame back (its registers are in the base)
};

}  // namespace kmodel
