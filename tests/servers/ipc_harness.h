// The situation init builds, for IPC tests of the servers: a scheduler and
// a kernel model; namesrv and rsrcsrv as processes running their
// TRONA_PROGRAM entry points (saltysim_servers_sim) with their endpoints in
// their well-known slots; init as the root task holding rsrcsrv's endpoint
// with badge 1 (privileged) and handing its root untypeds over
// (RES_ADOPT_UNTYPED); client processes with per-client badges.
//
// Simulated code (process bodies) talks to the servers only through the
// trona stubs (trona/clients/namesrv_client.h, trona/clients/rsrcsrv_client.h) or, for
// malformed messages, raw trona syscalls. gtest EXPECT_* work inside
// bodies; the host checks kernel state afterwards.
#pragma once

#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <vector>

#include "kernel_model/kernel.h"
#include "trona/clients/rsrcsrv_client.h"
#include "trona/core/syscall.h"
#include "uapi/linux_numbers.h"

extern "C" int trona_program_namesrv(int argc, char** argv, char** envp);
extern "C" int trona_program_rsrcsrv(int argc, char** argv, char** envp);

namespace ipct {

using kmodel::Process;
using kmodel::Word;

// init's own slots for the service endpoints (its slots 5/6 hold boot caps).
inline constexpr Word kInitRsrcsrvSlot = 100;
inline constexpr Word kInitNamesrvSlot = 101;
// Client badges at rsrcsrv / namesrv: 0x1000 + n (init is 1).
inline constexpr Word kClientBadge = 0x1000;
// A free slot range every client may use.
inline constexpr Word kFree = 200;

class SimOs {
 public:
  explicit SimOs(Word ram_bytes = Word{8} << 20);
  ~SimOs();

  // A client process (10-bit CNode) running `body`: namesrv's endpoint at
  // SLOT_NAMESRV_EP (badge = `badge`), rsrcsrv's at SLOT_RSRCSRV_EP (same
  // badge). Its body must end for run() to succeed. Clients start
  // suspended: init resumes them (TCB_RESUME) once it has handed its
  // untypeds to rsrcsrv; without init, run() starts them.
  Process client(const std::string& name, Word badge, std::function<void()> body);
  // init (the root task): rsrcsrv's endpoint with badge 1 at
  // kInitRsrcsrvSlot, namesrv's at kInitNamesrvSlot, a TCB cap of every
  // client; it adopts every root untyped into rsrcsrv, then runs `body`.
  // `body` calls resume_clients() when it wants them running (else that
  // happens after it).
  Process init(std::function<void()> body);
  // From init's body: TCB_RESUME of every client not yet resumed.
  void resume_clients();
  // A notification installed in each of `procs` at `slot` (host set-up for
  // "ready" handshakes between clients).
  void share_notification(std::initializer_list<Process> procs, Word slot);

  // Runs the scheduler to the end: success iff it ended Idle (servers wait
  // for work, nobody waits on anybody) and every client/init body ended.
  ::testing::AssertionResult run();

  sim::Scheduler sched;
  kmodel::Kernel k;
  kmodel::Endpoint& ns_ep;
  kmodel::Endpoint& rs_ep;
  Process namesrv;
  Process rsrcsrv;
  int adopted = 0;  // root untypeds init handed to rsrcsrv

 private:
  static constexpr Word kInitClientTcbBase = 300;  // init's slots of client TCB caps
  int started_ = 0;
  int finished_ = 0;
  std::vector<Process> clients_;
  std::size_t resumed_ = 0;
  bool has_init_ = false;
  Process init_;
};

// The kernel object in `slot` of `p`'s CSpace (nullptr if empty).
kmodel::KObject* object_at(kmodel::Kernel& k, const Process& p, Word slot);
// Its type (OBJ_NONE if empty).
Word type_at(kmodel::Kernel& k, const Process& p, Word slot);

}  // namespace ipct
