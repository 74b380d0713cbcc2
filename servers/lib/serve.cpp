#include "lib/serve.h"

#include "trona/syscall.h"

namespace lib {

namespace {

uapi::IpcBuffer* arm(const ServeConfig& c) {
  uapi::IpcBuffer* ipc = trona::ipc_buffer();
  ipc->receive_cnode = 0;  // own CSpace root
  ipc->receive_index = c.recv_slot;
  ipc->receive_depth = 0;
  return ipc;
}

// A cap arrived iff the receive slot can be moved (MOVE needs no GRANT,
// so badged endpoints qualify); it then sits in probe_slot.
bool take_cap(const ServeConfig& c) {
  return trona::invoke(uapi::SLOT_SELF_CNODE, uapi::CNODE_MOVE, c.probe_slot, uapi::SLOT_SELF_CNODE, c.recv_slot)
      .ok();
}

void decode(const uapi::IpcBuffer* ipc, uint64_t badge, Request* rq) {
  rq->label = ipc->msg[uapi::kIpcMsgLabel];
  rq->length = ipc->msg[uapi::kIpcMsgLength] < kMaxMrs ? ipc->msg[uapi::kIpcMsgLength] : kMaxMrs;
  for (size_t i = 0; i < rq->length; ++i) rq->mr[i] = ipc->mr(i);
  rq->badge = badge;
}

}  // namespace

void serve(const ServeConfig& c, Handler handler, void* ctx) {
  uapi::IpcBuffer* ipc = arm(c);
  trona::SysResult r = trona::recv(c.endpoint);
  for (;;) {
    if (!r.ok()) {  // transport failure: nothing to answer
      ipc = arm(c);
      r = trona::recv(c.endpoint);
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
    if (rq.cap_count != 0) {
      if (rp.keep_cap_at != kNoCap)
        trona::invoke(uapi::SLOT_SELF_CNODE, uapi::CNODE_MOVE, rp.keep_cap_at, uapi::SLOT_SELF_CNODE, c.probe_slot);
      else
        trona::invoke(uapi::SLOT_SELF_CNODE, uapi::CNODE_DELETE, c.probe_slot);
    }
    ipc = arm(c);
    if (!rp.send) {
      r = trona::recv(c.endpoint);
      continue;
    }
    for (size_t i = uapi::kRegisterMessageRegisters; i < rp.length; ++i) ipc->mr(i) = rp.mr[i];
    for (size_t i = 0; i < rp.cap_count; ++i) ipc->caps[i] = rp.caps[i];
    r = trona::reply_recv(c.endpoint, uapi::msginfo(rp.label, rp.length, rp.cap_count), rp.mr[0], rp.mr[1], rp.mr[2],
                          rp.mr[3]);
  }
}

}  // namespace lib
