// Page-table entries: insert/remove with the frame's back-links, map,
// unmap, intermediate tables, walk, protect and demand-zero entries.
#include <algorithm>
#include <cstring>

#include "kernel_model/ipc/ipc_buffer.h"
#include "kernel_model/kernel_context.h"
#include "kernel_model/objects/tcb/tcb.h"
#include "kernel_model/objects/untyped/untyped.h"

namespace kmodel {

void Kernel::vs_insert(VSpace& vs, Word va, Frame* f, Word flags, bool owns_ref) {
  Word vpn = va / abi::kPageSize;
  Pte& p = vs.ptes[vpn];
  p.frame = f;
  p.flags = flags;
  p.owns_ref = owns_ref && f;
  if (f) {
    f->mappings.emplace_back(&vs, vpn);
    if (p.owns_ref) retain(*f);
  }
  vs_touch(vs);
}

void Kernel::vs_remove(VSpace& vs, Word vpn) {
  auto it = vs.ptes.find(vpn);
  if (it == vs.ptes.end()) return;
  Pte p = it->second;
  vs.ptes.erase(it);
  vs_touch(vs);
  if (p.frame) {
    auto& m = p.frame->mappings;
    auto pos = std::find(m.begin(), m.end(), std::make_pair(&vs, vpn));
    if (pos != m.end()) m.erase(pos);
    if (p.owns_ref) release(*p.frame);
  }
}

std::optional<std::pair<VSpace*, Word>> Kernel::cap_mapping(const Cap& c) {
  if (c.type() != abi::OBJ_FRAME || c.map_id == 0) return std::nullopt;
  for (auto [vs, vpn] : c.as<Frame>()->mappings) {
    Pte* p = vs->find(vpn * abi::kPageSize);
    if (p && p->map_id == c.map_id) return std::make_pair(vs, vpn);
  }
  return std::nullopt;
}

namespace {
// The level 1 (PT), 2 (PD) and 3 (PDPT) tables above `va` all exist.
bool tables_cover(const VSpace& vs, Word va) {
  for (Word level = 1; level <= 3; ++level)
    if (!vs.tables.count(std::make_pair(level, va >> (12 + 9 * level)))) return false;
  return true;
}
}  // namespace

// seL4's order: a frame cap that is mapped already is refused
// (INVALID_CAPABILITY, seL4_InvalidCapability) before the address is
// looked at; a copy of the cap maps elsewhere. Then a missing table
// (NOT_FOUND, seL4_FailedLookup; table_rule), then an occupied address.
SysResult Kernel::vs_map(VSpace& vs, Frame& f, Word va, Word flags, Slot* via) {
  if (f.used_as_table_level) return fail(abi::INVALID_ARGUMENT);
  bool strict = via && opts_.frame_cap_rule();
  if (strict && cap_mapping(via->cap)) return fail(abi::INVALID_CAPABILITY);
  if (via && opts_.table_rule() && !tables_cover(vs, va)) return fail(abi::NOT_FOUND);
  if (vs.find(va)) return fail(abi::ALREADY_MAPPED);
  vs_insert(vs, va, &f, flags, false);
  if (strict) vs.find(va)->map_id = via->cap.map_id = ++map_seq_;
  return okv();
}

SysResult Kernel::vs_unmap(VSpace& vs, Word va) {
  if (!vs.find(va)) return fail(abi::NOT_FOUND);
  vs_remove(vs, va / abi::kPageSize);
  return okv();
}

SysResult Kernel::vs_map_pt(VSpace& vs, Frame& f, Word va, Word level) {
  if (f.used_as_table_level || !f.mappings.empty()) return fail(abi::ALREADY_MAPPED);
  unsigned span = 12 + 9 * static_cast<unsigned>(level);
  auto key = std::make_pair(level, va >> span);
  if (vs.tables.count(key)) return fail(abi::ALREADY_MAPPED);
  vs.tables[key] = &f;
  f.used_as_table_level = level;
  f.table_owner = &vs;
  return okv();
}

SysResult Kernel::vs_walk(Tcb& self, VSpace& vs, Word start, Word max) {
  IpcBuffer* b = ipc_buffer(self);
  if (!b) return fail(abi::BAD_ADDRESS);
  constexpr Word kMaxTuples = (abi::kIpcReservedWords - 2) / 3;
  max = std::min(max, kMaxTuples);
  Word n = 0, next = 0;
  for (auto it = vs.ptes.lower_bound(start / abi::kPageSize); it != vs.ptes.end(); ++it) {
    if (n == max) {
      next = it->first * abi::kPageSize;
      break;
    }
    b->reserved[2 + 3 * n] = it->first * abi::kPageSize;
    b->reserved[3 + 3 * n] = it->second.frame ? it->second.frame->paddr : 0;
    b->reserved[4 + 3 * n] = it->second.flags;
    ++n;
  }
  b->reserved[0] = n;
  b->reserved[1] = next;
  return okv(n);
}

SysResult Kernel::vs_protect(VSpace& vs, Word va, Word count, Word flags, bool range) {
  Word changed = 0;
  for (Word i = 0; i < count; ++i) {
    Pte* p = vs.find(va + i * abi::kPageSize);
    if (!p) {
      if (!range) return fail(abi::NOT_FOUND);
      continue;
    }
    p->flags = flags | (p->flags & abi::VM_COW);  // a COW page stays COW
    ++changed;
  }
  vs_touch(vs);
  return okv(changed);
}

SysResult Kernel::vs_map_demand(VSpace& vs, Word va, Word count, Word flags, bool /*range*/) {
  for (Word i = 0; i < count; ++i)
    if (vs.find(va + i * abi::kPageSize)) return fail(abi::ALREADY_MAPPED);
  for (Word i = 0; i < count; ++i) vs_insert(vs, va + i * abi::kPageSize, nullptr, flags, false);
  return okv(count);
}

SysResult Kernel::vs_copy_page(VSpace& vs, Word src_va, Frame& dst) {
  Pte* p = vs.find(src_va);
  if (!p) return fail(abi::NOT_FOUND);
  std::uint8_t* d = frame_bytes(dst);
  if (!d) return fail(abi::INVALID_ARGUMENT);
  std::uint8_t* s = p->frame ? frame_bytes(*p->frame) : nullptr;
  if (s)
    std::memcpy(d, s, abi::kPageSize);
  else
    std::memset(d, 0, abi::kPageSize);
  return okv();
}

SysResult Kernel::vs_map_device(VSpace& vs, Untyped& dev, Word page_off, Word va, Word flags, Word count) {
  if (!dev.device) return fail(abi::INVALID_ARGUMENT);
  Word pages = dev.size() / abi::kPageSize;
  if (page_off >= pages || count > pages - page_off) return fail(abi::OUT_OF_RANGE);
  for (Word i = 0; i < count; ++i)
    if (vs.find(va + i * abi::kPageSize)) return fail(abi::ALREADY_MAPPED);
  for (Word i = 0; i < count; ++i) {
    auto& f = make_object<Frame>(dev.base + (page_off + i) * abi::kPageSize, true, false);
    vs_insert(vs, va + i * abi::kPageSize, &f, flags, true);
  }
  return okv(count);
}

}  // namespace kmodel
