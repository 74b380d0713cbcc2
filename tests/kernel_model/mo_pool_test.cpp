// MemoryObject operations when the kernel's own page pool is exhausted:
// MO_WRITE and MO_CLONE that need a pool page fail with OUT_OF_MEMORY
// instead of touching a missing frame.
#include <gtest/gtest.h>

#include <cstring>

#include "kernel_model/kernel.h"

namespace {

using namespace kmodel;
using namespace kmodel::abi;

struct PoolRig {
  sim::Scheduler sched{sim::SchedulerOptions{.seed = 3}};
  Kernel k{sched, nullptr, KernelOptions{.kernel_pool_pages = 0}};
  SysResult inv(Word cap, Word label, Word a0 = 0, Word a1 = 0, Word a2 = 0) {
    return k.syscall(SYS_INVOKE, cap, label, a0, a1, a2);
  }
};

TEST(MemoryObjectPool, WriteWithExhaustedKernelPoolIsOutOfMemory) {
  PoolRig r;
  SysResult made{}, wrote{};
  auto p = r.k.create_process([&] {
    made = r.inv(16, UNTYPED_RETYPE, OBJ_MEMORY_OBJECT, 1, 100);
    std::memcpy(r.k.ipc_buffer()->reserved, "abc", 3);
    wrote = r.inv(100, MO_WRITE, 0, 3);
  }, ProcessOptions{.name = "writer", .start = false});
  r.k.install(*p.cnode, 16, r.k.new_untyped(16));
  r.k.start(*p.tcb);
  EXPECT_EQ(r.sched.run(), sim::RunResult::Idle);
  ASSERT_EQ(made.error, OK);
  EXPECT_EQ(wrote.error, OUT_OF_MEMORY);
}

TEST(MemoryObjectPool, WriteIntoCommittedPagesNeedsNoPool) {
  PoolRig r;
  SysResult wrote{};
  auto p = r.k.create_process([&] {
    r.inv(16, UNTYPED_RETYPE, OBJ_MEMORY_OBJECT, 1, 100);
    ASSERT_EQ(r.inv(100, MO_COMMIT, 0, 2, 16).error, OK);  // pages from the untyped
    wrote = r.inv(100, MO_WRITE, 4090, 10);
  }, ProcessOptions{.name = "writer", .start = false});
  r.k.install(*p.cnode, 16, r.k.new_untyped(16));
  r.k.start(*p.tcb);
  EXPECT_EQ(r.sched.run(), sim::RunResult::Idle);
  EXPECT_EQ(wrote.error, OK);
  EXPECT_EQ(wrote.value, 10u);
}

}  // namespace
