// The trona heap in the simulator on a booted system (mmsrv as the pager):
// the same trona::malloc as the target — its ranges come from mmsrv
// (MM_SBRK for the break, MM_MMAP for blocks of 128 KiB and more), so
// mmsrv's reserved-page count grows with the heap — and host bytes stand
// for them (trona/core/heap_backend.h). Absurd sizes fail with ENOMEM and
// never take host memory; a forked child starts a fresh heap; the process's
// memory goes back when it exits.
#include <gtest/gtest.h>

#include <cstring>
#include <map>
#include <string>

#include "boot_harness.h"
#include "sim/host/programs/programs.h"
#include "trona/clients/mmsrv_client.h"
#include "trona/core/heap.h"
#include "trona/posix/errno.h"
#include "trona/posix/process.h"

namespace {

using namespace boot_test;
namespace px = trona::posix;

std::map<std::string, long> g_seen;

long reserved_pages() {
  trona::MmStats st;
  return trona::MmsrvClient().stats(0, &st) == 0 ? static_cast<long>(st.reserved_pages) : -1;
}

void child_heap(uint64_t) {
  // A fresh heap: nothing of the parent's blocks is in use here.
  long fresh = static_cast<long>(trona::heap_stats().in_use_blocks);
  char* p = static_cast<char*>(trona::malloc(1000));
  if (p) std::memset(p, 7, 1000);
  trona::free(p);
  px::_exit(p && fresh == 0 ? 0 : 1);
}

int heap_user(int, char**, char**) {
  const long before = reserved_pages();
  // Many small blocks (the break), written and read back.
  char* small[200];
  bool ok = true;
  for (int i = 0; i < 200; ++i) {
    small[i] = static_cast<char*>(trona::malloc(static_cast<size_t>(100 + i * 13)));
    if (!small[i]) ok = false;
    else std::memset(small[i], i & 0x7F, static_cast<size_t>(100 + i * 13));
  }
  for (int i = 0; i < 200 && ok; ++i)
    for (int j = 0; j < 100 + i * 13; ++j)
      if (small[i][j] != static_cast<char>(i & 0x7F)) ok = false;
  g_seen["small_ok"] = ok;
  // A big block: its own mapping.
  char* big = static_cast<char*>(trona::malloc(1 << 20));
  g_seen["big"] = big != nullptr;
  if (big) big[(1 << 20) - 1] = 1;
  g_seen["grew_pages"] = reserved_pages() - before;
  g_seen["mapped_blocks"] = static_cast<long>(trona::heap_stats().mapped_blocks);
  // realloc keeps the bytes; calloc zeroes.
  char* r = static_cast<char*>(trona::realloc(small[5], 5000));
  g_seen["realloc_kept"] = r && r[0] == 5 && r[100] == 5;
  int* z = static_cast<int*>(trona::calloc(100, sizeof(int)));
  long zero = 1;
  for (int i = 0; i < 100 && z; ++i) zero &= z[i] == 0;
  g_seen["calloc_zero"] = z && zero;
  // Absurd sizes: ENOMEM, no crash, no host memory taken.
  px::errno_ref() = 0;
  void* huge = trona::malloc(size_t{1} << 42);
  g_seen["huge_null"] = huge == nullptr;
  g_seen["huge_errno"] = px::errno_ref();
  // A forked child gets a fresh heap; the parent's is untouched after it.
  int child = px::fork_to(&child_heap, 0);
  int status = -1;
  px::waitpid(child, &status, 0);
  g_seen["child_status"] = status;
  g_seen["parent_intact"] = small[10] && small[10][0] == 10 && small[199][100] == static_cast<char>(199 & 0x7F);
  trona::free(big);
  trona::free(r);
  trona::free(z);
  for (int i = 0; i < 200; ++i)
    if (i != 5) trona::free(small[i]);
  g_seen["blocks_left"] = static_cast<long>(trona::heap_stats().in_use_blocks);
  g_seen["mapped_left"] = static_cast<long>(trona::heap_stats().mapped_blocks);
  return 0;
}

TEST(HeapBoot, TheProcessHeapTakesItsRangesFromMmsrvAndFailsCleanly) {
  saltysim::programs::register_program("heap_user", &heap_user);
  g_seen.clear();
  Files f = standard_system();
  add_service(f, "heap_user", "[Dependencies]\nAfter=rsrcsrv\n");
  BootResult r = boot(f);
  SCOPED_TRACE(r.console);
  EXPECT_EQ(r.run, sim::RunResult::Idle);
  EXPECT_EQ(g_seen["small_ok"], 1);
  EXPECT_EQ(g_seen["big"], 1);
  EXPECT_GE(g_seen["grew_pages"], (1 << 20) / 4096 + 16);  // the mapping and the break's 64 KiB steps
  EXPECT_EQ(g_seen["mapped_blocks"], 1);
  EXPECT_EQ(g_seen["realloc_kept"], 1);
  EXPECT_EQ(g_seen["calloc_zero"], 1);
  EXPECT_EQ(g_seen["huge_null"], 1);
  EXPECT_EQ(g_seen["huge_errno"], 12);  // ENOMEM
  EXPECT_EQ(g_seen["child_status"], 0);
  EXPECT_EQ(g_seen["parent_intact"], 1);
  EXPECT_EQ(g_seen["blocks_left"], 0);
  EXPECT_EQ(g_seen["mapped_left"], 0);
}

}  // namespace
