// lib/tree_map.h — TreeMap<K, V>: an ordered map, an AVL tree (heights of
// sibling subtrees differ by at most one, so lookups take <= 1.44 log2 n
// steps) with one node per entry from an Allocator. Ordered by
// lib::compare_keys (lib/keys.h, lib/string.h); find/erase/lower_bound take
// any key type Q that compare_keys accepts with K (a String map is searched
// with a Str, no allocation). A node never moves: value pointers and
// iterators stay valid until their own entry is erased. A key is const
// once inserted.
//
//   lib::TreeMap<lib::String, int> m(alloc);
//   auto r = m.insert(lib::move(name), 3);   // r.value nullptr on OOM
//   if (int* v = m.find(lib::Str("init"))) ...
//   for (auto& e : m) use(e.key, e.value);   // in key order
// Freestanding, header-only.
#pragma once

#include <stddef.h>

#include "lib/allocator.h"
#include "lib/keys.h"
#include "lib/utility.h"

namespace lib {

template <class K, class V>
class TreeMap {
 public:
  struct Entry {
    const K key;
    V value;

    Entry(K&& k, V&& v) : key(lib::move(k)), value(lib::move(v)) {}

   private:
    friend class TreeMap;
    Entry* child[2] = {nullptr, nullptr};  // left, right
    Entry* parent = nullptr;
    int height = 1;
  };

  struct InsertResult {
    V* value;  // the new or the existing value; nullptr on OOM
    bool inserted;
  };

  template <class E>
  class Iter {
   public:
    Iter() = default;
    E& operator*() const { return *n_; }
    E* operator->() const { return n_; }
    Iter& operator++() {
      n_ = TreeMap::successor(n_);
      return *this;
    }
    bool operator==(const Iter& o) const { return n_ == o.n_; }
    bool operator!=(const Iter& o) const { return n_ != o.n_; }

   private:
    friend class TreeMap;
    explicit Iter(E* n) : n_(n) {}
    E* n_ = nullptr;
  };
  using iterator = Iter<Entry>;
  using const_iterator = Iter<const Entry>;

  explicit TreeMap(Allocator a) : alloc_(a) {}
  TreeMap(TreeMap&& o) noexcept : alloc_(o.alloc_), root_(o.root_), size_(o.size_) {
    o.root_ = nullptr;
    o.size_ = 0;
  }
  TreeMap& operator=(TreeMap&& o) noexcept {
    if (this != &o) {
      clear();
      alloc_ = o.alloc_;
      root_ = o.root_;
      size_ = o.size_;
      o.root_ = nullptr;
      o.size_ = 0;
    }
    return *this;
  }
  TreeMap(const TreeMap&) = delete;
  TreeMap& operator=(const TreeMap&) = delete;
  ~TreeMap() { clear(); }

  // An existing key is kept (value untouched, inserted false, the arguments
  // not consumed).
  InsertResult insert(K&& key, V&& value) {
    Entry* parent = nullptr;
    Entry** slot = &root_;
    while (*slot) {
      parent = *slot;
      int c = compare_keys(key, parent->key);
      if (c == 0) return {&parent->value, false};
      slot = c < 0 ? &parent->child[0] : &parent->child[1];
    }
    Entry* n = alloc_.make<Entry>(lib::move(key), lib::move(value));
    if (!n) return {nullptr, false};
    n->parent = parent;
    *slot = n;
    ++size_;
    retrace(parent);
    return {&n->value, true};
  }

  template <class Q>
  V* find(const Q& key) {
    Entry* n = find_entry(key);
    return n ? &n->value : nullptr;
  }
  template <class Q>
  const V* find(const Q& key) const {
    const Entry* n = const_cast<TreeMap*>(this)->find_entry(key);
    return n ? &n->value : nullptr;
  }
  template <class Q>
  bool erase(const Q& key) {
    Entry* n = find_entry(key);
    if (n) erase_entry(n);
    return n != nullptr;
  }
  // Erases the entry at it; returns the iterator after it.
  iterator erase(iterator it) {
    Entry* next = successor(it.n_);
    erase_entry(it.n_);
    return iterator(next);
  }

  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  void clear() {
    free_subtree(root_);
    root_ = nullptr;
    size_ = 0;
  }

  iterator begin() { return iterator(first()); }
  iterator end() { return iterator(); }
  const_iterator begin() const { return const_iterator(first()); }
  const_iterator end() const { return const_iterator(); }
  // The first entry with key >= q / > q, or end().
  template <class Q>
  iterator lower_bound(const Q& q) {
    return iterator(bound(q, false));
  }
  template <class Q>
  iterator upper_bound(const Q& q) {
    return iterator(bound(q, true));
  }
  // The smallest / largest entry, or nullptr when empty.
  Entry* first() const { return root_ ? leftmost(root_) : nullptr; }
  Entry* last() const {
    Entry* n = root_;
    while (n && n->child[1]) n = n->child[1];
    return n;
  }

