// programs/coreutils/listing.cpp — see listing.h.
#include "programs/coreutils/listing.h"

#include "trona/core/heap.h"
#include "trona/posix/errno.h"

namespace cu {

namespace px = trona::posix;

int name_cmp(const char* a, const char* b) {
  for (;; ++a, ++b) {
    unsigned char x = static_cast<unsigned char>(*a), y = static_cast<unsigned char>(*b);
    if (x != y) return x < y ? -1 : 1;
    if (x == 0) return 0;
  }
}

void sort_ptrs(void** v, size_t n, bool (*less)(const void*, const void*, const void*), const void* ctx) {
  if (n < 2) return;
  void** tmp = static_cast<void**>(trona::malloc(n * sizeof(void*)));
  if (tmp == nullptr) {  // insertion sort without memory
    for (size_t i = 1; i < n; ++i)
      for (size_t j = i; j > 0 && less(v[j], v[j - 1], ctx); --j) {
        void* t = v[j];
        v[j] = v[j - 1];
        v[j - 1] = t;
      }
    return;
  }
  for (size_t width = 1; width < n; width *= 2) {
    for (size_t lo = 0; lo < n; lo += 2 * width) {
      size_t mid = lo + width < n ? lo + width : n, hi = lo + 2 * width < n ? lo + 2 * width : n;
      size_t a = lo, b = mid, k = lo;
      while (a < mid && b < hi) tmp[k++] = less(v[b], v[a], ctx) ? v[b++] : v[a++];
      while (a < mid) tmp[k++] = v[a++];
      while (b < hi) tmp[k++] = v[b++];
    }
    for (size_t i = 0; i < n; ++i) v[i] = tmp[i];
  }
  trona::free(tmp);
}

void DirList::release() {
  for (size_t i = 0; i < count; ++i) trona::free(names[i]);
  trona::free(names);
  names = nullptr;
  count = 0;
}

int DirList::read(const char* path) {
  px::DIR* d = px::opendir(path);
  if (d == nullptr) return px::errno_ref();
  size_t cap = 0;
  int err = 0;
  for (;;) {
    px::errno_ref() = 0;
    px::dirent* e = px::readdir(d);
    if (e == nullptr) {
      err = px::errno_ref();
      break;
    }
    Str n(e->d_name);
    if (n == Str(".") || n == Str("..")) continue;
    if (count == cap) {
      cap = cap == 0 ? 16 : cap * 2;
      void* p = trona::realloc(names, cap * sizeof(char*));
      if (p == nullptr) {
        err = 12;
        break;
      }
      names = static_cast<char**>(p);
    }
    char* copy = static_cast<char*>(trona::malloc(n.size + 1));
    if (copy == nullptr) {
      err = 12;
      break;
    }
    for (size_t i = 0; i <= n.size; ++i) copy[i] = e->d_name[i];
    names[count++] = copy;
  }
  px::closedir(d);
  return err;
}

void DirList::sort() {
  sort_ptrs(reinterpret_cast<void**>(names), count,
            [](const void* a, const void* b, const void*) {
              return name_cmp(static_cast<const char*>(a), static_cast<const char*>(b)) < 0;
            },
            nullptr);
}

}  // namespace cu
