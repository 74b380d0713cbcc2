#include "trona/core/serve.h"

#include "trona/core/syscall.h"

namespace lib {

namespace {

uapi::IpcBuffer* arm(const ServeConfig& c) {
  uapi::IpcBuffer* ipc = trona::ipc_buffer();
  ipc->receive_cnode = 0;  // own CSpace root
  ipc->receive_index = c.recv_slot;
  ipc->receive_depth = 0;
  return ipc;
}

uint64_t self_cnode(uint64_t label, uint64_t a0, uint64_t a1 = 0, uint64_t a2 = 0) {
  return trona::invoke(uapi::SLOT_SELF_CNODE, label, a0, a1, a2).error;
}

// A cap arrived iff the receive slot can be moved (MOVE needs no GRANT,
// so badged endpoints qualify); it then sits in probe_slot. Caps 1..3 of a
// message land in recv_slot + 1..3; no handler takes them, so they are
// deleted (else they would block the next sender's transfer).
bool take_cap(const ServeConfig& c) {
  bool got = self_cnode(uapi::CNODE_MOVE, c.probe_slot, uapi::SLOT_SELF_CNODE, c.recv_slot) == uapi::TRONA_OK;
  for (uint64_t i = 1; i < uapi::kMaxExtraCaps; ++i) self_cnode(uapi::CNODE_DELETE, c.recv_slot + i);
  return got;
}

// After the handler: keep the arrived cap where it says, else drop it. A
// cap that cannot be kept (slot taken) is dropped too, so the probe slot
// is empty for the next message.
void dispose_cap(const ServeConfig& c, const Reply& rp) {
  if (rp.keep_cap_at != kNoCap &&
      self_cnode(uapi::CNODE_MOVE, rp.keep_cap_at, uapi::SLOT_SELF_CNODE, c.probe_slot) == uapi::TRONA_OK)
    return;
  self_cnode(uapi::CNODE_DELETE, c.probe_slot);
}

// The transport: whole messages between the IPC buffer / registers and a
// lib::Request or lib::Reply, word for word (the generated code packs the
// fields; this moves the words — counted by tools/count_mr_sites.sh, not
// expressible as a layout).
void decode(const uapi::IpcBuffer* ipc, uint64_t badge, Request* rq) {
  rq->label = ipc->msg[uapi::kIpcMsgLabel];
  rq->length = ipc->msg[uapi::kIpcMsgLength] < kMaxMrs ? ipc->msg[uapi::kIpcMsgLength] : kMaxMrs;
  for (size_t i = 0; i < rq->length; ++i) rq->mr[i] = ipc->mr(i);
  rq->badge = badge;
}

// The endpoint itself is unusable: nothing will ever arrive.
bool fatal(uint64_t error) {
  return error == uapi::TRONA_INVALID_CAPABILITY || error == uapi::TRONA_INSUFFICIENT_RIGHTS;
}

// Runs the timer's due events; the time until the next one, or
// kNoDeadline.
uint64_t until_next_deadline(const ServeTimer& t, void* ctx) {
  if (t.next_deadline == nullptr) return kNoDeadline;
  for (;;) {
    uint64_t d = t.next_deadline(ctx);
    if (d == kNoDeadline) return kNoDeadline;
    uint64_t now = trona::clock_gettime(uapi::kClockMonotonic).value;
    if (d > now) return d - now;
    t.on_deadline(ctx, now);
  }
}

// A RECV_ANY wait (timed, or with a bound notification) names the
// endpoint in reserved[0]; the badge is then in the buffer, not in the
// value — which stays kRecvAnyNotification when the notification fired.
trona::SysResult any_badge(uapi::IpcBuffer* ipc, trona::SysResult r) {
  if (r.ok() && r.value != uapi::kRecvAnyNotification) r.value = ipc->badge;
  return r;
}

bool notified(const ServeTimer& t, trona::SysResult r) {
  return t.on_notification != nullptr && r.ok() && r.value == uapi::kRecvAnyNotification;
}

trona::SysResult recv(const ServeConfig& c, uapi::IpcBuffer* ipc, const ServeTimer& t, void* ctx) {
  uint64_t wait = until_next_deadline(t, ctx);
  if (wait == kNoDeadline && t.on_notification == nullptr) return trona::recv(c.endpoint);
  ipc->reserved[0] = c.endpoint;
  return any_badge(ipc, wait == kNoDeadline ? trona::recv_any(1) : trona::recv_any_timed(1, wait));
}

trona::SysResult reply_recv(const ServeConfig& c, uapi::IpcBuffer* ipc, const Reply& rp, uint64_t label,
                            size_t cap_count, const ServeTimer& t, void* ctx) {
  uint64_t wait = until_next_deadline(t, ctx);
  for (size_t i = uapi::kRegisterMessageRegisters; i < rp.length; ++i) ipc->mr(i) = rp.mr[i];
  for (size_t i = 0; i < cap_count; ++i) ipc->caps[i] = rp.caps[i];
  const uint64_t info = uapi::msginfo(label, rp.length, cap_count);
  if (wait == kNoDeadline && t.on_notification == nullptr)
    return trona::reply_recv(c.endpoint, info, rp.mr[0], rp.mr[1], rp.mr[2], rp.mr[3]);
  ipc->reserved[0] = c.endpoint;
  if (wait == kNoDeadline) return any_badge(ipc, trona::reply_recv_any(1, info, rp.mr[0], rp.mr[1], rp.mr[2], rp.mr[3]));
  ipc->timeout_ns = wait;
  return any_badge(ipc, trona::reply_recv_any_timed(1, info, rp.mr[0], rp.mr[1], rp.mr[2], rp.mr[3]));
}

}  // namespace

bool send_to_saved(uint64_t slot, const Reply& rp) {
  uapi::IpcBuffer* ipc = trona::ipc_buffer();
  for (size_t i = uapi::kRegisterMessageRegisters; i < rp.length; ++i) ipc->mr(i) = rp.mr[i];
  return trona::send(slot, uapi::msginfo(rp.label, rp.length, 0), rp.mr[0], rp.mr[1], rp.mr[2], rp.mr[3]).ok();
}

void serve(const ServeConfig& c, Handler handler, void* ctx, const ServeTimer& timer) {
  self_cnode(uapi::CNODE_DELETE, c.probe_slot);
  for (uint64_t i = 0; i < uapi::kMaxExtraCaps; ++i) self_cnode(uapi::CNODE_DELETE, c.recv_slot + i);
  uapi::IpcBuffer* ipc = arm(c);
  trona::SysResult r = recv(c, ipc, timer, ctx);
  for (;;) {
    if (notified(timer, r)) {  // an interrupt, not a message: nobody to answer
      timer.on_notification(ctx, ipc->badge);
      ipc = arm(c);
      r = recv(c, ipc, timer, ctx);
      continue;
    }
    if (!r.ok()) {  // transport failure or a timeout: nothing to answer
      if (fatal(r.error)) {
        trona::debug_putstr("serve: service endpoint unusable; thread ends\n");
        trona::thread_exit();
      }
      ipc = arm(c);
      r = recv(c, ipc, timer, ctx);
      continue;
    }
    Request rq;
    decode(ipc, r.value, &rq);
    if (take_cap(c)) {
      rq.cap_count = 1;
      rq.cap_slot = c.probe_slot;
    }
    Reply rp;
    handler(ctx, rq, &rp);
    if (rq.cap_count != 0) dispose_cap(c, rp);
    ipc = arm(c);
    if (!rp.send) {
      r = recv(c, ipc, timer, ctx);
      continue;
    }
    r = reply_recv(c, ipc, rp, rp.label, rp.cap_count, timer, ctx);
    // The kernel refused the reply's caps (the caller's receive slot is
    // occupied or missing) and kept the caller waiting: answer again
    // without caps, with the kernel's error as the status. (If the
    // endpoint itself failed, the retry fails the same way; a timeout
    // means the reply went out.)
    if (!r.ok() && rp.cap_count != 0 && r.error != uapi::TRONA_CANCELLED)
      r = reply_recv(c, arm(c), rp, r.error, 0, timer, ctx);
  }
}

}  // namespace lib
