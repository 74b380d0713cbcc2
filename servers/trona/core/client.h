// trona/core/client.h — the common half of the typed IPC stubs (namesrv_client.h,
// rsrcsrv_client.h, ...): build a request, CALL the server, read the reply.
//
// Wire conventions (kernel-abi.md §3.0, servers/uapi/README.md):
//   - the request label selects the op, MRs are its fields (MR0..MR3 in
//     registers, MR4.. in the IPC buffer msg[6..]); caps to send are slots
//     of the caller's CSpace in ipc_buffer()->caps[];
//   - caps in the reply land in the caller's own CSpace root (flat) at
//     receive_slot, receive_slot + 1, ... — those slots must be empty;
//   - the status is the reply label; the payload is in the reply MRs;
//   - RESTART is retried always, INTERRUPTED only for idempotent ops.
// Errors are Linux errno values (uapi/status.h): 0 = success.
// Freestanding: no STL, no exceptions, no heap.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "lib/span.h"
#include "uapi/kernel_abi.h"
#include "uapi/linux_numbers.h"

namespace trona {

inline constexpr uint64_t kNoReceiveSlot = ~uint64_t{0};

// One request to a server.
struct ClientRequest {
  uint64_t label = 0;
  size_t length = 0;  // MRs used
  uint64_t mr[uapi::kMaxMessageRegisters] = {};
  size_t cap_count = 0;
  uint64_t caps[uapi::kMaxExtraCaps] = {};   // caller's slots of caps to transfer
  uint64_t receive_slot = kNoReceiveSlot;    // where reply caps land (kNoReceiveSlot: none expected)
  bool idempotent = false;                   // safe to resend after INTERRUPTED

  explicit constexpr ClientRequest(uint64_t l) : label(l) {}
  // Appends one MR; false when the message is full.
  bool push(uint64_t v);
  // Appends a string packed inline (MR[k] = length, bytes from MR[k+1],
  // 8 per word, little-endian); false when it does not fit.
  bool push_inline(lib::Str s);
  bool push_cap(uint64_t slot);
};

// The reply: status (= reply label) and a copy of its MRs.
struct ClientReply {
  uint64_t status = uapi::TRONA_OK;
  size_t length = 0;
  uint64_t mr[uapi::kMaxMessageRegisters] = {};

  uint64_t get(size_t i) const { return i < length ? mr[i] : 0; }
};

// CALLs `server` (an endpoint slot of the caller's CSpace) with `request`.
// Returns 0 when the call went through and the server answered TRONA_OK;
// otherwise the errno of the transport failure (errno_from_syscall_error;
// *reply untouched but for status) or of the reply status
// (errno_from_reply_status; *reply holds the reply MRs).
int server_call(uint64_t server, const ClientRequest& request, ClientReply* reply);

// NBSENDs `request` to `server` without waiting and without an answer: the
// kernel queues a cap-free message when nobody receives (kernel-abi.md §2,
// NBSEND). For one-way notices between servers that must never wait for
// each other. False when it was not taken (caps given, ring full, bad cap).
bool server_post(uint64_t server, const ClientRequest& request);

// server_call with a protocol's conventions (the generated stubs of
// proto/<p>_client.h call these): with kResendRestart a reply status
// RESTART is resent; a failure's errno is Override(label, status) when that
// is not 0 (the .idl `errno` lines), else server_call's.
template <bool kResendRestart, int (*Override)(uint64_t, uint64_t)>
int protocol_call(uint64_t endpoint, const ClientRequest& rq, ClientReply* rp) {
  int e = server_call(endpoint, rq, rp);
  if constexpr (kResendRestart) {
    while (e != 0 && rp->status == uapi::TRONA_RESTART) e = server_call(endpoint, rq, rp);
  }
  if (e == 0) return 0;
  int o = Override(rq.label, rp->status);
  return o != 0 ? o : e;
}

// One typed call of label L (L::Request / L::Reply, encode / decode found
// next to them): pack, call, unpack. *out is written only on success; a
// reply that does not decode is EIO.
template <class L, bool kResendRestart, int (*Override)(uint64_t, uint64_t)>
int typed_call(uint64_t endpoint, const typename L::Request& m, typename L::Reply* out) {
  ClientRequest rq(L::kLabel);
  rq.idempotent = L::kIdempotent;
  if (!encode(m, rq.mr, &rq.length, rq.caps, &rq.cap_count)) return uapi::kEINVAL;
  if constexpr (requires { m.receive_slot; }) rq.receive_slot = m.receive_slot;
  ClientReply rp;
  if (int e = protocol_call<kResendRestart, Override>(endpoint, rq, &rp); e != 0) return e;
  typename L::Reply r;
  if (!decode(rp.mr, rp.length, &r)) return uapi::kEIO;
  if (out != nullptr) *out = r;
  return 0;
}

// One typed one-way message of label L (no reply is read): pack, NBSEND.
template <class L>
bool typed_post(uint64_t endpoint, const typename L::Request& m) {
  ClientRequest rq(L::kLabel);
  if (!encode(m, rq.mr, &rq.length, rq.caps, &rq.cap_count)) return false;
  return server_post(endpoint, rq);
}

}  // namespace trona
