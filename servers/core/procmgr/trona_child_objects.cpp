// procmgr/trona_child_objects.cpp — the steps of a child's objects
// (trona_child_objects.h).
#include "core/procmgr/trona_child_objects.h"

#include "core/procmgr/trona_ops.h"

namespace procmgr::child {

using uapi::SLOT_SELF_CNODE;
using namespace trona::image;

Slots of_window(size_t index) {
  const uint64_t b = window(index);
  return {b + win::kTcb,   b + win::kVSpace,   b + win::kCNode, b + win::kSchedCtx,
          b + win::kStack, b + win::kIpcFrame, b + win::kImage};
}

uint64_t pages_bits(uint64_t pages) {
  uint64_t bits = 0;
  while ((uint64_t{1} << bits) < pages) ++bits;
  return bits;
}

size_t process_objects(const Slots& s, uint64_t cnode_bits, uint64_t stack_bits, bool with_image, ChildObject* out) {
  const ChildObject objs[kMaxProcessObjects] = {{uapi::OBJ_TCB, 0, s.tcb},
                                                {uapi::OBJ_VSPACE, 0, s.vs},
                                                {uapi::OBJ_CNODE, cnode_bits, s.cn},
                                                {uapi::OBJ_SCHED_CONTEXT, 0, s.sc},
                                                {uapi::OBJ_MEMORY_OBJECT, stack_bits, s.stack},
                                                {uapi::OBJ_FRAME, uapi::kFrameSizeBits, s.ipc},
                                                {uapi::OBJ_MEMORY_OBJECT, 0, s.image}};
  const size_t n = with_image ? kMaxProcessObjects : kMaxProcessObjects - 1;
  for (size_t i = 0; i < n; ++i) out[i] = objs[i];
  return n;
}

uint64_t give_self_caps(const Slots& s, uint64_t badge) {
  uint64_t st;
  if ((st = inv(SLOT_SELF_CNODE, uapi::CNODE_COPY, s.tcb, s.cn, uapi::SLOT_SELF_TCB, uapi::RIGHTS_ALL))) return st;
  if ((st = inv(SLOT_SELF_CNODE, uapi::CNODE_COPY, s.vs, s.cn, uapi::SLOT_SELF_VSPACE, uapi::RIGHTS_ALL))) return st;
  if ((st = inv(SLOT_SELF_CNODE, uapi::CNODE_COPY, s.cn, s.cn, uapi::SLOT_SELF_CNODE, uapi::RIGHTS_ALL))) return st;
  return inv(SLOT_SELF_CNODE, uapi::CNODE_MINT, uapi::SLOT_PROCMGR_EP, s.cn, uapi::SLOT_PROCMGR_EP, badge);
}

uint64_t give_mmsrv_endpoint(uint64_t cn, uint64_t badge) {
  return inv(SLOT_SELF_CNODE, uapi::CNODE_MINT, kMmsrvGrantSlot, cn, uapi::SLOT_MMSRV_EP, badge);
}

uint64_t set_pager(uint64_t tcb, uint64_t badge) {
  inv(SLOT_SELF_CNODE, uapi::CNODE_DELETE, kMmScratchSlot);
  uint64_t st = inv(SLOT_SELF_CNODE, uapi::CNODE_MINT, kMmsrvGrantSlot, SLOT_SELF_CNODE, kMmScratchSlot, badge);
  if (st == uapi::TRONA_OK) st = inv(tcb, uapi::TCB_SET_FAULT_HANDLER, kMmScratchSlot);
  inv(SLOT_SELF_CNODE, uapi::CNODE_DELETE, kMmScratchSlot);
  return st;
}

uint64_t mo_write(uint64_t mo, uint64_t off, const uint8_t* data, size_t n) {
  auto* buf = reinterpret_cast<uint8_t*>(trona::ipc_buffer());
  for (size_t i = 0; i < n; ++i) buf[i] = data[i];
  return inv(mo, uapi::MO_WRITE, off, n);
}

uint64_t write_image(uint64_t img, lib::Str image, uint8_t* page) {
  for (size_t i = 0; i < image.size; ++i) page[i] = static_cast<uint8_t>(image[i]);
  return mo_write(img, 0, page, image.size);
}

uint64_t write_stack_top(uint64_t stack, uint64_t pages, const uint8_t* page) {
  return mo_write(stack, (pages - 1) * uapi::kPageSize, page, uapi::kPageSize);
}

uint64_t map_mo(uint64_t vs, uint64_t mo, uint64_t va, uint64_t pages, uint64_t flags) {
  return inv(vs, uapi::VSPACE_MAP_MO, mo, va, 0, (pages << 32) | flags);
}

uint64_t map_image(uint64_t vs, uint64_t img) {
  return map_mo(vs, img, kImageVa, 1, uapi::VSPACE_USER | uapi::VSPACE_EXECUTABLE);
}

uint64_t map_ipc_frame(uint64_t vs, uint64_t frame) {
  return inv(vs, uapi::VSPACE_MAP, frame, kIpcBufferVa, uapi::VSPACE_USER | uapi::VSPACE_WRITABLE);
}

uint64_t map_rw(uint64_t vs, uint64_t mo, uint64_t va, uint64_t pages) {
  return map_mo(vs, mo, va, pages, uapi::VSPACE_USER | uapi::VSPACE_WRITABLE);
}

uint64_t stack_base(uint64_t pages) { return kStackTopVa - pages * uapi::kPageSize; }

uint64_t map_stack(uint64_t vs, uint64_t stack, uint64_t pages) { return map_rw(vs, stack, stack_base(pages), pages); }

uint64_t configure_thread(uint64_t tcb, uint64_t cn, uint64_t vs, uint64_t rip, uint64_t rsp, uint64_t ipc_va) {
  uint64_t st;
  if ((st = inv(tcb, uapi::TCB_SET_SPACE, cn, vs, 0))) return st;
  if ((st = inv(tcb, uapi::TCB_CONFIGURE, rip, rsp, ipc_va))) return st;
  return inv(tcb, uapi::TCB_SET_IPC_BUFFER, ipc_va);
}

uint64_t bind_sched_context(uint64_t sc, uint64_t tcb) {
  uint64_t st = inv(sc, uapi::SC_CONFIGURE, 10000, 100000);
  return st != uapi::TRONA_OK ? st : inv(sc, uapi::SC_BIND, tcb);
}

StackSpec stack_spec(const char* argv_bytes, size_t argv_len, size_t argc) {
  StackSpec spec;
  spec.argv_bytes = argv_bytes;
  spec.argv_len = argv_len;
  spec.argc = argc;
  return spec;
}

}  // namespace procmgr::child
