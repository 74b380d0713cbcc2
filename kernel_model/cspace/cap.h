// A capability (fat, as in the ABI: object, badge, rights, derivation
// depth) and the CNode slot that holds it, with its derivation-tree links.
#pragma once

#include <vector>

#include "kernel_model/objects/object.h"

namespace kmodel {

struct Cap {
  KObject* obj = nullptr;
  Word badge = 0;
  std::uint32_t rights = 0;
  std::uint8_t depth = 0;
  // Saved reply caps (CNODE_SAVE_CALLER) are TCB caps with the REPLY
  // right; `reply_gen` names the ReplyWait of that TCB they answer (0: an
  // ordinary TCB cap).
  Word reply_gen = 0;
  // Frame caps: the mapping VSPACE_MAP made through this cap (matches
  // `Pte::map_id` while it stands; 0: none). A derived cap starts unmapped.
  Word map_id = 0;

  bool empty() const { return obj == nullptr; }
  abi::ObjType type() const { return obj ? obj->type() : abi::OBJ_NONE; }
  bool has(std::uint32_t r) const { return (rights & r) == r; }
  bool is_reply() const { return reply_gen != 0; }
  template <class T>
  T* as() const { return static_cast<T*>(obj); }
};

struct Slot;

// A slot's derivation-tree children, in derivation order: an intrusive
// doubly linked list through the children's sibling links, so that
// inserting, deleting and moving a cap costs the same however many
// siblings it has (an untyped or a server endpoint may have tens of
// thousands of children). Iterable like a container of Slot*.
struct ChildList {
  Slot* first = nullptr;
  Slot* last = nullptr;

  struct Iterator {
    Slot* at;
    Slot* operator*() const { return at; }
    inline Iterator& operator++();
    bool operator!=(const Iterator& o) const { return at != o.at; }
  };
  bool empty() const { return first == nullptr; }
  Slot* back() const { return last; }
  Iterator begin() const { return {first}; }
  Iterator end() const { return {nullptr}; }
};

struct Slot {
  Cap cap;
  CNode* owner = nullptr;
  Word index = 0;
  Slot* parent = nullptr;  // derivation-tree parent
  ChildList children;
  Slot* prev_sibling = nullptr;  // links within parent->children
  Slot* next_sibling = nullptr;
};

inline ChildList::Iterator& ChildList::Iterator::operator++() {
  at = at->next_sibling;
  return *this;
}

}  // namespace kmodel
