#include "trona/core/client.h"

#include "lib/inline_string.h"
#include "trona/core/syscall.h"
#include "uapi/status.h"

namespace trona {

bool ClientRequest::push(uint64_t v) {
  if (length == uapi::kMaxMessageRegisters) return false;
  mr[length++] = v;
  return true;
}

bool ClientRequest::push_inline(lib::Str s) {
  size_t end = lib::pack_inline(mr, uapi::kMaxMessageRegisters, length, s);
  if (end == 0) return false;
  length = end;
  return true;
}

bool ClientRequest::push_cap(uint64_t slot) {
  if (cap_count == uapi::kMaxExtraCaps) return false;
  caps[cap_count++] = slot;
  return true;
}

namespace {

// Writes the parts of the request that travel in the IPC buffer. Redone
// before every attempt: a notification dispatcher may have used the buffer.
// This and server_call are the transport (whole messages, word for word;
// the generated stubs pack the fields) — left out of layouts by design.
void load_buffer(IpcBuffer* ipc, const ClientRequest& rq) {
  for (size_t i = uapi::kRegisterMessageRegisters; i < rq.length; ++i) ipc->mr(i) = rq.mr[i];
  for (size_t i = 0; i < uapi::kMaxExtraCaps; ++i) ipc->caps[i] = i < rq.cap_count ? rq.caps[i] : 0;
  if (rq.receive_slot != kNoReceiveSlot) {
    ipc->receive_cnode = 0;  // own CSpace root
    ipc->receive_index = rq.receive_slot;
    ipc->receive_depth = 0;  // flat
  }
}

}  // namespace

int server_call(uint64_t server, const ClientRequest& rq, ClientReply* reply) {
  const uint64_t info = uapi::msginfo(rq.label, rq.length, rq.cap_count);
  SysResult r{};
  IpcBuffer* ipc = nullptr;
  for (;;) {
    ipc = ipc_buffer();
    load_buffer(ipc, rq);
    r = call(server, info, rq.mr[0], rq.mr[1], rq.mr[2], rq.mr[3]);
    if (r.error == uapi::TRONA_RESTART) continue;  // the server never saw it
    if (r.error == uapi::TRONA_INTERRUPTED && rq.idempotent) continue;
    break;
  }
  if (!r.ok()) {
    reply->status = r.error;
    reply->length = 0;
    return uapi::errno_from_syscall_error(r.error);
  }
  reply->status = ipc->msg[uapi::kIpcMsgLabel];
  uint64_t n = ipc->msg[uapi::kIpcMsgLength];
  reply->length = n < uapi::kMaxMessageRegisters ? n : uapi::kMaxMessageRegisters;
  for (size_t i = 0; i < reply->length; ++i) reply->mr[i] = ipc->mr(i);
  return uapi::errno_from_reply_status(reply->status);
}

bool server_post(uint64_t server, const ClientRequest& rq) {
  if (rq.cap_count != 0) return false;  // a queued NBSEND carries no caps (kernel-abi.md §2)
  load_buffer(ipc_buffer(), rq);
  const uint64_t info = uapi::msginfo(rq.label, rq.length, 0);
  return nbsend(server, info, rq.mr[0], rq.mr[1], rq.mr[2], rq.mr[3]).ok();
}

}  // namespace trona
