// trona::process_local on the simulator backend: one zeroed instance per
// process (kernel-model VSpace) and per type, shared by the threads of a
// process, copied into a forked child, an error outside a simulated thread.
#include <gtest/gtest.h>

#include <cstdint>
#include <stdexcept>

#include "kernel_model/kernel.h"
#include "kernel_model/objects/tcb/tcb.h"
#include "kernel_model/vspace/vspace.h"
#include "trona/core/process_local.h"
#include "trona/core/syscall.h"

namespace {

struct Counter {
  uint64_t value;
};
struct Other {
  uint64_t value;
  uint64_t pad[3];
};

TEST(ProcessLocal, OneInstancePerProcessSharedByItsThreads) {
  sim::Scheduler sched{sim::SchedulerOptions{.seed = 3}};
  kmodel::Kernel k(sched);
  uint64_t a_first = 99, b_first = 99, thread_saw = 99, other_first = 99;
  Counter* a_main = nullptr;
  Counter* a_thread = nullptr;

  kmodel::Process a = k.create_process(
      [&] {
        a_first = trona::process_local<Counter>().value;
        trona::process_local<Counter>().value = 1;
        a_main = &trona::process_local<Counter>();
        other_first = trona::process_local<Other>().value;  // another type: its own zeroed block
        trona::process_local<Other>().value = 7;
      },
      {.name = "a", .start = false});
  kmodel::Tcb& a2 = k.create_thread(
      a,
      [&] {
        thread_saw = trona::process_local<Counter>().value;
        trona::process_local<Counter>().value = 2;
        a_thread = &trona::process_local<Counter>();
      },
      {.name = "a-thread", .start = false});
  kmodel::Process b = k.create_process(
      [&] {
        b_first = trona::process_local<Counter>().value;
        trona::process_local<Counter>().value = 100;
      },
      {.name = "b", .start = false});

  // One after the other: a's main thread, its second thread, then b.
  k.start(*a.tcb);
  ASSERT_EQ(sched.run(), sim::RunResult::Idle);
  k.start(a2);
  ASSERT_EQ(sched.run(), sim::RunResult::Idle);
  k.start(*b.tcb);
  ASSERT_EQ(sched.run(), sim::RunResult::Idle);

  EXPECT_EQ(a_first, 0u);
  EXPECT_EQ(other_first, 0u);
  EXPECT_EQ(thread_saw, 1u);  // the second thread sees what the first wrote
  EXPECT_EQ(a_thread, a_main);
  EXPECT_EQ(b_first, 0u);  // b does not: a fresh zeroed instance
  // The bytes hang off each VSpace: a holds 2 (Counter) and 7 (Other), b 100.
  const auto& a_blocks = a.vspace->process_local;
  const auto& b_blocks = b.vspace->process_local;
  ASSERT_EQ(a_blocks.size(), 2u);
  ASSERT_EQ(b_blocks.size(), 1u);
  EXPECT_EQ(reinterpret_cast<const Counter*>(a_blocks.at(&trona::detail::process_local_key<Counter>).bytes.get())->value, 2u);
  EXPECT_EQ(reinterpret_cast<const Other*>(a_blocks.at(&trona::detail::process_local_key<Other>).bytes.get())->value, 7u);
  EXPECT_EQ(reinterpret_cast<const Counter*>(b_blocks.at(&trona::detail::process_local_key<Counter>).bytes.get())->value, 100u);
}

TEST(ProcessLocal, LargeBlocksAreZeroAndWritableAndSmallOnesToo) {
  for (std::size_t size : {std::size_t{48}, std::size_t{1} << 20}) {
    kmodel::VSpace::ProcessLocalBlock b = kmodel::VSpace::ProcessLocalBlock::zeroed(size);
    ASSERT_EQ(b.size, size);
    EXPECT_EQ(b.bytes[0], std::byte{0});
    EXPECT_EQ(b.bytes[size - 1], std::byte{0});
    b.bytes[size - 1] = std::byte{7};
    EXPECT_EQ(b.bytes[size - 1], std::byte{7});
  }
}

TEST(ProcessLocal, AForkedAddressSpaceInheritsACopy) {
  kmodel::VSpace parent, child;
  Counter* in_parent = nullptr;
  {
    kmodel::VSpace::ProcessLocalBlock block = kmodel::VSpace::ProcessLocalBlock::zeroed(sizeof(Counter));
    in_parent = reinterpret_cast<Counter*>(block.bytes.get());
    in_parent->value = 5;
    parent.process_local.emplace(&trona::detail::process_local_key<Counter>, std::move(block));
  }
  child.inherit_process_local(parent);
  ASSERT_EQ(child.process_local.size(), 1u);
  auto* in_child = reinterpret_cast<Counter*>(child.process_local.begin()->second.bytes.get());
  EXPECT_NE(in_child, in_parent);  // a copy, not shared
  EXPECT_EQ(in_child->value, 5u);
  in_parent->value = 6;
  child.inherit_process_local(parent);  // only the first fork step copies
  EXPECT_EQ(in_child->value, 5u);
}

TEST(ProcessLocal, OutsideASimulatedThreadIsAHostError) {
  EXPECT_THROW(trona::process_local<Counter>(), std::logic_error);
}

}  // namespace
