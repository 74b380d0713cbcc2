// The situation init and procmgr build for mmsrv, for IPC tests: mmsrv as a
// process running its TRONA_PROGRAM entry with its service endpoint in slot
// 64 and an untyped (its memory) in slot 7; client processes with mmsrv's
// endpoint minted with their badge at SLOT_MMSRV_EP, and the same minted
// endpoint as their TCB's fault handler (what procmgr does at spawn), so
// their VM faults reach mmsrv with their badge.
//
// Client bodies talk to mmsrv only through trona::MmsrvClient and touch
// their memory with k.load/k.store (which fault like user code). Bodies
// may stay stopped on purpose (a refused fault): run() reports how many
// ended.
#pragma once

#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <vector>

#include "kernel_model/kernel.h"
#include "trona/clients/mmsrv_client.h"
#include "trona/core/syscall.h"
#include "uapi/linux_numbers.h"

extern "C" int trona_program_mmsrv(int argc, char** argv, char** envp);

namespace mmt {

using kmodel::Process;
using kmodel::Word;

inline constexpr Word kPage = 4096;
inline constexpr Word kHeapBase = 0x1000'0000;
inline constexpr Word kMmapBase = 0x4000'0000;
inline constexpr Word kMmsrvEpSlot = 64;
inline constexpr Word kFree = 200;  // free slots in every client
inline constexpr Word kRW = uapi::kPROT_READ | uapi::kPROT_WRITE;
inline constexpr Word kAnon = uapi::kMAP_PRIVATE | uapi::kMAP_ANONYMOUS;

class MmOs {
 public:
  // `untyped_bits`: size of mmsrv's untyped (default 4 MiB = 1024 frames).
  explicit MmOs(unsigned untyped_bits = 22);
  ~MmOs();

  // A client process with mmsrv's endpoint at SLOT_MMSRV_EP (badge
  // `badge`) and that endpoint as its fault handler. Started by run().
  Process client(const std::string& name, Word badge, std::function<void()> body);
  // The number of client bodies that ended.
  int finished() const { return finished_; }

  // Runs until idle; success iff the scheduler ended Idle and `expect_finished`
  // bodies (default: all) ended.
  ::testing::AssertionResult run(int expect_finished = -1);

  sim::Scheduler sched;
  kmodel::Kernel k;
  kmodel::Endpoint& mm_ep;
  Process mmsrv;

 private:
  int started_ = 0;
  int finished_ = 0;
  std::vector<Process> clients_;
};

// In a client body: registers the caller with the default bases.
inline int register_self(const trona::MmsrvClient& mm, Word pid, Word quota_pages = 0) {
  return mm.register_client(0, kHeapBase, kMmapBase, pid, uapi::SLOT_SELF_VSPACE, quota_pages);
}

}  // namespace mmt
