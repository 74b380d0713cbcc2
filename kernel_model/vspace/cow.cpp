// Sharing pages between address spaces: copy-on-write clones, read-only
// shares, COW resolution by the pager, the kernel COW frame pool, memory
// object mappings and fork ranges.
#include <cstring>

#include "kernel_model/ipc/notification.h"
#include "kernel_model/kernel_context.h"
#include "kernel_model/objects/cnode/cnode.h"
#include "kernel_model/objects/memory_object/memory_object.h"
#include "kernel_model/objects/memory_object/memory_object_ops.h"

namespace kmodel {

namespace {
// The frame behind `va`, materialising a demand-zero entry.
Pte* present(Kernel& k, VSpace& vs, Word va) {
  Pte* p = vs.find(va);
  if (p && !p->frame) {
    Frame& f = k.pool_frame();
    Word flags = p->flags;
    k.vs_remove(vs, va / abi::kPageSize);
    k.vs_insert(vs, va, &f, flags, true);
    p = vs.find(va);
  }
  return p;
}
}  // namespace

SysResult Kernel::vs_clone_cow_page(VSpace& src, Word src_va, VSpace& dst, Word dst_va) {
  Pte* p = present(*this, src, src_va);
  if (!p) return fail(abi::NOT_FOUND);
  if (dst.find(dst_va)) return fail(abi::ALREADY_MAPPED);
  p->flags |= abi::VM_COW;
  vs_touch(src);
  vs_insert(dst, dst_va, p->frame, p->flags, p->owns_ref);
  dst.inherit_process_local(src);  // COW cloning is how memory is forked
  return okv();
}

SysResult Kernel::vs_share_ro_page(VSpace& src, Word src_va, VSpace& dst, Word dst_va) {
  Pte* p = present(*this, src, src_va);
  if (!p) return fail(abi::NOT_FOUND);
  if (dst.find(dst_va)) return fail(abi::ALREADY_MAPPED);
  vs_insert(dst, dst_va, p->frame, p->flags & ~(abi::VM_WRITABLE | abi::VM_COW), p->owns_ref);
  return okv();
}

SysResult Kernel::vs_cow_resolve(VSpace& vs, Word va, Frame& f, Word flags) {
  Pte* p = vs.find(va);
  if (!p) return fail(abi::NOT_FOUND);
  if (f.used_as_table_level) return fail(abi::INVALID_ARGUMENT);
  std::uint8_t* d = frame_bytes(f);
  std::uint8_t* s = p->frame ? frame_bytes(*p->frame) : nullptr;
  if (d && s && d != s) std::memcpy(d, s, abi::kPageSize);
  vs_remove(vs, va / abi::kPageSize);
  vs_insert(vs, va, &f, flags & ~abi::VM_COW, false);
  return okv();
}

SysResult Kernel::vs_set_cow_pool(VSpace& vs, Frame& pool, CNode& src, Word count) {
  auto* words = reinterpret_cast<Word*>(frame_bytes(pool));
  if (!words) return fail(abi::INVALID_ARGUMENT);
  std::vector<Frame*> frames;
  for (Word i = 0; i < count; ++i) {
    Word slot = words[2 + i];
    if (slot >= src.num_slots() || src.slot(slot).cap.type() != abi::OBJ_FRAME) return fail(abi::INVALID_CAPABILITY);
    frames.push_back(src.slot(slot).cap.as<Frame>());
  }
  while (!vs.cow_pool.empty()) {
    Frame* f = vs.cow_pool.front();
    vs.cow_pool.pop_front();
    release(*f);
  }
  for (Frame* f : frames) {
    retain(*f);
    vs.cow_pool.push_back(f);
  }
  return okv(vs.cow_pool.size());
}

SysResult Kernel::vs_set_cow_notif(VSpace& vs, Frame& ring, Notification& n, Word badge) {
  retain(ring);
  retain(n);
  KObject* old[] = {vs.cow_ring, vs.cow_ntfn};
  vs.cow_ring = &ring;
  vs.cow_ntfn = &n;
  vs.cow_ntfn_badge = badge;
  for (KObject* o : old)
    if (o) release(*o);
  return okv();
}

SysResult Kernel::vs_replenish_cow_pool(VSpace& vs, CNode& src, Word start, Word count) {
  if (vs.cow_pool.size() + count > abi::kCowPoolMax) return fail(abi::OUT_OF_RANGE);
  if (start >= src.num_slots() || count > src.num_slots() - start) return fail(abi::OUT_OF_RANGE);
  for (Word i = 0; i < count; ++i)
    if (src.slot(start + i).cap.type() != abi::OBJ_FRAME) return fail(abi::INVALID_CAPABILITY);
  for (Word i = 0; i < count; ++i) {
    Frame* f = src.slot(start + i).cap.as<Frame>();
    retain(*f);
    vs.cow_pool.push_back(f);
  }
  return okv(vs.cow_pool.size());
}

SysResult Kernel::vs_map_mo(VSpace& vs, MemoryObject& mo, Word va, Word page_off, Word count, Word flags) {
  if (page_off >= mo.pages.size() || count > mo.pages.size() - page_off) return fail(abi::OUT_OF_RANGE);
  for (Word i = 0; i < count; ++i)
    if (vs.find(va + i * abi::kPageSize)) return fail(abi::ALREADY_MAPPED);
  for (Word i = 0; i < count; ++i) {
    Err e = abi::OK;
    Frame* f = mo_page(*this, mo, page_off + i, nullptr, e);
    if (!f) return fail(e);
    vs_insert(vs, va + i * abi::kPageSize, f, flags, true);
  }
  return okv(count);
}

SysResult Kernel::vs_unmap_mo(VSpace& vs, Word va, Word count) {
  Word n = 0;
  for (Word i = 0; i < count; ++i) {
    if (!vs.find(va + i * abi::kPageSize)) continue;
    vs_remove(vs, va / abi::kPageSize + i);
    ++n;
  }
  return okv(n);
}

SysResult Kernel::vs_fork_range(VSpace& parent, VSpace& child, MemoryObject& mo, Word va, Word pages, Word mo_off) {
  if (mo_off >= mo.pages.size() || pages > mo.pages.size() - mo_off) return fail(abi::OUT_OF_RANGE);
  for (Word i = 0; i < pages; ++i)
    if (parent.find(va + i * abi::kPageSize) && child.find(va + i * abi::kPageSize)) return fail(abi::ALREADY_MAPPED);
  Word n = 0;
  for (Word i = 0; i < pages; ++i) {
    Word a = va + i * abi::kPageSize;
    Pte* p = parent.find(a);
    if (!p) continue;
    Err e = abi::OK;
    Frame* f = mo_page(*this, mo, mo_off + i, nullptr, e);
    if (!f) return fail(e);
    std::uint8_t* s = p->frame ? frame_bytes(*p->frame) : nullptr;
    if (s) std::memcpy(frame_bytes(*f), s, abi::kPageSize);
    Word flags = p->flags & ~abi::VM_COW;
    if (flags & abi::VM_EXECUTABLE) flags &= ~abi::VM_WRITABLE;
    vs_insert(child, a, f, flags, true);
    child.inherit_process_local(parent);
    ++n;
  }
  return okv(n);
}

}  // namespace kmodel