  // For tests: the order, the parent links, every height and balance
  // factor, and the entry count.
  bool check_invariants() const {
    size_t count = 0;
    if (check(root_, nullptr, count) < 0 || count != size_) return false;
    for (const Entry* n = first(); n; n = successor(n)) {
      const Entry* next = successor(n);
      if (next && compare_keys(n->key, next->key) >= 0) return false;
    }
    return true;
  }

 private:
  static int height(const Entry* n) { return n ? n->height : 0; }
  static void update(Entry* n) {
    int l = height(n->child[0]), r = height(n->child[1]);
    n->height = (l > r ? l : r) + 1;
  }
  template <class E>
  static E* leftmost(E* n) {
    while (n->child[0]) n = n->child[0];
    return n;
  }
  template <class E>
  static E* successor(E* n) {
    if (n->child[1]) return leftmost(n->child[1]);
    while (n->parent && n->parent->child[1] == n) n = n->parent;
    return n->parent;
  }

  template <class Q>
  Entry* find_entry(const Q& key) {
    Entry* n = root_;
    while (n) {
      int c = compare_keys(key, n->key);
      if (c == 0) return n;
      n = c < 0 ? n->child[0] : n->child[1];
    }
    return nullptr;
  }
  template <class Q>
  Entry* bound(const Q& q, bool strict) const {
    Entry* best = nullptr;
    for (Entry* n = root_; n;) {
      int c = compare_keys(q, n->key);
      if (c < 0 || (c == 0 && !strict)) {
        best = n;
        n = n->child[0];
      } else {
        n = n->child[1];
      }
    }
    return best;
  }

  // Puts v where u hangs (v may be nullptr).
  void replace(Entry* u, Entry* v) {
    if (!u->parent) root_ = v;
    else if (u->parent->child[0] == u) u->parent->child[0] = v;
    else u->parent->child[1] = v;
    if (v) v->parent = u->parent;
  }
  // A rotation at x: dir 0 lifts its right child (a left rotation), 1 its
  // left child. Returns the lifted child.
  Entry* rotate(Entry* x, int dir) {
    int up = 1 - dir;
    Entry* y = x->child[up];
    x->child[up] = y->child[dir];
    if (y->child[dir]) y->child[dir]->parent = x;
    replace(x, y);
    y->child[dir] = x;
    x->parent = y;
    update(x);
    update(y);
    return y;
  }
  // Restores the balance of n's subtree; returns its (new) root.
  Entry* rebalance(Entry* n) {
    update(n);
    int balance = height(n->child[0]) - height(n->child[1]);
    if (balance >= -1 && balance <= 1) return n;
    int heavy = balance > 1 ? 0 : 1;  // the taller side
    Entry* c = n->child[heavy];
    if (height(c->child[heavy]) < height(c->child[1 - heavy])) rotate(c, heavy);  // the zig-zag case
    return rotate(n, 1 - heavy);
  }
  // Rebalances from n up to the root.
  void retrace(Entry* n) {
    while (n) n = rebalance(n)->parent;
  }

  void erase_entry(Entry* z) {
    Entry* fix;
    if (!z->child[0] || !z->child[1]) {
      fix = z->parent;
      replace(z, z->child[0] ? z->child[0] : z->child[1]);
    } else {
      Entry* y = leftmost(z->child[1]);  // the successor takes z's place
      if (y->parent != z) {
        fix = y->parent;
        replace(y, y->child[1]);
        y->child[1] = z->child[1];
        y->child[1]->parent = y;
      } else {
        fix = y;
      }
      replace(z, y);
      y->child[0] = z->child[0];
      y->child[0]->parent = y;
    }
    retrace(fix);
    alloc_.destroy(z);
    --size_;
  }

  void free_subtree(Entry* n) {
    while (n) {  // the right spine iteratively, the left subtrees (<= log n deep) recursively
      free_subtree(n->child[0]);
      Entry* right = n->child[1];
      alloc_.destroy(n);
      n = right;
    }
  }

  // Height of n's subtree, or -1 when a parent link, height or balance is wrong.
  int check(const Entry* n, const Entry* parent, size_t& count) const {
    if (!n) return 0;
    ++count;
    if (n->parent != parent) return -1;
    int l = check(n->child[0], n, count), r = check(n->child[1], n, count);
    if (l < 0 || r < 0 || l - r > 1 || r - l > 1) return -1;
    int h = (l > r ? l : r) + 1;
    return h == n->height ? h : -1;
  }

  Allocator alloc_;
  Entry* root_ = nullptr;
  size_t size_ = 0;
};

}  // namespace lib
