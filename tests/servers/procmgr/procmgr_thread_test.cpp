// Threads over real IPC (PM_THREAD_*, PM_GET_THREAD_CAPS) through the
// POSIX layer and the stubs, trona::entry_point itself, and procmgr's
// debug/hand-over labels PM_DUMP_PENDING and
// PM_REGISTER_PERSONALITY_PROVIDER.
#include <gtest/gtest.h>

#include <vector>

#include "pm_os.h"
#include "trona/core/code.h"
#include "trona/posix/thread.h"
#include "trona/clients/procmgr_client.h"
#include "uapi/linux_numbers.h"
#include "uapi/procmgr.h"

namespace {

using pmt::exit_code;
using pmt::term_sig;
using trona::ProcmgrClient;
namespace posix = trona::posix;

constexpr uint64_t kMs = 1'000'000;

// What the programs saw (host globals: one test at a time).
std::vector<uint64_t> g_vals;
std::vector<int> g_errs;

void reset() {
  g_vals.clear();
  g_errs.clear();
}

uint64_t word(void* p) { return reinterpret_cast<uint64_t>(p); }
void* ptr(uint64_t v) { return reinterpret_cast<void*>(v); }

void* doubles(void* arg) {
  g_vals.push_back(word(arg));
  g_vals.push_back(posix::pthread_self());
  return ptr(word(arg) * 2);
}

void* naps(void* arg) {
  trona::nanosleep(word(arg) * kMs);
  return arg;
}

// A thread runs its entry with its argument; join returns its value.
int prog_create_join(int, char**, char**) {
  posix::pthread_t t = 0;
  EXPECT_EQ(posix::pthread_create(&t, nullptr, doubles, ptr(21)), 0);
  void* ret = nullptr;
  EXPECT_EQ(posix::pthread_join(t, &ret), 0);
  g_vals.push_back(word(ret));
  g_vals.push_back(t);
  uint64_t pid = 0;
  ProcmgrClient().getpid(&pid);
  g_vals.push_back(posix::pthread_self() == pid);  // the main thread's tid is the pid
  return 0;
}

int prog_join_errors(int, char**, char**) {
  ProcmgrClient pm;
  posix::pthread_t t = 0, quick = 0;
  g_errs.push_back(posix::pthread_join(0x7FFFFFFF, nullptr));           // ESRCH: no such thread
  g_errs.push_back(posix::pthread_join(posix::pthread_self(), nullptr));  // EDEADLK
  EXPECT_EQ(posix::pthread_create(&t, nullptr, naps, ptr(1)), 0);
  g_errs.push_back(posix::pthread_detach(t));
  g_errs.push_back(posix::pthread_join(t, nullptr));    // EINVAL: detached
  g_errs.push_back(posix::pthread_detach(t));           // EINVAL: already
  EXPECT_EQ(posix::pthread_create(&quick, nullptr, doubles, ptr(5)), 0);
  trona::nanosleep(3 * kMs);                            // both have ended
  g_errs.push_back(posix::pthread_join(t, nullptr));    // ESRCH: a detached thread is gone when it ends
  void* ret = nullptr;
  g_errs.push_back(posix::pthread_join(quick, &ret));   // an ended thread waits for its join
  g_vals.push_back(word(ret));
  uint64_t pid = 0;
  pm.getpid(&pid);
  g_errs.push_back(pm.thread_exit(pid, 0));             // EINVAL: the main thread ends with PM_EXIT
  g_errs.push_back(pm.thread_create({}, 1, &pid));      // EINVAL: no entry
  return 0;
}

std::vector<uint64_t> list_threads() {
  uint64_t tids[30];
  size_t n = 0;
  uint64_t next = 1;
  EXPECT_EQ(ProcmgrClient().thread_list(0, tids, 30, &n, &next), 0);
  EXPECT_EQ(next, 0u);
  return std::vector<uint64_t>(tids, tids + n);
}

int prog_list(int, char**, char**) {
  posix::pthread_t a = 0, b = 0;
  EXPECT_EQ(posix::pthread_create(&a, nullptr, naps, ptr(1)), 0);
  EXPECT_EQ(posix::pthread_create(&b, nullptr, naps, ptr(5)), 0);  // still running after a's join
  uint64_t pid = posix::pthread_self();
  EXPECT_EQ(list_threads(), (std::vector<uint64_t>{pid, a, b}));
  EXPECT_EQ(posix::pthread_join(a, nullptr), 0);
  EXPECT_EQ(list_threads(), (std::vector<uint64_t>{pid, b}));
  EXPECT_EQ(posix::pthread_join(b, nullptr), 0);
  EXPECT_EQ(list_threads(), (std::vector<uint64_t>{pid}));
  g_vals.push_back(1);
  return 0;
}

// PM_GET_THREAD_CAPS: TCB, SC, VSpace in the receive slots.
int prog_thread_caps(int, char**, char**) {
  ProcmgrClient pm;
  posix::pthread_t t = 0;
  EXPECT_EQ(posix::pthread_create(&t, nullptr, naps, ptr(2)), 0);
  size_t n = 0;
  g_errs.push_back(pm.get_thread_caps(0, 200, &n));
  g_vals.push_back(n);
  g_errs.push_back(pm.get_thread_caps(t, 210, &n));
  g_vals.push_back(n);
  g_errs.push_back(pm.get_thread_caps(t, 200, &n) != 0);  // receive slots occupied
  g_errs.push_back(pm.get_thread_caps(0x7FFFFFFF, 220, &n));
  // The thread's TCB cap works as one; the VSpace cap is not a TCB.
  g_errs.push_back(static_cast<int>(trona::invoke(210, uapi::TCB_SUSPEND).error));
  g_errs.push_back(static_cast<int>(trona::invoke(210, uapi::TCB_RESUME).error));
  g_errs.push_back(trona::invoke(212, uapi::TCB_SUSPEND).error != 0);
  EXPECT_EQ(posix::pthread_join(t, nullptr), 0);
  return 0;
}

// trona::entry_point: the same function always gets the same address, the
// argument is the first stack word, and a thread started there runs
// fn(arg) and ends with THREAD_EXIT when fn returns.
uint64_t g_raw_arg = 0;
void raw_entry(uint64_t arg) { g_raw_arg = arg; }
void other_entry(uint64_t) {}

int prog_raw_entry(int, char**, char**) {
  trona::EntryPoint e = trona::entry_point(raw_entry, 77);
  EXPECT_NE(e.rip, 0u);
  EXPECT_EQ(e.stack[0], 77u);
  EXPECT_EQ(trona::entry_point(raw_entry, 1).rip, e.rip);
  EXPECT_NE(trona::entry_point(other_entry, 77).rip, e.rip);
  uint64_t tid = 0;
  EXPECT_EQ(ProcmgrClient().thread_create(e, 1, &tid), 0);
  trona::nanosleep(kMs);
  g_vals.push_back(g_raw_arg);
  return 0;  // PM_EXIT tears the (inactive) thread down
}

// Blocks in PM_THREAD_JOIN (a long nap) / in PM_WAIT (a sleeping child).
int prog_joiner(int, char**, char**) {
  posix::pthread_t t = 0;
  EXPECT_EQ(posix::pthread_create(&t, nullptr, naps, ptr(3600'000)), 0);
  g_vals.push_back(t);
  posix::pthread_join(t, nullptr);
  return 0;
}
int prog_sleeper(int, char**, char**) {
  trona::nanosleep(uint64_t{3600} * 1000 * kMs);
  return 0;
}
int prog_waiter(int, char**, char**) {
  ProcmgrClient pm;
  uint64_t kid = 0;
  EXPECT_EQ(pm.spawn("bin/sleeper", nullptr, 0, &kid), 0);
  int st = 0;
  pm.wait(-1, 0, &st, nullptr);
  return 0;
}
int prog_not_root(int, char**, char**) {
  ProcmgrClient pm;
  EXPECT_EQ(pm.setuid(1000), 0);
  trona::PendingWaiter w[4];
  size_t n = 0;
  uint64_t left = 0;
  g_errs.push_back(pm.dump_pending(0, w, 4, &n, &left));
  g_errs.push_back(pm.register_personality_provider(1, uapi::SLOT_SELF_TCB));  // any grantable cap
  return 0;
}

pmt::PmOs make_os() {
  reset();
  return pmt::PmOs({{"create_join", prog_create_join},
                    {"join_errors", prog_join_errors},
                    {"list", prog_list},
                    {"thread_caps", prog_thread_caps},
                    {"raw_entry", prog_raw_entry},
                    {"joiner", prog_joiner},
                    {"sleeper", prog_sleeper},
                    {"waiter", prog_waiter},
                    {"not_root", prog_not_root}});
}

int run_child(pmt::PmOs& os, const char* path) {
  int status = -1;
  os.init([&] {
    ProcmgrClient pm;
    uint64_t pid = 0;
    ASSERT_EQ(pm.spawn(path, nullptr, 0, &pid), 0);
    ASSERT_EQ(pm.wait(static_cast<int32_t>(pid), 0, &status, nullptr), 0);
  });
  EXPECT_TRUE(os.run());
  return status;
}

TEST(ProcmgrThreads, CreateRunsTheEntryWithItsArgAndJoinReturnsTheValue) {
  pmt::PmOs os = make_os();
  EXPECT_EQ(exit_code(run_child(os, "bin/create_join")), 0);
  ASSERT_EQ(g_vals.size(), 5u);
  EXPECT_EQ(g_vals[0], 21u);          // the argument
  EXPECT_EQ(g_vals[1], g_vals[3]);    // pthread_self in the thread = the tid create returned
  EXPECT_GE(g_vals[3], 0x10000u);
  EXPECT_EQ(g_vals[2], 42u);          // its return value
  EXPECT_EQ(g_vals[4], 1u);
}

TEST(ProcmgrThreads, JoinOfUnknownSelfDetachedAndEndedThreads) {
  pmt::PmOs os = make_os();
  EXPECT_EQ(exit_code(run_child(os, "bin/join_errors")), 0);
  EXPECT_EQ(g_errs, (std::vector<int>{uapi::kESRCH, uapi::kEDEADLK, 0, uapi::kEINVAL, uapi::kEINVAL, uapi::kESRCH, 0,
                                      uapi::kEINVAL, uapi::kEINVAL}));
  ASSERT_EQ(g_vals.size(), 3u);  // `quick` saw 5 and its tid; its joined value is 10
  EXPECT_EQ(g_vals[0], 5u);
  EXPECT_GE(g_vals[1], 0x10000u);
  EXPECT_EQ(g_vals[2], 10u);
}

TEST(ProcmgrThreads, ListShowsTheMainThreadAndTheLiveThreads) {
  pmt::PmOs os = make_os();
  EXPECT_EQ(exit_code(run_child(os, "bin/list")), 0);
  EXPECT_EQ(g_vals, (std::vector<uint64_t>{1}));
}

TEST(ProcmgrThreads, ThreadCapsAreTheThreadsTcbScAndTheVSpace) {
  pmt::PmOs os = make_os();
  EXPECT_EQ(exit_code(run_child(os, "bin/thread_caps")), 0);
  EXPECT_EQ(g_vals, (std::vector<uint64_t>{3, 3}));
  EXPECT_EQ(g_errs, (std::vector<int>{0, 0, 1, uapi::kESRCH, 0, 0, 1}));
}

TEST(ProcmgrThreads, EntryPointRunsFnWithArgOnANewThread) {
  pmt::PmOs os = make_os();
  EXPECT_EQ(exit_code(run_child(os, "bin/raw_entry")), 0);
  EXPECT_EQ(g_vals, (std::vector<uint64_t>{77}));
}

TEST(ProcmgrDebug, DumpPendingListsSavedWaitsAndJoinsRootOnly) {
  pmt::PmOs os = make_os();
  os.init([&] {
    ProcmgrClient pm;
    uint64_t waiter = 0, joiner = 0, other = 0;
    ASSERT_EQ(pm.spawn("bin/waiter", nullptr, 0, &waiter), 0);
    ASSERT_EQ(pm.spawn("bin/joiner", nullptr, 0, &joiner), 0);
    trona::nanosleep(kMs);
    trona::PendingWaiter w[4];
    size_t n = 0;
    uint64_t left = 9;
    ASSERT_EQ(pm.dump_pending(0, w, 4, &n, &left), 0);
    ASSERT_EQ(n, 2u);
    EXPECT_EQ(left, 0u);
    EXPECT_EQ(w[0].kind, 1u);
    EXPECT_EQ(w[0].pid, waiter);
    EXPECT_EQ(w[0].what, 0xFFFFFFFFu);  // any child
    EXPECT_EQ(w[1].kind, 2u);
    EXPECT_EQ(w[1].pid, joiner);
    ASSERT_EQ(g_vals.size(), 1u);
    EXPECT_EQ(w[1].what, g_vals[0]);
    ASSERT_EQ(pm.dump_pending(1, w, 4, &n, &left), 0);  // skip the first
    EXPECT_EQ(n, 1u);
    EXPECT_EQ(w[0].kind, 2u);
    ASSERT_EQ(pm.dump_pending(0, w, 1, &n, &left), 0);  // room for one
    EXPECT_EQ(n, 1u);
    EXPECT_EQ(left, 1u);
    ASSERT_EQ(pm.spawn("bin/not_root", nullptr, 0, &other), 0);
    int st = 0;
    ASSERT_EQ(pm.wait(static_cast<int32_t>(other), 0, &st, nullptr), 0);
    // Killing a process with a blocked thread tears the thread down too.
    for (uint64_t pid : {waiter, joiner}) {
      EXPECT_EQ(pm.kill(static_cast<int32_t>(pid), uapi::kSIGKILL), 0);
      ASSERT_EQ(pm.wait(static_cast<int32_t>(pid), 0, &st, nullptr), 0);
      EXPECT_EQ(term_sig(st), uapi::kSIGKILL);
    }
    ASSERT_EQ(pm.dump_pending(0, w, 4, &n, &left), 0);
    EXPECT_EQ(n, 0u);
    // The sleeper the waiter spawned went to init.
    EXPECT_EQ(pm.kill(-1, uapi::kSIGKILL), 0);
    ASSERT_EQ(pm.wait(-1, 0, &st, &other), 0);
    EXPECT_EQ(term_sig(st), uapi::kSIGKILL);
  });
  ASSERT_TRUE(os.run());
  EXPECT_EQ(g_errs, (std::vector<int>{uapi::kEPERM, uapi::kEPERM}));
}

TEST(ProcmgrDebug, PersonalityProviderOncePerSubsystemInitOnly) {
  pmt::PmOs os = make_os();
  os.init([&] {
    ProcmgrClient pm;
    EXPECT_EQ(pm.register_personality_provider(uapi::procmgr::kSubsystemPosix, uapi::SLOT_PROCMGR_EP), 0);
    EXPECT_EQ(pm.register_personality_provider(uapi::procmgr::kSubsystemPosix, uapi::SLOT_PROCMGR_EP),
              uapi::kEEXIST);
    EXPECT_EQ(pm.register_personality_provider(uapi::procmgr::kSubsystemWin32, uapi::SLOT_PROCMGR_EP), 0);
    EXPECT_EQ(pm.register_personality_provider(3, uapi::SLOT_PROCMGR_EP), uapi::kEINVAL);
  });
  ASSERT_TRUE(os.run());
}

}  // namespace
