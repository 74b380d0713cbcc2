// programs/coreutils/listing.h — a directory's entries read into memory
// (names on the trona heap), sorted by name as LC_ALL=C sorts; ls, cp -r
// and rm -r walk these so no directory stream stays open while they
// recurse (trona/posix has kMaxDirStreams of them).
#pragma once

#include "programs/coreutils/util.h"

namespace cu {

struct DirList {
  char** names = nullptr;
  size_t count = 0;
  void release();  // no destructor: see Buf
  // The entries of `path` but "." and ".."; 0 or the errno.
  int read(const char* path);
  void sort();
};

// strcmp order.
int name_cmp(const char* a, const char* b);
// Sorts n pointers with less(a, b) (a merge sort: stable).
void sort_ptrs(void** v, size_t n, bool (*less)(const void*, const void*, const void*), const void* ctx);

}  // namespace cu
