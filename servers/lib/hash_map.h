// lib/hash_map.h — HashMap<K, V>: an unordered map over lib::hash_key and
// lib::compare_keys (lib/keys.h, lib/string.h), memory from an Allocator.
//
// Layout: the entries sit densely in a Vector (iteration walks it); an
// open-addressing index (linear probing, backward-shift deletion, no
// tombstones) maps a hash to an entry's position. The index doubles when
// it would pass 3/4 full. Iteration order is insertion order, except that
// erase moves the last entry into the erased one's place — so the order
// depends only on the sequence of operations (hashes are of values, never
// addresses) and is the same run to run. Insert and erase may move
// entries: value pointers and iterators are valid until the next insert
// or erase. Erasing while iterating is not supported. Do not change a key
// through an iterator.
//
//   lib::HashMap<lib::String, Badge> m(alloc);
//   auto r = m.insert(lib::move(name), Badge{7});   // r.value nullptr on OOM
//   if (Badge* b = m.find(lib::Str("init"))) ...
//   for (auto& e : m) use(e.key, e.value);
// Freestanding, header-only.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "lib/allocator.h"
#include "lib/keys.h"
#include "lib/utility.h"
#include "lib/vector.h"

namespace lib {

template <class K, class V>
class HashMap {
 public:
  struct Entry {
    K key;
    V value;
    Entry(K&& k, V&& v) : key(lib::move(k)), value(lib::move(v)) {}
  };
  struct InsertResult {
    V* value;  // the new or the existing value; nullptr on OOM
    bool inserted;
  };
  using iterator = Entry*;
  using const_iterator = const Entry*;

  explicit HashMap(Allocator a) : entries_(a) {}
  HashMap(HashMap&& o) noexcept : entries_(lib::move(o.entries_)), slots_(o.slots_), mask_(o.mask_) { o.forget(); }
  HashMap& operator=(HashMap&& o) noexcept {
    if (this != &o) {
      free_slots();
      entries_ = lib::move(o.entries_);
      slots_ = o.slots_;
      mask_ = o.mask_;
      o.forget();
    }
    return *this;
  }
  HashMap(const HashMap&) = delete;
  HashMap& operator=(const HashMap&) = delete;
  ~HashMap() { free_slots(); }

  // An existing key is kept (value untouched, inserted false, the arguments
  // not consumed). On OOM nothing is inserted.
  InsertResult insert(K&& key, V&& value) {
    uint64_t h = hash_key(key);
    size_t at = find_slot(key, h);
    if (at != kNone) return {&entries_[slots_[at].entry].value, false};
    if (!reserve(entries_.size() + 1)) return {nullptr, false};
    Entry* e = entries_.emplace_back(lib::move(key), lib::move(value));  // cannot fail: reserved
    place(static_cast<uint32_t>(entries_.size() - 1), h);
    return {&e->value, true};
  }

  template <class Q>
  V* find(const Q& key) {
    size_t at = find_slot(key, hash_key(key));
    return at != kNone ? &entries_[slots_[at].entry].value : nullptr;
  }
  template <class Q>
  const V* find(const Q& key) const {
    size_t at = find_slot(key, hash_key(key));
    return at != kNone ? &entries_[slots_[at].entry].value : nullptr;
  }

  template <class Q>
  bool erase(const Q& key) {
    size_t at = find_slot(key, hash_key(key));
    if (at == kNone) return false;
    uint32_t gone = slots_[at].entry;
    unplace(at);
    uint32_t last = static_cast<uint32_t>(entries_.size() - 1);
    if (gone != last) {  // the last entry moves into the hole
      *slot_of(last) = gone;
      entries_[gone] = lib::move(entries_[last]);
    }
    entries_.pop_back();
    return true;
  }

  // Room for n entries without growing; false (unchanged) on OOM.
  bool reserve(size_t n) {
    if (n > kMaxEntries) return false;
    if (!entries_.reserve(n)) return false;
    size_t slots = mask_ + 1;
    if (slots_ && n * 4 <= slots * 3) return true;
    size_t want = slots_ ? slots : 8;
    while (n * 4 > want * 3) want *= 2;
    return rehash(want);
  }

  size_t size() const { return entries_.size(); }
  bool empty() const { return entries_.empty(); }
  // Erases every entry; keeps the memory.
  void clear() {
    entries_.clear();
    for (size_t i = 0; slots_ && i <= mask_; ++i) slots_[i] = Slot{};
  }

  iterator begin() { return entries_.begin(); }
  iterator end() { return entries_.end(); }
  const_iterator begin() const { return entries_.begin(); }
  const_iterator end() const { return entries_.end(); }

 private:
  static constexpr uint32_t kEmpty = ~uint32_t{0};
  static constexpr size_t kMaxEntries = kEmpty - 1;
  struct Slot {
    uint32_t entry = kEmpty;  // index into entries_
    uint32_t tag = 0;         // the low half of the key's hash: home slot and a quick filter
  };

  static constexpr size_t kNone = ~size_t{0};
  // The index of the slot holding key, or kNone.
  template <class Q>
  size_t find_slot(const Q& key, uint64_t h) const {
    if (!slots_) return kNone;
    auto tag = static_cast<uint32_t>(h);
    for (size_t i = tag & mask_;; i = (i + 1) & mask_) {
      const Slot& s = slots_[i];
      if (s.entry == kEmpty) return kNone;
      if (s.tag == tag && compare_keys(key, entries_[s.entry].key) == 0) return i;
    }
  }
  // The slot that points at entry e.
  uint32_t* slot_of(uint32_t e) {
    auto tag = static_cast<uint32_t>(hash_key(entries_[e].key));
    size_t i = tag & mask_;
    while (slots_[i].entry != e) i = (i + 1) & mask_;
    return &slots_[i].entry;
  }
  void place(uint32_t e, uint64_t h) {
    auto tag = static_cast<uint32_t>(h);
    size_t i = tag & mask_;
    while (slots_[i].entry != kEmpty) i = (i + 1) & mask_;
    slots_[i] = Slot{e, tag};
  }
  // Empties slot i, shifting later members of its probe run back.
  void unplace(size_t i) {
    for (size_t j = (i + 1) & mask_; slots_[j].entry != kEmpty; j = (j + 1) & mask_) {
      size_t home = slots_[j].tag & mask_;
      if (((j - home) & mask_) >= ((j - i) & mask_)) {  // home at or before i: may move to i
        slots_[i] = slots_[j];
        i = j;
      }
    }
    slots_[i] = Slot{};
  }
  bool rehash(size_t count) {
    if (count > ~size_t{0} / sizeof(Slot)) return false;
    auto* fresh = static_cast<Slot*>(entries_.allocator().allocate(count * sizeof(Slot), alignof(Slot)));
    if (!fresh) return false;
    for (size_t i = 0; i < count; ++i) ::new (fresh + i) Slot();
    free_slots();
    slots_ = fresh;
    mask_ = count - 1;
    for (size_t e = 0; e < entries_.size(); ++e) place(static_cast<uint32_t>(e), hash_key(entries_[e].key));
    return true;
  }
  void free_slots() {
    if (slots_) entries_.allocator().release(slots_, (mask_ + 1) * sizeof(Slot));
    slots_ = nullptr;
    mask_ = 0;
  }
  void forget() {
    slots_ = nullptr;
    mask_ = 0;
  }

  Vector<Entry> entries_;
  Slot* slots_ = nullptr;  // mask_ + 1 of them (a power of two), or none
  size_t mask_ = 0;
};

}  // namespace lib
