// lib/message.h — one IPC message as a server's dispatch logic sees it,
// independent of how it arrived (trona recv on the IPC buffer, or a test).
//
// Request: what the server loop decoded from its IPC buffer after a
// receive: label, MRs, the caller's badge and the slot where a transferred
// cap landed. Reply: what the loop sends back with reply_recv — status in
// the label (kernel-abi.md §3.0), payload MRs, and the slots of caps to
// transfer. Freestanding, header-only.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "uapi/kernel_abi.h"

namespace lib {

inline constexpr uint64_t kNoCap = ~uint64_t{0};
inline constexpr size_t kMaxMrs = uapi::kMaxMessageRegisters;

struct Request {
  uint64_t label = 0;
  size_t length = 0;  // MRs present (clamped to kMaxMrs by the loop)
  uint64_t mr[kMaxMrs] = {};
  uint64_t badge = 0;
  size_t cap_count = 0;       // caps transferred with the request
  uint64_t cap_slot = kNoCap;  // where cap[0] landed in the server's CSpace

  uint64_t get(size_t i) const { return i < length ? mr[i] : 0; }
};

struct Reply {
  uint64_t label = uapi::TRONA_OK;  // status
  size_t length = 0;
  uint64_t mr[kMaxMrs] = {};
  size_t cap_count = 0;
  uint64_t caps[uapi::kMaxExtraCaps] = {};  // server slots of caps to send
  bool send = true;  // false: no reply now (the caller stays blocked)
  // What becomes of the cap that arrived with the request (Request::cap_slot):
  // kNoCap = the loop deletes it (it is not kept); otherwise the loop moves
  // it to this slot of the server's CSpace.
  uint64_t keep_cap_at = kNoCap;

  void status(uint64_t s) { label = s; }
  bool push(uint64_t v) {
    if (length == kMaxMrs) return false;
    mr[length++] = v;
    return true;
  }
  bool push_cap(uint64_t slot) {
    if (cap_count == uapi::kMaxExtraCaps) return false;
    caps[cap_count++] = slot;
    return true;
  }
};

}  // namespace lib
