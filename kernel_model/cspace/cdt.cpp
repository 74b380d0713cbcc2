// The capability derivation tree: insert, move, delete, revoke.
#include <algorithm>

#include "kernel_model/kernel.h"

namespace kmodel {

void Kernel::cdt_insert(Slot& dst, const Cap& cap, Slot* parent) {
  dst.cap = cap;
  retain(*cap.obj);
  dst.parent = parent;
  dst.children.clear();
  if (parent) parent->children.push_back(&dst);
}

void Kernel::cdt_move(Slot& src, Slot& dst) {
  dst.cap = src.cap;
  dst.parent = src.parent;
  if (dst.parent) std::replace(dst.parent->children.begin(), dst.parent->children.end(), &src, &dst);
  dst.children = std::move(src.children);
  for (Slot* c : dst.children) c->parent = &dst;
  src.cap = Cap{};
  src.parent = nullptr;
  src.children.clear();
}

void Kernel::cap_delete(Slot& s) {
  if (s.cap.empty()) return;
  // Children move up to our parent, in our place.
  if (s.parent) {
    auto& sib = s.parent->children;
    auto it = std::find(sib.begin(), sib.end(), &s);
    if (it != sib.end()) it = sib.erase(it);
    for (Slot* c : s.children) c->parent = s.parent;
    sib.insert(it, s.children.begin(), s.children.end());
  } else {
    for (Slot* c : s.children) c->parent = nullptr;
  }
  Cap c = s.cap;
  s.cap = Cap{};
  s.parent = nullptr;
  s.children.clear();
  if (c.is_reply()) {
    // An unused reply cap: the caller keeps waiting, without donating.
    Tcb* caller = c.as<Tcb>();
    if (caller->reply_gen == c.reply_gen && caller->donated_to) {
      if (caller->thread && caller->donated_to->thread)
        sched_.undonate(*caller->thread, *caller->donated_to->thread);
      caller->donated_to = nullptr;
    }
  }
  emit(KernelEvent::Kind::CapDelete, tid(current()), 0, c.obj->id(), c.badge, 0, s.index);
  release(*c.obj);
}

void Kernel::cap_revoke(Slot& s) {
  while (!s.children.empty()) {
    Slot* c = s.children.back();
    cap_revoke(*c);
    if (!s.children.empty() && s.children.back() == c) cap_delete(*c);
  }
}

}  // namespace kmodel
