// The malformed-message sweep: every label of every server that exists
// (namesrv, rsrcsrv, procmgr, mmsrv, the VFS) gets the malformed variants of its
// request that its generated shape (proto::<p>::kShapes, from
// servers/uapi/proto/*.idl) implies, on a booted system (init, the real
// boot). Each case runs in a fresh child process — a malformed message may
// still be a valid request that acts on its sender (PM_EXIT, MM_DEREGISTER,
// kill(-1) as an unprivileged user) — which sends one raw message, checks
// the reply and exits with its verdict. The coordinator (the first program)
// then asks the server a well-formed question: it must still answer.
//
// The cases that carry caps are sent by the coordinator through its GRANT
// copies of the service endpoints (an unprivileged child's endpoints cannot
// transfer caps: the kernel refuses such a send before the server sees it).
// A wrong-type cap is not required to be refused yet: mmsrv's MM_REGISTER
// takes an endpoint for a VSpace without checking (servers/core/mmsrv/README.md).
//
// What must hold for every case: the server answers (the child does not
// hang in the call unless the label blocks by design: counted, killed); a
// label with no wire format and an unknown label are INVALID_OPERATION; a
// request missing a required cap, or whose length words exceed what any
// string or list of the label may hold, is refused (not OK); the server
// still serves afterwards. The run must end idle (no deadlock) with every
// case accounted for.
#include <gtest/gtest.h>

#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "boot_harness.h"
#include "proto/mmsrv.h"
#include "proto/namesrv.h"
#include "proto/posix_vfs.h"
#include "proto/vfs.h"
#include "proto/vfs_client.h"
#include "proto/procmgr.h"
#include "proto/rsrcsrv.h"
#include "sim/host/programs/programs.h"
#include "trona/clients/mmsrv_client.h"
#include "trona/clients/namesrv_client.h"
#include "trona/clients/procmgr_client.h"
#include "trona/clients/rsrcsrv_client.h"
#include "trona/core/client.h"
#include "trona/core/syscall.h"
#include "uapi/linux_numbers.h"

