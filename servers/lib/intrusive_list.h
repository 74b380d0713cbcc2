// lib/intrusive_list.h — IntrusiveList<T, &T::node>: a doubly linked list
// threaded through a ListNode member of its elements. It never allocates
// and does not own the elements: an element must outlive its membership
// (remove it before it dies) and is in at most one list per ListNode.
// All operations but clear() are O(1); size() is a counter.
//
//   struct Waiter { int tid; lib::ListNode link; };
//   lib::IntrusiveList<Waiter, &Waiter::link> queue;
//   queue.push_back(w);
//   Waiter* first = queue.pop_front();     // nullptr when empty
//   queue.remove(w);                       // no-op when w is not linked
//
// Iteration: `for (Waiter& w : queue)`, or by hand with next(): the
// iterator may pass an element that is then removed, so removing the
// current element is fine when the iterator is advanced first:
//   for (auto it = queue.begin(); it != queue.end();) {
//     Waiter& w = *it;
//     ++it;
//     if (done(w)) queue.remove(w);
//   }
// The list is neither copyable nor movable (its elements point at it).
// Freestanding, header-only.
#pragma once

#include <stddef.h>

namespace lib {

struct ListNode {
  ListNode* prev = nullptr;
  ListNode* next = nullptr;
  bool linked() const { return next != nullptr; }
};

template <class T, ListNode T::*Member>
class IntrusiveList {
 public:
  class iterator {
   public:
    iterator(ListNode* n) : n_(n) {}  // NOLINT(google-explicit-constructor)
    T& operator*() const { return *owner(n_); }
    T* operator->() const { return owner(n_); }
    iterator& operator++() {
      n_ = n_->next;
      return *this;
    }
    bool operator==(const iterator& o) const { return n_ == o.n_; }
    bool operator!=(const iterator& o) const { return n_ != o.n_; }

   private:
    ListNode* n_;
  };

  IntrusiveList() { head_.prev = head_.next = &head_; }
  IntrusiveList(const IntrusiveList&) = delete;
  IntrusiveList& operator=(const IntrusiveList&) = delete;
  ~IntrusiveList() { clear(); }

  bool empty() const { return size_ == 0; }
  size_t size() const { return size_; }
  T* front() const { return empty() ? nullptr : owner(head_.next); }
  T* back() const { return empty() ? nullptr : owner(head_.prev); }
  // The element after / before t in this list, or nullptr at the end.
  T* next(T& t) const { return at(node(t).next); }
  T* prev(T& t) const { return at(node(t).prev); }

  // t must not be linked (in this or another list); a linked t is left alone.
  void push_back(T& t) { link_before(&head_, node(t)); }
  void push_front(T& t) { link_before(head_.next, node(t)); }
  // Inserts t before `before` (an element of this list).
  void insert_before(T& before, T& t) { link_before(&node(before), node(t)); }

  // t must be in this list or unlinked; unlinked is a no-op.
  void remove(T& t) {
    ListNode& n = node(t);
    if (!n.linked()) return;
    n.prev->next = n.next;
    n.next->prev = n.prev;
    n.prev = n.next = nullptr;
    --size_;
  }
  T* pop_front() {
    T* t = front();
    if (t) remove(*t);
    return t;
  }
  T* pop_back() {
    T* t = back();
    if (t) remove(*t);
    return t;
  }
  // Unlinks every element (O(n)).
  void clear() {
    while (pop_front()) {
    }
  }

  iterator begin() const { return iterator(head_.next); }
  iterator end() const { return iterator(const_cast<ListNode*>(&head_)); }

 private:
  static ListNode& node(T& t) { return t.*Member; }
  // The element holding node n. A pointer to data member is its byte offset
  // in the Itanium C++ ABI (GCC and Clang on every target we build for).
  static_assert(sizeof(Member) == sizeof(ptrdiff_t), "data member pointers are offsets");
  static T* owner(ListNode* n) {
    auto offset = __builtin_bit_cast(ptrdiff_t, Member);  // folded to a constant
    return reinterpret_cast<T*>(reinterpret_cast<unsigned char*>(n) - offset);
  }
  T* at(ListNode* n) const { return n == &head_ || n == nullptr ? nullptr : owner(n); }
  void link_before(ListNode* pos, ListNode& n) {
    if (n.linked()) return;
    n.next = pos;
    n.prev = pos->prev;
    pos->prev->next = &n;
    pos->prev = &n;
    ++size_;
  }

  ListNode head_;  // sentinel: next is the first element, prev the last
  size_t size_ = 0;
};

}  // namespace lib
