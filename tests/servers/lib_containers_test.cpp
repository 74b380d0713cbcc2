// servers/lib growable containers (Vector, String, IntrusiveList, TreeMap,
// HashMap) over a counting host allocator: contents against the standard
// containers under random operations (fixed seeds), out-of-memory leaving
// a container unchanged, no leaks, balanced element lifetimes, move-only
// elements, heterogeneous lookup.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <unordered_map>
#include <vector>

#include "lib/allocator.h"
#include "lib/hash_map.h"
#include "lib/intrusive_list.h"
#include "lib/keys.h"
#include "lib/string.h"
#include "lib/tree_map.h"
#include "lib/vector.h"

namespace {

using lib::Str;

// malloc/free with a count of live blocks and bytes; checks that release
// gets the size allocate was asked for; fails every allocation after
// `budget` more (negative: never).
struct CountingAllocator {
  std::map<void*, std::size_t> live;
  std::size_t live_bytes = 0;
  std::size_t allocations = 0;
  long budget = -1;
  int bad_releases = 0;

  lib::Allocator get() { return lib::Allocator{this, &allocate, &release}; }

  static void* allocate(void* ctx, std::size_t size, std::size_t align) {
    auto* self = static_cast<CountingAllocator*>(ctx);
    if (self->budget == 0) return nullptr;
    if (self->budget > 0) --self->budget;
    if (align > alignof(std::max_align_t) || size == 0) return nullptr;
    void* p = std::malloc(size);
    self->live[p] = size;
    self->live_bytes += size;
    ++self->allocations;
    return p;
  }
  static void release(void* ctx, void* p, std::size_t size) {
    auto* self = static_cast<CountingAllocator*>(ctx);
    auto it = self->live.find(p);
    if (it == self->live.end() || it->second != size) {
      ++self->bad_releases;
      return;
    }
    self->live_bytes -= size;
    self->live.erase(it);
    std::free(p);
  }
};

// An element that counts its live instances.
struct Tracked {
  static inline long live = 0;
  int v = 0;
  Tracked() { ++live; }
  Tracked(int x) : v(x) { ++live; }  // NOLINT(google-explicit-constructor)
  Tracked(const Tracked& o) : v(o.v) { ++live; }
  Tracked(Tracked&& o) noexcept : v(o.v) {
    o.v = -1;
    ++live;
  }
  Tracked& operator=(const Tracked&) = default;
  Tracked& operator=(Tracked&& o) noexcept {
    v = o.v;
    o.v = -1;
    return *this;
  }
  ~Tracked() { --live; }
};

using Owner = std::unique_ptr<int>;  // a unique-owner (move-only) element

// Every test ends with nothing allocated, every release well-sized and
// every Tracked destroyed.
class Containers : public ::testing::Test {
 protected:
  void SetUp() override { Tracked::live = 0; }
  void TearDown() override {
    EXPECT_EQ(heap.live.size(), 0u) << "leaked blocks";
    EXPECT_EQ(heap.live_bytes, 0u);
    EXPECT_EQ(heap.bad_releases, 0);
    EXPECT_EQ(Tracked::live, 0);
  }
  CountingAllocator heap;
};

template <class V>
std::vector<int> ints(const V& v) {
  std::vector<int> out;
  for (const auto& x : v) out.push_back(static_cast<int>(x));
  return out;
}
std::vector<int> values(const lib::Vector<Tracked>& v) {
  std::vector<int> out;
  for (const Tracked& t : v) out.push_back(t.v);
  return out;
}

// --- Vector -----------------------------------------------------------------

TEST_F(Containers, VectorGrowsByDoublingAndKeepsOrder) {
  lib::Vector<int> v(heap.get());
  EXPECT_TRUE(v.empty());
  std::vector<std::size_t> caps;
  for (int i = 0; i < 20; ++i) {
    ASSERT_TRUE(v.push_back(i));
    if (caps.empty() || caps.back() != v.capacity()) caps.push_back(v.capacity());
  }
  EXPECT_EQ(caps, (std::vector<std::size_t>{4, 8, 16, 32}));
  EXPECT_EQ(heap.live.size(), 1u);
  EXPECT_EQ(v.front(), 0);
  EXPECT_EQ(v.back(), 19);
  ASSERT_TRUE(v.insert(0, -1));
  ASSERT_TRUE(v.insert(5, 100));
  ASSERT_TRUE(v.insert(v.size(), 200));
  EXPECT_FALSE(v.insert(v.size() + 1, 300));
  v.erase(1);  // the 0
  v.pop_back();
  EXPECT_EQ(ints(v), (std::vector<int>{-1, 1, 2, 3, 100, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19}));
  ASSERT_TRUE(v.resize(25));
  EXPECT_EQ(v[24], 0);  // value-initialised
  ASSERT_TRUE(v.resize(2));
  EXPECT_EQ(ints(v), (std::vector<int>{-1, 1}));
  std::size_t cap = v.capacity();
  v.clear();
  EXPECT_TRUE(v.empty());
  EXPECT_EQ(v.capacity(), cap);
  *v.emplace_back(5) += 1;
  EXPECT_EQ(v[0], 6);
  EXPECT_EQ(v.allocator().context, &heap);
}

TEST_F(Containers, VectorWithoutAllocatorFailsEveryGrowth) {
  lib::Vector<int> v;
  EXPECT_FALSE(v.push_back(1));
  EXPECT_EQ(v.emplace_back(1), nullptr);
  EXPECT_FALSE(v.reserve(1));
  EXPECT_FALSE(v.resize(3));
  EXPECT_TRUE(v.resize(0));
  EXPECT_TRUE(v.empty());
}

TEST_F(Containers, VectorOutOfMemoryLeavesItUnchanged) {
  lib::Vector<Tracked> v(heap.get());
  for (int i = 0; i < 4; ++i) ASSERT_TRUE(v.push_back(Tracked(i)));
  ASSERT_EQ(v.capacity(), 4u);
  heap.budget = 0;
  const Tracked* data = v.data();
  EXPECT_FALSE(v.push_back(Tracked(9)));
  EXPECT_EQ(v.emplace_back(9), nullptr);
  Tracked t(7);
  EXPECT_FALSE(v.insert(1, std::move(t)));
  EXPECT_EQ(t.v, 7);  // not consumed
  EXPECT_FALSE(v.reserve(5));
  EXPECT_FALSE(v.resize(10));
  lib::Vector<Tracked> big(heap.get());
  heap.budget = -1;
  for (int i = 0; i < 9; ++i) ASSERT_TRUE(big.push_back(Tracked(i * 10)));
  heap.budget = 0;
  EXPECT_FALSE(v.copy_from(big));
  EXPECT_EQ(values(v), (std::vector<int>{0, 1, 2, 3}));
  EXPECT_EQ(v.data(), data);
  EXPECT_EQ(v.capacity(), 4u);
  EXPECT_EQ(Tracked::live, 4 + 1 + 9);
  // Without growth everything still works.
  v.erase(0);
  EXPECT_TRUE(v.insert(0, Tracked(-1)));
  EXPECT_FALSE(v.push_back(Tracked(4)));  // full again
  EXPECT_EQ(values(v), (std::vector<int>{-1, 1, 2, 3}));
  heap.budget = -1;
  EXPECT_TRUE(v.copy_from(big));
  EXPECT_EQ(values(v), values(big));
}

TEST_F(Containers, VectorFailsAtEachAllocationOfAGrowthSequence) {
  for (long n = 0; n < 6; ++n) {
    heap.budget = n;
    lib::Vector<Tracked> v(heap.get());
    int pushed = 0;
    while (v.push_back(Tracked(pushed))) ++pushed;
    std::vector<int> want;
    for (int i = 0; i < pushed; ++i) want.push_back(i);
    EXPECT_EQ(values(v), want) << n;
    EXPECT_EQ(pushed, n == 0 ? 0 : 4 << (n - 1));  // 4, 8, 16, ... elements per n allocations
    heap.budget = -1;
  }
}

TEST_F(Containers, VectorOfMoveOnlyElements) {
  lib::Vector<Owner> v(heap.get());
  for (int i = 0; i < 10; ++i) ASSERT_TRUE(v.push_back(std::make_unique<int>(i)));
  ASSERT_TRUE(v.insert(3, std::make_unique<int>(33)));
  v.erase(0);
  ASSERT_TRUE(v.resize(12));
  EXPECT_EQ(v[11], nullptr);
  std::vector<int> got;
  for (int i = 0; i < 10; ++i) got.push_back(*v[i]);
  EXPECT_EQ(got, (std::vector<int>{1, 2, 33, 3, 4, 5, 6, 7, 8, 9}));
  lib::Vector<Owner> w(lib::move(v));
  EXPECT_TRUE(v.empty());
  EXPECT_EQ(v.capacity(), 0u);
  EXPECT_EQ(*w[2], 33);
  lib::Vector<Owner> x(heap.get());
  ASSERT_TRUE(x.push_back(std::make_unique<int>(-5)));
  x = lib::move(w);  // x's old element and storage are freed
  EXPECT_EQ(x.size(), 12u);
  EXPECT_EQ(heap.live.size(), 1u);
}

TEST_F(Containers, VectorPushBackOfItsOwnElementWhileGrowing) {
  lib::Vector<std::string> v(heap.get());
  for (int i = 0; i < 4; ++i) ASSERT_TRUE(v.push_back(std::string(40, char('a' + i))));
  ASSERT_EQ(v.size(), v.capacity());
  ASSERT_TRUE(v.push_back(v[1]));
  ASSERT_TRUE(v.insert(0, std::move(v[4])));
  EXPECT_EQ(v[0], std::string(40, 'b'));
  EXPECT_EQ(v[5], "");  // moved from
}

TEST_F(Containers, VectorAgreesWithStdVectorUnderRandomOperations) {
  std::mt19937 rng(0x5a17);
  lib::Vector<Tracked> v(heap.get());
  std::vector<int> ref;
  for (int step = 0; step < 6000; ++step) {
    int op = int(rng() % 100);
    int x = int(rng() % 1000);
    if (op < 35) {
      ASSERT_TRUE(v.push_back(Tracked(x)));
      ref.push_back(x);
    } else if (op < 50) {
      std::size_t at = rng() % (ref.size() + 1);
      ASSERT_TRUE(v.insert(at, Tracked(x)));
      ref.insert(ref.begin() + long(at), x);
    } else if (op < 70 && !ref.empty()) {
      std::size_t at = rng() % ref.size();
      v.erase(at);
      ref.erase(ref.begin() + long(at));
    } else if (op < 80) {
      v.pop_back();
      if (!ref.empty()) ref.pop_back();
    } else if (op < 88) {
      std::size_t n = rng() % (ref.size() + 8);
      ASSERT_TRUE(v.resize(n));
      ref.resize(n);
    } else if (op < 92) {
      ASSERT_TRUE(v.emplace_back(x) != nullptr);
      ref.push_back(x);
    } else if (op < 95) {
      lib::Vector<Tracked> copy(heap.get());
      ASSERT_TRUE(copy.copy_from(v));
      v = lib::move(copy);
    } else if (op < 96) {
      v.clear();
      ref.clear();
    } else {
      heap.budget = 0;  // a failing growth changes nothing
      bool ok = v.push_back(Tracked(x));
      heap.budget = -1;
      if (ok) ref.push_back(x);
      else EXPECT_EQ(v.size(), v.capacity());
    }
    ASSERT_EQ(values(v), ref) << "step " << step;
    ASSERT_EQ(Tracked::live, long(ref.size()));
  }
}

// --- String -----------------------------------------------------------------

TEST_F(Containers, StringBasics) {
  lib::String s(heap.get());
  EXPECT_STREQ(s.c_str(), "");
  EXPECT_TRUE(s.empty());
  EXPECT_EQ(heap.live.size(), 0u);  // an empty string allocates nothing
  ASSERT_TRUE(s.append("name"));
  ASSERT_TRUE(s.append('/'));
  ASSERT_TRUE(s.append(Str("srv-extra", 3)));
  EXPECT_STREQ(s.c_str(), "name/srv");
  EXPECT_EQ(s.size(), 8u);
  EXPECT_TRUE(s.equals("name/srv"));
  EXPECT_LT(s.compare("name/t"), 0);
  EXPECT_GT(s.compare("name"), 0);
  EXPECT_EQ(s.compare(Str("name/srv")), 0);
  Str view = s;
  EXPECT_TRUE(view.equals(s.view()));
  ASSERT_TRUE(s.append(s.view()));  // itself, across a reallocation
  EXPECT_STREQ(s.c_str(), "name/srvname/srv");
  ASSERT_TRUE(s.assign(s.view().sub(5, 6)));
  EXPECT_STREQ(s.c_str(), "srvnam");
  s.truncate(3);
  EXPECT_STREQ(s.c_str(), "srv");
  s.truncate(10);
  EXPECT_STREQ(s.c_str(), "srv");
  lib::String t(lib::move(s));
  EXPECT_STREQ(s.c_str(), "");
  EXPECT_STREQ(t.c_str(), "srv");
  s = lib::move(t);
  EXPECT_STREQ(s.c_str(), "srv");
  s.clear();
  EXPECT_STREQ(s.c_str(), "");
  EXPECT_TRUE(s.empty());
}

TEST_F(Containers, StringOutOfMemoryLeavesItUnchanged) {
  lib::String s(heap.get());
  ASSERT_TRUE(s.append("0123456789"));
  heap.budget = 0;
  EXPECT_FALSE(s.append("this is longer than sixteen bytes"));
  EXPECT_FALSE(s.assign("this is longer than sixteen bytes"));
  EXPECT_STREQ(s.c_str(), "0123456789");
  EXPECT_TRUE(s.append("abcde"));  // fits the 16 bytes it has
  EXPECT_FALSE(s.append('!'));
  EXPECT_STREQ(s.c_str(), "0123456789abcde");
  lib::String none(lib::Allocator{});
  EXPECT_FALSE(none.append("x"));
  EXPECT_TRUE(none.append(""));
  EXPECT_STREQ(none.c_str(), "");
}

TEST_F(Containers, StringAgreesWithStdStringUnderRandomOperations) {
  std::mt19937 rng(0x57a1);
  lib::String s(heap.get());
  std::string ref;
  for (int step = 0; step < 5000; ++step) {
    int op = int(rng() % 10);
    std::string piece(rng() % 12, char('a' + rng() % 26));
    if (op < 4) {
      ASSERT_TRUE(s.append(Str(piece.data(), piece.size())));
      ref += piece;
    } else if (op < 6) {
      ASSERT_TRUE(s.append(piece.empty() ? 'z' : piece[0]));
      ref += piece.empty() ? 'z' : piece[0];
    } else if (op < 7) {
      std::size_t n = rng() % (ref.size() + 3);
      s.truncate(n);
      if (n < ref.size()) ref.resize(n);
    } else if (op < 8 && !ref.empty()) {
      std::size_t at = rng() % ref.size();
      ASSERT_TRUE(s.assign(s.view().sub(at, 5)));
      ref = ref.substr(at, 5);
    } else if (op < 9) {
      ASSERT_TRUE(s.append(s.view()));
      ref += ref;
      if (ref.size() > 4000) {
        s.clear();
        ref.clear();
      }
    } else {
      ASSERT_TRUE(s.assign(Str(piece.data(), piece.size())));
      ref = piece;
    }
    ASSERT_EQ(std::string(s.c_str()), ref) << step;
    ASSERT_EQ(s.size(), ref.size());
    int c = s.compare(Str(piece.data(), piece.size()));
    int want = ref.compare(piece);
    ASSERT_EQ(c < 0, want < 0);
    ASSERT_EQ(c == 0, want == 0);
  }
}

// --- IntrusiveList ------------------------------------------------------------

struct Waiter {
  int id = 0;
  lib::ListNode link;
};
using WaitList = lib::IntrusiveList<Waiter, &Waiter::link>;

std::vector<int> ids(const WaitList& l) {
  std::vector<int> out;
  for (Waiter& w : l) out.push_back(w.id);
  return out;
}

TEST_F(Containers, IntrusiveListOrderRemovalAndIteration) {
  Waiter w[6];
  for (int i = 0; i < 6; ++i) w[i].id = i;
  WaitList l;
  EXPECT_TRUE(l.empty());
  EXPECT_EQ(l.front(), nullptr);
  EXPECT_EQ(l.pop_front(), nullptr);
  l.push_back(w[1]);
  l.push_back(w[2]);
  l.push_front(w[0]);
  l.push_back(w[3]);
  l.insert_before(w[3], w[4]);
  EXPECT_EQ(ids(l), (std::vector<int>{0, 1, 2, 4, 3}));
  EXPECT_EQ(l.size(), 5u);
  l.push_back(w[1]);  // already linked: left alone
  EXPECT_EQ(l.size(), 5u);
  EXPECT_EQ(l.front(), &w[0]);
  EXPECT_EQ(l.back(), &w[3]);
  EXPECT_EQ(l.next(w[2]), &w[4]);
  EXPECT_EQ(l.next(w[3]), nullptr);
  EXPECT_EQ(l.prev(w[0]), nullptr);
  l.remove(w[2]);
  EXPECT_FALSE(w[2].link.linked());
  l.remove(w[2]);  // unlinked: no-op
  l.remove(w[5]);
  EXPECT_EQ(ids(l), (std::vector<int>{0, 1, 4, 3}));
  EXPECT_EQ(l.size(), 4u);
  // Removing the current element after advancing.
  for (auto it = l.begin(); it != l.end();) {
    Waiter& cur = *it;
    ++it;
    if (cur.id % 2 == 0) l.remove(cur);
  }
  EXPECT_EQ(ids(l), (std::vector<int>{1, 3}));
  EXPECT_EQ(l.pop_front(), &w[1]);
  EXPECT_EQ(l.pop_back(), &w[3]);
  EXPECT_TRUE(l.empty());
  {
    WaitList scoped;
    scoped.push_back(w[0]);
    scoped.push_back(w[1]);
  }
  EXPECT_FALSE(w[0].link.linked());  // a dying list unlinks its elements
  EXPECT_FALSE(w[1].link.linked());
  EXPECT_EQ(heap.allocations, 0u);
}

TEST_F(Containers, IntrusiveListAgreesWithAVectorModel) {
  std::mt19937 rng(0x1157);
  Waiter w[40];
  for (int i = 0; i < 40; ++i) w[i].id = i;
  WaitList l;
  std::vector<int> ref;
  for (int step = 0; step < 8000; ++step) {
    Waiter& x = w[rng() % 40];
    bool in = x.link.linked();
    switch (rng() % 4) {
      case 0:
        l.push_back(x);
        if (!in) ref.push_back(x.id);
        break;
      case 1:
        l.push_front(x);
        if (!in) ref.insert(ref.begin(), x.id);
        break;
      case 2:
        l.remove(x);
        if (in) ref.erase(std::find(ref.begin(), ref.end(), x.id));
        break;
      default: {
        Waiter* f = l.pop_front();
        if (ref.empty()) {
          ASSERT_EQ(f, nullptr);
        } else {
          ASSERT_EQ(f, &w[ref.front()]);
          ref.erase(ref.begin());
        }
      }
    }
    ASSERT_EQ(ids(l), ref) << step;
    ASSERT_EQ(l.size(), ref.size());
  }
}

// --- keys -------------------------------------------------------------------

TEST(ContainerKeys, IntegersCompareByValueAcrossTypes) {
  EXPECT_LT(lib::compare_keys(-1, 0u), 0);
  EXPECT_GT(lib::compare_keys(0u, -1), 0);
  EXPECT_LT(lib::compare_keys(std::int64_t{-5}, std::uint8_t{3}), 0);
  EXPECT_EQ(lib::compare_keys(std::uint64_t{7}, 7), 0);
  EXPECT_GT(lib::compare_keys(~std::uint64_t{0}, std::int64_t{-1}), 0);
  EXPECT_EQ(lib::hash_key(5), lib::hash_key(5u));
  EXPECT_EQ(lib::hash_key(std::uint16_t{5}), lib::hash_key(std::uint64_t{5}));
  EXPECT_NE(lib::hash_key(1), lib::hash_key(2));
  EXPECT_EQ(lib::hash_key(std::uint64_t{0}), 0u);  // splitmix64's finaliser fixes 0
  EXPECT_EQ(lib::hash_key(Str("")), 0xcbf29ce484222325ull);  // FNV-1a test vectors
  EXPECT_EQ(lib::hash_key(Str("a")), 0xaf63dc4c8601ec8cull);
}

// --- TreeMap ----------------------------------------------------------------

template <class M>
std::vector<std::pair<int, int>> pairs(const M& m) {
  std::vector<std::pair<int, int>> out;
  for (const auto& e : m) out.emplace_back(int(e.key), int(e.value));
  return out;
}

TEST_F(Containers, TreeMapInsertFindEraseBounds) {
  lib::TreeMap<int, int> m(heap.get());
  EXPECT_EQ(m.first(), nullptr);
  EXPECT_EQ(m.begin(), m.end());
  for (int k : {50, 20, 80, 10, 30, 70, 90, 25}) {
    auto r = m.insert(int(k), k * 10);
    ASSERT_TRUE(r.inserted);
    EXPECT_EQ(*r.value, k * 10);
  }
  auto again = m.insert(30, 1);
  EXPECT_FALSE(again.inserted);
  EXPECT_EQ(*again.value, 300);
  EXPECT_EQ(again.value, m.find(30));
  EXPECT_EQ(m.size(), 8u);
  EXPECT_TRUE(m.check_invariants());
  EXPECT_EQ(pairs(m), (std::vector<std::pair<int, int>>{
                          {10, 100}, {20, 200}, {25, 250}, {30, 300}, {50, 500}, {70, 700}, {80, 800}, {90, 900}}));
  EXPECT_EQ(m.find(31), nullptr);
  EXPECT_EQ(m.first()->key, 10);
  EXPECT_EQ(m.last()->key, 90);
  EXPECT_EQ(m.lower_bound(25)->key, 25);
  EXPECT_EQ(m.upper_bound(25)->key, 30);
  EXPECT_EQ(m.lower_bound(26)->key, 30);
  EXPECT_EQ(m.lower_bound(91), m.end());
  EXPECT_EQ(m.upper_bound(90), m.end());
  EXPECT_EQ(m.lower_bound(-4)->key, 10);
  int* v70 = m.find(70);
  EXPECT_TRUE(m.erase(50));  // two children
  EXPECT_FALSE(m.erase(50));
  EXPECT_TRUE(m.erase(10));
  EXPECT_EQ(v70, m.find(70));  // nodes never move
  auto it = m.erase(m.lower_bound(25));
  EXPECT_EQ(it->key, 30);
  EXPECT_TRUE(m.check_invariants());
  EXPECT_EQ(pairs(m), (std::vector<std::pair<int, int>>{{20, 200}, {30, 300}, {70, 700}, {80, 800}, {90, 900}}));
  const auto& cm = m;
  EXPECT_EQ(*cm.find(80), 800);
  lib::TreeMap<int, int> moved(lib::move(m));
  EXPECT_TRUE(m.empty());
  EXPECT_EQ(moved.size(), 5u);
  m = lib::move(moved);
  EXPECT_EQ(m.size(), 5u);
  m.clear();
  EXPECT_TRUE(m.empty());
  EXPECT_EQ(heap.live.size(), 0u);
}

TEST_F(Containers, TreeMapStaysBalancedOnSortedInsertion) {
  lib::TreeMap<std::uint32_t, int> m(heap.get());
  for (std::uint32_t k = 0; k < 4096; ++k) ASSERT_TRUE(m.insert(std::uint32_t(k), 0).inserted);
  EXPECT_TRUE(m.check_invariants());  // heights and balance factors included
  EXPECT_EQ(m.size(), 4096u);
  for (std::uint32_t k = 0; k < 4096; k += 2) ASSERT_TRUE(m.erase(k));
  EXPECT_TRUE(m.check_invariants());
  EXPECT_EQ(m.first()->key, 1u);
}

TEST_F(Containers, TreeMapOutOfMemoryInsertsNothing) {
  lib::TreeMap<lib::String, Tracked> m(heap.get());
  lib::String k(heap.get());
  ASSERT_TRUE(k.append("kept"));
  ASSERT_TRUE(m.insert(lib::move(k), Tracked(1)).inserted);
  lib::String k2(heap.get());
  ASSERT_TRUE(k2.append("second"));
  heap.budget = 0;
  Tracked t(2);
  auto r = m.insert(lib::move(k2), lib::move(t));
  EXPECT_EQ(r.value, nullptr);
  EXPECT_FALSE(r.inserted);
  EXPECT_STREQ(k2.c_str(), "second");  // not consumed
  EXPECT_EQ(t.v, 2);
  EXPECT_EQ(m.size(), 1u);
  EXPECT_EQ(m.find(Str("second")), nullptr);
  EXPECT_EQ(m.find(Str("kept"))->v, 1);
  heap.budget = -1;
}

TEST_F(Containers, TreeMapKeyedByStringIsSearchedWithStrWithoutAllocating) {
  lib::TreeMap<lib::String, Owner> m(heap.get());
  for (const char* name : {"namesrv", "init", "rsrcsrv", "mmsrv", "procmgr"}) {
    lib::String k(heap.get());
    ASSERT_TRUE(k.append(name));
    ASSERT_TRUE(m.insert(lib::move(k), std::make_unique<int>(int(Str(name).size))).inserted);
  }
  std::size_t before = heap.allocations;
  ASSERT_NE(m.find(Str("mmsrv")), nullptr);
  EXPECT_EQ(**m.find(Str("mmsrv")), 5);
  EXPECT_EQ(**m.find("procmgr"), 7);
  EXPECT_EQ(m.find(Str("mmsrv2")), nullptr);
  EXPECT_STREQ(m.lower_bound(Str("j"))->key.c_str(), "mmsrv");
  EXPECT_TRUE(m.erase(Str("init")));
  EXPECT_EQ(heap.allocations, before);
  std::vector<std::string> order;
  for (auto& e : m) order.emplace_back(e.key.c_str());
  EXPECT_EQ(order, (std::vector<std::string>{"mmsrv", "namesrv", "procmgr", "rsrcsrv"}));
}

TEST_F(Containers, TreeMapAgreesWithStdMapUnderRandomOperations) {
  std::mt19937 rng(0x7a1e);
  lib::TreeMap<int, Tracked> m(heap.get());
  std::map<int, int> ref;
  for (int step = 0; step < 20000; ++step) {
    int k = int(rng() % 600) - 100;
    int op = int(rng() % 10);
    if (op < 5) {
      auto r = m.insert(int(k), Tracked(step));
      auto [it, inserted] = ref.emplace(k, step);
      ASSERT_EQ(r.inserted, inserted);
      ASSERT_EQ(r.value->v, it->second);
    } else if (op < 8) {
      ASSERT_EQ(m.erase(k), ref.erase(k) == 1);
    } else if (op < 9) {
      auto lb = m.lower_bound(k);
      auto rlb = ref.lower_bound(k);
      ASSERT_EQ(lb == m.end(), rlb == ref.end());
      if (rlb != ref.end()) {
        ASSERT_EQ(lb->key, rlb->first);
      }
      auto ub = m.upper_bound(k);
      auto rub = ref.upper_bound(k);
      ASSERT_EQ(ub == m.end(), rub == ref.end());
      if (rub != ref.end()) {
        ASSERT_EQ(ub->key, rub->first);
      }
    } else {
      Tracked* v = m.find(k);
      auto it = ref.find(k);
      ASSERT_EQ(v != nullptr, it != ref.end());
      if (v) {
        ASSERT_EQ(v->v, it->second);
      }
    }
    ASSERT_TRUE(m.check_invariants()) << step;
    ASSERT_EQ(m.size(), ref.size());
    ASSERT_EQ(Tracked::live, long(ref.size()));
    if (step % 16 == 0) {
      std::vector<std::pair<int, int>> got;
      for (auto& e : m) got.emplace_back(e.key, e.value.v);
      ASSERT_EQ(got, (std::vector<std::pair<int, int>>(ref.begin(), ref.end()))) << step;
      if (!ref.empty()) {
        ASSERT_EQ(m.first()->key, ref.begin()->first);
        ASSERT_EQ(m.last()->key, ref.rbegin()->first);
      }
    }
  }
}

// A key of 1-3 of the first `letters` lower-case letters (so keys repeat).
std::string random_key(std::mt19937& rng, unsigned letters) {
  std::string key(1 + rng() % 3, 'a');
  for (char& c : key) c = char('a' + rng() % letters);
  return key;
}

TEST_F(Containers, TreeMapOfStringsAgreesWithStdMap) {
  std::mt19937 rng(0x5eed);
  lib::TreeMap<lib::String, int> m(heap.get());
  std::map<std::string, int> ref;
  for (int step = 0; step < 4000; ++step) {
    std::string key = random_key(rng, 4);
    if (rng() % 3) {
      lib::String k(heap.get());
      ASSERT_TRUE(k.append(Str(key.data(), key.size())));
      ASSERT_EQ(m.insert(lib::move(k), int(step)).inserted, ref.emplace(key, step).second);
    } else {
      ASSERT_EQ(m.erase(Str(key.data(), key.size())), ref.erase(key) == 1);
    }
    ASSERT_TRUE(m.check_invariants());
    std::vector<std::pair<std::string, int>> got;
    for (auto& e : m) got.emplace_back(e.key.c_str(), e.value);
    ASSERT_EQ(got, (std::vector<std::pair<std::string, int>>(ref.begin(), ref.end()))) << step;
  }
}

// --- HashMap ----------------------------------------------------------------

TEST_F(Containers, HashMapInsertFindEraseAndStrLookup) {
  lib::HashMap<lib::String, int> m(heap.get());
  EXPECT_EQ(m.find(Str("x")), nullptr);
  EXPECT_EQ(heap.allocations, 0u);
  for (int i = 0; i < 100; ++i) {
    lib::String k(heap.get());
    ASSERT_TRUE(k.append("key"));
    ASSERT_TRUE(k.append(char('0' + i / 10)));
    ASSERT_TRUE(k.append(char('0' + i % 10)));
    ASSERT_TRUE(m.insert(lib::move(k), int(i)).inserted);
  }
  EXPECT_EQ(m.size(), 100u);
  lib::String dup(heap.get());
  ASSERT_TRUE(dup.append("key42"));
  auto r = m.insert(lib::move(dup), -1);
  EXPECT_FALSE(r.inserted);
  EXPECT_EQ(*r.value, 42);
  EXPECT_STREQ(dup.c_str(), "key42");
  std::size_t before = heap.allocations;
  EXPECT_EQ(*m.find(Str("key07")), 7);
  EXPECT_EQ(*m.find("key99"), 99);
  EXPECT_EQ(m.find(Str("key100")), nullptr);
  EXPECT_TRUE(m.erase(Str("key00")));
  EXPECT_FALSE(m.erase(Str("key00")));
  EXPECT_EQ(heap.allocations, before);
  // Insertion order, with the last entry moved into the erased one's place.
  EXPECT_STREQ(m.begin()->key.c_str(), "key99");
  EXPECT_STREQ((m.begin() + 1)->key.c_str(), "key01");
  EXPECT_EQ(m.size(), 99u);
  const auto& cm = m;
  EXPECT_EQ(*cm.find(Str("key50")), 50);
  lib::HashMap<lib::String, int> moved(lib::move(m));
  EXPECT_TRUE(m.empty());
  EXPECT_EQ(m.find(Str("key50")), nullptr);
  EXPECT_EQ(*moved.find(Str("key50")), 50);
  moved.clear();
  EXPECT_EQ(moved.find(Str("key50")), nullptr);
  EXPECT_TRUE(moved.insert(lib::move(dup), 1).inserted);
}

TEST_F(Containers, HashMapGrowsAtThreeQuartersAndFailsCleanly) {
  lib::HashMap<std::uint64_t, Tracked> m(heap.get());
  for (std::uint64_t k = 0; k < 6; ++k) ASSERT_TRUE(m.insert(std::uint64_t(k), Tracked(int(k))).inserted);
  // 8 slots hold 6 entries; the 7th needs 16 slots and 8 entry places.
  ASSERT_TRUE(m.reserve(6));
  std::size_t blocks = heap.live.size();
  heap.budget = 0;
  auto r = m.insert(std::uint64_t{6}, Tracked(6));
  EXPECT_EQ(r.value, nullptr);
  EXPECT_EQ(m.size(), 6u);
  EXPECT_EQ(m.find(6), nullptr);
  for (std::uint64_t k = 0; k < 6; ++k) ASSERT_EQ(m.find(k)->v, int(k));
  EXPECT_EQ(heap.live.size(), blocks);
  heap.budget = 1;  // the entries grow, the index does not
  EXPECT_EQ(m.insert(std::uint64_t{6}, Tracked(6)).value, nullptr);
  EXPECT_EQ(m.size(), 6u);
  heap.budget = -1;
  EXPECT_TRUE(m.insert(std::uint64_t{6}, Tracked(6)).inserted);
  EXPECT_EQ(Tracked::live, 7);
}

// The model of HashMap's iteration order: insertion order, an erase moving
// the last entry into the hole.
void model_erase(std::vector<std::uint64_t>& order, std::uint64_t k) {
  auto it = std::find(order.begin(), order.end(), k);
  *it = order.back();
  order.pop_back();
}

TEST_F(Containers, HashMapAgreesWithUnorderedMapAndItsOrderModel) {
  std::mt19937 rng(0xa5b);
  lib::HashMap<std::uint64_t, Owner> m(heap.get());
  std::unordered_map<std::uint64_t, int> ref;
  std::vector<std::uint64_t> order;
  for (int step = 0; step < 20000; ++step) {
    std::uint64_t k = rng() % 700;
    if (rng() % 2 == 0) k *= 0x100000000ull;  // keys differing only in the high half
    int op = int(rng() % 10);
    if (op < 5) {
      auto r = m.insert(std::uint64_t(k), std::make_unique<int>(step));
      bool inserted = ref.emplace(k, step).second;
      ASSERT_EQ(r.inserted, inserted);
      ASSERT_EQ(**r.value, ref[k]);
      if (inserted) order.push_back(k);
    } else if (op < 8) {
      bool erased = ref.erase(k) == 1;
      ASSERT_EQ(m.erase(k), erased);
      if (erased) model_erase(order, k);
    } else if (op < 9) {
      Owner* v = m.find(k);
      ASSERT_EQ(v != nullptr, ref.count(k) == 1);
      if (v) {
        ASSERT_EQ(**v, ref[k]);
      }
    } else if (step % 500 == 9) {
      m.clear();
      ref.clear();
      order.clear();
    }
    ASSERT_EQ(m.size(), ref.size());
    if (step % 8 == 0) {
      std::vector<std::uint64_t> got;
      for (auto& e : m) {
        got.push_back(e.key);
        ASSERT_EQ(*e.value, ref.at(e.key));
      }
      ASSERT_EQ(got, order) << step;
    }
  }
}

TEST_F(Containers, HashMapOfStringsAgreesWithUnorderedMap) {
  std::mt19937 rng(0xf00d);
  lib::HashMap<lib::String, int> m(heap.get());
  std::unordered_map<std::string, int> ref;
  for (int step = 0; step < 6000; ++step) {
    std::string key = random_key(rng, 5);
    Str q(key.data(), key.size());
    if (rng() % 3) {
      lib::String k(heap.get());
      ASSERT_TRUE(k.append(q));
      ASSERT_EQ(m.insert(lib::move(k), int(step)).inserted, ref.emplace(key, step).second);
    } else {
      ASSERT_EQ(m.erase(q), ref.erase(key) == 1);
    }
    ASSERT_EQ(m.size(), ref.size());
    for (auto& [rk, rv] : ref) ASSERT_EQ(*m.find(Str(rk.data(), rk.size())), rv) << step;
  }
}

}  // namespace