namespace {

using namespace boot_test;

struct Target {
  const proto::Protocol* protocol;
  uint64_t endpoint;  // slot of the server's endpoint in a procmgr-spawned child
  // The coordinator's copy of the service endpoint with GRANT (NeedEP; its
  // badge is none a server knows): the cases that carry caps go from here,
  // because a child's endpoints cannot transfer caps (the kernel refuses
  // the send with INSUFFICIENT_RIGHTS before the server sees it).
  uint64_t grant_endpoint;
  // Sent by the coordinator itself: a procmgr-spawned child has no namesrv
  // endpoint (procmgr gives slots 3, 6 and 7 only), and no NS_* request can
  // act on its sender.
  bool in_coordinator;
};

const Target kTargets[] = {
    {&proto::namesrv::kProtocol, 64, 64, true},  // NeedEP=namesrv:64
    {&proto::rsrcsrv::kProtocol, uapi::SLOT_RSRCSRV_EP, 65, false},
    {&proto::procmgr::kProtocol, uapi::SLOT_PROCMGR_EP, 66, false},
    {&proto::mmsrv::kProtocol, uapi::SLOT_MMSRV_EP, 67, false},
    // The VFS: both protocols on one endpoint (procmgr gives each child a
    // copy minted with its badge; NeedEP=vfs:68 the coordinator's).
    {&proto::vfs::kProtocol, uapi::SLOT_VFS_EP, 68, false},
    {&proto::posix_vfs::kProtocol, uapi::SLOT_VFS_EP, 68, false},
};
constexpr size_t kTargetCount = sizeof kTargets / sizeof kTargets[0];
constexpr size_t kFirstVfsTarget = 4;

enum Case : int {
  kEmpty,         // no MRs, no caps
  kShort,         // one word fewer than the shortest well-formed request
  kMissingCaps,   // the shortest request, zeros, without its caps
  kGarbage,       // 32 words of seeded noise
  kAllOnes,       // 32 words of ~0: every length word is huge
  kLongLengths,   // every word 0x1000: longer than any string or list here
  kExtraCap,      // the shortest request, its caps of the wrong type (endpoints) plus one nobody asked for
  kUnknownLabel,  // a label number the protocol does not have
  kCaseCount,
  kProbe = kCaseCount,  // not a case: a well-formed request the server must still answer
};
const char* const kCaseNames[] = {"empty", "short", "missing caps", "garbage", "all ones", "long lengths",
                                  "wrong-type and extra caps", "unknown label"};

// Verdicts (the child's exit code).
constexpr int kAnswered = 10;       // the reply is acceptable
constexpr int kWronglyOk = 11;      // OK for a request that must be refused
constexpr int kNotInvalidOp = 12;   // a label without a format (or unknown) not answered INVALID_OPERATION
constexpr int kBadArgs = 13;

// Whether `c` applies to `s` (cases that would repeat another are skipped).
bool applies(const proto::Shape& s, int c) {
  switch (c) {
    case kShort: return s.has_layout && s.min_words >= 2;
    case kMissingCaps: return s.has_layout && s.caps > 0;
    case kLongLengths: return s.has_layout && s.variable;
    case kExtraCap: return s.has_layout;
    default: return true;
  }
}

uint64_t noise(uint64_t* state) {  // a 64-bit LCG: the same words every run
  *state = *state * 6364136223846793005ull + 1442695040888963407ull;
  return *state ^ (*state >> 29);
}

// The server of target t still answers a well-formed request.
bool still_serves(size_t t) {
  switch (t) {
    case 0: {
      int e = trona::NamesrvClient(64).lookup("sweep-probe", 200);
      return e == uapi::kENOENT;
    }
    case 1: {
      trona::ResUsage u;
      return trona::RsrcsrvClient().query_usage(trona::kResSelf, &u) == 0;
    }
    case 2: {
      uint64_t pid = 0;
      return trona::ProcmgrClient().getpid(&pid) == 0 && pid != 0;
    }
    case 3: {
      trona::MmStats st;
      return trona::MmsrvClient().stats(0, &st) == 0;
    }
    case 4:
    case 5: {  // the VFS: a stat of "/" and the live-object counts answer
      proto::vfs::VfsPosixStat::Reply st;
      proto::vfs::VfsDumpPending::Reply d;
      return proto::vfs::call(uapi::SLOT_VFS_EP, proto::vfs::VfsPosixStat::Request{.path = "/"}, &st) == 0 &&
             (st.mode & 0170000) == 0040000 &&
             proto::vfs::call(uapi::SLOT_VFS_EP, proto::vfs::VfsDumpPending::Request{}, &d) == 0;
    }
  }
  return false;
}

// Sends case `c` for label `li` of target `t` to `endpoint`; the verdict.
int run_case(size_t t, size_t li, int c, uint64_t endpoint) {
  const Target& target = kTargets[t];
  const proto::Shape& s = target.protocol->shapes[li];

  uint64_t label = s.label;
  if (c == kUnknownLabel) {
    uint64_t top = 0;
    for (size_t i = 0; i < target.protocol->count; ++i)
      if (target.protocol->shapes[i].label > top) top = target.protocol->shapes[i].label;
    label = top + 0x1000;
  }
  trona::ClientRequest rq(label);
  uint64_t state = (s.label << 8) ^ static_cast<uint64_t>(c);
  switch (c) {
    case kEmpty:
    case kUnknownLabel: break;
    case kShort:
      for (size_t i = 0; i + 1 < s.min_words; ++i) rq.push(0);
      break;
    case kMissingCaps:
    case kExtraCap:
      for (size_t i = 0; i < s.min_words; ++i) rq.push(0);
      if (c == kExtraCap) {
        // Endpoints (namesrv's) where the label wants a VSpace, a CNode or
        // an untyped, and one more nobody asked for.
        for (size_t i = 0; i <= s.caps; ++i) rq.push_cap(64);
      }
      break;
    case kGarbage:
      while (rq.push(noise(&state))) {
      }
      break;
    case kAllOnes:
      while (rq.push(~uint64_t{0})) {
      }
      break;
    case kLongLengths:
      while (rq.push(0x1000)) {
      }
      break;
  }
  trona::ClientReply rp;
  trona::server_call(endpoint, rq, &rp);  // the verdict is read off the reply status
  bool must_be_invalid_op = c == kUnknownLabel || !s.has_layout;
  if (must_be_invalid_op) return rp.status == uapi::TRONA_INVALID_OPERATION ? kAnswered : kNotInvalidOp;
  bool must_refuse = c == kMissingCaps || c == kLongLengths || (c == kAllOnes && s.variable);
  if (must_refuse && rp.status == uapi::TRONA_OK) return kWronglyOk;
  return kAnswered;
}

// One case, in a process of its own: argv = {path, target, label index, case}.
int sweep_case(int argc, char** argv, char**) {
  if (argc != 4) return kBadArgs;
  size_t t = std::stoul(argv[1]), li = std::stoul(argv[2]);
  int c = std::stoi(argv[3]);
  if (t >= kTargetCount || li >= kTargets[t].protocol->count || c < 0 || c > kProbe) return kBadArgs;
  if (c == kProbe) return still_serves(t) ? kAnswered : kWronglyOk;
  trona::ProcmgrClient pm;
  uint64_t sid = 0;
  pm.setsid(&sid);        // its own group: a kill of "my group" stays here
  pm.setresuid(7, 7, 7);  // unprivileged: kill(-1) reaches only itself
  return run_case(t, li, c, kTargets[t].endpoint);
}

// Spawns bin/sweep_case with `args`; true and *status once it ended
// within 100 ms of virtual time, false (and killed) when it blocked.
bool run_child(const trona::ProcmgrClient& pm, const std::string& t, const std::string& li, const std::string& c,
               int* status, int* spawn_error) {
  const char* args[] = {t.c_str(), li.c_str(), c.c_str()};
  uint64_t pid = 0, who = 0;
  *spawn_error = pm.spawn("bin/sweep_case", args, 3, &pid);
  if (*spawn_error != 0) return false;
  for (int tries = 0; tries < 100; ++tries) {
    if (pm.wait(static_cast<int32_t>(pid), uapi::kWNOHANG, status, &who) == 0 && who == pid) return true;
    trona::nanosleep(1'000'000);
  }
  pm.kill(static_cast<int32_t>(pid), uapi::kSIGKILL);
  pm.wait(static_cast<int32_t>(pid), 0, status, &who);
  return false;
}

// The server of target t still answers (asked from a child where the
// coordinator lacks the endpoint: it started before rsrcsrv's hand-over).
bool probe(const trona::ProcmgrClient& pm, size_t t) {
  if (kTargets[t].in_coordinator) return still_serves(t);
  int status = 0, e = 0;
  return run_child(pm, std::to_string(t), "0", std::to_string(kProbe), &status, &e) && (status & 0x7f) == 0 &&
         ((status >> 8) & 0xff) == kAnswered;
}

int sweep(int, char**, char**) {
  trona::ProcmgrClient pm;
  size_t cases = 0, answered = 0, acted_on_sender = 0, blocked = 0, failures = 0;
  auto check_alive = [&](size_t t, const std::string& what) {
    if (probe(pm, t)) return;
    ++failures;
    say("sweep: FAIL " + what + ": " + kTargets[t].protocol->name + " no longer answers\n");
  };
  proto::vfs::VfsDumpPending::Reply vfs_before{};
  size_t kernel_before = 0;
  for (size_t t = 0; t < kTargetCount; ++t) {
    if (t == kFirstVfsTarget) {
      // The coordinator's own GRANT copy gets a client record on first use:
      // make it before counting.
      proto::vfs::call(kTargets[t].grant_endpoint, proto::vfs::VfsDumpPending::Request{}, &vfs_before);
      proto::vfs::call(uapi::SLOT_VFS_EP, proto::vfs::VfsDumpPending::Request{}, &vfs_before);
      kernel_before = booting_kernel()->objects().all().size();
    }
    const proto::Protocol& p = *kTargets[t].protocol;
    for (size_t li = 0; li < p.count; ++li) {
      for (int c = 0; c < kCaseCount; ++c) {
        if (!applies(p.shapes[li], c) || (c == kUnknownLabel && li != 0)) continue;
        ++cases;
        std::string what = std::string(p.name) + " " + (c == kUnknownLabel ? "unknown label" : p.shapes[li].name) +
                           " (" + kCaseNames[c] + ")";
        if (kTargets[t].in_coordinator || c == kExtraCap) {
          int v = run_case(t, li, c, kTargets[t].grant_endpoint);
          if (v == kAnswered) ++answered;
          else {
            ++failures;
            say("sweep: FAIL " + what + ": verdict " + std::to_string(v) + "\n");
          }
          check_alive(t, what);
          continue;
        }
        int status = 0, e = 0;
        bool done = run_child(pm, std::to_string(t), std::to_string(li), std::to_string(c), &status, &e);
        if (e != 0) {
          say("sweep: FAIL " + what + ": spawn failed " + std::to_string(e) + "\n");
          ++failures;
          continue;
        }
        if (!done) {  // blocked in its call (a label that waits by design), or the server never answered
          ++blocked;
          say("sweep: blocked " + what + "\n");
        } else if ((status & 0x7f) == 0 && ((status >> 8) & 0xff) == kAnswered) {
          ++answered;
        } else if ((status & 0x7f) == 0 && ((status >> 8) & 0xff) >= kWronglyOk && ((status >> 8) & 0xff) <= kBadArgs) {
          ++failures;
          say("sweep: FAIL " + what + ": verdict " + std::to_string((status >> 8) & 0xff) + "\n");
        } else {
          ++acted_on_sender;  // the request ended or replaced its sender (exit, signal, exec, lost memory)
          say("sweep: acted on its sender: " + what + " (wait status " + std::to_string(status) + ")\n");
        }
        check_alive(t, what);
      }
    }
  }
  // Every case's process has ended (procmgr told the VFS, VFS_CLIENT_EXIT):
  // nothing of theirs is left open or waiting in the VFS, and the kernel
  // holds as many objects as before the VFS part.
  proto::vfs::VfsDumpPending::Reply vfs_after{};
  proto::vfs::call(uapi::SLOT_VFS_EP, proto::vfs::VfsDumpPending::Request{}, &vfs_after);
  const size_t kernel_after = booting_kernel()->objects().all().size();
  say("sweep: vfs open_files " + std::to_string(vfs_before.open_files) + " -> " + std::to_string(vfs_after.open_files) +
      ", pipes " + std::to_string(vfs_before.pipes) + " -> " + std::to_string(vfs_after.pipes) + ", waiters " +
      std::to_string(vfs_before.waiters) + " -> " + std::to_string(vfs_after.waiters) + ", clients " +
      std::to_string(vfs_before.clients) + " -> " + std::to_string(vfs_after.clients) + ", kernel objects " +
      std::to_string(kernel_before) + " -> " + std::to_string(kernel_after) + "\n");
  if (vfs_after.open_files != vfs_before.open_files || vfs_after.pipes != vfs_before.pipes ||
      vfs_after.waiters != vfs_before.waiters || vfs_after.clients != vfs_before.clients ||
      kernel_after != kernel_before) {
    ++failures;
    say("sweep: FAIL the VFS part left something behind\n");
  }
  say("sweep: cases=" + std::to_string(cases) + " answered=" + std::to_string(answered) +
      " acted_on_sender=" + std::to_string(acted_on_sender) + " blocked=" + std::to_string(blocked) +
      " failures=" + std::to_string(failures) + "\n");
  return failures == 0 ? 0 : 1;
}

TEST(MalformedSweep, EveryLabelOfEveryServerAnswersItsMalformedVariants) {
  saltysim::programs::register_program("sweep", &sweep);
  saltysim::programs::register_program("sweep_case", &sweep_case);
  Files f = standard_system();
  add_vfs_service(f);
  // A service, for namesrv's endpoint (NeedEP); it starts once rsrcsrv
  // and the VFS serve, so its children are charged and reclaimed as
  // everyone's and have a VFS endpoint.
  add_service(f, "sweep",
              "[Dependencies]\nAfter=rsrcsrv\nAfter=vfs\n[Capabilities]\nNeedEP=namesrv:64\nNeedEP=rsrcsrv:65\n"
              "NeedEP=procmgr:66\nNeedEP=mmsrv:67\nNeedEP=vfs:68\n");
  f["bin/sweep_case"] = image("sweep_case");
  BootResult r = boot(f);
  SCOPED_TRACE(r.console);
  EXPECT_EQ(r.run, sim::RunResult::Idle);
  size_t at = pos(r.console, "sweep: cases=");
  ASSERT_NE(at, std::string::npos) << "the sweep did not finish";
  EXPECT_EQ(pos(r.console, "sweep: FAIL"), std::string::npos);
  unsigned long cases = 0, answered = 0, acted = 0, blocked = 0, failures = 99;
  ASSERT_EQ(std::sscanf(r.console.c_str() + at, "sweep: cases=%lu answered=%lu acted_on_sender=%lu blocked=%lu failures=%lu",
                        &cases, &answered, &acted, &blocked, &failures),
            5);
  EXPECT_EQ(failures, 0u);
  EXPECT_EQ(cases, answered + acted + blocked + failures);
  // Every label of every server was swept: at least the empty, garbage and
  // all-ones cases of each.
  size_t labels = 0;
  for (const Target& t : kTargets) labels += t.protocol->count;
  EXPECT_GE(cases, 3 * labels);
  // Nearly every case is answered; the few others are requests that act on
  // their sender or wait by design (listed on the console).
  EXPECT_GE(answered, cases * 9 / 10);
}

}  // namespace
