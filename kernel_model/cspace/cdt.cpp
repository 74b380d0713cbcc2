// The capability derivation tree: insert, move, delete, revoke. Children
// are intrusive sibling lists (cap.h): every operation is O(1) in the
// number of siblings, O(children) only where the children change parent.
#include "kernel_model/kernel_context.h"
#include "kernel_model/objects/cnode/cnode.h"
#include "kernel_model/objects/tcb/tcb.h"

namespace kmodel {

namespace {

// Links `s` into `parent`'s children right before `before` (at the end
// when nullptr).
void link_child(Slot& parent, Slot& s, Slot* before) {
  s.parent = &parent;
  s.next_sibling = before;
  s.prev_sibling = before ? before->prev_sibling : parent.children.last;
  (s.prev_sibling ? s.prev_sibling->next_sibling : parent.children.first) = &s;
  (before ? before->prev_sibling : parent.children.last) = &s;
}

// Takes `s` out of its parent's children; returns the sibling after it.
Slot* unlink_child(Slot& s) {
  Slot* next = s.next_sibling;
  if (Slot* p = s.parent) {
    (s.prev_sibling ? s.prev_sibling->next_sibling : p->children.first) = s.next_sibling;
    (s.next_sibling ? s.next_sibling->prev_sibling : p->children.last) = s.prev_sibling;
  }
  s.parent = s.prev_sibling = s.next_sibling = nullptr;
  return next;
}

}  // namespace

void Kernel::emit_slot(KernelEvent::Kind k, const Slot& s, const Cap& c) {
  if (hook_) emit(k, tid(current()), 0, c.obj->id(), c.badge, s.owner ? s.owner->id() : 0, s.index);
}

void Kernel::cdt_insert(Slot& dst, const Cap& cap, Slot* parent) {
  dst.cap = cap;
  dst.cap.map_id = 0;  // a copied frame cap is not mapped (seL4)
  // A reply cap is a weak link: the caller's death deletes it (end_reply_wait).
  if (!cap.is_reply()) retain(*cap.obj);
  unlink_child(dst);
  dst.children = {};
  if (parent) link_child(*parent, dst, nullptr);
  emit_slot(KernelEvent::Kind::SlotFilled, dst, cap);
}

void Kernel::cdt_move(Slot& src, Slot& dst) {
  dst.cap = src.cap;
  unlink_child(dst);
  if (Slot* p = src.parent) {
    Slot* after = unlink_child(src);
    link_child(*p, dst, after);  // in src's place
  }
  dst.children = src.children;
  for (Slot* c : dst.children) c->parent = &dst;
  src.cap = Cap{};
  src.children = {};
  if (dst.cap.is_reply()) dst.cap.as<Tcb>()->saved_reply = &dst;
  emit_slot(KernelEvent::Kind::SlotEmptied, src, dst.cap);
  emit_slot(KernelEvent::Kind::SlotFilled, dst, dst.cap);
}

void Kernel::cap_delete(Slot& s) {
  if (s.cap.empty()) return;
  // Children move up to our parent, in our place.
  ChildList kids = s.children;
  s.children = {};
  Slot* parent = s.parent;
  Slot* after = unlink_child(s);
  if (parent) {
    for (Slot* c = kids.first; c != nullptr;) {
      Slot* next = c->next_sibling;
      link_child(*parent, *c, after);
      c = next;
    }
  } else {
    for (Slot* c = kids.first; c != nullptr;) {
      Slot* next = c->next_sibling;
      c->parent = c->prev_sibling = c->next_sibling = nullptr;
      c = next;
    }
  }
  Cap c = s.cap;
  s.cap = Cap{};
  if (c.is_reply()) {
    // An unused reply cap: the caller keeps waiting, without donating.
    Tcb* caller = c.as<Tcb>();
    if (caller->saved_reply == &s) caller->saved_reply = nullptr;
    if (caller->reply_gen == c.reply_gen && caller->donated_to) {
      if (caller->thread && caller->donated_to->thread)
        sched_.undonate(*caller->thread, *caller->donated_to->thread);
      caller->donated_to = nullptr;
    }
  }
  emit_slot(KernelEvent::Kind::SlotEmptied, s, c);
  emit(KernelEvent::Kind::CapDelete, tid(current()), 0, c.obj->id(), c.badge, 0, s.index);
  // seL4: deleting a mapped frame cap unmaps its page.
  if (opts_.frame_cap_rule())
    if (auto m = cap_mapping(c)) vs_remove(*m->first, m->second);
  if (!c.is_reply()) release(*c.obj);
}

void Kernel::cap_revoke(Slot& s) {
  while (!s.children.empty()) {
    Slot* c = s.children.back();
    cap_revoke(*c);
    if (!s.children.empty() && s.children.back() == c) cap_delete(*c);
  }
}

}  // namespace kmodel
